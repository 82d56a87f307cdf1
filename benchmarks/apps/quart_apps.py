"""The benchmark cases as Quart's documentation writes them: Flask's API with ``async def``
views and awaited request data and templates."""

from __future__ import annotations

from quart import Quart, render_template, request, session

from .data import FILLER_ROUTES, ROWS, SECRET_KEY


def create_hello():
    app = Quart(__name__)

    @app.route("/")
    async def hello():
        return "Hello, World!"

    return app


async def _filler(a, b):
    return {"a": a, "b": b}


def _create_routed():
    app = Quart(__name__)
    for i in range(FILLER_ROUTES):
        app.add_url_rule(f"/filler{i}/<int:a>/<b>", f"filler{i}", _filler)

    @app.route("/users/<int:user_id>/posts/<slug>")
    async def post(user_id, slug):
        return {"user_id": user_id, "slug": slug}

    return app


def create_params():
    return _create_routed()


def create_not_found():
    return _create_routed()


def create_json():
    app = Quart(__name__)

    @app.post("/echo")
    async def echo():
        return await request.get_json()

    return app


def create_template():
    app = Quart(__name__)

    @app.route("/rows")
    async def rows():
        return await render_template("rows.html", title="Rows", rows=ROWS)

    return app


def create_session():
    app = Quart(__name__)
    app.secret_key = SECRET_KEY

    @app.route("/session")
    async def visit():
        session["count"] = session.get("count", 0) + 1
        return {"count": session["count"]}

    return app
