"""A small blog: people register, write posts and comment on each other's.

Built as an ordinary Flask application: an application factory, one blueprint per area, the
database through Flask-SQLAlchemy, logins through Flask-Login and forms with CSRF protection
through Flask-WTF.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, render_template

from . import api, auth, commands, posts
from .extensions import csrf, db, login_manager


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application.

    Settings come from the defaults below, then ``config.py`` in the instance folder, then
    environment variables prefixed with ``FLASK_`` (``FLASK_SECRET_KEY=...``). Tests pass
    ``test_config`` instead, which replaces the instance file and the environment so that a
    developer's settings never leak into a test run.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{os.path.join(app.instance_path, 'blog.sqlite')}",
        POSTS_PER_PAGE=5,
        API_MAX_PER_PAGE=50,
        # Browsers leave the session cookie out of cross-site POSTs: defence in depth on
        # top of the CSRF tokens.
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
        # The default database lives in the instance folder, which git does not track.
        os.makedirs(app.instance_path, exist_ok=True)
    else:
        app.config.from_mapping(test_config)

    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)

    app.register_blueprint(auth.bp)
    app.register_blueprint(posts.bp)
    app.register_blueprint(api.bp)
    commands.init_app(app)

    app.register_error_handler(403, forbidden)
    app.register_error_handler(404, page_not_found)
    return app


def forbidden(error: Exception) -> tuple[str, int]:
    return render_template("errors/403.html"), 403


def page_not_found(error: Exception) -> tuple[str, int]:
    return render_template("errors/404.html"), 404
