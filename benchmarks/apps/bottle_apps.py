"""The benchmark cases as Bottle's documentation writes them: a ``Bottle`` application with
decorated callbacks, dicts returned for JSON, Bottle's own SimpleTemplate engine (``% rebase``
for the layout) and, for the session, a signed cookie holding a JSON string (Bottle has no
session object; its documentation offers signed cookies and asks for strings in them)."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

from bottle import Bottle, request, response, template

from .data import FILLER_ROUTES, ROWS, SECRET_KEY

VIEWS = [str(Path(__file__).parent / "bottle_views")]


def create_hello():
    app = Bottle()

    @app.route("/")
    def hello():
        return "Hello, World!"

    return app


def _filler(a, b):
    return {"a": a, "b": b}


def _create_routed():
    app = Bottle()
    for i in range(FILLER_ROUTES):
        app.route(f"/filler{i}/<a:int>/<b>", callback=_filler)

    @app.route("/users/<user_id:int>/posts/<slug>")
    def post(user_id, slug):
        return {"user_id": user_id, "slug": slug}

    return app


def create_params():
    return _create_routed()


def create_not_found():
    return _create_routed()


def create_json():
    app = Bottle()

    @app.post("/echo")
    def echo():
        return request.json

    return app


def create_template():
    app = Bottle()

    @app.route("/rows")
    def rows():
        return template("rows", template_lookup=VIEWS, title="Rows", rows=ROWS)

    return app


def create_session():
    app = Bottle()

    @app.route("/session")
    def visit():
        data = jsonlib.loads(request.get_cookie("session", "{}", secret=SECRET_KEY))
        data["count"] = data.get("count", 0) + 1
        response.set_cookie("session", jsonlib.dumps(data), secret=SECRET_KEY, httponly=True)
        return {"count": data["count"]}

    return app
