"""A shop built the way a large demijohn application is, on every battery: typed settings per
environment, SQLAlchemy models with Alembic migrations, accounts with hashed passwords and CSRF
on every form, English and German with prices in each locale's way, a typed JSON API with its
OpenAPI document, request IDs in the logs, health endpoints and security headers, a background
job, and live updates over a WebSocket (ASGI) or by polling (WSGI).

One URL module names every view by import string; the features (accounts, catalog, orders)
are packages with their views, models and templates. Browsers get pages rendered from
``templates/`` (all extending ``base.html``, the error pages too); API clients get JSON.
"""

from __future__ import annotations

import collections.abc as cabc
import logging
import os
import typing as t

from demijohn import Demijohn
from demijohn.db import Database
from demijohn.i18n import I18n
from demijohn.logging import default_handler
from demijohn.production import Production
from demijohn.providers import Providers
from demijohn.validation import Validation

from . import db, firstrun
from .accounts import accounts
from .catalog import catalog
from .errors import register_error_handlers
from .secret_key import development_secret_key
from .settings import ENVIRONMENTS, PREFIX, Base
from .urls import register_urls

#: The endpoints that take only JSON: a form on another site cannot post JSON here (browsers
#: send it only with the shop's consent, under CORS), so they need no CSRF token.
JSON_ONLY_ENDPOINTS = (
    "cart",
    "echo",
    "catalog.create_product",
    "catalog.reviews.add_review",
    "api.add_review",
)

#: The lines of demijohn's log handler, unless they are JSON (``LOG_JSON``, in production):
#: each with the ID of the request it belongs to, ``-`` outside requests.
LOG_FORMAT = "[%(asctime)s] %(levelname)s %(request_id)s in %(module)s: %(message)s"


def create_app(
    settings: type[Base] | None = None, overrides: cabc.Mapping[str, t.Any] | None = None
) -> Demijohn:
    """Build the shop application.

    :param settings: the settings class; by default the one ``SHOP_ENVIRONMENT`` names
        (``production`` when it is not set).
    :param overrides: settings that win over every other source (tests use this).
    """
    if settings is None:
        settings = ENVIRONMENTS[os.environ.get(f"{PREFIX}ENVIRONMENT") or "production"]
    app = Demijohn(__name__)
    loaded = settings.init_app(
        app, prefix=PREFIX, environment=settings.ENVIRONMENT, overrides=overrides
    )
    if loaded.SECRET_KEY is None:
        key_file = os.path.join(app.instance_path, loaded.SECRET_KEY_FILE)
        app.config["SECRET_KEY"] = development_secret_key(key_file)
    migrations = app.config["DATABASE_MIGRATIONS"]
    app.config["DATABASE_MIGRATIONS"] = os.path.join(app.root_path, migrations)
    Providers(app)
    production = Production(app)
    for endpoint in JSON_ONLY_ENDPOINTS:
        production.csrf_exempt(endpoint)
    if not app.config.get("LOG_JSON"):
        default_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    I18n(app)
    Validation(
        app,
        title="Demijohn Shop",
        version="1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
    )
    database = Database(app, db.Model)
    firstrun.prepare(app, database)
    _init_services(app)
    production.readiness_check("database", lambda: db.ping(database), timeout=2.0)
    register_urls(app)
    register_error_handlers(app)
    app.register_blueprint(catalog, url_prefix="/catalog")
    app.register_blueprint(accounts, url_prefix="/accounts")
    return app


def _init_services(app: Demijohn) -> None:
    """The servers the settings name, each imported only when used: sessions in Redis and
    jobs on Celery. Without them the shop needs no server at all."""
    redis_url = app.config.get("SESSION_REDIS_URL")
    if redis_url:
        from demijohn.server_sessions import RedisStore, ServerSessions

        ServerSessions(app, RedisStore(redis_url))
    if app.config.get("CELERY_BROKER_URL"):
        from .jobs import init_celery

        init_celery(app)
