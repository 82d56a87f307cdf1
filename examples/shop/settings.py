"""The shop's settings, typed (:mod:`demijohn.settings`): one class per environment, each
value checked when the application is made.

``SHOP_ENVIRONMENT`` chooses the class (``development``, ``testing`` or ``production``, the
default, so that a server started without it gets the safe settings); any setting can then be
given as ``SHOP_<NAME>`` in the environment (``SHOP_SECRET_KEY``, ``SHOP_DATABASE_URL``).
:class:`Production` refuses to load without a secret key and the host names to answer, and
passes ``demijohn check --deploy`` once they are given.
"""

from __future__ import annotations

import typing as t

from demijohn.db.settings import DatabaseSettings
from demijohn.production import NONCE
from demijohn.settings import SecretStr

#: The prefix of the shop's environment variables.
PREFIX = "SHOP_"


class Base(DatabaseSettings):
    """What every environment shares."""

    #: The environment these settings are for.
    ENVIRONMENT: t.ClassVar[str] = "base"

    DEBUG: bool = False
    TESTING: bool = False
    #: Signs the session cookie. Without one, each checkout makes its own and keeps it in
    #: ``SECRET_KEY_FILE`` (relative to the instance folder): a key written in the code would
    #: be published with it.
    SECRET_KEY: SecretStr | None = None
    SECRET_KEY_FILE: str = "secret-key"
    #: SQLite in the instance folder: nothing to install. Any SQLAlchemy URL works.
    DATABASE_URL: SecretStr = SecretStr("sqlite:///shop.sqlite3")
    #: The migrations are in the package; a relative path is relative to it.
    DATABASE_MIGRATIONS: str = "migrations"
    #: How often the live views look for news, in seconds.
    LIVE_INTERVAL_SECONDS: float = 1.0
    PRICE_TICK_SECONDS: float = 1.0
    I18N_LOCALES: list[str] = ["en", "de"]
    I18N_DEFAULT_LOCALE: str = "en"
    #: The currency the shop's prices are in; each locale writes it its own way.
    CURRENCY: str = "EUR"
    SESSION_COOKIE_SAMESITE: str = "Lax"
    #: No inline script runs unless its tag carries the request's nonce.
    CONTENT_SECURITY_POLICY: dict[str, t.Any] = {
        "default-src": "'self'",
        "script-src": ["'self'", NONCE],
        "style-src": "'self'",
        "img-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "form-action": "'self'",
        "base-uri": "'none'",
        "object-src": "'none'",
    }
    #: Development serves plain HTTP on 127.0.0.1; production turns this on.
    SECURE_HTTPS: bool = False
    TRUSTED_HOSTS: list[str] | None = None
    TRUSTED_PROXIES: int = 0
    ACCESS_LOG: bool = True
    #: Keep the sessions in Redis, the cookie holding only a signed id
    #: (``redis://host:6379/0``), as several hosts serving the shop need for logging out
    #: everywhere and for sessions larger than a cookie. Unset: the session is the signed
    #: cookie, which needs no server.
    SESSION_REDIS_URL: str | None = None
    #: Run the jobs (the order confirmation) on Celery with this broker
    #: (``redis://host:6379/1``), in a worker started with
    #: ``celery -A examples.shop.worker:celery worker``. Unset: they run in the serving
    #: process, after the response, as the application's background tasks.
    CELERY_BROKER_URL: str | None = None
    CELERY_RESULT_BACKEND: str | None = None


class Development(Base):
    """``make run``: debug mode, the checkout's own key, the local host names."""

    ENVIRONMENT: t.ClassVar[str] = "development"

    DEBUG: bool = True
    TRUSTED_HOSTS: list[str] | None = ["127.0.0.1", "localhost"]


class Testing(Base):
    """The test suite: testing mode, a database in a folder each test gives."""

    ENVIRONMENT: t.ClassVar[str] = "testing"

    TESTING: bool = True
    ACCESS_LOG: bool = False


class Production(Base):
    """A deployment behind one proxy that ends TLS: a secret key and the host names are
    required (``SHOP_SECRET_KEY``, ``SHOP_TRUSTED_HOSTS='["shop.example"]'``)."""

    ENVIRONMENT: t.ClassVar[str] = "production"

    SECRET_KEY: SecretStr
    TRUSTED_HOSTS: list[str]
    SECURE_HTTPS: bool = True
    TRUSTED_PROXIES: int = 1
    LOG_JSON: bool = True


#: The settings class of each environment, by the name ``SHOP_ENVIRONMENT`` gives.
ENVIRONMENTS: dict[str, type[Base]] = {
    cls.ENVIRONMENT: cls for cls in (Development, Testing, Production)
}
