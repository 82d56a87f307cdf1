"""A small shop built the way a large demijohn application is: an application factory, config
from defaults, a file and the environment (and a secret key made once per checkout), one URL
module that names every view by import string, nested blueprints, and a database connection
per request, made by a provider and passed to the views that ask for it.

Browsers get pages rendered from ``templates/`` (all extending ``base.html``, the 404 and 500
pages too) with the stylesheet from ``static/``; API clients get JSON from the same URLs.
"""

from __future__ import annotations

import typing as t

from demijohn import Demijohn
from demijohn.providers import Providers

from . import db
from .accounts import accounts
from .catalog import catalog
from .errors import register_error_handlers
from .secret_key import development_secret_key
from .urls import register_urls


def create_app(config: dict[str, t.Any] | None = None) -> Demijohn:
    """Build the shop application.

    :param config: settings that override every other source (tests use this).
    """
    app = Demijohn(__name__)
    app.config.from_mapping(
        # No SECRET_KEY here: one written in the code is published with it. A deployment sets
        # SHOP_SECRET_KEY; without one, each checkout makes its own, kept in this file.
        SECRET_KEY_FILE=f"{app.instance_path}/secret-key",
        # Browsers leave the cookie out of POSTs from other sites: a first guard against
        # cross-site request forgery.
        SESSION_COOKIE_SAMESITE="Lax",
        DATABASE=f"{app.instance_path}/shop.sqlite3",
        PRICE_TICK_SECONDS=1.0,
    )
    app.config.from_pyfile("settings.py", silent=True)
    app.config.from_prefixed_env("SHOP")
    if config:
        app.config.from_mapping(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = development_secret_key(app.config["SECRET_KEY_FILE"])
    db.init_app(app, Providers(app))
    register_urls(app)
    register_error_handlers(app)
    app.register_blueprint(catalog, url_prefix="/catalog")
    app.register_blueprint(accounts, url_prefix="/accounts")
    return app
