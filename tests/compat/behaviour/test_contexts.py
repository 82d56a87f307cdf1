"""Contexts, proxies and teardown (reference A.4)."""

from __future__ import annotations

import typing as t

import pytest


def test_request_proxy_outside_context(flask: t.Any) -> None:
    with pytest.raises(RuntimeError) as info:
        flask.request.path  # noqa: B018
    assert "Working outside of request context." in str(info.value)


def test_current_app_proxy_outside_context(flask: t.Any) -> None:
    with pytest.raises(RuntimeError) as info:
        flask.current_app.name  # noqa: B018
    assert "Working outside of application context." in str(info.value)


def test_g_and_session_outside_context(flask: t.Any) -> None:
    with pytest.raises(RuntimeError, match="Working outside of application context"):
        flask.g.x = 1
    with pytest.raises(RuntimeError, match="Working outside of request context"):
        flask.session.get("x")


def test_has_context_functions(flask: t.Any, app: t.Any) -> None:
    assert not flask.has_app_context()
    assert not flask.has_request_context()
    with app.app_context():
        assert flask.has_app_context()
        assert not flask.has_request_context()
    with app.test_request_context():
        assert flask.has_app_context()
        assert flask.has_request_context()


def test_current_app_is_the_app(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.current_app.name)

    assert client.get("/").data == b"behaviour_app"
    with app.app_context():
        assert flask.current_app._get_current_object() is app


def test_request_context_pushes_app_context(flask: t.Any, app: t.Any) -> None:
    ctx = app.test_request_context("/x?y=1")
    ctx.push()
    try:
        assert flask.request.args["y"] == "1"
        assert flask.current_app._get_current_object() is app
    finally:
        ctx.pop()
    assert not flask.has_app_context()


