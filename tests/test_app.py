"""The application object: construction, configuration attributes, URL rules and URL
adapters, and bad input reaching the WSGI entry point."""

from __future__ import annotations

import gc
import io
import os
import typing as t
import weakref
from datetime import timedelta

import pytest
from werkzeug.routing import BaseConverter
from werkzeug.test import create_environ

from demijohn import Demijohn, request, url_for
from demijohn.testing import DemijohnClient


class TestConstruction:
    def test_an_application_is_freed_with_its_last_reference(self) -> None:
        """No reference cycle keeps it (the static route's view, the JSON provider): with the
        collector off, dropping the last reference frees it at once, as Flask's are."""
        gc.disable()
        try:
            app = Demijohn("freed")
            assert app.view_functions["static"]
            app.json.dumps({})
            ref = weakref.ref(app)
            del app
            assert ref() is None
        finally:
            gc.enable()

    def test_name_from_import_name(self) -> None:
        assert Demijohn("shop.web").name == "shop.web"

    def test_default_config_has_flask_keys(self, app: Demijohn) -> None:
        flask_keys = {
            "DEBUG", "TESTING", "PROPAGATE_EXCEPTIONS", "SECRET_KEY", "SECRET_KEY_FALLBACKS",
            "PERMANENT_SESSION_LIFETIME", "USE_X_SENDFILE", "TRUSTED_HOSTS", "SERVER_NAME",
            "APPLICATION_ROOT", "SESSION_COOKIE_NAME", "SESSION_COOKIE_DOMAIN",
            "SESSION_COOKIE_PATH", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SECURE",
            "SESSION_COOKIE_PARTITIONED", "SESSION_COOKIE_SAMESITE",
            "SESSION_REFRESH_EACH_REQUEST", "MAX_CONTENT_LENGTH", "MAX_FORM_MEMORY_SIZE",
            "MAX_FORM_PARTS", "SEND_FILE_MAX_AGE_DEFAULT", "TRAP_BAD_REQUEST_ERRORS",
            "TRAP_HTTP_EXCEPTIONS", "EXPLAIN_TEMPLATE_LOADING", "PREFERRED_URL_SCHEME",
            "TEMPLATES_AUTO_RELOAD", "MAX_COOKIE_SIZE", "PROVIDE_AUTOMATIC_OPTIONS",
        }  # fmt: skip
        assert len(flask_keys) == 29
        assert set(Demijohn.default_config) - flask_keys == {
            "ASGI_THREADS",
            "ASGI_SYNC_VIEWS_IN_THREADS",
            "CHECK_ON_START",
        }
        assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(days=31)
        assert app.config["MAX_FORM_MEMORY_SIZE"] == 500_000
        assert app.config["PROVIDE_AUTOMATIC_OPTIONS"] is True

    def test_config_attributes(self, app: Demijohn) -> None:
        app.secret_key = "k"
        assert app.config["SECRET_KEY"] == "k"
        app.config["PERMANENT_SESSION_LIFETIME"] = 60
        assert app.permanent_session_lifetime == timedelta(seconds=60)
        app.testing = False
        assert app.config["TESTING"] is False

    def test_debug_property_follows_config(self, app: Demijohn) -> None:
        assert app.debug is False
        app.debug = True
        assert app.config["DEBUG"] is True

    def test_debug_from_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DEMIJOHN_DEBUG", "1")
        assert Demijohn(__name__).debug is True

    def test_instance_path_default_and_relative_config(self, tmp_path: t.Any) -> None:
        app = Demijohn(__name__, root_path=str(tmp_path))
        assert app.instance_path.endswith("instance")
        custom = Demijohn(
            __name__, instance_path=str(tmp_path / "inst"), instance_relative_config=True
        )
        assert custom.config.root_path == str(tmp_path / "inst")

    def test_relative_instance_path_is_refused(self) -> None:
        with pytest.raises(ValueError, match="must be absolute"):
            Demijohn(__name__, instance_path="relative")

    def test_open_instance_resource(self, tmp_path: t.Any) -> None:
        app = Demijohn(__name__, instance_path=str(tmp_path))
        with app.open_instance_resource("notes.txt", "w") as f:
            f.write("hello")
        with app.open_instance_resource("notes.txt", "rb") as f:
            assert f.read() == b"hello"

    def test_static_route_is_registered(self, tmp_path: t.Any) -> None:
        (tmp_path / "static").mkdir()
        (tmp_path / "static" / "site.css").write_text("body {}")
        app = Demijohn(__name__, root_path=str(tmp_path))
        assert app.url_map.is_endpoint_expecting("static", "filename")
        response = app.test_client().get("/static/site.css")
        assert response.data == b"body {}"
        response.close()

    def test_no_static_route_without_folder(self) -> None:
        app = Demijohn(__name__, static_folder=None)
        assert "static" not in app.view_functions

    def test_static_host_requires_host_matching(self) -> None:
        with pytest.raises(ValueError, match="static_host"):
            Demijohn(__name__, static_host="static.example.com")
        # An AssertionError too, as Flask's assert raises.
        with pytest.raises(AssertionError, match="static_host"):
            Demijohn(__name__, host_matching=True)
        app = Demijohn(__name__, host_matching=True, static_host="static.example.com")
        assert next(app.url_map.iter_rules("static")).host == "static.example.com"

    def test_command_group_is_named_after_the_app(self, app: Demijohn) -> None:
        assert app.cli.name == "demijohn_test_app"
        result = app.test_cli_runner().invoke(args=["no-such-command"])
        assert result.output.startswith("Usage: demijohn_test_app [OPTIONS] COMMAND")

    def test_repr(self, app: Demijohn) -> None:
        assert repr(app) == "<Demijohn 'demijohn_test_app'>"


