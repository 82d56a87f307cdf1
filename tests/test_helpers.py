"""Tests for demijohn.helpers: url_for, abort, redirect, make_response, stream_with_context,
file sending and the environment-variable flags."""

from __future__ import annotations

import io
import typing as t
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.exceptions import Aborter, HTTPException, InternalServerError, NotFound
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response as WerkzeugResponse

from demijohn import (
    Blueprint,
    Demijohn,
    abort,
    flash,
    g,
    get_flashed_messages,
    got_request_exception,
    make_response,
    message_flashed,
    redirect,
    request,
    send_file,
    send_from_directory,
    stream_with_context,
    url_for,
)
from demijohn.errors import RedirectLocationError
from demijohn.helpers import get_debug_flag, get_load_dotenv, get_root_path
from demijohn.wrappers import Response

if t.TYPE_CHECKING:
    from demijohn.testing import DemijohnClient


# -- url_for ------------------------------------------------------------------------------


def _view(**kwargs: t.Any) -> str:
    return ""


@pytest.fixture
def routed(app: Demijohn) -> Demijohn:
    """An app with a few routes to build URLs for."""
    app.add_url_rule("/", "index", lambda: "")
    app.add_url_rule("/user/<int:user_id>", "user", lambda user_id: "")
    app.add_url_rule("/item", "item_get", lambda: "", methods=["GET"])
    app.add_url_rule("/things", "thing", _view, methods=["GET"])
    app.add_url_rule("/things/new", "thing", _view, methods=["POST"])
    return app


