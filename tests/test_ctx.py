"""Tests for demijohn.ctx: application and request contexts, ``g``, teardown, and the helpers
that act on the current context."""

from __future__ import annotations

import logging
import threading
import typing as t

import greenlet
import pytest
from werkzeug.exceptions import NotFound

from demijohn import (
    Demijohn,
    after_this_request,
    appcontext_popped,
    appcontext_pushed,
    copy_current_request_context,
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
)
from demijohn.ctx import AppContext, RequestContext, _AppCtxGlobals
from demijohn.errors import ContextError
from demijohn.globals import request_ctx
from demijohn.helpers import abort

if t.TYPE_CHECKING:
    from demijohn.testing import DemijohnClient


# -- application context ------------------------------------------------------------------


class TestAppContext:
    def test_push_and_pop(self, app: Demijohn) -> None:
        ctx = app.app_context()
        assert not has_app_context()
        ctx.push()
        try:
            assert has_app_context()
            assert current_app._get_current_object() is app  # type: ignore[attr-defined]
        finally:
            ctx.pop()
        assert not has_app_context()

    def test_with_block_gives_the_context(self, app: Demijohn) -> None:
        with app.app_context() as ctx:
            assert isinstance(ctx, AppContext)
            assert ctx.app is app
            assert g._get_current_object() is ctx.g  # type: ignore[attr-defined]
        assert not has_app_context()

    def test_nested_contexts_restore_the_outer_one(self, app: Demijohn) -> None:
        other = Demijohn("other_app")
        with app.app_context():
            g.name = "outer"
            with other.app_context():
                assert current_app.name == "other_app"
                assert "name" not in g
            assert current_app._get_current_object() is app  # type: ignore[attr-defined]
            assert g.name == "outer"

    def test_each_context_has_its_own_g(self, app: Demijohn) -> None:
        with app.app_context():
            g.value = 1
        with app.app_context():
            assert g.get("value") is None

    def test_same_context_pushed_twice_tears_down_on_outermost_pop(self, app: Demijohn) -> None:
        calls: list[BaseException | None] = []
        app.teardown_appcontext(calls.append)
        ctx = app.app_context()
        with ctx:
            g.kept = "yes"
            with ctx:
                assert g.kept == "yes"
            assert calls == []
            assert has_app_context()
            assert g.kept == "yes"
        assert calls == [None]
        assert not has_app_context()

    def test_popping_the_wrong_context_raises(self, app: Demijohn) -> None:
        outer = app.app_context()
        inner = app.app_context()
        outer.push()
        inner.push()
        with pytest.raises(ContextError, match="wrong application context") as info:
            outer.pop()
        assert isinstance(info.value, RuntimeError)
        assert isinstance(info.value, AssertionError)
        assert "reverse order" in str(info.value)
        # The failed pop left both pushed; popping in order still works.
        inner.pop()
        outer.pop()
        assert not has_app_context()

    def test_popping_a_context_never_pushed_raises(self, app: Demijohn) -> None:
        with pytest.raises(ContextError, match="wrong application context"):
            app.app_context().pop()

    def test_url_adapter_exists_only_with_server_name(self, app: Demijohn) -> None:
        assert app.app_context().url_adapter is None
        app.config["SERVER_NAME"] = "example.test"
        ctx = app.app_context()
        assert ctx.url_adapter is not None
        assert ctx.url_adapter.server_name == "example.test"
        ctx.url_adapter = None
        assert ctx.url_adapter is None

    def test_push_and_pop_send_signals(self, app: Demijohn) -> None:
        events: list[tuple[str, t.Any, bool]] = []

        def pushed(sender: t.Any, **kwargs: t.Any) -> None:
            events.append(("pushed", sender, has_app_context()))

        def popped(sender: t.Any, **kwargs: t.Any) -> None:
            events.append(("popped", sender, has_app_context()))

        with (
            appcontext_pushed.connected_to(pushed, app),
            appcontext_popped.connected_to(popped, app),
            app.app_context(),
        ):
            assert events == [("pushed", app, True)]
        assert events == [("pushed", app, True), ("popped", app, False)]

    def test_repr_names_the_app(self, app: Demijohn) -> None:
        assert repr(app.app_context()) == "<AppContext of 'demijohn_test_app'>"