class TestRules:
    def test_endpoint_defaults_to_function_name(self, app: Demijohn) -> None:
        @app.route("/")
        def home() -> str:
            return "home"

        assert app.view_functions["home"] is home

    def test_overwriting_an_endpoint_is_refused(self, app: Demijohn) -> None:
        app.add_url_rule("/a", "same", lambda: "a")
        with pytest.raises(AssertionError, match="overwriting an existing endpoint"):
            app.add_url_rule("/b", "same", lambda: "b")

    def test_same_function_twice_is_allowed(self, app: Demijohn, client: DemijohnClient) -> None:
        def view() -> str:
            return request.path

        app.add_url_rule("/a", "view", view)
        app.add_url_rule("/b", "view", view)
        assert client.get("/b").data == b"/b"

    def test_view_methods_attribute(self, app: Demijohn, client: DemijohnClient) -> None:
        def view() -> str:
            return request.method

        view.methods = ["post"]  # type: ignore[attr-defined]
        app.add_url_rule("/", "view", view)
        assert client.post("/").data == b"POST"
        assert client.get("/").status_code == 405

    def test_methods_string_is_a_type_error(self, app: Demijohn) -> None:
        with pytest.raises(TypeError, match="list of strings"):
            app.add_url_rule("/", "x", lambda: "", methods="POST")

    def test_automatic_options_can_be_disabled(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/a", "a", lambda: "a", provide_automatic_options=False)
        app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
        app.add_url_rule("/b", "b", lambda: "b")
        assert client.options("/a").status_code == 405
        assert client.options("/b").status_code == 405

    def test_explicit_options_view(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "o", lambda: "mine", methods=["GET", "OPTIONS"])
        assert client.options("/").data == b"mine"

    def test_head_is_automatic(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "i", lambda: "body")
        response = client.head("/")
        assert response.status_code == 200
        assert response.data == b""

    def test_converters(self, app: Demijohn, client: DemijohnClient) -> None:
        class ListConverter(BaseConverter):
            def to_python(self, value: str) -> list[str]:
                return value.split(",")

            def to_url(self, value: t.Any) -> str:
                return ",".join(value)

        app.url_map.converters["list"] = ListConverter

        @app.route("/<int:a>/<float:b>/<path:c>/<uuid:d>/<any(x, y):e>/<list:f>")
        def conv(a: int, b: float, c: str, d: t.Any, e: str, f: list[str]) -> dict[str, t.Any]:
            return {"a": a, "b": b, "c": c, "d": str(d), "e": e, "f": f}

        url = "/3/1.5/p/q/12345678-1234-5678-1234-567812345678/y/m,n"
        assert client.get(url).json == {
            "a": 3,
            "b": 1.5,
            "c": "p/q",
            "d": "12345678-1234-5678-1234-567812345678",
            "e": "y",
            "f": ["m", "n"],
        }
        with app.test_request_context():
            assert app.url_for("conv", a=1, b=2.0, c="x", d=_uuid(), e="x", f=["u", "v"]) == (
                "/1/2.0/x/12345678-1234-5678-1234-567812345678/x/u,v"
            )

    def test_a_url_variable_named_self_builds(self, app: Demijohn) -> None:
        """``self`` is positional-only in ``url_for``, so it can be a rule's variable."""
        app.add_url_rule("/<self>", "view", lambda self: self)
        with app.test_request_context():
            assert app.url_for("view", self="me") == "/me"
            assert url_for("view", self="me", _external=True) == "http://localhost/me"

    def test_strict_slashes_redirect_is_308(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/folder/", "folder", lambda: "f")
        response = client.get("/folder?x=1")
        assert response.status_code == 308
        assert response.headers["Location"] == "http://localhost/folder/?x=1"
        assert client.get("/folder", follow_redirects=True).data == b"f"

    def test_redirected_post_in_debug_explains(self, app: Demijohn) -> None:
        from demijohn.debughelpers import FormDataRoutingRedirect

        app.debug = True
        app.add_url_rule("/folder/", "folder", lambda: "f", methods=["POST"])
        app.url_map.redirect_defaults = True
        with app.test_request_context("/folder", method="POST"):
            request.routing_exception = _redirect_to("http://localhost/folder/", code=301)
            with pytest.raises(FormDataRoutingRedirect, match="trailing slash"):
                app.raise_routing_exception(request)

    def test_subdomain_matching(self) -> None:
        app = Demijohn(__name__, subdomain_matching=True)
        app.config["SERVER_NAME"] = "example.com"
        app.add_url_rule("/", "user", lambda user: user, subdomain="<user>")
        client = app.test_client()
        assert client.get("/", "http://anna.example.com/").data == b"anna"

    def test_host_matching(self) -> None:
        app = Demijohn(__name__, host_matching=True, static_folder=None)
        app.add_url_rule("/", "a", lambda: "a", host="a.example.com")
        app.add_url_rule("/", "b", lambda: "b", host="b.example.com")
        client = app.test_client()
        assert client.get("http://b.example.com/").data == b"b"
        assert client.get("http://c.example.com/").status_code == 404

    def test_server_name_does_not_restrict_hosts(self) -> None:
        app = Demijohn(__name__)
        app.config["SERVER_NAME"] = "example.com"
        app.add_url_rule("/", "i", lambda: "ok")
        assert app.test_client().get("http://other.org/").data == b"ok"


def _uuid() -> t.Any:
    import uuid

    return uuid.UUID("12345678-1234-5678-1234-567812345678")


def _redirect_to(url: str, code: int) -> t.Any:
    from werkzeug.routing import RequestRedirect

    exc = RequestRedirect(url)
    exc.code = code
    return exc


class TestBadInput:
    """Malformed input gets a clean 4xx, never a 500."""

    @pytest.fixture(autouse=True)
    def _production(self, app: Demijohn) -> None:
        app.testing = False
        app.add_url_rule("/echo/<name>", "echo", lambda name: name)

        @app.post("/json")
        def json_in() -> t.Any:
            return request.get_json()

        @app.post("/form")
        def form_in() -> t.Any:
            return dict(request.form)

        @app.get("/cookie")
        def cookie() -> t.Any:
            return dict(request.cookies)

    def test_bad_percent_encoding(self, client: DemijohnClient) -> None:
        response = client.get("/echo/%zz%e9")
        assert response.status_code == 200

    def test_invalid_json(self, client: DemijohnClient) -> None:
        response = client.post("/json", data="{nope", content_type="application/json")
        assert response.status_code == 400
        assert b"Failed to decode JSON" not in response.data

    def test_invalid_json_reason_shown_in_debug(self, app: Demijohn) -> None:
        app.debug = True
        app.config["PROPAGATE_EXCEPTIONS"] = False
        response = app.test_client().post("/json", data="{nope", content_type="application/json")
        assert response.status_code == 400
        assert b"Failed to decode JSON" in response.data

    def test_json_with_wrong_content_type(self, client: DemijohnClient) -> None:
        assert client.post("/json", data="{}", content_type="text/plain").status_code == 415

    def test_body_over_max_content_length(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["MAX_CONTENT_LENGTH"] = 10
        response = client.post("/form", data={"field": "x" * 100})
        assert response.status_code == 413

    def test_form_over_max_form_memory_size(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["MAX_FORM_MEMORY_SIZE"] = 10
        response = client.post(
            "/form", data={"field": "x" * 100}, content_type="multipart/form-data"
        )
        assert response.status_code == 413

    def test_too_many_form_parts(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["MAX_FORM_PARTS"] = 2
        data = {f"f{i}": "v" for i in range(5)}
        response = client.post("/form", data=data, content_type="multipart/form-data")
        assert response.status_code == 413

    def test_unknown_method(self, client: DemijohnClient) -> None:
        assert client.open("/echo/x", method="BREW").status_code == 405

    def test_malformed_host(self, app: Demijohn) -> None:
        environ = create_environ("/echo/x")
        environ["HTTP_HOST"] = "bad host\x00name"
        status: list[str] = []
        body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))  # type: ignore[arg-type, misc]
        assert status[0].startswith("400"), (status, body)

    @pytest.mark.parametrize(
        "host",
        [
            "bücher.example",
            "bücher.example:8080",
            # The same name as UTF-8 bytes read as latin-1, as WSGI servers pass headers.
            "bücher.example".encode().decode("latin-1"),
            "xn--bcher-kva.example",
        ],
    )
    def test_international_host(self, app: Demijohn, host: str) -> None:
        environ = create_environ("/echo/x")
        environ["HTTP_HOST"] = host
        status: list[str] = []
        body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))  # type: ignore[arg-type, misc]
        assert status[0].startswith("200"), (status, body)

    @pytest.mark.parametrize("host", ["", "\x8a", "bü cher.example", "bücher..example"])
    def test_host_that_is_no_international_name(self, app: Demijohn, host: str) -> None:
        environ = create_environ("/echo/x")
        environ["HTTP_HOST"] = host
        status: list[str] = []
        b"".join(app(environ, lambda s, h, e=None: status.append(s)))  # type: ignore[arg-type, misc]
        assert status[0].startswith("400")

    def test_untrusted_host(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["TRUSTED_HOSTS"] = ["good.example"]
        assert client.get("http://evil.example/echo/x").status_code == 400
        assert client.get("http://good.example/echo/x").status_code == 200

    def test_malformed_cookie(self, client: DemijohnClient) -> None:
        response = client.get("/cookie", headers={"Cookie": 'a="unterminated; b=\\x00; ;;='})
        assert response.status_code == 200

    def test_truncated_multipart(self, client: DemijohnClient) -> None:
        body = b'--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nvalue'
        response = client.post(
            "/form",
            input_stream=io.BytesIO(body),
            content_type="multipart/form-data; boundary=b",
            content_length=len(body),
        )
        # The incomplete part is dropped rather than half-read; the request still succeeds.
        assert response.status_code == 200
        assert response.json == {}


class TestWSGIMiddleware:
    def test_wrapping_wsgi_app_keeps_the_app_object(self, app: Demijohn) -> None:
        inner = app.wsgi_app

        def middleware(environ: t.Any, start_response: t.Any) -> t.Any:
            environ["PATH_INFO"] = "/rewritten"
            return inner(environ, start_response)

        app.wsgi_app = middleware  # type: ignore[method-assign]
        app.add_url_rule("/rewritten", "r", lambda: "rewritten")
        assert app.test_client().get("/anything").data == b"rewritten"


def test_root_path_is_the_module_folder() -> None:
    app = Demijohn(__name__)
    assert app.root_path == os.path.dirname(__file__)


def test_make_shell_context(app: Demijohn) -> None:
    from demijohn import g

    assert app.make_shell_context() == {"app": app, "g": g}
    app.shell_context_processor(lambda: {"answer": 42, "g": "replaced later"})
    app.shell_context_processor(lambda: {"g": "last wins"})
    assert app.make_shell_context() == {"app": app, "g": "last wins", "answer": 42}


class TestCurrent:
    """``Demijohn.current()``: ``current_app``, typed as the subclass asked."""

    class ShopApp(Demijohn):
        pass

    def test_gives_the_application_of_the_active_context(self) -> None:
        app = self.ShopApp("shop")
        with app.app_context():
            assert self.ShopApp.current() is app
            assert Demijohn.current() is app

    def test_outside_a_context_says_how_to_push_one(self) -> None:
        with pytest.raises(RuntimeError, match=r"with app\.app_context"):
            Demijohn.current()

    def test_an_application_of_another_class_is_refused(self, app: Demijohn) -> None:
        with app.app_context(), pytest.raises(TypeError, match="is a Demijohn, not a ShopApp"):
            self.ShopApp.current()

    def test_in_a_request_under_both_protocols(self, client: t.Any) -> None:
        app = client.application
        app.get("/")(lambda: type(Demijohn.current()).__name__)
        assert client.get("/").text == "Demijohn"
