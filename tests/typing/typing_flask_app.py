"""A typed Flask application, written against ``flask`` only; checked by mypy, not run by pytest.

mypy reads ``flask`` from the stubs of demijohn's Flask layer (``demijohn-flask-stubs``,
installed in the development environment), so each name must have demijohn's type: the
``assert_type`` calls fail if a name were ``Any``, as it is when no stubs are installed.
"""

from __future__ import annotations

import typing as t

import flask
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template_string,
    request,
    session,
    url_for,
)
from flask.globals import request_ctx
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient
from flask.typing import ResponseReturnValue
from flask.views import MethodView
from flask.wrappers import Request, Response
from werkzeug.exceptions import HTTPException, NotFound

import demijohn


class App(Flask):
    """Flask code subclasses Flask to replace its parts; the alias is a class."""

    json_provider_class = DefaultJSONProvider
    session_interface = SecureCookieSessionInterface()


app = App(__name__)
app.config.from_mapping(SECRET_KEY="dev")
bp = Blueprint("items", __name__, url_prefix="/items")

t.assert_type(app, App)
t.assert_type(request, Request)
t.assert_type(current_app, demijohn.Demijohn)
t.assert_type(flask.Flask, type[demijohn.Demijohn])
t.assert_type(flask.request, demijohn.Request)


@app.before_request
def load_user() -> None:
    g.user = request.headers.get("X-User")
    session.permanent = True


@app.route("/")
def index() -> str:
    t.assert_type(request.args.get("q", ""), str)
    return render_template_string("{{ name }}", name=request.args.get("name", "world"))


@bp.get("/<int:item_id>")
def show(item_id: int) -> ResponseReturnValue:
    if item_id < 0:
        abort(404)
    return jsonify(id=item_id, url=url_for("items.show", item_id=item_id))


@bp.post("/")
def create() -> Response:
    payload = request.get_json()
    response = jsonify(payload)
    response.status_code = 201
    return response


class Counter(MethodView):
    def get(self) -> dict[str, int]:
        return {"count": len(request_ctx.request.args)}

    def post(self) -> ResponseReturnValue:
        return redirect(url_for("counter"))


app.add_url_rule("/counter", view_func=Counter.as_view("counter"))
app.register_blueprint(bp)


@app.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return str(exc.description), 404


@app.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> ResponseReturnValue:
    return jsonify(error=exc.name), exc.code or 500


def check(client: FlaskClient) -> None:
    response = client.get("/items/1")
    t.assert_type(response.status_code, int)
    t.assert_type(response.get_json(), t.Any)
    with client.session_transaction() as data:
        data["seen"] = True
