"""A.17: coroutine functions as views, hooks, error handlers and teardown functions."""

from __future__ import annotations

import asyncio
import typing as t

import pytest


def test_async_view(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/<name>")
    async def index(name: str) -> str:
        await asyncio.sleep(0)
        return f"hi {name} {flask.request.args['q']}"

    rv = client.get("/ann?q=1")
    assert rv.status_code == 200
    assert rv.text == "hi ann 1"


def test_async_view_returning_a_tuple_and_json(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    async def index() -> t.Any:
        return {"ok": True}, 201

    rv = client.get("/")
    assert rv.status_code == 201
    assert rv.json == {"ok": True}


def test_async_hooks_run_in_order(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []

    @app.before_request
    async def before() -> None:
        order.append("before")

    @app.after_request
    async def after(response: t.Any) -> t.Any:
        order.append("after")
        response.headers["X-After"] = "1"
        return response

    @app.teardown_request
    async def teardown(exc: BaseException | None) -> None:
        order.append(f"teardown {exc}")

    @app.get("/")
    async def index() -> str:
        order.append("view")
        return ""

    rv = client.get("/")
    assert rv.headers["X-After"] == "1"
    assert order == ["before", "view", "after", "teardown None"]


def test_async_before_request_can_answer(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.before_request
    async def gate() -> t.Any:
        return "stopped", 403

    @app.get("/")
    def index() -> str:
        return "view"

    rv = client.get("/")
    assert (rv.status_code, rv.text) == (403, "stopped")


def test_async_error_handler(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.errorhandler(LookupError)
    async def handle(error: LookupError) -> t.Any:
        return f"handled {error.args[0]}", 409

    @app.get("/")
    async def index() -> str:
        raise LookupError("x")

    rv = client.get("/")
    assert (rv.status_code, rv.text) == (409, "handled x")


def test_async_http_error_handler(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.errorhandler(404)
    async def not_found(error: t.Any) -> t.Any:
        return "nothing here", 404

    assert client.get("/missing").text == "nothing here"


def test_async_view_exception_propagates_in_testing(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.get("/")
    async def index() -> str:
        raise ValueError("async failure")

    with pytest.raises(ValueError, match="async failure"):
        client.get("/")


def test_async_view_error_is_500_outside_testing(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.testing = False

    @app.get("/")
    async def index() -> str:
        raise ValueError("async failure")

    assert client.get("/").status_code == 500


def test_async_view_sees_g_and_session(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.before_request
    def load() -> None:
        flask.g.user = "ann"

    @app.post("/")
    async def index() -> str:
        flask.session["n"] = flask.session.get("n", 0) + 1
        return f"{flask.g.user} {flask.session['n']}"

    assert client.post("/").text == "ann 1"
    assert client.post("/").text == "ann 2"


def test_async_view_on_a_blueprint(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.get("/bp")
    async def page() -> str:
        return flask.request.blueprint

    app.register_blueprint(bp)
    assert client.get("/bp").text == "bp"


def test_ensure_sync_wraps_coroutine_functions(flask: t.Any, app: t.Any) -> None:
    async def add(a: int, b: int) -> int:
        return a + b

    def plain() -> str:
        return "plain"

    assert app.ensure_sync(plain) is plain
    assert app.ensure_sync(add)(1, 2) == 3


def test_async_to_sync_runs_a_coroutine_function(flask: t.Any, app: t.Any) -> None:
    async def double(n: int) -> int:
        await asyncio.sleep(0)
        return n * 2

    assert app.async_to_sync(double)(4) == 8


def test_async_teardown_appcontext(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.teardown_appcontext
    async def close(exc: BaseException | None) -> None:
        seen.append(exc)

    @app.get("/")
    async def index() -> str:
        return ""

    client.get("/")
    assert seen == [None]