class TestUrlFor:
    def test_relative_inside_a_request(self, routed: Demijohn) -> None:
        with routed.test_request_context():
            assert url_for("index") == "/"
            assert url_for("user", user_id=3) == "/user/3"

    def test_external_inside_a_request_uses_the_request_host(self, routed: Demijohn) -> None:
        with routed.test_request_context(base_url="https://host.test:8443/app"):
            assert url_for("user", user_id=3) == "/app/user/3"
            assert url_for("user", user_id=3, _external=True) == "https://host.test:8443/app/user/3"

    def test_scheme_needs_external(self, routed: Demijohn) -> None:
        with routed.test_request_context():
            assert url_for("index", _scheme="https") == "https://localhost/"
            assert url_for("index", _scheme="https", _external=True) == "https://localhost/"
            with pytest.raises(ValueError, match="'_external' must be True"):
                url_for("index", _scheme="https", _external=False)

    def test_anchor_is_quoted(self, routed: Demijohn) -> None:
        with routed.test_request_context():
            assert url_for("index", _anchor="top") == "/#top"
            assert url_for("index", _anchor="a b/c?d=e&f") == "/#a%20b/c?d=e&f"
            assert url_for("index", _anchor="x%y#z") == "/#x%y#z"
            assert url_for("index", _anchor="ü") == "/#%C3%BC"

    def test_method_chooses_the_rule(self, routed: Demijohn) -> None:
        with routed.test_request_context():
            assert url_for("thing", _method="GET") == "/things"
            assert url_for("thing", _method="POST") == "/things/new"
            with pytest.raises(BuildError):
                url_for("item_get", _method="POST")

    def test_extra_values_become_the_query_string(self, routed: Demijohn) -> None:
        with routed.test_request_context():
            assert (
                url_for("user", user_id=1, page=2, tag=["a", "b"]) == "/user/1?page=2&tag=a&tag=b"
            )
            assert url_for("index", q="a b") == "/?q=a+b"

    def test_url_defaults_and_value_preprocessor(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.url_defaults
        def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
            if endpoint == "page":
                values.setdefault("lang", g.lang)

        @app.url_value_preprocessor
        def pull_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
            g.lang = values.pop("lang") if values else None

        @app.route("/<lang>/page")
        def page() -> str:
            return url_for("page")

        assert client.get("/de/page").text == "/de/page"
        assert client.get("/fr/page").text == "/fr/page"

    def test_blueprint_relative_endpoint(self, app: Demijohn) -> None:
        bp = Blueprint("shop", __name__, url_prefix="/shop")
        bp.add_url_rule("/cart", "cart", lambda: url_for(".cart"))
        app.register_blueprint(bp)
        app.add_url_rule("/cart", "cart", lambda: url_for(".cart"))
        client = app.test_client()
        assert client.get("/shop/cart").text == "/shop/cart"
        assert client.get("/cart").text == "/cart"

    def test_unknown_endpoint_raises_build_error(self, routed: Demijohn) -> None:
        with routed.test_request_context():
            with pytest.raises(BuildError) as info:
                url_for("nowhere")
            assert isinstance(info.value, LookupError)
            with pytest.raises(BuildError):
                url_for("user")

    def test_build_error_handler_gives_the_url(self, routed: Demijohn) -> None:
        seen: list[tuple[str, dict[str, t.Any]]] = []

        def not_mine(error: Exception, endpoint: str, values: dict[str, t.Any]) -> t.Any:
            seen.append((endpoint, dict(values)))
            return None

        def elsewhere(error: Exception, endpoint: str, values: dict[str, t.Any]) -> str:
            assert isinstance(error, BuildError)
            return f"https://elsewhere.test/{endpoint}"

        routed.url_build_error_handlers.extend([not_mine, elsewhere])
        with routed.test_request_context():
            assert url_for("remote", x=1, _anchor="a") == "https://elsewhere.test/remote"
        assert seen == [
            (
                "remote",
                {"x": 1, "_anchor": "a", "_method": None, "_scheme": None, "_external": False},
            )
        ]

    def test_build_error_from_a_handler_is_raised(self, routed: Demijohn) -> None:
        def reraise(error: Exception, endpoint: str, values: dict[str, t.Any]) -> str:
            raise BuildError(f"{endpoint}-from-handler", {}, None)

        routed.url_build_error_handlers.append(reraise)
        with routed.test_request_context(), pytest.raises(BuildError) as info:
            url_for("remote")
        assert info.value.endpoint == "remote-from-handler"

    def test_build_error_when_no_handler_helps(self, routed: Demijohn) -> None:
        routed.url_build_error_handlers.append(lambda error, endpoint, values: None)
        with routed.test_request_context(), pytest.raises(BuildError) as info:
            url_for("remote")
        assert info.value.endpoint == "remote"

    def test_outside_a_request_needs_server_name(self, routed: Demijohn) -> None:
        with routed.app_context(), pytest.raises(RuntimeError, match="'SERVER_NAME'"):
            url_for("index")
        with pytest.raises(RuntimeError, match="'SERVER_NAME'"):
            routed.url_for("index")

    def test_outside_a_request_builds_external_urls(self, routed: Demijohn) -> None:
        routed.config.update(
            SERVER_NAME="example.test", APPLICATION_ROOT="/root", PREFERRED_URL_SCHEME="https"
        )
        with routed.app_context():
            assert url_for("user", user_id=5) == "https://example.test/root/user/5"
            assert url_for("user", user_id=5, _external=False) == "/root/user/5"
            assert url_for("index", _scheme="http") == "http://example.test/root/"
        assert routed.url_for("index") == "https://example.test/root/"

    def test_outside_any_context_raises(self) -> None:
        with pytest.raises(RuntimeError, match="application context"):
            url_for("index")


# -- abort and redirect -------------------------------------------------------------------


class TestAbort:
    @pytest.mark.parametrize(("code", "name"), [(400, "Bad Request"), (404, "Not Found")])
    def test_codes(self, app: Demijohn, code: int, name: str) -> None:
        with app.app_context(), pytest.raises(HTTPException) as info:
            abort(code)
        assert info.value.code == code
        assert info.value.name == name

    def test_description_reaches_the_client(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: abort(403, "No entry."))
        response = client.get("/")
        assert response.status_code == 403
        assert "No entry." in response.text

    def test_response_object(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: abort(Response("custom", 418)))
        response = client.get("/")
        assert (response.status_code, response.text) == (418, "custom")

    def test_uses_the_apps_aborter(self, app: Demijohn) -> None:
        class Unavailable(HTTPException):
            code = 599
            description = "Gone fishing."

        app.aborter = Aborter(extra={599: Unavailable})
        with app.app_context(), pytest.raises(Unavailable):
            abort(599)
        with pytest.raises(LookupError):
            abort(599)

    def test_outside_an_app(self) -> None:
        with pytest.raises(NotFound):
            abort(404)
        with pytest.raises(HTTPException) as info:
            abort(WerkzeugResponse("plain", 401))
        assert info.value.get_response().status_code == 401


class TestRedirect:
    @pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
    def test_codes(self, app: Demijohn, code: int) -> None:
        with app.app_context():
            response = redirect("/target", code)
        assert response.status_code == code
        assert response.location == "/target"

    def test_default_is_302(self) -> None:
        assert redirect("/x").status_code == 302

    def test_uses_app_redirect_inside_an_app(self, app: Demijohn, client: DemijohnClient) -> None:
        class RedirectApp(Demijohn):
            def redirect(self, location: str, code: int = 302) -> Response:
                response = super().redirect(location, code)
                response.headers["X-Redirected-By"] = self.name
                return response

        custom = RedirectApp("custom_app")
        custom.add_url_rule("/", "index", lambda: redirect("/away", 301))
        response = custom.test_client().get("/")
        assert response.status_code == 301
        assert response.headers["X-Redirected-By"] == "custom_app"
        assert isinstance(response, custom.response_class)

    def test_outside_an_app_uses_the_given_class(self) -> None:
        class Custom(WerkzeugResponse):
            pass

        assert type(redirect("/x")) is WerkzeugResponse
        assert type(redirect("/x", Response=Custom)) is Custom


class TestRedirectLocationThatCannotBeSent:
    """A location whose host IDNA cannot encode, or whose port is out of range, fails in the
    view, where error handlers and got_request_exception see it, not as it is sent."""

    @pytest.mark.parametrize(
        ("target", "sent_as"),
        [
            ("//a\u202eb/", "query"),
            ("http://a..b/", "query"),
            ("http://example.com:99999/", "form"),
            ("https://a..b/", "header"),
        ],
    )
    def test_from_the_request_is_a_400(
        self, app: Demijohn, client: DemijohnClient, target: str, sent_as: str
    ) -> None:
        handled: list[int] = []

        @app.errorhandler(400)
        def bad_request(e: HTTPException) -> tuple[str, int]:
            handled.append(400)
            return "bad target", 400

        @app.route("/go", methods=["GET", "POST"])
        def go() -> Response:
            if sent_as == "query":
                return redirect(request.args["next"])
            if sent_as == "form":
                return redirect(request.form["next"])
            return redirect(f"https://{request.headers['X-Target-Host']}/")

        if sent_as == "query":
            response = client.get("/go", query_string={"next": target})
        elif sent_as == "form":
            response = client.post("/go", data={"next": target})
        else:
            host = target.removeprefix("https://").rstrip("/")
            response = client.get("/go", headers={"X-Target-Host": host})
        assert (response.status_code, response.text) == (400, "bad target")
        assert handled == [400]

    def test_built_by_the_application_is_a_clear_error(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        seen: list[BaseException] = []
        got_request_exception.connect(
            lambda sender, exception, **extra: seen.append(exception), app, weak=False
        )

        @app.errorhandler(500)
        def server_error(e: InternalServerError) -> tuple[str, int]:
            seen.append(t.cast(BaseException, e.original_exception))
            return "handled", 500

        app.add_url_rule("/go", "go", lambda: redirect("http://shop\u202e.example/"))
        response = client.get("/go")
        assert (response.status_code, response.text) == (500, "handled")
        assert len(seen) == 2
        assert all(type(error) is RedirectLocationError for error in seen)
        message = str(seen[0])
        # The location is shown as its repr, so a control character cannot garble the log.
        assert "'http://shop\\u202e.example/' cannot be sent in a Location header" in message
        assert "if it comes from user input, check it first" in message

    def test_error_is_raised_in_the_view(self, app: Demijohn) -> None:
        with app.test_request_context("/"), pytest.raises(RedirectLocationError) as info:
            redirect("http://[::1/")
        assert isinstance(info.value, ValueError)
        assert info.value.location == "http://[::1/"

    def test_international_host_is_still_encoded(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/go", "go", lambda: redirect(request.args["next"]))
        response = client.get("/go", query_string={"next": "https://bücher.example/päth"})
        assert response.status_code == 302
        assert response.headers["Location"] == "https://xn--bcher-kva.example/p%C3%A4th"


# -- make_response ------------------------------------------------------------------------


class TestMakeResponse:
    def test_no_arguments(self, app: Demijohn) -> None:
        with app.app_context():
            response = make_response()
        assert isinstance(response, app.response_class)
        assert (response.status_code, response.data) == (200, b"")

    def test_one_argument(self, app: Demijohn) -> None:
        with app.app_context():
            assert make_response("text").data == b"text"
            assert make_response({"a": 1}).json == {"a": 1}
            given = Response("given")
            assert make_response(given) is given
            assert make_response(("tuple", 201)).status_code == 201

    def test_tuple_forms(self, app: Demijohn) -> None:
        with app.app_context():
            response = make_response("missing", 404)
            assert (response.status_code, response.data) == (404, b"missing")
            response = make_response("body", {"X-A": "1"})
            assert (response.status_code, response.headers["X-A"]) == (200, "1")
            response = make_response("body", 201, [("X-B", "2")])
            assert (response.status_code, response.headers["X-B"]) == (201, "2")

    def test_changing_it_in_a_view(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/")
        def index() -> Response:
            response = make_response("made")
            response.set_cookie("flavour", "oat")
            return response

        response = client.get("/")
        assert response.text == "made"
        assert response.headers["Set-Cookie"].startswith("flavour=oat")

    def test_outside_an_app_raises(self) -> None:
        with pytest.raises(RuntimeError, match="application context"):
            make_response("x")


# -- stream_with_context ------------------------------------------------------------------


class TestStreamWithContext:
    def test_generator_reads_request_after_the_view_returned(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.route("/")
        def index() -> t.Any:
            def generate() -> t.Iterator[str]:
                yield request.args["name"]
                yield " "
                yield request.path

            return stream_with_context(generate())

        assert client.get("/?name=ada").text == "ada /"

    def test_decorator_form(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/")
        def index() -> t.Any:
            @stream_with_context
            def generate(prefix: str) -> t.Iterator[str]:
                yield prefix
                yield request.args["name"]

            return generate("hello ")

        assert client.get("/?name=grace").text == "hello grace"

    def test_generator_sees_g_from_the_view(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/")
        def index() -> t.Any:
            g.greeting = "set in view"

            def generate() -> t.Iterator[str]:
                yield g.get("greeting", "missing")

            return stream_with_context(generate())

        assert client.get("/").text == "set in view"

    def test_teardown_runs_once_after_the_stream(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        calls: list[tuple[str, BaseException | None]] = []
        app.teardown_request(lambda exc: calls.append(("request", exc)))
        app.teardown_appcontext(lambda exc: calls.append(("app", exc)))

        @app.route("/")
        def index() -> t.Any:
            def generate() -> t.Iterator[str]:
                for chunk in "abc":
                    calls.append((f"chunk {chunk} with g.db={g.db}", None))
                    yield chunk

            g.db = "open"
            return stream_with_context(generate())

        response = client.get("/")
        assert response.text == "abc"
        response.close()
        assert calls == [
            ("chunk a with g.db=open", None),
            ("chunk b with g.db=open", None),
            ("chunk c with g.db=open", None),
            ("request", None),
            ("app", None),
        ]

    def test_closing_the_response_closes_the_generator_in_context(self, app: Demijohn) -> None:
        # WSGI only: there the server pulls the body lazily, so the test can stop half-way;
        # the ASGI driver sends the whole body before the client sees the response.
        client = app.test_client(protocol="wsgi")
        events: list[str] = []

        @app.route("/")
        def index() -> t.Any:
            def generate() -> t.Iterator[str]:
                try:
                    yield "first"
                    yield "second"
                finally:
                    events.append(f"finally at {request.path}")

            return stream_with_context(generate())

        response = client.get("/")
        assert next(response.response) == b"first"  # type: ignore[call-overload]
        assert events == []
        response.close()
        assert events == ["finally at /"]
        response.close()
        assert events == ["finally at /"]

    def test_from_an_async_view(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/")
        async def index() -> t.Any:
            g.source = "async view"

            @stream_with_context
            def generate() -> t.Iterator[str]:
                yield f"{request.args['n']} from {g.source}"

            return generate()

        assert client.get("/?n=1").text == "1 from async view"

    def test_wraps_a_plain_iterator(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: stream_with_context(iter([b"x", b"y"])))
        response = client.get("/")
        assert response.data == b"xy"
        response.close()

    def test_outside_a_request_raises(self, app: Demijohn) -> None:
        with pytest.raises(RuntimeError, match="while a request is being handled"):
            stream_with_context(iter(["x"]))
        with app.app_context(), pytest.raises(RuntimeError, match="stream_with_context"):
            stream_with_context(iter(["x"]))

    def test_decorated_function_keeps_its_name(self) -> None:
        def produce() -> t.Iterator[str]:
            yield "x"

        assert stream_with_context(produce).__name__ == "produce"  # type: ignore[attr-defined]


# -- sending files ------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "hello.txt").write_text("hello, world")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text("<p>page</p>")
    return tmp_path


class TestSendFile:
    def test_sends_the_file(self, app: Demijohn, client: DemijohnClient, files: Path) -> None:
        app.add_url_rule("/", "index", lambda: send_file(files / "hello.txt"))
        response = client.get("/")
        assert response.status_code == 200
        assert response.data == b"hello, world"
        assert response.mimetype == "text/plain"
        assert response.headers["ETag"]
        response.close()

    def test_conditional_304(self, app: Demijohn, client: DemijohnClient, files: Path) -> None:
        app.add_url_rule("/", "index", lambda: send_file(files / "hello.txt"))
        first = client.get("/")
        first.close()
        second = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
        second.close()
        assert second.status_code == 304
        assert second.data == b""

    def test_range_206(self, app: Demijohn, client: DemijohnClient, files: Path) -> None:
        app.add_url_rule("/", "index", lambda: send_file(files / "hello.txt"))
        response = client.get("/", headers={"Range": "bytes=7-11"})
        assert response.status_code == 206
        assert response.data == b"world"
        assert response.headers["Content-Range"] == "bytes 7-11/12"
        response.close()

    def test_file_object_with_download_name(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/")
        def index() -> Response:
            return send_file(io.BytesIO(b"a,b"), download_name="data.csv", as_attachment=True)

        response = client.get("/")
        assert response.data == b"a,b"
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == "attachment; filename=data.csv"
        assert isinstance(response, app.response_class)

    def test_relative_path_is_relative_to_the_root_path(
        self, client: DemijohnClient, files: Path
    ) -> None:
        app = Demijohn("rooted", root_path=str(files))
        app.add_url_rule("/", "index", lambda: send_file("hello.txt"))
        response = app.test_client().get("/")
        assert response.data == b"hello, world"
        response.close()

    def test_use_x_sendfile(self, app: Demijohn, client: DemijohnClient, files: Path) -> None:
        app.config["USE_X_SENDFILE"] = True
        app.add_url_rule("/", "index", lambda: send_file(files / "hello.txt"))
        response = client.get("/")
        assert response.headers["X-Sendfile"] == str(files / "hello.txt")
        assert response.data == b""

    def test_max_age_from_config(self, app: Demijohn, client: DemijohnClient, files: Path) -> None:
        app.add_url_rule("/", "index", lambda: send_file(files / "hello.txt"))
        response = client.get("/")
        response.close()
        assert response.cache_control.max_age is None
        assert response.cache_control.no_cache
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60
        response = client.get("/")
        response.close()
        assert response.cache_control.max_age == 60
        assert response.cache_control.public
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = timedelta(hours=1)
        response = client.get("/")
        response.close()
        assert response.cache_control.max_age == 3600

    def test_explicit_max_age_wins(
        self, app: Demijohn, client: DemijohnClient, files: Path
    ) -> None:
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60
        app.add_url_rule("/", "index", lambda: send_file(files / "hello.txt", max_age=5))
        response = client.get("/")
        response.close()
        assert response.cache_control.max_age == 5

    def test_app_can_override_the_max_age(self, files: Path) -> None:
        class ShortCache(Demijohn):
            def get_send_file_max_age(self, filename: str | None) -> int | None:
                return 10 if filename and filename.endswith(".txt") else None

        app = ShortCache("short_cache")
        app.testing = True
        app.add_url_rule("/<path:name>", "file", lambda name: send_file(files / name))
        client = app.test_client()
        response = client.get("/hello.txt")
        response.close()
        assert (response.status_code, response.cache_control.max_age) == (200, 10)
        response = client.get("/sub/page.html")
        response.close()
        assert (response.status_code, response.cache_control.max_age) == (200, None)

    def test_outside_a_request_raises(self, app: Demijohn, files: Path) -> None:
        with app.app_context(), pytest.raises(RuntimeError, match="request context"):
            send_file(files / "hello.txt")


class TestSendFromDirectory:
    @pytest.fixture
    def serving(self, app: Demijohn, files: Path) -> Demijohn:
        @app.route("/files/<path:name>")
        def serve(name: str) -> Response:
            return send_from_directory(files, name)

        return app

    def test_sends_files_inside(self, serving: Demijohn, client: DemijohnClient) -> None:
        response = client.get("/files/sub/page.html")
        assert response.data == b"<p>page</p>"
        assert response.mimetype == "text/html"
        response.close()

    @pytest.mark.parametrize("name", ["../outside.txt", "sub/../../outside.txt", "missing.txt"])
    def test_404_outside_or_missing(
        self, serving: Demijohn, client: DemijohnClient, files: Path, name: str
    ) -> None:
        (files.parent / "outside.txt").write_text("secret")
        assert client.get(f"/files/{name}").status_code == 404

    def test_raises_not_found(self, app: Demijohn, files: Path) -> None:
        with app.test_request_context(), pytest.raises(NotFound):
            send_from_directory(files, "../hello.txt")

    def test_passes_options(self, app: Demijohn, client: DemijohnClient, files: Path) -> None:
        app.add_url_rule(
            "/", "index", lambda: send_from_directory(files, "hello.txt", as_attachment=True)
        )
        response = client.get("/")
        assert response.headers["Content-Disposition"] == "attachment; filename=hello.txt"
        response.close()


# -- flashing -----------------------------------------------------------------------------


class TestFlash:
    @pytest.fixture
    def flashing(self, app: Demijohn) -> Demijohn:
        @app.route("/flash")
        def add() -> str:
            flash("saved")
            flash("careful", "warning")
            flash("failed", "error")
            return "flashed"

        @app.route("/show")
        def show() -> dict[str, t.Any]:
            return {
                "messages": get_flashed_messages(),
                "again": get_flashed_messages(),
                "pairs": get_flashed_messages(with_categories=True),
                "problems": get_flashed_messages(category_filter=["warning", "error"]),
                "one category": get_flashed_messages(category_filter="error"),
            }

        return app

    def test_shown_on_the_next_request_then_gone(
        self, flashing: Demijohn, client: DemijohnClient
    ) -> None:
        client.get("/flash")
        assert client.get("/show").json == {
            "messages": ["saved", "careful", "failed"],
            "again": ["saved", "careful", "failed"],
            "pairs": [["message", "saved"], ["warning", "careful"], ["error", "failed"]],
            "problems": ["careful", "failed"],
            "one category": ["failed"],
        }
        assert client.get("/show").json["messages"] == []

    def test_sends_message_flashed(self, app: Demijohn) -> None:
        received: list[tuple[t.Any, str, str]] = []

        def receiver(sender: t.Any, message: str, category: str, **kwargs: t.Any) -> None:
            received.append((sender, message, category))

        with message_flashed.connected_to(receiver, app), app.test_request_context():
            flash("hello", "info")
            assert get_flashed_messages(with_categories=True) == [("info", "hello")]
        assert received == [(app, "hello", "info")]

    def test_outside_a_request_raises(self, app: Demijohn) -> None:
        with app.app_context(), pytest.raises(RuntimeError, match="request context"):
            flash("lost")


# -- environment flags --------------------------------------------------------------------


class TestEnvironmentFlags:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (None, False),
            ("", False),
            ("0", False),
            ("false", False),
            ("No", False),
            ("1", True),
            ("yes", True),
            ("anything", True),
        ],
    )
    def test_get_debug_flag(
        self, monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool
    ) -> None:
        if value is None:
            monkeypatch.delenv("DEMIJOHN_DEBUG", raising=False)
        else:
            monkeypatch.setenv("DEMIJOHN_DEBUG", value)
        assert get_debug_flag() is expected
        assert Demijohn("flagged").debug is expected

    @pytest.mark.parametrize(
        ("value", "default", "expected"),
        [
            (None, True, True),
            (None, False, False),
            ("", True, True),
            ("1", True, False),
            ("true", True, False),
            ("0", True, True),
            ("False", False, True),
            ("no", True, True),
        ],
    )
    def test_get_load_dotenv(
        self,
        monkeypatch: pytest.MonkeyPatch,
        value: str | None,
        default: bool,
        expected: bool,
    ) -> None:
        if value is None:
            monkeypatch.delenv("DEMIJOHN_SKIP_DOTENV", raising=False)
        else:
            monkeypatch.setenv("DEMIJOHN_SKIP_DOTENV", value)
        assert get_load_dotenv(default) is expected


def test_get_root_path_of_a_module() -> None:
    import demijohn.helpers

    assert get_root_path("demijohn.helpers") == str(Path(demijohn.helpers.__file__).parent)
