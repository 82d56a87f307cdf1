"""The application object (reference A.1): construction, setup phase, make_response's rules."""

from __future__ import annotations

import io
import typing as t

import pytest


def test_name_comes_from_import_name(flask: t.Any) -> None:
    assert flask.Flask("pkg.module").name == "pkg.module"
    assert flask.Flask("behaviour_app").import_name == "behaviour_app"


def test_static_url_path_defaults_to_folder_name(flask: t.Any) -> None:
    app = flask.Flask("behaviour_app", static_folder="assets")
    assert app.static_url_path == "/assets"
    rules = {r.endpoint: r.rule for r in app.url_map.iter_rules()}
    assert rules["static"] == "/assets/<path:filename>"


def test_no_static_route_without_static_folder(flask: t.Any) -> None:
    app = flask.Flask("behaviour_app", static_folder=None)
    assert app.has_static_folder is False
    assert "static" not in {r.endpoint for r in app.url_map.iter_rules()}


def test_static_url_path_strips_trailing_slash(flask: t.Any) -> None:
    app = flask.Flask("behaviour_app", static_url_path="/files/")
    assert app.static_url_path == "/files"


def test_testing_and_secret_key_are_config_attributes(app: t.Any) -> None:
    assert app.testing is True
    app.testing = False
    assert app.config["TESTING"] is False
    app.secret_key = "other"
    assert app.config["SECRET_KEY"] == "other"


def test_debug_property_reads_and_writes_config(app: t.Any) -> None:
    assert app.debug is False
    app.debug = True
    assert app.config["DEBUG"] is True
    assert app.jinja_env.auto_reload is True


def test_default_config_values(app: t.Any) -> None:
    assert app.config["PROPAGATE_EXCEPTIONS"] is None
    assert app.config["MAX_CONTENT_LENGTH"] is None
    assert app.config["SEND_FILE_MAX_AGE_DEFAULT"] is None
    assert app.config["PREFERRED_URL_SCHEME"] == "http"
    assert app.config["APPLICATION_ROOT"] == "/"
    assert app.config["TRAP_BAD_REQUEST_ERRORS"] is None
    assert app.config["PROVIDE_AUTOMATIC_OPTIONS"] is True


