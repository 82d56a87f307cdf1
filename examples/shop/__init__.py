"""A small shop built the way a large demijohn application is: an application factory, config
from defaults, a file and the environment, one URL module that names every view by import
string, nested blueprints, and a database connection per request.

Browsers get pages rendered from ``templates/`` (all extending ``base.html``, the 404 and 500
pages too) with the stylesheet from ``static/``; API clients get JSON from the same URLs.
"""

from __future__ import annotations

import typing as t

from demijohn import Demijohn

from . import db
from .accounts import accounts
from .catalog import catalog
from .errors import register_error_handlers
from .urls import register_urls


def create_app(config: dict[str, t.Any] | None = None) -> Demijohn:
    """Build the shop application.

    :param config: settings that override every other source (tests use this).
    """
    app = Demijohn(__name__)
    app.config.from_mapping(
        SECRET_KEY="change me: only for local development",
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
    db.init_app(app)
    register_urls(app)
    register_error_handlers(app)
    app.register_blueprint(catalog, url_prefix="/catalog")
    app.register_blueprint(accounts, url_prefix="/accounts")
    return app
