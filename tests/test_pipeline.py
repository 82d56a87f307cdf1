"""The request pipeline: hook order, return values, error handling and teardown."""

from __future__ import annotations

import logging
import typing as t

import pytest
from markupsafe import Markup
from werkzeug.datastructures import Headers
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    NotFound,
)
from werkzeug.wrappers import Response as WerkzeugResponse

from demijohn import (
    Blueprint,
    Demijohn,
    Response,
    abort,
    got_request_exception,
    request,
    session,
)
from demijohn.json.provider import DefaultJSONProvider
from demijohn.testing import DemijohnClient, WebSocketRejected


class TestHookOrder:
    def test_before_request_short_circuits_the_view(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        calls: list[str] = []

        @app.before_request
        def first() -> None:
            calls.append("first")

        @app.before_request
        def deny() -> str:
            calls.append("deny")
            return "denied"

        @app.before_request
        def never() -> None:
            calls.append("never")

        @app.route("/")
        def index() -> str:
            calls.append("view")
            return "view"

        assert client.get("/").data == b"denied"
        assert calls == ["first", "deny"]

    def test_after_request_runs_in_reverse_and_can_replace_the_response(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        order: list[str] = []

        @app.after_request
        def registered_first(response: Response) -> Response:
            order.append("first")
            response.headers["X-Last"] = "first"
            return response

        @app.after_request
        def registered_second(response: Response) -> Response:
            order.append("second")
            response.headers["X-Last"] = "second"
            return response

        app.add_url_rule("/", "index", lambda: "ok")
        response = client.get("/")
        assert order == ["second", "first"]
        assert response.headers["X-Last"] == "first"

    def test_after_request_returning_none_names_the_function(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        app.testing = False

        @app.after_request
        def forgets_to_return(response: Response) -> None:
            response.headers["X-Seen"] = "yes"

        app.add_url_rule("/", "index", lambda: "ok")
        with caplog.at_level(logging.ERROR):
            response = client.get("/")
        assert response.status_code == 500
        line = forgets_to_return.__code__.co_firstlineno
        assert (
            f"The after-request function '{__name__}.TestHookOrder.test_after_request_returning"
            "_none_names_the_function.<locals>.forgets_to_return'"
            f" (defined at {__file__}:{line}) returned None."
        ) in caplog.text
        assert "end the function with 'return response'" in caplog.text

    def test_after_this_request_returning_none_names_the_function(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        from demijohn import after_this_request

        @app.route("/")
        def index() -> str:
            @after_this_request
            def forgets_to_return(response: Response) -> None:
                return None

            return "ok"

        with pytest.raises(TypeError, match=r"function '.*\.forgets_to_return' \(defined at"):
            client.get("/")

    def test_url_value_preprocessors_run_before_before_request(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        seen: list[t.Any] = []

        @app.url_value_preprocessor
        def pull_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
            assert values is not None
            seen.append(("pre", endpoint, values.pop("lang")))

        @app.before_request
        def before() -> None:
            seen.append(("before", request.view_args))

        @app.route("/<lang>/page")
        def page() -> str:
            return "page"

        assert client.get("/de/page").data == b"page"
        assert seen == [("pre", "page", "de"), ("before", {})]

    def test_hooks_of_an_unrelated_blueprint_do_not_run(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        bp = Blueprint("bp", __name__)
        calls: list[str] = []
        bp.before_request(lambda: calls.append("bp") and None)
        bp.add_url_rule("/in", "inside", lambda: "in")
        app.register_blueprint(bp)
        app.add_url_rule("/out", "outside", lambda: "out")

        client.get("/out")
        assert calls == []
        client.get("/in")
        assert calls == ["bp"]


class TestReturnValues:
    @pytest.mark.parametrize(
        ("rv", "body", "status", "mimetype"),
        [
            ("text", b"text", 200, "text/html"),
            (b"bytes", b"bytes", 200, "text/html"),
            (bytearray(b"ba"), b"ba", 200, "text/html"),
            ({"a": 1}, b'{"a":1}\n', 200, "application/json"),
            ([1, 2], b"[1,2]\n", 200, "application/json"),
            (("made", 201), b"made", 201, "text/html"),
            (("made", "202 ACCEPTED"), b"made", 202, "text/html"),
            (("h", {"X-A": "1"}), b"h", 200, "text/html"),
            (("h", 404, [("X-A", "1")]), b"h", 404, "text/html"),
            (({"e": 1}, 400), b'{"e":1}\n', 400, "application/json"),
        ],
    )
    def test_return_value_forms(
        self,
        app: Demijohn,
        client: DemijohnClient,
        rv: t.Any,
        body: bytes,
        status: int,
        mimetype: str,
    ) -> None:
        app.add_url_rule("/", "index", lambda: rv)
        response = client.get("/")
        assert (response.data, response.status_code, response.mimetype) == (
            body,
            status,
            mimetype,
        )

    def test_dict_and_list_subclasses_are_json(self, app: Demijohn, client: DemijohnClient) -> None:
        class Record(dict[str, int]):
            pass

        class Rows(list[int]):
            pass

        app.add_url_rule("/record", "record", lambda: Record(a=1))
        app.add_url_rule("/rows", "rows", lambda: Rows([1, 2]))
        assert client.get("/record").json == {"a": 1}
        assert client.get("/rows").json == [1, 2]

    def test_json_provider_builds_dict_responses(self) -> None:
        class Provider(DefaultJSONProvider):
            def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
                response = super().response(*args, **kwargs)
                response.headers["X-Provider"] = "custom"
                return response

        class App(Demijohn):
            json_provider_class = Provider

        app = App(__name__)
        app.add_url_rule("/", "index", lambda: {"a": 1})
        assert app.test_client().get("/").headers["X-Provider"] == "custom"

    def test_headers_from_tuple_are_added(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: ("h", 200, Headers({"X-A": "1"})))
        assert client.get("/").headers["X-A"] == "1"

    def test_generator_streams(self, app: Demijohn, client: DemijohnClient) -> None:
        def gen() -> t.Iterator[str]:
            yield "a"
            yield "b"

        app.add_url_rule("/", "index", lambda: gen())
        response = client.get("/")
        assert response.data == b"ab"
        assert "Content-Length" not in response.headers

    def test_response_object_is_returned_as_is(self, app: Demijohn, client: DemijohnClient) -> None:
        made = Response("r", status=203)
        app.add_url_rule("/", "index", lambda: made)
        assert client.get("/").status_code == 203

    def test_werkzeug_response_and_wsgi_callable_are_coerced(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        def wsgi(environ: t.Any, start_response: t.Any) -> list[bytes]:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"from wsgi ", environ["PATH_INFO"].encode()]

        app.add_url_rule("/wz", "wz", lambda: WerkzeugResponse("plain", status=202))
        app.add_url_rule("/wsgi", "wsgi", lambda: wsgi)
        assert client.get("/wz").status_code == 202
        assert client.get("/wsgi").data == b"from wsgi /wsgi"

    def test_none_is_a_type_error_naming_the_view(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.route("/")
        def forgot() -> None:
            return None

        with pytest.raises(TypeError, match="'forgot' did not return a valid response"):
            client.get("/")

    def test_wrong_type_names_the_type(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: 3.5)
        with pytest.raises(TypeError, match="but it was a float"):
            client.get("/")

    def test_bad_tuple_length(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: ("a", 200, {}, "extra"))
        with pytest.raises(TypeError, match=r"\(body, status, headers\)"):
            client.get("/")

    def test_callable_that_is_not_wsgi(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: lambda: None)
        with pytest.raises(TypeError, match="did not return a valid response"):
            client.get("/")


class TestErrorHandlers:
    def test_code_handler_before_class_handler(self, app: Demijohn, client: DemijohnClient) -> None:
        app.register_error_handler(HTTPException, lambda e: ("class", 500))
        app.register_error_handler(404, lambda e: ("code", 404))
        assert client.get("/missing").data == b"code"

    def test_mro_picks_the_closest_class(self, app: Demijohn, client: DemijohnClient) -> None:
        class Base(Exception):
            pass

        class Child(Base):
            pass

        app.register_error_handler(Exception, lambda e: "exception")
        app.register_error_handler(Base, lambda e: "base")

        @app.route("/")
        def index() -> str:
            raise Child()

        assert client.get("/").data == b"base"

    def test_handler_may_take_the_request(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.errorhandler(404)
        def not_found(e: NotFound, request: t.Any) -> tuple[str, int]:
            return f"no {request.path}", 404

        assert client.get("/gone").data == b"no /gone"

    def test_unhandled_http_error_is_its_own_response(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/", "index", lambda: abort(403))
        response = client.get("/")
        assert response.status_code == 403
        assert b"Forbidden" in response.data

    def test_unhandled_exception_propagates_in_testing(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/", "index", lambda: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            client.get("/")

    def test_unhandled_exception_is_500_in_production(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        app.testing = False
        app.add_url_rule("/", "index", lambda: 1 / 0)
        with caplog.at_level(logging.ERROR):
            response = client.get("/")
        assert response.status_code == 500
        assert "Exception on / [GET]" in caplog.text
        assert "ZeroDivisionError" in caplog.text

    def test_500_handler_sees_the_original_exception(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        app.logger.disabled = True

        @app.errorhandler(500)
        def server_error(e: InternalServerError) -> tuple[str, int]:
            return f"oops: {type(e.original_exception).__name__}", 500

        app.add_url_rule("/", "index", lambda: 1 / 0)
        assert client.get("/").data == b"oops: ZeroDivisionError"
        app.logger.disabled = False

    def test_got_request_exception_signal(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        app.logger.disabled = True
        received: list[BaseException] = []

        def receiver(sender: Demijohn, exception: BaseException) -> None:
            received.append(exception)

        app.add_url_rule("/", "index", lambda: 1 / 0)
        with got_request_exception.connected_to(receiver, app):
            client.get("/")
        app.logger.disabled = False
        assert [type(e) for e in received] == [ZeroDivisionError]

    def test_trap_http_exceptions(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["TRAP_HTTP_EXCEPTIONS"] = True
        with pytest.raises(NotFound):
            client.get("/missing")

    def test_trap_bad_request_errors(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["TRAP_BAD_REQUEST_ERRORS"] = True
        app.add_url_rule("/", "index", lambda: request.form["missing"], methods=["POST"])
        with pytest.raises(BadRequest):
            client.post("/")

    def test_bad_request_key_error_is_400_by_default(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/", "index", lambda: request.args["missing"])
        response = client.get("/")
        assert response.status_code == 400
        assert b"missing" not in response.data

    def test_bad_request_key_error_is_trapped_in_debug(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.debug = True
        app.add_url_rule("/", "index", lambda: request.args["missing"])
        with pytest.raises(KeyError, match="missing"):
            client.get("/")

    def test_failing_after_request_in_error_path_keeps_the_error_response(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        calls: list[int] = []

        @app.after_request
        def broken(response: Response) -> Response:
            calls.append(response.status_code)
            raise RuntimeError("after_request failed")

        app.add_url_rule("/", "index", lambda: "ok")
        with caplog.at_level(logging.ERROR):
            response = client.get("/")
        assert response.status_code == 500
        assert calls == [200, 500]
        assert "Request finalizing failed" in caplog.text

    def test_handler_returning_an_http_error_is_its_response(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.register_error_handler(KeyError, lambda e: Forbidden())
        app.add_url_rule("/", "index", lambda: {}["x"])
        assert client.get("/").status_code == 403

    def test_redirect_from_routing_is_not_sent_to_handlers(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.register_error_handler(HTTPException, lambda e: ("handled", 500))
        app.add_url_rule("/dir/", "dir", lambda: "dir")
        response = client.get("/dir")
        assert response.status_code == 308
        assert response.headers["Location"].endswith("/dir/")

    @pytest.mark.parametrize("path", ["/ws", "/ws/lobby"])
    def test_websocket_url_over_plain_http_is_426(
        self, app: Demijohn, client: DemijohnClient, path: str
    ) -> None:
        async def handler(websocket: t.Any, room: str = "") -> None:
            await websocket.accept()

        app.websocket("/ws")(handler)
        app.websocket("/ws/<room>", endpoint="room")(handler)
        response = client.get(path)
        assert response.status_code == 426
        assert b"WebSocket client" in response.data

    def test_websocket_to_an_http_url_is_400(self, app: Demijohn) -> None:
        app.add_url_rule("/page", "page", lambda: "page")
        with pytest.raises(WebSocketRejected) as info, app.test_client().websocket("/page"):
            pass
        assert info.value.status_code == 400


class TestTeardown:
    def test_teardown_runs_after_an_error_with_the_exception(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        seen: list[BaseException | None] = []
        app.teardown_request(seen.append)
        app.add_url_rule("/", "index", lambda: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            client.get("/")
        assert [type(e) for e in seen] == [ZeroDivisionError]

    def test_teardown_gets_none_when_the_error_was_handled(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        seen: list[BaseException | None] = []
        app.teardown_request(seen.append)
        app.register_error_handler(ZeroDivisionError, lambda e: "handled")
        app.add_url_rule("/", "index", lambda: 1 / 0)
        assert client.get("/").data == b"handled"
        assert seen == [None]

    def test_every_teardown_runs_when_one_fails(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        ran: list[str] = []

        @app.teardown_request
        def last(exc: BaseException | None) -> None:
            ran.append("last")

        @app.teardown_request
        def broken_one(exc: BaseException | None) -> None:
            ran.append("broken_one")
            raise ValueError("first failure")

        @app.teardown_request
        def broken_two(exc: BaseException | None) -> None:
            ran.append("broken_two")
            raise KeyError("second failure")

        app.add_url_rule("/", "index", lambda: "ok")
        with caplog.at_level(logging.ERROR), pytest.raises(KeyError) as info:
            client.get("/")
        assert ran == ["broken_two", "broken_one", "last"]
        assert any("first failure" in note for note in info.value.__notes__)
        assert "A teardown function failed" in caplog.text

    def test_teardown_failure_does_not_hide_the_original_error(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        @app.teardown_request
        def broken(exc: BaseException | None) -> None:
            raise ValueError("teardown failure")

        app.add_url_rule("/", "index", lambda: 1 / 0)
        with caplog.at_level(logging.ERROR), pytest.raises(ZeroDivisionError):
            client.get("/")
        assert "teardown failure" in caplog.text

    def test_appcontext_teardown_runs_in_reverse_after_request_teardown(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        order: list[str] = []
        app.teardown_appcontext(lambda exc: order.append("app 1"))
        app.teardown_appcontext(lambda exc: order.append("app 2"))
        app.teardown_request(lambda exc: order.append("request"))
        app.add_url_rule("/", "index", lambda: "ok")
        client.get("/")
        assert order == ["request", "app 2", "app 1"]


class TestSetupPhase:
    def test_setup_refused_after_first_request(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: "ok")
        client.get("/")
        with pytest.raises(AssertionError, match="already handled its first request"):
            app.add_url_rule("/late", "late", lambda: "late")
        with pytest.raises(AssertionError, match="before_request"):
            app.before_request(lambda: None)

    def test_chains_are_cached_after_first_request(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        calls: list[str] = []
        app.before_request(lambda: calls.append("hook") and None)
        app.add_url_rule("/", "index", lambda: "ok")
        client.get("/")
        client.get("/")
        assert calls == ["hook", "hook"]
        assert None in app._hook_plans

    def test_prepared_hooks_belong_to_their_app(self) -> None:
        calls: list[str] = []
        first, second = Demijohn(__name__), Demijohn(__name__)
        first.add_url_rule("/", "index", lambda: "first")
        first.before_request(lambda: calls.append("first hook") and None)
        second.url_map = first.url_map
        second.view_functions["index"] = lambda: "second"
        second.before_request(lambda: calls.append("second hook") and None)
        for _ in range(2):
            assert first.test_client().get("/").data == b"first"
            assert second.test_client().get("/").data == b"second"
        assert calls == ["first hook", "second hook"] * 2

    def test_hooks_registered_between_test_contexts_still_apply(self, app: Demijohn) -> None:
        calls: list[str] = []
        app.add_url_rule("/", "index", lambda: "ok")
        with app.test_request_context("/"):
            app.preprocess_request()
        app.before_request(lambda: calls.append("late hook") and None)
        with app.test_request_context("/"):
            app.preprocess_request()
        assert calls == ["late hook"]


class TestSubclassing:
    def test_overridden_steps_are_used(self) -> None:
        class Audited(Demijohn):
            log: t.ClassVar[list[str]] = []

            def preprocess_request(self) -> t.Any:
                self.log.append("preprocess")
                return super().preprocess_request()

            def process_response(self, response: Response) -> Response:
                self.log.append("process")
                response.headers["X-Audited"] = "yes"
                return super().process_response(response)

        app = Audited(__name__)
        app.add_url_rule("/", "index", lambda: "ok")
        response = app.test_client().get("/")
        assert response.headers["X-Audited"] == "yes"
        assert Audited.log == ["preprocess", "process"]

    def test_custom_response_class(self) -> None:
        class JSONByDefault(Response):
            default_mimetype = "application/json"

        class App(Demijohn):
            response_class = JSONByDefault

        app = App(__name__)
        app.add_url_rule("/", "index", lambda: "{}")
        assert app.test_client().get("/").mimetype == "application/json"


def test_permanent_session_cookie_is_refreshed_without_being_read() -> None:
    app = Demijohn(__name__)
    app.config.update(TESTING=True, SECRET_KEY="refresh")

    @app.route("/login")
    def login() -> str:
        session.permanent = True
        session["user"] = "ada"
        return "in"

    @app.route("/other")
    def other() -> str:
        return "untouched"

    client = app.test_client()
    client.get("/login")
    response = client.get("/other")
    assert any(c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))


def test_untouched_session_sends_no_cookie_when_refresh_is_off() -> None:
    app = Demijohn(__name__)
    app.config.update(TESTING=True, SECRET_KEY="refresh")
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False

    @app.route("/login")
    def login() -> str:
        session.permanent = True
        session["user"] = "ada"
        return "in"

    @app.route("/other")
    def other() -> str:
        return "untouched"

    client = app.test_client()
    client.get("/login")
    response = client.get("/other")
    assert response.headers.getlist("Set-Cookie") == []
    assert "Cookie" not in response.vary


def test_http_error_response_is_built_in_memory(app: Demijohn, client: DemijohnClient) -> None:
    response = client.get("/missing")
    assert response.status_code == 404
    assert response.headers["Content-Length"] == str(len(response.data))


def test_hook_added_from_inside_a_view_runs_for_that_request(
    app: Demijohn, client: DemijohnClient
) -> None:
    # Flask reads the registries on every request, and extensions rely on it: Flask-Caching
    # adds an after_request function from inside the view the first time it is needed.
    def mark(response: Response) -> Response:
        response.headers["X-Late"] = "yes"
        return response

    @app.route("/")
    def index() -> str:
        if mark not in app.after_request_funcs[None]:
            app.after_request_funcs[None].append(mark)
        return "ok"

    @app.route("/plain")
    def plain() -> str:
        return "ok"

    assert client.get("/plain").headers.get("X-Late") is None
    assert client.get("/").headers["X-Late"] == "yes"
    assert client.get("/plain").headers["X-Late"] == "yes"
    app.after_request_funcs[None].remove(mark)
    assert client.get("/plain").headers.get("X-Late") is None


class TestErrorPages:
    """An HTTP error's page is built as Werkzeug's ``get_response`` builds it."""

    @staticmethod
    def werkzeug_page(app: Demijohn, e: HTTPException) -> Response:
        return t.cast(Response, app.response_class.force_type(e.get_response(), None))

    @staticmethod
    def assert_same(made: Response, expected: Response) -> None:
        assert type(made) is type(expected)
        assert (made.status, made.status_code) == (expected.status, expected.status_code)
        assert list(made.headers) == list(expected.headers)
        assert made.get_data() == expected.get_data()
        assert made.response == expected.response
        assert vars(made).keys() == vars(expected).keys()

    @pytest.mark.parametrize(
        "error",
        [
            NotFound(),
            NotFound("<b>gone</b>\nfor good"),
            NotFound(Markup("<b>gone</b>")),
            Forbidden(),
            MethodNotAllowed(["GET", "POST"]),
            HTTPException(),
        ],
    )
    def test_page_matches_werkzeug(self, app: Demijohn, error: HTTPException) -> None:
        with app.test_request_context():
            self.assert_same(app.make_response(error), self.werkzeug_page(app, error))
            # Again, from the kept page.
            self.assert_same(app.make_response(error), self.werkzeug_page(app, error))

    def test_error_with_a_status_and_headers(self, app: Demijohn) -> None:
        with app.test_request_context():
            response = app.make_response((NotFound(), 410, {"X-Gone": "1"}))
        assert response.status_code == 410
        assert response.headers["X-Gone"] == "1"
        assert b"<h1>Not Found</h1>" in response.get_data()

    def test_class_with_its_own_page_is_asked(self, app: Demijohn) -> None:
        class Teapot(HTTPException):
            code = 418

            def get_description(self, environ: t.Any = None, scope: t.Any = None) -> str:
                return "<p>short and stout</p>"

        with app.test_request_context():
            response = app.make_response(Teapot())
        assert response.status_code == 418
        assert b"short and stout" in response.get_data()

    def test_error_carrying_a_response_sends_it(self, app: Demijohn) -> None:
        with app.test_request_context():
            response = app.make_response(NotFound(response=Response("mine", 404)))
        assert response.get_data() == b"mine"

    def test_response_class_with_its_own_force_type(self, app: Demijohn) -> None:
        class Marked(Response):
            @classmethod
            def force_type(cls, response: t.Any, environ: t.Any = None) -> t.Any:
                response = super().force_type(response, environ)
                response.headers["X-Forced"] = "yes"
                return response

        app.response_class = Marked
        with app.test_request_context():
            response = app.make_response(NotFound())
        assert response.headers["X-Forced"] == "yes"

    def test_response_class_with_its_own_constructor(self, app: Demijohn) -> None:
        class Shouting(Response):
            def _clean_status(self, value: t.Any) -> tuple[str, int]:
                status, code = super()._clean_status(value)
                return status + "!", code

        app.response_class = Shouting
        with app.test_request_context():
            response = app.make_response(NotFound())
        assert isinstance(response, Shouting)
        assert response.status == "404 NOT FOUND"

    def test_many_descriptions(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/items/<int:number>")
        def item(number: int) -> str:
            abort(404, description=f"No item {number}.")

        for number in range(260):
            assert f"No item {number}.".encode() in client.get(f"/items/{number}").data

    def test_many_error_classes(self, app: Demijohn) -> None:
        with app.test_request_context():
            for number in range(300):
                error_class = type(f"Error{number}", (HTTPException,), {"code": 400})
                page = app.make_response(error_class(f"number {number}"))
                assert f"number {number}".encode() in page.get_data()
                assert page.status_code == 400


def test_url_variables_are_those_of_every_rule_of_the_endpoint(app: Demijohn) -> None:
    def item(shop: str, id: int = 0) -> str:
        return f"{shop} {id}"

    app.add_url_rule("/<shop>/items/", "item", item, defaults={"id": 0})
    app.add_url_rule("/<shop>/items/<int:id>", "item", item)
    assert app.url_variables("item") == {"shop", "id"}
    # A view registered without a rule gets no values.
    app.view_functions["bare"] = item
    assert app.url_variables("bare") == set()