def test_setup_method_after_first_request_is_refused(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "ok"

    assert client.get("/").status_code == 200
    with pytest.raises(AssertionError, match="The setup method 'route' can no longer be called"):

        @app.route("/late")
        def late() -> str:
            return "late"


def test_setup_refusal_message_names_the_fix(app: t.Any, client: t.Any) -> None:
    client.get("/")
    with pytest.raises(AssertionError) as info:
        app.before_request(lambda: None)
    message = str(info.value)
    assert "'before_request'" in message
    assert "It has already handled its first request" in message
    assert "needed to set up the application are done before running it." in message


def test_iter_blueprints_in_registration_order(flask: t.Any, app: t.Any) -> None:
    first = flask.Blueprint("first", __name__)
    second = flask.Blueprint("second", __name__)
    app.register_blueprint(second)
    app.register_blueprint(first)
    assert [bp.name for bp in app.iter_blueprints()] == ["second", "first"]
    assert list(app.blueprints) == ["second", "first"]


def test_extensions_is_a_dict(app: t.Any) -> None:
    assert app.extensions == {}


def test_app_is_a_wsgi_callable(app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "wsgi"

    seen: list[str] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        seen.append(status)
        return lambda data: None

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    body = b"".join(app(environ, start_response))
    assert body == b"wsgi"
    assert seen == ["200 OK"]


# make_response: the return-value contract


def test_str_becomes_html_response(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "héllo"

    rv = client.get("/")
    assert rv.status == "200 OK"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.headers["Content-Length"] == "6"
    assert rv.data == "héllo".encode()


def test_bytes_become_body(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> bytes:
        return b"\x00\x01"

    rv = client.get("/")
    assert rv.data == b"\x00\x01"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"


def test_dict_becomes_json(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> dict[str, int]:
        return {"b": 1, "a": 2}

    rv = client.get("/")
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.data == b'{"a":2,"b":1}\n'


def test_list_becomes_json(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> list[int]:
        return [1, 2]

    rv = client.get("/")
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.get_json() == [1, 2]


def test_generator_is_streamed_without_length(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield "a"
            yield "b"

        return generate()

    rv = client.get("/")
    assert rv.data == b"ab"
    assert "Content-Length" not in rv.headers
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"


def test_tuple_body_status(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return "made", 201

    rv = client.get("/")
    assert rv.status == "201 CREATED"
    assert rv.data == b"made"


def test_tuple_body_status_string(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return "teapot", "418 I AM A POT"

    rv = client.get("/")
    assert rv.status_code == 418
    assert rv.data == b"teapot"


def test_tuple_body_headers_dict(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return "h", {"X-Thing": "1", "Content-Type": "text/plain"}

    rv = client.get("/")
    assert rv.status_code == 200
    assert rv.headers["X-Thing"] == "1"
    assert rv.headers["Content-Type"] == "text/plain"


def test_tuple_body_headers_list(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return "h", [("X-A", "1"), ("X-A", "2")]

    rv = client.get("/")
    assert rv.headers.getlist("X-A") == ["1", "2"]


def test_tuple_body_status_headers(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return {"ok": True}, 202, {"X-Extra": "y"}

    rv = client.get("/")
    assert rv.status == "202 ACCEPTED"
    assert rv.headers["X-Extra"] == "y"
    assert rv.get_json() == {"ok": True}


def test_tuple_with_response_object_updates_it(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return flask.Response("r", status=200), 404, {"X-R": "1"}

    rv = client.get("/")
    assert rv.status == "404 NOT FOUND"
    assert rv.headers["X-R"] == "1"
    assert rv.data == b"r"


def test_wrong_tuple_length_is_type_error(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return "a", 200, {}, "extra"

    with pytest.raises(TypeError, match="The view function did not return a valid response tuple"):
        client.get("/")


def test_none_is_type_error_naming_the_view(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def nothing() -> None:
        return None

    with pytest.raises(TypeError) as info:
        client.get("/")
    message = str(info.value)
    assert "The view function for 'nothing' did not return a valid response." in message
    assert "The function either returned None or ended without a return statement." in message


def test_unsupported_type_is_type_error(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def number() -> t.Any:
        return 42

    with pytest.raises(TypeError) as info:
        client.get("/")
    message = str(info.value)
    assert message == (
        "The view function did not return a valid response. The return type must be a string,"
        " dict, list, tuple with headers or status, Response instance, or WSGI callable, but it"
        " was a int."
    )


def test_response_instance_returned_unchanged(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return flask.Response("plain", mimetype="text/plain", status=203)

    rv = client.get("/")
    assert rv.status == "203 NON AUTHORITATIVE INFORMATION"
    assert rv.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_werkzeug_response_is_coerced(app: t.Any, client: t.Any) -> None:
    from werkzeug.wrappers import Response

    @app.route("/")
    def index() -> t.Any:
        return Response("wz", status=201)

    rv = client.get("/")
    assert rv.status_code == 201
    assert rv.data == b"wz"


def test_wsgi_callable_is_called(app: t.Any, client: t.Any) -> None:
    def wsgi(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        start_response("207 MULTI-STATUS", [("Content-Type", "text/x-wsgi")])
        return [environ["PATH_INFO"].encode()]

    @app.route("/w")
    def index() -> t.Any:
        return wsgi

    rv = client.get("/w")
    assert rv.status_code == 207
    assert rv.headers["Content-Type"] == "text/x-wsgi"
    assert rv.data == b"/w"


def test_app_make_response_outside_view(app: t.Any) -> None:
    with app.test_request_context():
        rv = app.make_response(("x", 201, {"X-M": "1"}))
        assert rv.status_code == 201
        assert rv.headers["X-M"] == "1"
        with pytest.raises(TypeError):
            app.make_response(None)


def test_response_class_override(flask: t.Any, app: t.Any, client: t.Any) -> None:
    class MyResponse(flask.Response):
        default_mimetype = "text/plain"

    app.response_class = MyResponse

    @app.route("/")
    def index() -> str:
        return "x"

    rv = client.get("/")
    assert rv.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_request_class_override(flask: t.Any, app: t.Any, client: t.Any) -> None:
    class MyRequest(flask.Request):
        @property
        def shout(self) -> str:
            return self.path.upper()

    app.request_class = MyRequest

    @app.route("/abc")
    def index() -> str:
        return flask.request.shout

    assert client.get("/abc").data == b"/ABC"


def test_open_resource_relative_to_root_path(flask: t.Any, tmp_path: t.Any) -> None:
    (tmp_path / "data.txt").write_text("resource")
    app = flask.Flask("behaviour_app", root_path=str(tmp_path))
    with app.open_resource("data.txt") as f:
        assert f.read() == b"resource"
    with app.open_resource("data.txt", "r", encoding="utf-8") as f:
        assert f.read() == "resource"


def test_open_resource_refuses_write_modes(flask: t.Any, tmp_path: t.Any) -> None:
    app = flask.Flask("behaviour_app", root_path=str(tmp_path))
    with pytest.raises(ValueError, match="read"):
        app.open_resource("x.txt", "w")


def test_open_instance_resource(flask: t.Any, tmp_path: t.Any) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "conf.txt").write_text("inst")
    app = flask.Flask("behaviour_app", instance_path=str(instance))
    with app.open_instance_resource("conf.txt") as f:
        assert f.read() == b"inst"


def test_instance_path_must_be_absolute(flask: t.Any) -> None:
    with pytest.raises(ValueError, match="must be absolute"):
        flask.Flask("behaviour_app", instance_path="relative")


def test_make_default_options_response(app: t.Any) -> None:
    @app.route("/thing", methods=["GET", "POST"])
    def thing() -> str:
        return ""

    with app.test_request_context("/thing", method="OPTIONS"):
        rv = app.make_default_options_response()
    assert sorted(rv.allow) == ["GET", "HEAD", "OPTIONS", "POST"]
    assert rv.data == b""


def test_cli_group_named_after_app(flask: t.Any) -> None:
    from flask.cli import AppGroup

    app = flask.Flask("pkg.module")
    assert isinstance(app.cli, AppGroup)
    assert app.cli.name == "pkg.module"


# The overridable request-handling methods, called in Flask's order


def _no_detail(*args: t.Any) -> str:
    return ""


def _exception_name(exc: t.Any = None) -> str:
    return f" {type(exc).__name__}"


def _from_error_handler(rv: t.Any, from_error_handler: bool = False) -> str:
    return f" from_error_handler={from_error_handler}"


#: The traced methods, and what each call adds to its name in the record.
TRACED: dict[str, t.Callable[..., str]] = {
    "full_dispatch_request": _no_detail,
    "preprocess_request": _no_detail,
    "dispatch_request": _no_detail,
    "raise_routing_exception": _no_detail,
    "finalize_request": _from_error_handler,
    "make_response": _no_detail,
    "process_response": _no_detail,
    "handle_user_exception": _exception_name,
    "handle_http_exception": _exception_name,
    "handle_exception": _exception_name,
    "log_exception": _no_detail,
    "make_default_options_response": _no_detail,
    "do_teardown_request": _exception_name,
    "do_teardown_appcontext": _exception_name,
}


def make_tracing_app(flask: t.Any, calls: list[str]) -> t.Any:
    """An app whose request-handling methods, overridden in a subclass, record their calls."""

    def traced(name: str, detail: t.Callable[..., str]) -> t.Callable[..., t.Any]:
        def method(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
            calls.append(name + detail(*args, **kwargs))
            if name == "log_exception":
                return None  # keep the expected errors out of the test output
            return getattr(super(tracing_class, self), name)(*args, **kwargs)

        return method

    methods = {name: traced(name, detail) for name, detail in TRACED.items()}
    tracing_class = type("TracingApp", (flask.Flask,), methods)
    app = tracing_class("behaviour_app")
    app.config["TESTING"] = True
    app.add_url_rule("/", "index", lambda: "ok")

    @app.route("/fail")
    def fail() -> str:
        raise ValueError("fail")

    return app


def tracing_client(app: t.Any, protocol: str) -> t.Any:
    return app.test_client() if protocol == "wsgi" else app.test_client(protocol=protocol)


def test_override_order_for_a_view(flask: t.Any, protocol: str) -> None:
    calls: list[str] = []
    app = make_tracing_app(flask, calls)
    assert tracing_client(app, protocol).get("/").status_code == 200
    assert calls == [
        "full_dispatch_request",
        "preprocess_request",
        "dispatch_request",
        "finalize_request from_error_handler=False",
        "make_response",
        "process_response",
        "do_teardown_request NoneType",
        "do_teardown_appcontext NoneType",
    ]


def test_override_order_for_a_404(flask: t.Any, protocol: str) -> None:
    calls: list[str] = []
    app = make_tracing_app(flask, calls)
    assert tracing_client(app, protocol).get("/missing").status_code == 404
    assert calls[2:6] == [
        "dispatch_request",
        "raise_routing_exception",
        "handle_user_exception NotFound",
        "handle_http_exception NotFound",
    ]
    assert calls[-4:-2] == ["make_response", "process_response"]


def test_override_order_for_options(flask: t.Any, protocol: str) -> None:
    calls: list[str] = []
    app = make_tracing_app(flask, calls)
    assert tracing_client(app, protocol).options("/").status_code == 200
    assert calls[2:4] == ["dispatch_request", "make_default_options_response"]


def test_override_order_for_an_unhandled_error(flask: t.Any, protocol: str) -> None:
    calls: list[str] = []
    app = make_tracing_app(flask, calls)
    app.testing = False
    assert tracing_client(app, protocol).get("/fail").status_code == 500
    assert calls == [
        "full_dispatch_request",
        "preprocess_request",
        "dispatch_request",
        "handle_user_exception ValueError",
        "handle_exception ValueError",
        "log_exception",
        "finalize_request from_error_handler=True",
        "make_response",
        "process_response",
        "do_teardown_request ValueError",
        "do_teardown_appcontext ValueError",
    ]


def test_instance_attribute_overrides_are_used(app: t.Any, client: t.Any) -> None:
    # Extensions such as Flask-RESTful wrap these methods on the application instance.
    calls: list[str] = []
    handle_user_exception = app.handle_user_exception
    handle_exception = app.handle_exception
    make_response = app.make_response
    app.testing = False
    app.handle_user_exception = lambda e: (calls.append("user"), handle_user_exception(e))[1]
    app.handle_exception = lambda e: (calls.append("exception"), handle_exception(e))[1]
    app.make_response = lambda rv: (calls.append("make_response"), make_response(rv))[1]

    @app.route("/fail")
    def fail() -> str:
        raise ValueError("fail")

    assert client.get("/fail").status_code == 500
    assert calls == ["user", "exception", "make_response"]


def test_wsgi_middleware_around_wsgi_app(app: t.Any, client: t.Any) -> None:
    inner = app.wsgi_app

    def middleware(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        def add_header(status: str, headers: list[t.Any], exc_info: t.Any = None) -> t.Any:
            return start_response(status, [*headers, ("X-Middleware", "1")], exc_info)

        return inner(environ, add_header)

    app.wsgi_app = middleware
    app.add_url_rule("/", "i", lambda: "ok")
    assert client.get("/").headers["X-Middleware"] == "1"
