"""A small shop built the way a large demijohn application is: an application factory, config
from defaults, a file and the environment, one URL module that names every view by import
string, nested blueprints, and a database connection per request."""

from __future__ import annotations

import typing as t

from demijohn import Demijohn

from . import db
from .catalog import catalog
from .urls import register_urls


def create_app(config: dict[str, t.Any] | None = None) -> Demijohn:
    """Build the shop application.

    :param config: settings that override every other source (tests use this).
    """
    app = Demijohn(__name__)
    app.config.from_mapping(
        SECRET_KEY="change me: only for local development",
        DATABASE=f"{app.instance_path}/shop.sqlite3",
        PRICE_TICK_SECONDS=1.0,
    )
    app.config.from_pyfile("settings.py", silent=True)
    app.config.from_prefixed_env("SHOP")
    if config:
        app.config.from_mapping(config)
    db.init_app(app)
    register_urls(app)
    app.register_blueprint(catalog, url_prefix="/catalog")
    return app
