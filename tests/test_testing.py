"""Tests for demijohn.testing: the test client, the environment builder and the CLI runner."""

from __future__ import annotations

import typing as t
from datetime import date
from decimal import Decimal
from importlib.metadata import version

import click
import pytest
import werkzeug.test

from demijohn import (
    Demijohn,
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
)
from demijohn.cli import ScriptInfo
from demijohn.json.provider import DefaultJSONProvider
from demijohn.sessions import SecureCookieSessionInterface
from demijohn.testing import DemijohnClient, DemijohnCliRunner, EnvironBuilder


@pytest.fixture
def echo_app(app: Demijohn) -> Demijohn:
    """An app whose views echo parts of the request."""

    @app.route("/echo", methods=["GET", "POST"])
    def echo() -> dict[str, t.Any]:
        return {
            "method": request.method,
            "url": request.url,
            "body": request.get_data(as_text=True),
            "content_type": request.content_type,
            "remote_addr": request.remote_addr,
            "user_agent": request.user_agent.string,
        }

    return app


# -- requests -----------------------------------------------------------------------------


class TestJSON:
    def test_json_argument_is_serialised_with_app_json(
        self, echo_app: Demijohn, client: DemijohnClient
    ) -> None:
        data = {"b": 1, "a": date(2024, 2, 29)}
        sent = client.post("/echo", json=data).json
        assert sent["body"] == echo_app.json.dumps(data)
        assert sent["body"] == '{"a": "Thu, 29 Feb 2024 00:00:00 GMT", "b": 1}'
        assert sent["content_type"] == "application/json"

    def test_provider_settings_apply(self, echo_app: Demijohn, client: DemijohnClient) -> None:
        echo_app.json.sort_keys = False  # type: ignore[attr-defined]
        assert client.post("/echo", json={"b": 1, "a": 2}).json["body"] == '{"b": 1, "a": 2}'

    def test_response_json_is_parsed_with_app_json(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class DecimalProvider(DefaultJSONProvider):
            def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
                kwargs.setdefault("parse_float", Decimal)
                return super().loads(s, **kwargs)

        app.json = DecimalProvider(app)

        @app.post("/add")
        def add() -> dict[str, t.Any]:
            data = request.get_json()
            return {"sum": str(data["x"] + data["y"])}

        app.add_url_rule("/price", "price", lambda: '{"price": 0.1}')
        assert client.post("/add", json={"x": 0.1, "y": 0.2}).json == {"sum": "0.3"}
        response = client.get("/price")
        assert response.get_json(force=True) == {"price": Decimal("0.1")}

    def test_test_request_context_uses_app_json(self, app: Demijohn) -> None:
        with app.test_request_context(json={"when": date(2000, 1, 1)}):
            assert request.get_json() == {"when": "Sat, 01 Jan 2000 00:00:00 GMT"}


def test_follow_redirects(app: Demijohn, client: DemijohnClient) -> None:
    app.add_url_rule("/old", "old", lambda: current_app.redirect("/new"))
    app.add_url_rule("/new", "new", lambda: f"arrived at {request.path}")
    response = client.get("/old")
    assert response.status_code == 302
    assert response.location == "/new"
    response = client.get("/old", follow_redirects=True)
    assert response.text == "arrived at /new"
    assert response.request.path == "/new"
    assert [r.status_code for r in response.history] == [302]


@pytest.mark.parametrize("code", [307, 308])
def test_follow_redirects_resends_the_body(
    app: Demijohn, client: DemijohnClient, code: int
) -> None:
    app.add_url_rule("/old", "old", lambda: current_app.redirect("/new", code), methods=["PUT"])
    app.add_url_rule("/new", "new", lambda: request.get_data(), methods=["PUT"])
    response = client.put("/old", data=b"payload", follow_redirects=True)
    assert response.data == b"payload"


class TestEnvironBase:
    def test_defaults(self, echo_app: Demijohn, client: DemijohnClient) -> None:
        sent = client.get("/echo").json
        assert sent["remote_addr"] == "127.0.0.1"
        assert sent["user_agent"] == f"Werkzeug/{version('werkzeug')}"

    def test_client_wide_and_per_request_values(
        self, echo_app: Demijohn, client: DemijohnClient
    ) -> None:
        client.environ_base["REMOTE_ADDR"] = "10.0.0.1"
        assert client.get("/echo").json["remote_addr"] == "10.0.0.1"
        sent = client.get("/echo", environ_base={"HTTP_USER_AGENT": "robot"}).json
        assert sent == sent | {"remote_addr": "10.0.0.1", "user_agent": "robot"}
        assert client.get("/echo", headers={"User-Agent": "header"}).json["user_agent"] == "header"


class TestOpen:
    def test_with_an_environ_builder(self, echo_app: Demijohn, client: DemijohnClient) -> None:
        builder = EnvironBuilder(echo_app, "/echo", method="POST", data="payload")
        try:
            sent = client.open(builder).json
            assert (sent["method"], sent["body"]) == ("POST", "payload")
            assert sent["remote_addr"] == "127.0.0.1"
            # The client's environ_base went into a copy; the builder is left as it was.
            assert builder.environ_base is None
        finally:
            builder.close()

    def test_with_a_werkzeug_environ_builder(
        self, echo_app: Demijohn, client: DemijohnClient
    ) -> None:
        builder = werkzeug.test.EnvironBuilder("/echo", environ_base={"REMOTE_ADDR": "10.1.1.1"})
        try:
            sent = client.open(builder).json
        finally:
            builder.close()
        assert sent["remote_addr"] == "10.1.1.1"
        assert sent["user_agent"].startswith("Werkzeug/")

    def test_with_an_environ_dict(self, echo_app: Demijohn, client: DemijohnClient) -> None:
        environ = werkzeug.test.create_environ("/echo?x=1", method="PUT", data="d")
        environ["REQUEST_METHOD"] = "POST"
        sent = client.open(environ).json
        assert sent["method"] == "POST"
        assert sent["url"] == "http://localhost/echo?x=1"
        assert sent["body"] == "d"
        assert sent["remote_addr"] == "127.0.0.1"

    def test_with_a_request_object(self, echo_app: Demijohn, client: DemijohnClient) -> None:
        environ = werkzeug.test.create_environ("/echo", method="POST", data="from request")
        sent = client.open(echo_app.request_class(environ)).json
        assert (sent["method"], sent["body"]) == ("POST", "from request")
        assert sent["remote_addr"] == "127.0.0.1"

    def test_headers_reach_the_view(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule(
            "/headers", "headers", lambda: {k: v for k, v in request.headers if k.startswith("X-")}
        )
        sent = client.get("/headers", headers={"X-One": "1", "X-Empty": ""}).json
        assert sent == {"X-One": "1", "X-Empty": ""}

    def test_buffered(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/stream", "stream", lambda: iter(["a", "b"]))
        assert client.get("/stream", buffered=True).text == "ab"


# -- preserving contexts ------------------------------------------------------------------


class TestWithClient:
    def test_keeps_the_last_requests_contexts_until_the_block_ends(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.route("/keep")
        def keep() -> str:
            g.marker = "set in view"
            session["user"] = "ada"
            return "ok"

        with client:
            client.get("/keep?q=1")
            assert request.args["q"] == "1"
            assert g.marker == "set in view"
            assert session["user"] == "ada"
            assert current_app._get_current_object() is app  # type: ignore[attr-defined]
        assert not has_request_context()
        assert not has_app_context()

    def test_next_request_pops_the_previous_contexts(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []
        app.teardown_request(lambda exc: events.append(f"teardown {request.path}"))

        @app.route("/<name>")
        def view(name: str) -> str:
            events.append(f"view /{name}")
            return name

        with client:
            client.get("/first")
            assert events == ["view /first", "teardown /first"]
            assert request.path == "/first"
            client.get("/second")
            assert request.path == "/second"
            # The kept context of /first was popped before /second ran.
            assert events[2:] == ["teardown /first", "view /second", "teardown /second"]
            events.clear()
        assert events == ["teardown /second"]
        assert not has_request_context()

    def test_keeps_the_final_request_after_redirects(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/from", "from", lambda: current_app.redirect("/to"))

        @app.route("/to")
        def to() -> str:
            session["arrived"] = True
            return "to"

        with client:
            assert client.get("/from", follow_redirects=True).text == "to"
            assert request.path == "/to"
            assert session["arrived"] is True
        with client.session_transaction() as sess:
            assert sess["arrived"] is True

    def test_nesting_raises(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: "ok")
        with client:
            with pytest.raises(RuntimeError, match="Cannot nest"), client:
                pass
            client.get("/")
            assert request.path == "/"
        assert not has_request_context()

    def test_contexts_are_popped_when_the_block_raises(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/", "index", lambda: "ok")

        def fail_inside_the_block() -> None:
            with client:
                client.get("/")
                assert has_request_context()
                raise LookupError

        with pytest.raises(LookupError):
            fail_inside_the_block()
        assert not has_request_context()

    def test_a_request_that_raises_keeps_nothing(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.route("/fail")
        def fail() -> str:
            raise ValueError("view failed")

        app.add_url_rule("/ok", "ok", lambda: "ok")
        with client:
            with pytest.raises(ValueError, match="view failed"):
                client.get("/fail")
            assert not has_request_context()
        # A later request, outside the block, must not push the failed request's contexts.
        assert client.get("/ok").text == "ok"
        assert not has_request_context()
        with client:
            client.get("/ok")
            assert request.path == "/ok"

    def test_without_the_block_nothing_is_kept(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: "ok")
        client.get("/")
        assert not has_request_context()


# -- sessions -----------------------------------------------------------------------------


class TestSessionTransaction:
    def test_writes_are_seen_by_the_app(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/user", "user", lambda: session.get("user", "nobody"))
        assert client.get("/user").text == "nobody"
        with client.session_transaction() as sess:
            sess["user"] = "ada"
        assert client.get("/user").text == "ada"

    def test_reads_what_the_app_wrote(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/login")
        def login() -> str:
            session["user"] = "grace"
            return "ok"

        client.get("/login")
        with client.session_transaction() as sess:
            assert sess["user"] == "grace"
            sess["visits"] = 1
        with client.session_transaction() as sess:
            assert dict(sess) == {"user": "grace", "visits": 1}

    def test_arguments_choose_the_request(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["SERVER_NAME"] = "example.test"
        app.add_url_rule("/user", "user", lambda: session.get("user", "nobody"))
        with client.session_transaction("/user", base_url="http://other.test") as sess:
            sess["user"] = "ada"
        # The cookie was stored for other.test, so requests to example.test do not send it.
        assert client.get("/user").text == "nobody"
        assert client.get("/user", base_url="http://other.test").text == "ada"

    def test_without_cookies_raises_type_error(self, app: Demijohn) -> None:
        client = app.test_client(use_cookies=False)
        with pytest.raises(TypeError, match="use_cookies=True"), client.session_transaction():
            pass

    def test_without_a_secret_key_raises(self, app: Demijohn, client: DemijohnClient) -> None:
        app.config["SECRET_KEY"] = None
        with pytest.raises(RuntimeError, match="SECRET_KEY"), client.session_transaction():
            pass

    def test_a_null_session_is_not_saved(self, app: Demijohn, client: DemijohnClient) -> None:
        class NullOnly(SecureCookieSessionInterface):
            def open_session(self, app: t.Any, request: t.Any) -> t.Any:
                return self.make_null_session(app)

        app.session_interface = NullOnly()
        with client.session_transaction() as sess:
            assert app.session_interface.is_null_session(sess)
        assert client.get_cookie("session") is None


# -- the environment builder --------------------------------------------------------------


class TestEnvironBuilder:
    def test_defaults_to_localhost(self, app: Demijohn) -> None:
        with app.test_request_context("/p"):
            assert request.url == "http://localhost/p"

    def test_base_url_from_config(self, app: Demijohn) -> None:
        app.config.update(
            SERVER_NAME="example.test:8080",
            APPLICATION_ROOT="/root",
            PREFERRED_URL_SCHEME="https",
        )
        with app.test_request_context("/page?x=1"):
            assert request.url == "https://example.test:8080/root/page?x=1"
            assert request.script_root == "/root"
            assert request.path == "/page"

    def test_subdomain_and_scheme(self, app: Demijohn) -> None:
        app.config["SERVER_NAME"] = "example.test"
        builder = EnvironBuilder(app, "/x", subdomain="api", url_scheme="https")
        try:
            assert builder.base_url == "https://api.example.test/"
        finally:
            builder.close()
        with app.test_request_context(subdomain="api"):
            assert request.host == "api.example.test"

    def test_subdomain_of_localhost(self, app: Demijohn) -> None:
        with app.test_request_context(subdomain="www"):
            assert request.host == "www.localhost"

    def test_full_url_as_path(self, app: Demijohn) -> None:
        app.config["SERVER_NAME"] = "example.test"
        with app.test_request_context("https://other.test/a/b?c=d"):
            assert request.url == "https://other.test/a/b?c=d"

    def test_explicit_base_url(self, app: Demijohn) -> None:
        app.config["SERVER_NAME"] = "example.test"
        with app.test_request_context("/p", base_url="http://given.test/prefix"):
            assert request.url == "http://given.test/prefix/p"
            assert request.script_root == "/prefix"

    @pytest.mark.parametrize("option", [{"subdomain": "api"}, {"url_scheme": "https"}])
    def test_base_url_cannot_be_combined(self, app: Demijohn, option: dict[str, str]) -> None:
        with pytest.raises(ValueError, match="cannot be combined with 'base_url'"):
            EnvironBuilder(app, "/", base_url="http://localhost/", **option)

    def test_other_arguments_reach_werkzeug(self, app: Demijohn) -> None:
        with app.test_request_context(
            "/form", method="POST", data={"a": "b"}, headers={"X-Custom": "1"}
        ):
            assert request.method == "POST"
            assert request.form["a"] == "b"
            assert request.headers["X-Custom"] == "1"


# -- client and runner classes ------------------------------------------------------------


def test_unknown_protocol_raises(app: Demijohn) -> None:
    with pytest.raises(ValueError, match="'wsgi' or 'asgi'"):
        app.test_client(protocol="http3")


def test_client_class_can_be_replaced(app: Demijohn) -> None:
    class Client(DemijohnClient):
        pass

    app.test_client_class = Client
    client = app.test_client()
    assert type(client) is Client
    assert client.application is app


def test_cli_runner_invokes_app_commands_with_the_app(app: Demijohn) -> None:
    @app.cli.command("hello")
    @click.argument("name")
    def hello(name: str) -> None:
        click.echo(f"hello {name} from {current_app.name}")

    runner = app.test_cli_runner()
    assert isinstance(runner, DemijohnCliRunner)
    result = runner.invoke(args=["hello", "ada"])
    assert result.exit_code == 0, result.output
    assert result.output == "hello ada from demijohn_test_app\n"
    assert not has_app_context()


def test_cli_runner_invokes_a_given_command(app: Demijohn) -> None:
    @app.cli.command("name")
    def name() -> None:
        click.echo(current_app.name)

    result = app.test_cli_runner().invoke(name)
    assert result.output == "demijohn_test_app\n"


def test_cli_runner_keeps_a_given_script_info(app: Demijohn) -> None:
    other = Demijohn("other_app")

    @app.cli.command("name")
    def name() -> None:
        click.echo(current_app.name)

    result = app.test_cli_runner().invoke(args=["name"], obj=ScriptInfo(create_app=lambda: other))
    assert result.output == "other_app\n"


def test_cli_runner_class_can_be_replaced(app: Demijohn) -> None:
    class Runner(DemijohnCliRunner):
        pass

    app.test_cli_runner_class = Runner
    runner = app.test_cli_runner(echo_stdin=True)
    assert type(runner) is Runner
    assert runner.app is app
    assert runner.echo_stdin is True


def test_status_line_is_the_same_over_both_protocols(app: Demijohn, client: DemijohnClient) -> None:
    app.add_url_rule("/", "index", lambda: ("moved", 302, {"Location": "/x"}))
    assert client.get("/").status == "302 FOUND"


def test_header_names_are_the_same_over_both_protocols(
    app: Demijohn, client: DemijohnClient
) -> None:
    # ASGI sends names lowercased; tests compare them as the application wrote them.
    def view() -> tuple[str, dict[str, str]]:
        session["seen"] = True
        return "body", {"X-CSRFToken": "t", "ETag": '"v1"', "x-lower": "kept"}

    app.add_url_rule("/", "index", view)
    wsgi = app.test_client(protocol="wsgi").get("/")
    response = client.get("/")
    assert [name for name, _ in response.headers] == [name for name, _ in wsgi.headers]
    assert list(response.headers.keys()) == [
        "X-CSRFToken",
        "ETag",
        "x-lower",
        "Content-Type",
        "Content-Length",
        "Vary",
        "Set-Cookie",
    ]


def test_header_names_of_nested_requests_and_middleware(
    app: Demijohn, client: DemijohnClient
) -> None:
    app.add_url_rule("/inner", "inner", lambda: ("", {"x-test": "inner"}))

    def outer() -> tuple[str, dict[str, str]]:
        # A request made while this one runs does not lend its names to this one's.
        inner = app.test_client(protocol="wsgi").get("/inner")
        return inner.headers["x-test"], {"X-Test": "outer"}

    app.add_url_rule("/outer", "outer", outer)
    wsgi_app = app.wsgi_app

    def middleware(environ: t.Any, start_response: t.Any) -> t.Any:
        def start(status: str, headers: list[tuple[str, str]], exc_info: t.Any = None) -> t.Any:
            return start_response(status, [*headers, ("X-Added-Later", "1")], exc_info)

        return wsgi_app(environ, start)

    app.wsgi_app = middleware  # type: ignore[method-assign]
    response = client.get("/outer")
    assert response.text == "inner"
    names = [name for name, _ in response.headers]
    assert "X-Test" in names
    assert names[-1] == "X-Added-Later"
