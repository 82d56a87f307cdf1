"""The request the ASGI driver builds from a scope, through the raw harness: the same values
as a WSGI request's, no environ unless code reads one (then the one a WSGI server would give),
request classes and WSGI middleware that need an environ, and malformed scopes answered with a
400 and one log line."""

from __future__ import annotations

import asyncio
import json
import logging
import typing as t

import pytest

from demijohn import Demijohn, Request, request, session, url_for
from demijohn.asgi.environ import make_environ
from demijohn.asgi.request_body import RequestBodyStream

from .harness import DEADLOCK, Client, body, call, http_scope, websocket_scope

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


def serve(app: Demijohn, scope: dict[str, t.Any], *messages: t.Any) -> Client:
    """One call of ``app`` with ``scope``, the client sending ``messages`` (an empty body)."""

    async def run() -> Client:
        client = Client(*(messages or (body(b""),)))
        await asyncio.wait_for(call(app, client, scope), DEADLOCK)
        return client

    return asyncio.run(run())


def scope_of(path: str = "/", **values: t.Any) -> dict[str, t.Any]:
    scope = http_scope(path, headers=values.pop("headers", ()))
    scope.update(values)
    return scope


class TestValues:
    def test_the_request_reads_the_scope(self, app: Demijohn) -> None:
        @app.route("/<name>")
        def show(name: str) -> dict[str, t.Any]:
            return {
                "method": request.method,
                "url": request.url,
                "root": request.root_path,
                "path": request.path,
                "args": request.args.to_dict(),
                "agent": request.headers["User-Agent"],
                "remote": request.remote_addr,
                "host": request.host,
                "environ": request.has_environ,
            }

        scope = scope_of(
            "/app/caf\u00e9",
            root_path="/app",
            query_string=b"a=1&b=%C3%A9",
            scheme="https",
            server=("example.com", 443),
            headers=[("Host", "example.com"), ("User-Agent", "probe/1")],
        )
        assert json.loads(serve(app, scope).body) == {
            "agent": "probe/1",
            "args": {"a": "1", "b": "\u00e9"},
            "environ": False,
            "host": "example.com",
            "method": "GET",
            "path": "/caf\u00e9",
            "remote": "127.0.0.1",
            "root": "/app",
            "url": "https://example.com/app/caf\u00e9?a=1&b=\u00e9",
        }

    def test_headers_are_read_as_a_wsgi_request_reads_them(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> t.Any:
            return [list(request.headers.items()), request.cookies.to_dict()]

        headers = [("x-tag", "a"), ("X-Tag", "b"), ("cookie", "a=1"), ("cookie", "b=2")]
        assert json.loads(serve(app, scope_of(headers=headers)).body) == [
            [["X-Tag", "a, b"], ["Cookie", "a=1; b=2"]],
            {"a": "1", "b": "2"},
        ]

    def test_headers_cannot_be_changed(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> str:
            try:
                request.headers["X-New"] = "1"  # type: ignore[index]
            except TypeError:
                return "read-only"
            return "changed"

        assert serve(app, scope_of()).body == b"read-only"

    def test_a_body_over_the_limit_is_refused(self, app: Demijohn) -> None:
        app.config["MAX_CONTENT_LENGTH"] = 3

        @app.post("/")
        def index() -> bytes:
            return request.get_data()

        scope = scope_of(method="POST", headers=[("Content-Length", "5")])
        assert serve(app, scope, body(b"hello")).status == 413

    def test_session_cookies_and_url_building_need_no_environ(self, app: Demijohn) -> None:
        app.secret_key = "a test secret key long enough to sign with"

        @app.route("/set")
        def set_value() -> str:
            session["n"] = 1
            return "set"

        @app.route("/read")
        def read() -> str:
            return f"{session.get('n')} {url_for('read', _external=True)} {request.has_environ}"

        cookie = serve(app, scope_of("/set")).sent[0]["headers"]
        value = next(v for k, v in cookie if k == b"set-cookie").split(b";")[0]
        scope = scope_of("/read", headers=[("Host", "shop.test"), ("Cookie", value.decode())])
        assert serve(app, scope).body == b"1 http://shop.test/read False"

    def test_url_building_with_a_server_name_finds_the_subdomain(self, app: Demijohn) -> None:
        app.config["SERVER_NAME"] = "shop.test"
        app.subdomain_matching = True

        @app.route("/", subdomain="<shop>")
        def index(shop: str) -> str:
            return f"{shop} {url_for('index', shop='b')}"

        scope = scope_of(headers=[("Host", "a.shop.test")])
        assert serve(app, scope).body == b"a http://b.shop.test/"


class TestEnviron:
    def test_is_made_on_first_read_as_a_wsgi_server_would_give_it(self, app: Demijohn) -> None:
        seen: dict[str, t.Any] = {}

        @app.post("/")
        def index() -> str:
            seen["before"] = request.has_environ
            seen["environ"] = request.environ
            seen["again"] = request.environ
            return "ok"

        scope = scope_of(method="POST", headers=[("Content-Type", "text/plain")])
        assert serve(app, scope, body(b"hi")).body == b"ok"
        environ = seen["environ"]
        assert seen["before"] is False
        assert seen["again"] is environ
        expected = make_environ(scope, RequestBodyStream(_never_called))
        assert set(environ) == set(expected) | {"werkzeug.request"}
        for key in ("REQUEST_METHOD", "PATH_INFO", "CONTENT_TYPE", "SERVER_NAME", "REMOTE_ADDR"):
            assert environ[key] == expected[key]

    def test_values_put_in_it_are_kept(self, app: Demijohn) -> None:
        @app.before_request
        def mark() -> None:
            request.environ["shop.user"] = "ada"

        @app.route("/")
        def index() -> str:
            return t.cast(str, request.environ["shop.user"])

        assert serve(app, scope_of()).body == b"ada"

    def test_a_request_class_that_takes_the_environ_gets_one(self, app: Demijohn) -> None:
        class TaggedRequest(Request):
            def __init__(self, environ: WSGIEnvironment, *args: t.Any, **kwargs: t.Any) -> None:
                super().__init__(environ, *args, **kwargs)
                self.tag = environ["PATH_INFO"].upper()

        app.request_class = TaggedRequest

        @app.route("/tag")
        def index() -> str:
            return t.cast(TaggedRequest, request._get_current_object()).tag  # type: ignore[attr-defined]

        assert serve(app, scope_of("/tag")).body == b"/TAG"

    def test_wsgi_middleware_around_wsgi_app_still_runs(self, app: Demijohn) -> None:
        def middleware(inner: WSGIApplication) -> WSGIApplication:
            def wrapped(environ: WSGIEnvironment, start_response: StartResponse) -> t.Any:
                environ["PATH_INFO"] = "/moved"
                return inner(environ, start_response)

            return wrapped

        @app.route("/moved")
        def moved() -> str:
            return "moved"

        app.wsgi_app = middleware(app.wsgi_app)  # type: ignore[method-assign]
        assert serve(app, scope_of("/anywhere")).body == b"moved"


class TestMalformedScopes:
    @pytest.mark.parametrize(
        ("key", "value"),
        [
            ("path", None),
            ("path", b"/"),
            ("method", 7),
            ("query_string", "a=1"),
            ("headers", [("host", "x")]),
            ("headers", [(b"host", b"a", b"b")]),
            ("client", ("1.2.3.4",)),
            ("server", "localhost"),
            ("server", (None, 80)),
            ("client", (None, 1)),
            ("root_path", 5),
        ],
    )
    def test_get_a_400_and_one_log_line(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture, key: str, value: t.Any
    ) -> None:
        app.add_url_rule("/", "index", lambda: "index")
        scope = scope_of()
        if value is None:
            del scope[key]
        else:
            scope[key] = value
        with caplog.at_level(logging.WARNING, logger="demijohn.asgi"):
            client = serve(app, scope)
        assert client.status == 400
        assert client.finished
        assert b"malformed" in client.body
        lines = [r for r in caplog.records if r.name.startswith("demijohn.asgi")]
        assert len(lines) == 1
        assert repr(key) in lines[0].getMessage()

    @pytest.mark.parametrize(
        ("message", "why"),
        [
            ({"type": "http.request", "body": "text", "more_body": False}, "'body' is str"),
            ({"type": "http.request", "body": None, "more_body": False}, "'body' is NoneType"),
            ({"type": "http.request", "body": b"", "more_body": "no"}, "'body' is bytes"),
            ({"type": "http.unknown"}, "type is 'http.unknown'"),
        ],
        ids=["text", "none", "more-body-not-bool", "unknown-type"],
    )
    def test_a_malformed_body_message_gets_a_400_and_one_log_line(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture, message: t.Any, why: str
    ) -> None:
        app.add_url_rule("/", "echo", lambda: request.get_data(), methods=["POST"])
        with caplog.at_level(logging.WARNING, logger="demijohn.asgi"):
            client = serve(app, scope_of(method="POST"), message)
        assert client.status == 400
        assert client.finished
        lines = [r.getMessage() for r in caplog.records if r.name.startswith("demijohn.asgi")]
        assert len(lines) == 1
        assert why in lines[0]

    def test_are_refused_through_wsgi_middleware_too(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        app.wsgi_app = app.wsgi_app  # type: ignore[method-assign]  # as middleware would
        scope = scope_of()
        del scope["path"]
        with caplog.at_level(logging.WARNING, logger="demijohn.asgi"):
            assert serve(app, scope).status == 400
        assert len(caplog.records) == 1

    def test_paths_beyond_latin_1_are_served(self, app: Demijohn) -> None:
        @app.route("/<name>")
        def show(name: str) -> str:
            return name

        assert serve(app, scope_of("/\u65e5\u672c")).body == "\u65e5\u672c".encode()

    def test_a_websocket_scope_is_refused_with_a_400(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        scope = websocket_scope()
        scope["extensions"] = {"websocket.http.response": {}}
        del scope["path"]
        with caplog.at_level(logging.WARNING, logger="demijohn.asgi"):
            client = serve(app, scope, {"type": "websocket.connect"})
        assert client.sent[0]["type"] == "websocket.http.response.start"
        assert client.sent[0]["status"] == 400
        assert len(caplog.records) == 1


async def _never_called() -> t.Any:
    raise AssertionError("the body is not read")