def test_request_context_reuses_active_app_context(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        flask.g.marker = "outer"
        with app.test_request_context():
            assert flask.g.marker == "outer"


def test_g_is_per_app_context(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        flask.g.value = 1
    with app.app_context():
        assert "value" not in flask.g


def test_g_api(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        g = flask.g
        g.a = 1
        assert g.get("a") == 1
        assert g.get("missing", 5) == 5
        assert "a" in g
        assert g.setdefault("b", 2) == 2
        assert g.setdefault("b", 3) == 2
        assert sorted(g) == ["a", "b"]
        assert g.pop("a") == 1
        assert g.pop("a", "gone") == "gone"
        with pytest.raises(KeyError):
            g.pop("a")
        with pytest.raises(AttributeError, match="zz"):
            g.zz  # noqa: B018
        assert repr(g) == "<flask.g of 'behaviour_app'>"


def test_g_is_reset_between_requests(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        seen = "count" in flask.g
        flask.g.count = 1
        return str(seen)

    assert client.get("/").data == b"False"
    assert client.get("/").data == b"False"


def test_app_context_pushed_twice_tears_down_once(flask: t.Any, app: t.Any) -> None:
    calls: list[t.Any] = []
    app.teardown_appcontext(calls.append)
    ctx = app.app_context()
    ctx.push()
    ctx.push()
    ctx.pop()
    assert calls == []
    ctx.pop()
    assert calls == [None]


def test_app_context_attributes(flask: t.Any, app: t.Any) -> None:
    app.config["SERVER_NAME"] = "example.com"
    with app.app_context() as ctx:
        assert ctx.app is app
        assert ctx.g is flask.g._get_current_object()
        assert ctx.url_adapter is not None


def test_request_context_attributes(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context("/path") as ctx:
        assert ctx.app is app
        assert ctx.request is flask.request._get_current_object()
        assert ctx.request.path == "/path"
        assert ctx.session is flask.session._get_current_object()


def test_teardown_request_reverse_order(app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    app.teardown_request(lambda exc: order.append("first"))
    app.teardown_request(lambda exc: order.append("second"))
    app.add_url_rule("/", "i", lambda: "ok")
    client.get("/")
    assert order == ["second", "first"]


def test_teardown_request_before_teardown_appcontext(app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    app.teardown_appcontext(lambda exc: order.append("appcontext"))
    app.teardown_request(lambda exc: order.append("request"))
    app.add_url_rule("/", "i", lambda: "ok")
    client.get("/")
    assert order == ["request", "appcontext"]


def test_teardown_receives_none_on_success(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    app.teardown_appcontext(seen.append)
    app.add_url_rule("/", "i", lambda: "ok")
    client.get("/")
    assert seen == [None, None]


def test_teardown_receives_unhandled_exception(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    app.teardown_appcontext(seen.append)

    @app.route("/")
    def index() -> str:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        client.get("/")
    assert [type(e) for e in seen] == [ValueError, ValueError]
    assert seen[0] is seen[1]


def test_teardown_receives_exception_turned_into_500(app: t.Any, client: t.Any) -> None:
    app.testing = False
    seen: list[t.Any] = []
    app.teardown_request(seen.append)

    @app.route("/")
    def index() -> str:
        raise KeyError("k")

    assert client.get("/").status_code == 500
    assert [type(e) for e in seen] == [KeyError]


def test_teardown_receives_none_for_handled_exception(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    app.register_error_handler(ValueError, lambda e: ("handled", 418))

    @app.route("/")
    def index() -> str:
        raise ValueError("x")

    assert client.get("/").status_code == 418
    assert seen == [None]


def test_teardown_receives_none_for_http_exception(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)

    @app.route("/")
    def index() -> str:
        flask.abort(403)

    assert client.get("/").status_code == 403
    assert seen == [None]


def test_request_still_available_in_teardown(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[str] = []

    @app.teardown_request
    def note(exc: BaseException | None) -> None:
        seen.append(flask.request.path)
        seen.append(flask.current_app.name)

    app.add_url_rule("/p", "p", lambda: "ok")
    client.get("/p")
    assert seen == ["/p", "behaviour_app"]


def test_teardown_on_test_request_context_exit(app: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    with app.test_request_context():
        pass
    assert seen == [None]


def test_teardown_gets_exception_raised_in_with_block(app: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    with pytest.raises(ZeroDivisionError), app.test_request_context():
        1 / 0  # noqa: B018
    assert [type(e) for e in seen] == [ZeroDivisionError]


def test_client_preserves_context_in_with_block(flask: t.Any, app: t.Any, client: t.Any) -> None:
    torn: list[t.Any] = []
    app.teardown_request(torn.append)
    app.add_url_rule("/ctx", "ctx", lambda: "ok")
    with client:
        client.get("/ctx?q=v")
        assert flask.request.path == "/ctx"
        assert flask.request.args["q"] == "v"
        # The request's teardown has run; the preserved context is torn down again on exit.
        assert torn == [None]
    assert torn == [None, None]
    assert not flask.has_request_context()


def test_client_with_block_keeps_only_last_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/<n>", "n", lambda n: n)
    with client:
        client.get("/1")
        client.get("/2")
        assert flask.request.path == "/2"


def test_after_this_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        @flask.after_this_request
        def add_header(response: t.Any) -> t.Any:
            response.headers["X-After"] = "yes"
            return response

        return "ok"

    assert client.get("/").headers["X-After"] == "yes"


def test_after_this_request_only_for_that_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/<int:n>")
    def index(n: int) -> str:
        if n == 1:
            flask.after_this_request(lambda r: (r.headers.set("X-One", "1"), r)[1])
        return "ok"

    assert client.get("/1").headers.get("X-One") == "1"
    assert client.get("/2").headers.get("X-One") is None


def test_after_this_request_outside_request(flask: t.Any) -> None:
    with pytest.raises(RuntimeError, match="'after_this_request' can only be used"):
        flask.after_this_request(lambda r: r)


def test_copy_current_request_context(flask: t.Any, app: t.Any, client: t.Any) -> None:
    import threading

    results: list[str] = []

    @app.route("/job")
    def job() -> str:
        @flask.copy_current_request_context
        def work() -> None:
            results.append(flask.request.path + " " + flask.current_app.name)

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        return "done"

    assert client.get("/job").data == b"done"
    assert results == ["/job behaviour_app"]


def test_copy_current_request_context_outside_request(flask: t.Any) -> None:
    with pytest.raises(RuntimeError, match="'copy_current_request_context' can only be used"):
        flask.copy_current_request_context(lambda: None)


def test_request_context_copy(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context("/orig") as ctx:
        copied = ctx.copy()
    with copied:
        assert flask.request.path == "/orig"


def test_app_ctx_and_request_ctx_proxies(flask: t.Any, app: t.Any) -> None:
    from flask.globals import app_ctx, request_ctx

    with app.test_request_context("/r") as ctx:
        assert request_ctx._get_current_object() is ctx
        assert app_ctx.app is app
        assert request_ctx.request.path == "/r"


def test_context_variables(flask: t.Any, app: t.Any) -> None:
    from flask.globals import _cv_app, _cv_request

    assert _cv_request.get(None) is None
    with app.test_request_context() as ctx:
        assert _cv_request.get() is ctx
        assert _cv_app.get().app is app
    assert _cv_app.get(None) is None


def test_appcontext_signals_order(flask: t.Any, app: t.Any) -> None:
    events: list[str] = []

    def pushed(sender: t.Any, **kwargs: t.Any) -> None:
        events.append("pushed")

    def tearing(sender: t.Any, **kwargs: t.Any) -> None:
        events.append("tearing_down")

    def popped(sender: t.Any, **kwargs: t.Any) -> None:
        events.append("popped")

    app.teardown_appcontext(lambda exc: events.append("teardown"))
    with (
        flask.appcontext_pushed.connected_to(pushed, app),
        flask.appcontext_tearing_down.connected_to(tearing, app),
        flask.appcontext_popped.connected_to(popped, app),
        app.app_context(),
    ):
        events.append("inside")
    assert events == ["pushed", "inside", "teardown", "tearing_down", "popped"]


def test_request_tearing_down_after_teardown_functions(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    events: list[t.Any] = []

    def tearing(sender: t.Any, exc: t.Any = None, **kwargs: t.Any) -> None:
        events.append(("signal", exc))

    app.teardown_request(lambda exc: events.append(("func", exc)))
    app.add_url_rule("/", "i", lambda: "ok")
    with flask.request_tearing_down.connected_to(tearing, app):
        client.get("/")
    assert events == [("func", None), ("signal", None)]


def test_stream_with_context_keeps_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/s")
    def stream() -> t.Any:
        flask.g.user = "ann"

        def generate() -> t.Iterator[str]:
            yield "path="
            yield flask.request.path
            yield " user=" + flask.g.user

        return flask.stream_with_context(generate())

    rv = client.get("/s")
    assert rv.data == b"path=/s user=ann"
    assert "Content-Length" not in rv.headers


def test_stream_with_context_outside_request(flask: t.Any) -> None:
    with pytest.raises(RuntimeError, match="'stream_with_context' can only be used"):
        flask.stream_with_context(iter(["x"]))


def test_stream_with_context_as_decorator(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/s")
    def stream() -> t.Any:
        @flask.stream_with_context
        def generate() -> t.Iterator[str]:
            yield flask.request.args["x"]

        return generate()

    assert client.get("/s?x=val").data == b"val"


def test_copied_request_context_has_its_own_g(flask: t.Any, app: t.Any, client: t.Any) -> None:
    import threading

    seen: list[t.Any] = []

    @app.route("/")
    def index() -> str:
        flask.g.user = "ann"
        flask.session["s"] = "kept"

        @flask.copy_current_request_context
        def work() -> None:
            seen.append((flask.g.get("user"), flask.session.get("s"), flask.request.path))

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        return "ok"

    client.get("/")
    assert seen == [(None, "kept", "/")]


def test_other_app_context_inside_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    other = flask.Flask("other_app")
    seen: list[t.Any] = []

    @app.route("/")
    def index() -> str:
        with other.app_context():
            seen.append((flask.current_app.name, flask.request.path))
        seen.append(flask.current_app.name)
        return "ok"

    client.get("/")
    assert seen == [("other_app", "/"), "behaviour_app"]


def test_nested_app_context_tears_down_separately(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    app.teardown_appcontext(lambda exc: order.append("teardown"))

    @app.route("/")
    def index() -> str:
        with app.app_context():
            pass
        order.append("view")
        return "ok"

    client.get("/")
    assert order == ["teardown", "view", "teardown"]


def test_nested_request_contexts(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context("/outer"):
        with app.test_request_context("/inner"):
            assert flask.request.path == "/inner"
        assert flask.request.path == "/outer"


def test_explicit_pop_passes_exception_to_teardown(flask: t.Any, app: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    ctx = app.test_request_context()
    ctx.push()
    error = KeyError("explicit")
    ctx.pop(error)
    assert seen == [error]
