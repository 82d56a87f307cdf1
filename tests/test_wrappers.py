"""The request and response classes."""

from __future__ import annotations

import io
import typing as t

import pytest
from werkzeug.datastructures import FileStorage, Headers, ImmutableMultiDict
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request as WerkzeugRequest
from werkzeug.wrappers import Response as WerkzeugResponse

from demijohn import (
    Blueprint,
    Demijohn,
    Request,
    Response,
    abort,
    copy_current_request_context,
    request,
    werkzeug_privates,
    wrappers,
)
from demijohn.debughelpers import DebugFilesKeyError
from demijohn.testing import DemijohnClient


class TestRequest:
    def test_endpoint_and_blueprints(self, app: Demijohn, client: DemijohnClient) -> None:
        outer = Blueprint("outer", __name__)
        inner = Blueprint("inner", __name__)

        @inner.route("/where")
        def where() -> dict[str, t.Any]:
            return {
                "endpoint": request.endpoint,
                "blueprint": request.blueprint,
                "blueprints": request.blueprints,
            }

        outer.register_blueprint(inner, url_prefix="/inner")
        app.register_blueprint(outer, url_prefix="/outer")
        assert client.get("/outer/inner/where").json == {
            "endpoint": "outer.inner.where",
            "blueprint": "outer.inner",
            "blueprints": ["outer.inner", "outer"],
        }

    def test_state_is_kept_for_the_request(self, app: Demijohn, client: DemijohnClient) -> None:
        seen: list[dict[str, t.Any]] = []

        @app.before_request
        def remember() -> None:
            request.state["ext.visits"] = request.state.get("ext.visits", 0) + 1
            seen.append(request.state)

        @app.route("/")
        def index() -> str:
            # The same values in the view, and through a copied context.
            copied = copy_current_request_context(lambda: request.state["ext.visits"])
            return f"{request.state['ext.visits']} {copied()} {request.state is seen[-1]}"

        assert client.get("/").text == "1 1 True"
        assert client.get("/").text == "1 1 True"  # each request starts empty
        assert seen[0] is not seen[1]

    def test_state_makes_no_environ_under_asgi(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> str:
            request.state["ext.value"] = 1
            return str(request.has_environ)

        assert app.test_client(protocol="asgi").get("/").text == "False"
        assert app.test_client(protocol="wsgi").get("/").text == "True"

    def test_no_rule_means_no_endpoint(self, app: Demijohn) -> None:
        with app.test_request_context("/nowhere"):
            assert (request.endpoint, request.blueprint, request.blueprints) == (None, None, [])

    def test_limits_come_from_config_and_can_be_set_per_request(self, app: Demijohn) -> None:
        app.config.update(MAX_CONTENT_LENGTH=10, MAX_FORM_MEMORY_SIZE=20, MAX_FORM_PARTS=3)
        with app.test_request_context():
            assert (
                request.max_content_length,
                request.max_form_memory_size,
                request.max_form_parts,
            ) == (10, 20, 3)
            request.max_content_length = 99
            request.max_form_parts = 7
            assert (request.max_content_length, request.max_form_parts) == (99, 7)

    def test_limits_outside_an_application_are_werkzeugs(self) -> None:
        plain = Request.from_values()
        assert plain.max_content_length is None
        assert plain.max_form_parts == 1000

    def test_uploaded_files_are_closed_after_the_request(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        uploads: list[t.Any] = []

        @app.post("/")
        def upload() -> str:
            uploads.append(request.files["file"])
            return request.files["file"].read().decode()

        response = client.post("/", data={"file": (io.BytesIO(b"content"), "a.txt")})
        assert response.data == b"content"
        assert uploads[0].stream.closed

    def test_close_without_files_read(self, app: Demijohn) -> None:
        with app.test_request_context(method="POST", data={"field": "value"}):
            assert "files" not in request.__dict__
            request.close()
            assert request.form["field"] == "value"

    def test_a_file_missing_after_the_form_was_read_is_explained_in_debug_mode(
        self, app: Demijohn
    ) -> None:
        app.debug = True
        with app.test_request_context(method="POST", data={"upload": "photo.jpg"}):
            assert request.form["upload"] == "photo.jpg"
            with pytest.raises(DebugFilesKeyError, match=r"'photo\.jpg'"):
                request.files["upload"]
            assert request.files is request.files

    def test_files_can_be_assigned(self, app: Demijohn) -> None:
        with app.test_request_context(method="POST", data={"name": "x"}):
            replaced = ImmutableMultiDict([("upload", FileStorage(io.BytesIO(b"new")))])
            request.files = replaced
            assert request.files is replaced
            assert request.form["name"] == "x"

    @pytest.mark.parametrize(
        "overrides",
        [
            {},
            {"SCRIPT_NAME": "/mount/", "PATH_INFO": "//a/b/", "QUERY_STRING": "x=1&y=%C3%A9"},
            {"PATH_INFO": "/caf\xc3\xa9", "REQUEST_METHOD": "post", "wsgi.url_scheme": "https"},
            {"SERVER_PORT": "not a port", "REMOTE_ADDR": None, "HTTP_X_TAG": "tag"},
            {"SERVER_NAME": None, "PATH_INFO": None, "SCRIPT_NAME": None},
            # Not UTF-8: the invalid bytes are replaced, as Werkzeug does.
            {"PATH_INFO": "/\xff\xc3", "SCRIPT_NAME": "/m\xc3\xa9\xff/"},
            {"SERVER_PORT": None},
        ],
    )
    def test_attributes_match_werkzeugs_constructor(self, overrides: dict[str, t.Any]) -> None:
        environ = EnvironBuilder("/", headers={"Cookie": "a=1"}).get_environ()
        for key, value in overrides.items():
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = value
        ours, theirs = Request(dict(environ)), WerkzeugRequest(dict(environ))
        for name in ("method", "scheme", "server", "root_path", "path", "query_string"):
            assert getattr(ours, name) == getattr(theirs, name), name
        assert ours.remote_addr == theirs.remote_addr
        assert list(ours.headers) == list(theirs.headers)
        assert (ours.url, ours.args, ours.cookies) == (theirs.url, theirs.args, theirs.cookies)

    def test_attributes_read_on_first_use_can_be_assigned(self) -> None:
        request = Request(EnvironBuilder("/a", query_string="q=1").get_environ())
        request.root_path = "/mounted"
        request.query_string = b"q=2"
        assert request.url == "http://localhost/mounted/a?q=2"
        request.headers = Headers({"X-Tag": "b"})
        assert request.headers["x-tag"] == "b"

    @pytest.mark.parametrize("fields", [True, False], ids=["own-fields", "werkzeug-init"])
    def test_from_parts_gives_werkzeugs_attributes_and_no_environ(
        self, monkeypatch: pytest.MonkeyPatch, fields: bool
    ) -> None:
        monkeypatch.setattr(werkzeug_privates, "REQUEST_FIELDS", fields)
        made: list[bool] = []

        def make_environ(request: Request) -> dict[str, t.Any]:
            made.append(True)
            return EnvironBuilder("/never").get_environ()

        keys = {"HTTP_HOST": "shop.test", "HTTP_X_TAG": "a, b", "CONTENT_TYPE": "text/plain"}
        request = Request.from_parts(
            "post",
            "https",
            ("shop.test", 443),
            "/app/",
            "//cart",
            b"q=1",
            keys,
            "10.0.0.1",
            io.BytesIO(b"body"),
            make_environ,
        )
        expected = WerkzeugRequest(
            EnvironBuilder(
                "/cart",
                "https://shop.test/app/",
                method="POST",
                query_string="q=1",
                headers={"X-Tag": "a, b"},
                content_type="text/plain",
                environ_base={"REMOTE_ADDR": "10.0.0.1"},
            ).get_environ()
        )
        assert (request.method, request.url, request.root_path, request.path) == (
            expected.method,
            expected.url,
            expected.root_path,
            expected.path,
        )
        assert (request.args, request.remote_addr, request.host) == (
            expected.args,
            expected.remote_addr,
            expected.host,
        )
        assert request.headers["X-Tag"] == "a, b"
        assert request.headers.get("Content-Type") == "text/plain"
        assert request.get_data() == b"body"
        assert made == []
        assert not request.has_environ

    def test_constructor_options_are_werkzeugs(self) -> None:
        environ = EnvironBuilder().get_environ()
        assert Request(environ, populate_request=False).shallow is False
        assert "werkzeug.request" not in environ
        shallow = Request(environ, shallow=True)
        assert shallow.shallow is True
        assert "werkzeug.request" not in environ
        populated = Request(environ)
        assert environ["werkzeug.request"] is populated

    def test_websocket_is_none_for_http(self, app: Demijohn) -> None:
        with app.test_request_context():
            assert request.websocket is None


class TestResponse:
    @pytest.mark.parametrize("text", ["", "hello", "héllo ✓"])
    def test_from_text_matches_the_constructor(self, text: str) -> None:
        fast = Response.from_text(text)
        assert fast is not None
        slow = Response(text)
        assert fast.status == slow.status
        assert fast.get_data() == slow.get_data()
        assert list(fast.headers) == list(slow.headers)

    def test_from_text_follows_a_subclass_mimetype(self) -> None:
        class Plain(Response):
            default_mimetype = "text/plain"

        fast = Plain.from_text("x")
        assert isinstance(fast, Plain)
        assert fast.headers["Content-Type"] == "text/plain; charset=utf-8"

    def test_from_text_declines_classes_that_build_differently(self) -> None:
        class Custom(Response):
            def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
                super().__init__(*args, **kwargs)
                self.headers["X-Custom"] = "yes"

        class NoLength(Response):
            automatically_set_content_length = False

        assert Custom.from_text("x") is None
        assert NoLength.from_text("x") is None

    def test_from_body_matches_the_constructor(self) -> None:
        fast = Response.from_body(b'{"a":1}\n', "application/json")
        assert fast is not None
        slow = Response('{"a":1}\n', mimetype="application/json")
        assert (fast.status, fast.status_code) == (slow.status, slow.status_code)
        assert fast.get_data() == slow.get_data()
        assert list(fast.headers) == list(slow.headers)

    def test_from_body_follows_a_subclass_default_status(self) -> None:
        class Created(Response):
            default_status = 201

        fast = Created.from_body(b"x", "text/plain")
        assert fast is not None
        assert (fast.status, fast.status_code) == ("201 CREATED", 201)
        again = Created.from_body(b"y", "text/plain")
        assert again is not None
        assert again.status == "201 CREATED"

    def test_from_text_follows_a_subclass_default_status(self) -> None:
        class Accepted(Response):
            default_status = 202

        # The first one works the status line out; the next ones reuse it.
        for text in ("a", "b"):
            fast = Accepted.from_text(text)
            assert fast is not None
            slow = Accepted(text)
            assert (fast.status, fast.status_code) == (slow.status, slow.status_code)
            assert (fast.get_data(), list(fast.headers)) == (slow.get_data(), list(slow.headers))

    def test_from_body_declines_classes_that_set_status_their_way(self) -> None:
        class Shouting(Response):
            def _clean_status(self, value: t.Any) -> tuple[str, int]:
                status, code = super()._clean_status(value)
                return status.upper() + "!", code

        assert Shouting.from_body(b"x", "text/plain") is None
        assert Shouting.from_text("x") is None

    def test_custom_constructor_is_used_for_text_views(self) -> None:
        class Custom(Response):
            def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
                super().__init__(*args, **kwargs)
                self.headers["X-Custom"] = "yes"

        class App(Demijohn):
            response_class = Custom

        app = App(__name__)
        app.add_url_rule("/", "index", lambda: "text")
        assert app.test_client().get("/").headers["X-Custom"] == "yes"

    def test_subclass_changing_wsgi_headers_is_honoured(self) -> None:
        class Stamped(Response):
            def get_wsgi_headers(self, environ: t.Any) -> Headers:
                headers = super().get_wsgi_headers(environ)
                headers["X-Stamped"] = "1"
                return headers

        class App(Demijohn):
            response_class = Stamped

        app = App(__name__)
        app.add_url_rule("/", "index", lambda: "text")
        assert app.test_client().get("/").headers["X-Stamped"] == "1"

    def test_subclass_changing_status_code_is_honoured(self) -> None:
        class NotModified(Response):
            @property
            def status_code(self) -> int:
                return 304

            @status_code.setter
            def status_code(self, code: int) -> None:
                self.status = code

        class App(Demijohn):
            response_class = NotModified

        app = App(__name__)
        app.add_url_rule("/", "index", lambda: "text")
        # Werkzeug sends the status line it stored, and no body for a 304 status code.
        assert app.test_client().get("/").data == b""

    def test_headers_class_with_its_own_wsgi_list_is_honoured(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Stamping(Headers):
            def to_wsgi_list(self) -> list[tuple[str, str]]:
                return [*super().to_wsgi_list(), ("X-Stamped", "1")]

        @app.route("/")
        def index() -> Response:
            response = Response("body")
            response.headers = Stamping(response.headers)
            return response

        response = client.get("/")
        assert response.data == b"body"
        assert response.headers["Content-Length"] == "4"
        if client.protocol == "wsgi":
            assert response.headers["X-Stamped"] == "1"

    def test_location_header_is_still_made_safe(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/", "index", lambda: ("moved", 302, {"Location": "/ünïcode"}))
        assert client.get("/").headers["Location"] == "/%C3%BCn%C3%AFcode"

    @pytest.mark.parametrize(
        ("headers", "expected"),
        [
            ({"Content-Location": "/ünï"}, "/%C3%BCn%C3%AF"),
            ({"content-location": "/ü"}, "/%C3%BC"),
        ],
    )
    def test_content_location_is_still_made_safe(
        self, app: Demijohn, client: DemijohnClient, headers: dict[str, str], expected: str
    ) -> None:
        app.add_url_rule("/", "index", lambda: ("body", 200, headers))
        assert client.get("/").headers["Content-Location"] == expected

    def test_repeated_content_length_is_sent_as_given(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.route("/")
        def index() -> Response:
            response = Response("body")
            response.headers.add("Content-Length", "4")
            return response

        response = client.get("/")
        assert response.data == b"body"
        assert response.headers.getlist("Content-Length") == ["4", "4"]

    def test_missing_content_length_is_added(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/")
        def index() -> Response:
            response = Response("body")
            del response.headers["Content-Length"]
            return response

        assert client.get("/").headers["Content-Length"] == "4"

    def test_text_chunks_in_a_body_list_are_encoded(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.route("/")
        def index() -> Response:
            response = Response("ab")
            response.response = [b"a", "b"]  # type: ignore[list-item]  # a str chunk, as WSGI apps may do
            return response

        assert client.get("/").data == b"ab"

    @pytest.mark.parametrize(
        ("status", "body", "length"),
        [
            (200, b"body", "4"),
            (204, b"", None),
            (304, b"", None),
            (404, b"body", "4"),
            (599, b"body", "4"),
        ],
    )
    def test_status_codes_without_a_body_lose_it(
        self,
        app: Demijohn,
        client: DemijohnClient,
        status: int,
        body: bytes,
        length: str | None,
    ) -> None:
        app.add_url_rule("/", "index", lambda: ("body", status))
        response = client.get("/")
        assert response.status_code == status
        assert response.data == body
        assert response.headers.get("Content-Length") == length

    def test_head_response_has_no_body_but_its_length(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/", "index", lambda: "body")
        response = client.head("/")
        assert (response.data, response.headers["Content-Length"]) == (b"", "4")

    def test_werkzeug_response_is_coerced(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: WerkzeugResponse("plain", mimetype="text/plain"))
        response = client.get("/")
        assert (response.data, response.mimetype) == (b"plain", "text/plain")

    def test_max_cookie_size_from_config(self, app: Demijohn) -> None:
        app.config["MAX_COOKIE_SIZE"] = 10
        with app.app_context():
            assert Response().max_cookie_size == 10
        assert Response().max_cookie_size == 4093


def _switch_off_the_fast_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a Werkzeug release that changed its response internals makes of ``Response``."""
    monkeypatch.setattr(werkzeug_privates, "RESPONSE_INTERNALS", False)
    monkeypatch.setattr(Response, "_sends_as_is", wrappers._sends_as_is(Response))
    monkeypatch.setattr(Response, "_builds_plainly", wrappers._builds_plainly(Response))
    monkeypatch.setattr(Response, "_text_content_type", wrappers._text_content_type(Response))


def _closing() -> Response:
    response = Response("closing")
    response.call_on_close(lambda: None)
    return response


#: Views whose responses take each path through ``Response``: built by ``from_text`` or
#: ``from_body`` or by the constructor, sent as they are or through Werkzeug's WSGI response.
FALLBACK_VIEWS: dict[str, t.Callable[[], t.Any]] = {
    "text": lambda: "héllo",
    "json": lambda: {"a": [1, 2]},
    "created": lambda: ("made", 201, {"X-Tag": "t"}),
    "no-content": lambda: ("", 204),
    "location": lambda: ("moved", 302, {"Location": "/ünï"}),
    "not-found": lambda: abort(404),
    "teapot": lambda: abort(418),
    "stream": lambda: Response(iter([b"a", b"b"])),
    "closing": _closing,
    "werkzeug": lambda: WerkzeugResponse("plain", mimetype="text/plain"),
}


class TestWithoutWerkzeugsInternals:
    """Responses when ``werkzeug_privates`` found Werkzeug's response internals changed: built
    and sent through Werkzeug's public API, and the same as the fast paths make them."""

    @pytest.mark.parametrize("method", ["GET", "HEAD"])
    def test_the_same_responses_are_sent(
        self,
        app: Demijohn,
        client: DemijohnClient,
        monkeypatch: pytest.MonkeyPatch,
        method: str,
    ) -> None:
        for name, view in FALLBACK_VIEWS.items():
            app.add_url_rule(f"/{name}", name, view)
        paths = [f"/{name}" for name in FALLBACK_VIEWS] + ["/unrouted"]
        fast_paths: list[str] = []
        for name in ("plain_response", "send_as_is"):
            monkeypatch.setattr(wrappers, name, _recording(getattr(wrappers, name), fast_paths))

        def responses() -> list[tuple[str, list[tuple[str, str]], bytes]]:
            sent = [client.open(path, method=method) for path in paths]
            return [(r.status, list(r.headers), r.data) for r in sent]

        fast = responses()
        assert {"plain_response", "send_as_is"} <= set(fast_paths)
        _switch_off_the_fast_paths(monkeypatch)
        fast_paths.clear()
        assert responses() == fast
        assert fast_paths == []

    def test_responses_are_built_by_the_constructor(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _switch_off_the_fast_paths(monkeypatch)
        assert Response.from_text("x") is None
        assert Response.from_body(b"x", "text/plain") is None

        class Subclass(Response):
            pass

        assert Subclass.from_body(b"x", "text/plain") is None
        assert not Subclass._sends_as_is


def _recording(function: t.Callable[..., t.Any], calls: list[str]) -> t.Callable[..., t.Any]:
    def record(*args: t.Any, **kwargs: t.Any) -> t.Any:
        calls.append(function.__name__)
        return function(*args, **kwargs)

    return record


class TestAsyncBodyAccess:
    def test_awaitable_accessors(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.post("/")
        async def index() -> dict[str, t.Any]:
            return {
                "data": await request.aget_data(as_text=True),
                "json": await request.aget_json(),
                "form": dict(await request.aform()),
                "files": list(await request.afiles()),
            }

        assert client.post("/", json={"a": 1}).json == {
            "data": '{"a": 1}',
            "json": {"a": 1},
            "form": {},
            "files": [],
        }


@pytest.mark.parametrize(
    ("raw", "args", "query_string"),
    [
        # A server that passes the client's bytes on as latin-1, as PEP 3333 carries them.
        ("q=caf\xc3\xa9", {"q": "café"}, b"q=caf%C3%A9"),
        # Bytes that are not UTF-8 stay percent-encoded, as Werkzeug leaves them: not a 500.
        ("q=\xe9\xff&n=1", {"q": "%E9%FF", "n": "1"}, b"q=%E9%FF&n=1"),
        # Not latin-1 at all (a server or middleware that put text there).
        ("q=\u20ac", {"q": "€"}, b"q=%E2%82%AC"),
        ("q=a%20b", {"q": "a b"}, b"q=a%20b"),
    ],
    ids=["utf-8-as-latin-1", "not-utf-8", "text", "ascii"],
)
def test_query_string_bytes_outside_ascii_are_read(
    raw: str, args: dict[str, str], query_string: bytes
) -> None:
    app = Demijohn(__name__)

    @app.get("/")
    def index() -> dict[str, t.Any]:
        return {"args": request.args.to_dict(), "raw": request.query_string.decode()}

    environ = EnvironBuilder("/").get_environ()
    environ["QUERY_STRING"] = raw
    status: list[str] = []
    body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
    assert status == ["200 OK"]
    assert app.json.loads(body) == {"args": args, "raw": query_string.decode()}


class TestDeeplyNestedJSON:
    """A body nested deeper than the parser can go is bad JSON like any other."""

    @pytest.fixture(autouse=True)
    def _routes(self, app: Demijohn) -> None:
        app.add_url_rule("/json", "json", lambda: repr(request.get_json()), methods=["POST"])
        app.add_url_rule(
            "/silent", "silent", lambda: repr(request.get_json(silent=True)), methods=["POST"]
        )

    def test_is_a_400(self, client: DemijohnClient) -> None:
        body = "[" * 5000 + "]" * 5000
        response = client.post("/json", data=body, content_type="application/json")
        assert response.status_code == 400

    def test_reason_shown_in_debug_mode(self, app: Demijohn, client: DemijohnClient) -> None:
        app.debug = True
        body = "[" * 5000 + "]" * 5000
        response = client.post("/json", data=body, content_type="application/json")
        assert response.status_code == 400
        assert b"nested too deeply" in response.data

    def test_silent_gives_none(self, client: DemijohnClient) -> None:
        body = "[" * 5000 + "]" * 5000
        assert client.post("/silent", data=body, content_type="application/json").text == "None"


class TestPathsNoWSGIServerGives:
    """PEP 3333 has a server pass each byte of the path as one latin-1 character: a
    ``PATH_INFO`` with characters beyond latin-1 comes from a broken server, middleware or
    test, and gets a 400 with one warning rather than an exception out of the application."""

    @pytest.mark.parametrize("path", ["/\u20ac", "/\ud800", "/\U0001f600"])
    def test_get_a_400_and_one_log_line(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture, path: str
    ) -> None:
        import logging

        app.add_url_rule("/<name>", "show", lambda name: name)
        environ = EnvironBuilder("/").get_environ()
        environ["PATH_INFO"] = path
        statuses: list[str] = []
        with caplog.at_level(logging.WARNING, logger="demijohn.wsgi"):
            body = b"".join(app(environ, lambda status, headers, *_: statuses.append(status)))
        assert statuses == ["400 BAD REQUEST"]
        assert b"could not be read" in body
        lines = [r.getMessage() for r in caplog.records if r.name == "demijohn.wsgi"]
        assert len(lines) == 1
        assert "'PATH_INFO'" in lines[0]
        assert "beyond latin-1" in lines[0]

    def test_a_path_of_utf_8_bytes_is_read_as_before(self, app: Demijohn) -> None:
        app.add_url_rule("/<name>", "show", lambda name: name)
        environ = EnvironBuilder("/").get_environ()
        environ["PATH_INFO"] = "/caf\u00c3\u00a9"  # the UTF-8 bytes of "/café", one each
        statuses: list[str] = []
        body = b"".join(app(environ, lambda status, headers, *_: statuses.append(status)))
        assert (statuses, body.decode()) == (["200 OK"], "café")