# -- request context ----------------------------------------------------------------------


class TestRequestContext:
    def test_push_makes_request_and_app_available(self, app: Demijohn) -> None:
        ctx = app.test_request_context("/page?x=1")
        assert not has_request_context()
        ctx.push()
        try:
            assert has_request_context()
            assert has_app_context()
            assert request.args["x"] == "1"
            assert current_app._get_current_object() is app  # type: ignore[attr-defined]
            assert request_ctx._get_current_object() is ctx  # type: ignore[attr-defined]
        finally:
            ctx.pop()
        assert not has_request_context()
        assert not has_app_context()

    def test_reuses_an_active_app_context_of_the_same_app(self, app: Demijohn) -> None:
        with app.app_context() as app_ctx:
            g.shared = "from app context"
            with app.test_request_context():
                assert g.shared == "from app context"
                g.added = "from request"
            assert has_app_context()
            assert g.added == "from request"
            assert current_app._get_current_object() is app_ctx.app  # type: ignore[attr-defined]

    def test_pushes_its_own_app_context_over_another_apps(self, app: Demijohn) -> None:
        other = Demijohn("other_app")
        with other.app_context():
            g.owner = "other"
            with app.test_request_context():
                assert current_app.name == app.name
                assert "owner" not in g
            assert current_app.name == "other_app"
            assert g.owner == "other"

    def test_matches_the_url_when_pushed(self, app: Demijohn) -> None:
        app.add_url_rule("/user/<int:user_id>", "user", lambda user_id: "")
        with app.test_request_context("/user/7"):
            assert request.endpoint == "user"
            assert request.view_args == {"user_id": 7}
        with app.test_request_context("/missing"):
            assert request.url_rule is None
            assert isinstance(request.routing_exception, NotFound)

    def test_untrusted_host_is_kept_as_routing_error(self, app: Demijohn) -> None:
        app.config["TRUSTED_HOSTS"] = ["good.test"]
        ctx = app.test_request_context(base_url="http://evil.test")
        assert ctx.url_adapter is None
        assert ctx.request.routing_exception is not None
        assert ctx.request.routing_exception.code == 400
        with ctx:
            assert request.url_rule is None

    def test_untrusted_host_gets_400_from_the_client(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.config["TRUSTED_HOSTS"] = ["good.test"]
        app.add_url_rule("/", "index", lambda: "ok")
        assert client.get("/", base_url="http://evil.test").status_code == 400
        assert client.get("/", base_url="http://good.test").status_code == 200

    def test_same_context_pushed_twice_tears_down_on_outermost_pop(self, app: Demijohn) -> None:
        calls: list[str] = []
        app.teardown_request(lambda exc: calls.append("request"))
        app.teardown_appcontext(lambda exc: calls.append("app"))
        ctx = app.test_request_context()
        with ctx:
            with ctx:
                assert request.path == "/"
            assert calls == []
            assert has_request_context()
        assert calls == ["request", "app"]
        assert not has_request_context()
        assert not has_app_context()

    def test_popping_the_wrong_context_raises(self, app: Demijohn) -> None:
        first = app.test_request_context("/first")
        second = app.test_request_context("/second")
        first.push()
        second.push()
        with pytest.raises(ContextError, match="wrong request context") as info:
            first.pop()
        assert isinstance(info.value, RuntimeError)
        assert isinstance(info.value, AssertionError)
        assert "/first" in str(info.value)
        assert "/second" in str(info.value)

    def test_copy_shares_request_and_session(self, app: Demijohn) -> None:
        with app.test_request_context("/original") as ctx:
            session["user"] = "ada"
            copied = ctx.copy()
        assert copied is not ctx
        assert copied.request is ctx.request
        with copied:
            assert request.path == "/original"
            assert session["user"] == "ada"

    def test_given_request_object_is_used(self, app: Demijohn) -> None:
        built = app.request_class({**app.test_request_context("/given").request.environ})
        with RequestContext(app, built.environ, request=built):
            assert request._get_current_object() is built  # type: ignore[attr-defined]
            assert request.path == "/given"

    def test_repr_names_url_method_and_app(self, app: Demijohn) -> None:
        ctx = app.test_request_context("/r", method="POST")
        assert repr(ctx) == "<RequestContext 'http://localhost/r' [POST] of demijohn_test_app>"


# -- g ------------------------------------------------------------------------------------


class TestG:
    def test_attribute_access(self, app: Demijohn) -> None:
        with app.app_context():
            g.user = "ada"
            assert g.user == "ada"
            del g.user
            with pytest.raises(AttributeError, match="user"):
                _ = g.user
            with pytest.raises(AttributeError, match="missing"):
                del g.missing

    def test_get_pop_setdefault(self, app: Demijohn) -> None:
        with app.app_context():
            assert g.get("a") is None
            assert g.get("a", 5) == 5
            assert g.setdefault("a", 1) == 1
            assert g.setdefault("a", 2) == 1
            assert g.setdefault("b") is None
            assert "b" in g
            assert g.pop("a") == 1
            assert g.pop("a", "fallback") == "fallback"
            with pytest.raises(KeyError):
                g.pop("a")

    def test_contains_and_iter(self, app: Demijohn) -> None:
        with app.app_context():
            g.one = 1
            g.two = 2
            assert "one" in g
            assert "three" not in g
            assert list(g) == ["one", "two"]

    def test_repr_names_the_app(self, app: Demijohn) -> None:
        with app.app_context():
            assert repr(g) == "<demijohn.g of 'demijohn_test_app'>"

    def test_repr_outside_a_context(self) -> None:
        assert repr(_AppCtxGlobals()).startswith("<demijohn.ctx._AppCtxGlobals object at")

    def test_app_ctx_globals_class_can_be_replaced(self, app: Demijohn) -> None:
        class Globals(_AppCtxGlobals):
            def greet(self) -> str:
                return f"hello {self.get('name', 'nobody')}"

        app.app_ctx_globals_class = Globals
        with app.app_context():
            g.name = "ada"
            assert g.greet() == "hello ada"


# -- after_this_request -------------------------------------------------------------------


def test_after_this_request_runs_before_after_request_functions(
    app: Demijohn, client: DemijohnClient
) -> None:
    order: list[str] = []

    @app.after_request
    def after(response: t.Any) -> t.Any:
        order.append("after_request")
        response.headers["X-Seen"] = response.headers.get("X-Seen", "") + "after;"
        return response

    @app.route("/")
    def index() -> str:
        @after_this_request
        def first(response: t.Any) -> t.Any:
            order.append("first")
            response.headers["X-Seen"] = "first;"
            return response

        @after_this_request
        def second(response: t.Any) -> t.Any:
            order.append("second")
            response.headers["X-Seen"] += "second;"
            return response

        return "ok"

    response = client.get("/")
    assert order == ["first", "second", "after_request"]
    assert response.headers["X-Seen"] == "first;second;after;"
    order.clear()
    client.get("/")
    assert order == ["first", "second", "after_request"]


def test_after_this_request_from_a_before_request_function(
    app: Demijohn, client: DemijohnClient
) -> None:
    @app.before_request
    def before() -> None:
        after_this_request(lambda response: response.set_cookie("seen", "1") or response)

    app.add_url_rule("/", "index", lambda: "ok")
    assert client.get("/").headers["Set-Cookie"].startswith("seen=1")


def test_after_this_request_outside_a_request_raises(app: Demijohn) -> None:
    with pytest.raises(RuntimeError, match="while a request is being handled"):
        after_this_request(lambda response: response)
    with app.app_context(), pytest.raises(RuntimeError, match="after_this_request"):
        after_this_request(lambda response: response)


# -- copy_current_request_context ---------------------------------------------------------


def test_copy_current_request_context_in_a_thread(app: Demijohn, client: DemijohnClient) -> None:
    seen: dict[str, t.Any] = {}

    @app.route("/work")
    def work() -> str:
        session["user"] = "ada"

        @copy_current_request_context
        def in_thread(suffix: str) -> None:
            seen["path"] = request.path + suffix
            seen["args"] = request.args.to_dict()
            seen["user"] = session["user"]
            seen["app"] = current_app.name

        thread = threading.Thread(target=in_thread, args=("!",))
        thread.start()
        thread.join()
        return "done"

    assert client.get("/work?q=1").text == "done"
    assert seen == {
        "path": "/work!",
        "args": {"q": "1"},
        "user": "ada",
        "app": "demijohn_test_app",
    }


def test_session_changed_through_a_copy_is_saved(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/")
    def index() -> str:
        # The view never touched the session before copying the context.
        @copy_current_request_context
        def in_thread() -> None:
            session["from_thread"] = "yes"

        thread = threading.Thread(target=in_thread)
        thread.start()
        thread.join()
        return str(session.get("from_thread"))

    assert client.get("/").text == "yes"
    with client.session_transaction() as sess:
        assert sess["from_thread"] == "yes"


def test_a_plain_thread_does_not_see_the_request(app: Demijohn) -> None:
    seen: list[bool] = []
    with app.test_request_context():
        thread = threading.Thread(target=lambda: seen.append(has_request_context()))
        thread.start()
        thread.join()
    assert seen == [False]


def test_copy_current_request_context_in_a_greenlet(app: Demijohn, client: DemijohnClient) -> None:
    seen: dict[str, t.Any] = {}

    @app.route("/green")
    def green() -> str:
        session["fruit"] = "apple"

        def plain() -> None:
            seen["plain"] = has_request_context()

        @copy_current_request_context
        def copied() -> str:
            seen["path"] = request.path
            seen["fruit"] = session["fruit"]
            return "from greenlet"

        greenlet.greenlet(plain).switch()
        seen["result"] = greenlet.greenlet(copied).switch()
        seen["still here"] = request.path
        return "done"

    assert client.get("/green").text == "done"
    assert seen == {
        "plain": False,
        "path": "/green",
        "fruit": "apple",
        "result": "from greenlet",
        "still here": "/green",
    }


def test_copy_current_request_context_runs_coroutine_functions(app: Demijohn) -> None:
    results: list[str] = []
    with app.test_request_context("/async"):

        @copy_current_request_context
        async def in_thread() -> None:
            results.append(request.path)

        thread = threading.Thread(target=in_thread)
        thread.start()
        thread.join()
    assert results == ["/async"]


def test_copy_current_request_context_keeps_the_function_name(app: Demijohn) -> None:
    def named() -> None:
        """Docs."""

    with app.test_request_context():
        wrapped = copy_current_request_context(named)
    assert wrapped.__name__ == "named"
    assert wrapped.__doc__ == "Docs."


def test_copy_current_request_context_outside_a_request_raises(app: Demijohn) -> None:
    with pytest.raises(RuntimeError, match="copy_current_request_context"):
        copy_current_request_context(lambda: None)


# -- has_app_context / has_request_context ------------------------------------------------


def test_has_context_functions(app: Demijohn) -> None:
    assert (has_app_context(), has_request_context()) == (False, False)
    with app.app_context():
        assert (has_app_context(), has_request_context()) == (True, False)
    with app.test_request_context():
        assert (has_app_context(), has_request_context()) == (True, True)
    assert (has_app_context(), has_request_context()) == (False, False)


# -- teardown -----------------------------------------------------------------------------


@pytest.fixture
def teardown_log(app: Demijohn) -> list[tuple[str, BaseException | None]]:
    """Register two request and two app-context teardown functions that record their calls."""
    log: list[tuple[str, BaseException | None]] = []
    app.teardown_request(lambda exc: log.append(("request 1", exc)))
    app.teardown_request(lambda exc: log.append(("request 2", exc)))
    app.teardown_appcontext(lambda exc: log.append(("app 1", exc)))
    app.teardown_appcontext(lambda exc: log.append(("app 2", exc)))
    return log


def _names(log: list[tuple[str, BaseException | None]]) -> list[str]:
    return [name for name, _ in log]


class TestTeardown:
    def test_run_in_reverse_order_after_a_request(
        self,
        app: Demijohn,
        client: DemijohnClient,
        teardown_log: list[tuple[str, BaseException | None]],
    ) -> None:
        app.add_url_rule("/", "index", lambda: "ok")
        assert client.get("/").text == "ok"
        assert teardown_log == [
            ("request 2", None),
            ("request 1", None),
            ("app 2", None),
            ("app 1", None),
        ]

    def test_request_and_app_are_available_to_request_teardown(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        seen: list[tuple[str, str]] = []
        app.teardown_request(lambda exc: seen.append((request.path, current_app.name)))
        app.add_url_rule("/here", "here", lambda: "ok")
        client.get("/here")
        assert seen == [("/here", "demijohn_test_app")]

    def test_handled_http_error_is_not_passed(
        self,
        app: Demijohn,
        client: DemijohnClient,
        teardown_log: list[tuple[str, BaseException | None]],
    ) -> None:
        app.add_url_rule("/", "index", lambda: abort(404))
        assert client.get("/").status_code == 404
        assert [exc for _, exc in teardown_log] == [None] * 4

    def test_run_when_before_request_raises(
        self,
        app: Demijohn,
        client: DemijohnClient,
        teardown_log: list[tuple[str, BaseException | None]],
    ) -> None:
        error = ValueError("before")

        @app.before_request
        def fail() -> None:
            raise error

        app.add_url_rule("/", "index", lambda: "never")
        with pytest.raises(ValueError, match="before"):
            client.get("/")
        assert teardown_log == [
            ("request 2", error),
            ("request 1", error),
            ("app 2", error),
            ("app 1", error),
        ]
        assert not has_request_context()
        assert not has_app_context()

    def test_run_with_the_error_when_the_view_raises_and_gets_500(
        self,
        app: Demijohn,
        client: DemijohnClient,
        teardown_log: list[tuple[str, BaseException | None]],
    ) -> None:
        app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
        error = KeyError("view")

        @app.route("/")
        def index() -> str:
            raise error

        assert client.get("/").status_code == 500
        assert [exc for _, exc in teardown_log] == [error] * 4
        assert not has_app_context()

    def test_all_run_and_the_first_failure_propagates_without_an_error(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        ran: list[str] = []

        def failing(name: str) -> t.Callable[[BaseException | None], None]:
            def teardown(exc: BaseException | None) -> None:
                ran.append(name)
                raise RuntimeError(f"{name} failed")

            return teardown

        app.teardown_request(failing("a"))
        app.teardown_request(failing("b"))
        app.teardown_request(lambda exc: ran.append("c"))
        app.teardown_appcontext(lambda exc: ran.append("app"))
        app.add_url_rule("/", "index", lambda: "ok")
        with (
            caplog.at_level(logging.ERROR, logger=app.name),
            pytest.raises(RuntimeError, match="b failed") as info,
        ):
            client.get("/")
        assert ran == ["c", "b", "a", "app"]
        assert "a failed" in "".join(getattr(info.value, "__notes__", []))
        logged = [r for r in caplog.records if r.name == app.name]
        assert len(logged) == 1
        assert logged[0].getMessage() == "A teardown function failed"
        assert str(logged[0].exc_info[1]) == "a failed"  # type: ignore[index]
        assert not has_request_context()
        assert not has_app_context()

    def test_failures_are_logged_and_the_original_error_propagates(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        ran: list[str] = []

        def failing(exc: BaseException | None) -> None:
            ran.append("failing")
            raise LookupError("teardown failed")

        app.teardown_request(lambda exc: ran.append("after"))
        app.teardown_request(failing)
        app.teardown_appcontext(failing)

        @app.route("/")
        def index() -> str:
            raise ZeroDivisionError("original")

        with (
            caplog.at_level(logging.ERROR, logger=app.name),
            pytest.raises(ZeroDivisionError, match="original"),
        ):
            client.get("/")
        assert ran == ["failing", "after", "failing"]
        messages = [r.getMessage() for r in caplog.records if r.name == app.name]
        assert messages == ["A teardown function failed while an error was being handled"] * 2
        assert not has_request_context()
        assert not has_app_context()

    def test_failure_while_answering_500_is_only_logged(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
        ran: list[str] = []

        @app.teardown_request
        def failing(exc: BaseException | None) -> None:
            raise LookupError("teardown failed")

        app.teardown_request(lambda exc: ran.append(type(exc).__name__))

        @app.route("/")
        def index() -> str:
            raise ZeroDivisionError("original")

        with caplog.at_level(logging.ERROR, logger=app.name):
            assert client.get("/").status_code == 500
        assert ran == ["ZeroDivisionError"]
        failures = [r.exc_info[1] for r in caplog.records if r.name == app.name and r.exc_info]
        assert [type(e) for e in failures] == [ZeroDivisionError, LookupError]

    def test_failing_app_teardown_propagates_from_the_with_block(self, app: Demijohn) -> None:
        ran: list[str] = []

        @app.teardown_appcontext
        def failing(exc: BaseException | None) -> None:
            raise ValueError("app teardown")

        app.teardown_appcontext(lambda exc: ran.append("later registered"))
        with pytest.raises(ValueError, match="app teardown"), app.app_context():
            pass
        assert ran == ["later registered"]
        assert not has_app_context()

    def test_failing_request_teardown_still_pops_the_app_context(self, app: Demijohn) -> None:
        ran: list[BaseException | None] = []

        @app.teardown_request
        def failing(exc: BaseException | None) -> None:
            raise ValueError("request teardown")

        app.teardown_appcontext(ran.append)
        ctx = app.test_request_context()
        ctx.push()
        with pytest.raises(ValueError, match="request teardown"):
            ctx.pop()
        assert ran == [None]
        assert not has_request_context()
        assert not has_app_context()

    def test_exc_from_a_with_block(
        self, app: Demijohn, teardown_log: list[tuple[str, BaseException | None]]
    ) -> None:
        error = TypeError("in block")
        with pytest.raises(TypeError), app.test_request_context():
            raise error
        assert [exc for _, exc in teardown_log] == [error] * 4

    def test_exc_defaults_to_the_error_being_handled(
        self, app: Demijohn, teardown_log: list[tuple[str, BaseException | None]]
    ) -> None:
        ctx = app.test_request_context()
        ctx.push()
        try:
            raise OSError("handled")
        except OSError as e:
            error = e
            ctx.pop()
        assert [exc for _, exc in teardown_log] == [error] * 4

    def test_exc_none_given_explicitly(
        self, app: Demijohn, teardown_log: list[tuple[str, BaseException | None]]
    ) -> None:
        ctx = app.app_context()
        ctx.push()
        try:
            raise OSError("handled")
        except OSError:
            ctx.pop(None)
        assert teardown_log == [("app 2", None), ("app 1", None)]

    def test_exc_none_after_a_clean_pop(
        self, app: Demijohn, teardown_log: list[tuple[str, BaseException | None]]
    ) -> None:
        ctx = app.test_request_context()
        ctx.push()
        ctx.pop()
        assert [exc for _, exc in teardown_log] == [None] * 4


class TestRedirectingMatch:
    def test_raw_line_break_in_query_string_is_a_400(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        app.add_url_rule("/dir/", "dir", lambda: "dir")
        response = client.get("/dir", environ_overrides={"QUERY_STRING": "a=1\r\nSet-Cookie: x=y"})
        assert response.status_code == 400
        assert "Set-Cookie" not in response.headers
        assert not [record for record in caplog.records if record.levelno >= logging.ERROR]

    def test_other_query_strings_still_redirect(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/dir/", "dir", lambda: "dir")
        response = client.get("/dir", environ_overrides={"QUERY_STRING": "a=1%0D%0A"})
        assert response.status_code == 308
        assert response.headers["Location"] == "http://localhost/dir/?a=1%0D%0A"
