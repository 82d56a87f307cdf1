"""A.13: the test client, session transactions, test request contexts and the CLI runner."""

from __future__ import annotations

import io
import typing as t

import pytest


def test_environ_base_defaults(flask: t.Any, app: t.Any, client: t.Any) -> None:
    import importlib.metadata

    @app.get("/")
    def index() -> t.Any:
        return {"addr": flask.request.remote_addr, "agent": flask.request.user_agent.string}

    assert client.get("/").json == {
        "addr": "127.0.0.1",
        "agent": f"Werkzeug/{importlib.metadata.version('werkzeug')}",
    }


def test_environ_base_can_be_changed(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        return flask.request.remote_addr or ""

    client.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    assert client.get("/").text == "10.0.0.1"
    assert client.get("/", environ_base={"REMOTE_ADDR": "10.0.0.2"}).text == "10.0.0.2"


def test_client_application(app: t.Any, client: t.Any) -> None:
    assert client.application is app


def test_query_string_and_form(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/")
    def index() -> t.Any:
        return {"args": flask.request.args.to_dict(), "form": flask.request.form.to_dict()}

    rv = client.post("/", query_string={"b": "2"}, data={"c": "3"})
    assert rv.json == {"args": {"b": "2"}, "form": {"c": "3"}}
    rv = client.post("/?a=1", data={"c": "3"})
    assert rv.json == {"args": {"a": "1"}, "form": {"c": "3"}}


def test_json_keyword_uses_the_app_provider(flask: t.Any, app: t.Any, client: t.Any) -> None:
    import datetime

    @app.post("/")
    def index() -> t.Any:
        return {"type": flask.request.content_type, "raw": flask.request.get_data(as_text=True)}

    rv = client.post("/", json={"b": datetime.date(2020, 1, 1), "a": 1})
    assert rv.json == {
        "type": "application/json",
        "raw": '{"a": 1, "b": "Wed, 01 Jan 2020 00:00:00 GMT"}',
    }


def test_response_json(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> t.Any:
        return {"a": [1]}

    rv = client.get("/")
    assert rv.json == {"a": [1]}
    assert rv.get_json() == {"a": [1]}


def test_follow_redirects(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/old")
    def old() -> t.Any:
        return flask.redirect("/new")

    @app.get("/new")
    def new() -> str:
        return "new"

    rv = client.get("/old", follow_redirects=True)
    assert rv.text == "new"
    assert rv.request.path == "/new"
    assert [r.status_code for r in rv.history] == [302]
    rv = client.get("/old")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/new"


def test_redirect_keeps_the_session(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/login")
    def login() -> t.Any:
        flask.session["user"] = "ann"
        return flask.redirect("/me")

    @app.get("/me")
    def me() -> str:
        return flask.session.get("user", "nobody")

    assert client.post("/login", follow_redirects=True).text == "ann"
    assert client.get("/me").text == "ann"


def test_cookies_are_kept_between_requests(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/set")
    def set_cookie() -> t.Any:
        rv = flask.make_response("set")
        rv.set_cookie("flavour", "oat")
        return rv

    @app.get("/read")
    def read() -> str:
        return flask.request.cookies.get("flavour", "none")

    client.get("/set")
    assert client.get_cookie("flavour").value == "oat"
    assert client.get("/read").text == "oat"


def test_use_cookies_false(flask: t.Any, app: t.Any) -> None:
    @app.get("/set")
    def set_cookie() -> t.Any:
        rv = flask.make_response("set")
        rv.set_cookie("flavour", "oat")
        return rv

    @app.get("/read")
    def read() -> str:
        return flask.request.cookies.get("flavour", "none")

    client = app.test_client(use_cookies=False)
    client.get("/set")
    assert client.get("/read").text == "none"


def test_session_transaction_sets_the_session(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        return str(flask.session.get("user"))

    with client.session_transaction() as session:
        session["user"] = "ann"
    assert client.get("/").text == "ann"


def test_session_transaction_reads_the_session(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/")
    def index() -> str:
        flask.session["count"] = 3
        return ""

    client.post("/")
    with client.session_transaction() as session:
        assert session["count"] == 3
        assert isinstance(session, flask.sessions.SecureCookieSession)


def test_session_transaction_without_cookies(flask: t.Any, app: t.Any) -> None:
    client = app.test_client(use_cookies=False)
    with pytest.raises(TypeError), client.session_transaction():
        pass


def test_session_transaction_without_secret_key(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.secret_key = None
    with (
        pytest.raises(RuntimeError, match="Session backend did not open a session"),
        client.session_transaction(),
    ):
        pass


def test_session_transaction_pushes_no_request_context(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    with client.session_transaction():
        assert not flask.has_request_context()


def test_with_client_keeps_the_last_request_context(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.get("/<name>")
    def index(name: str) -> str:
        flask.g.name = name
        return ""

    with client:
        client.get("/first")
        client.get("/second?x=1")
        assert flask.request.path == "/second"
        assert flask.request.args["x"] == "1"
        assert flask.g.name == "second"
    assert not flask.has_request_context()
    assert not flask.has_app_context()


def test_with_client_tears_down_at_the_end_and_at_exit(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    torn_down: list[str] = []

    @app.teardown_request
    def teardown(exc: t.Any) -> None:
        torn_down.append(flask.request.path)

    @app.get("/")
    def index() -> str:
        return ""

    with client:
        client.get("/")
        assert torn_down == ["/"]
        assert flask.request.path == "/"
    # Flask runs teardown_request again when the kept context is popped.
    assert torn_down == ["/", "/"]


def test_open_with_an_environ_builder(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.testing import EnvironBuilder

    @app.put("/thing")
    def thing() -> str:
        return flask.request.get_data(as_text=True)

    builder = EnvironBuilder(app, "/thing", method="PUT", data="payload")
    try:
        assert client.open(builder).text == "payload"
    finally:
        builder.close()


def test_open_with_an_environ_dict(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.testing import EnvironBuilder

    @app.get("/env")
    def env() -> str:
        return flask.request.headers["X-Thing"]

    environ = EnvironBuilder(app, "/env", headers={"X-Thing": "yes"}).get_environ()
    assert client.open(environ).text == "yes"


def test_buffered_response(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> t.Any:
        return flask.Response(iter(["a", "b"]))

    assert client.get("/", buffered=True).data == b"ab"


def test_environ_builder_uses_server_name_and_root(flask: t.Any, app: t.Any) -> None:
    from flask.testing import EnvironBuilder

    app.config.update(
        SERVER_NAME="example.com:8080", APPLICATION_ROOT="/shop", PREFERRED_URL_SCHEME="https"
    )
    builder = EnvironBuilder(app, "/cart", subdomain="api")
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    assert environ["HTTP_HOST"] == "api.example.com:8080"
    assert environ["SCRIPT_NAME"] == "/shop"
    assert environ["PATH_INFO"] == "/cart"
    assert environ["wsgi.url_scheme"] == "https"


def test_environ_builder_json_dumps(flask: t.Any, app: t.Any) -> None:
    from flask.testing import EnvironBuilder

    builder = EnvironBuilder(app, json={"b": 1, "a": 2})
    try:
        assert builder.json_dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
    finally:
        builder.close()


def test_test_request_context(flask: t.Any, app: t.Any) -> None:
    @app.route("/items/<int:n>", methods=["GET", "POST"])
    def item(n: int) -> str:
        return ""

    with app.test_request_context("/items/3?q=x", method="POST", data={"f": "1"}):
        assert flask.request.path == "/items/3"
        assert flask.request.method == "POST"
        assert flask.request.args["q"] == "x"
        assert flask.request.form["f"] == "1"
        assert flask.request.view_args == {"n": 3}
        assert flask.url_for("item", n=4) == "/items/4"
        assert flask.url_for("item", n=4, _external=True) == "http://localhost/items/4"
    assert not flask.has_request_context()


def test_test_request_context_uses_server_name(flask: t.Any, app: t.Any) -> None:
    app.config.update(SERVER_NAME="shop.test", PREFERRED_URL_SCHEME="https")
    with app.test_request_context("/"):
        assert flask.request.host == "shop.test"
        assert flask.request.url == "https://shop.test/"


def test_test_request_context_base_url(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context("/p", base_url="http://other.test/root/"):
        assert flask.request.url == "http://other.test/root/p"
        assert flask.request.script_root == "/root"


def test_test_request_context_keeps_the_routing_error(flask: t.Any, app: t.Any) -> None:
    from werkzeug.exceptions import MethodNotAllowed

    @app.get("/only-get")
    def only_get() -> str:
        return ""

    with app.test_request_context("/only-get", method="POST"):
        assert flask.request.view_args is None
        assert isinstance(flask.request.routing_exception, MethodNotAllowed)


def test_test_request_context_runs_no_hooks(flask: t.Any, app: t.Any) -> None:
    called: list[str] = []

    @app.before_request
    def before() -> None:
        called.append("before")

    with app.test_request_context("/"):
        pass
    assert called == []


def test_testing_propagates_exceptions(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        raise LookupError("visible")

    with pytest.raises(LookupError, match="visible"):
        client.get("/")
    app.testing = False
    assert client.get("/").status_code == 500
    app.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(LookupError):
        client.get("/")


def test_errors_stream(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        flask.request.environ["wsgi.errors"].write("problem")
        return ""

    errors = io.StringIO()
    client.get("/", errors_stream=errors)
    assert errors.getvalue() == "problem"


def test_test_client_class(flask: t.Any, app: t.Any) -> None:
    from flask.testing import FlaskClient

    class Client(FlaskClient):  # type: ignore[misc]
        def __init__(self, *args: t.Any, marker: str = "", **kwargs: t.Any) -> None:
            super().__init__(*args, **kwargs)
            self.marker = marker

    app.test_client_class = Client
    client = app.test_client(marker="m")
    assert isinstance(client, Client)
    assert client.marker == "m"


def test_cli_runner_invokes_app_commands(flask: t.Any, app: t.Any) -> None:
    import click

    @app.cli.command("hello")
    @click.option("--name", default="world")
    def hello(name: str) -> None:
        click.echo(f"hello {name} from {flask.current_app.name}")

    runner = app.test_cli_runner()
    result = runner.invoke(args=["hello", "--name", "ann"])
    assert result.exit_code == 0
    assert result.output == "hello ann from behaviour_app\n"
    result = runner.invoke(hello)
    assert result.output == "hello world from behaviour_app\n"


def test_cli_runner_reports_exceptions(flask: t.Any, app: t.Any) -> None:
    @app.cli.command("fail")
    def fail() -> None:
        raise ValueError("bad")

    result = app.test_cli_runner().invoke(args=["fail"])
    assert result.exit_code == 1
    assert isinstance(result.exception, ValueError)


def test_cli_runner_passes_the_script_info(flask: t.Any, app: t.Any) -> None:
    import click
    from flask.cli import ScriptInfo, pass_script_info

    @app.cli.command("info", with_appcontext=False)
    @pass_script_info
    def info(script_info: ScriptInfo) -> None:
        click.echo(str(script_info.load_app() is app))

    runner = app.test_cli_runner()
    assert runner.app is app
    assert runner.invoke(args=["info"]).output == "True\n"


def test_cli_runner_class(flask: t.Any, app: t.Any) -> None:
    from flask.testing import FlaskCliRunner

    assert isinstance(app.test_cli_runner(), FlaskCliRunner)
    assert app.test_cli_runner_class is None


def test_client_is_reusable_after_an_error(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/fail")
    def fail() -> str:
        raise KeyError("x")

    @app.get("/ok")
    def ok() -> str:
        return "ok"

    with pytest.raises(KeyError):
        client.get("/fail")
    assert client.get("/ok").text == "ok"
    assert not flask.has_request_context()


def test_follow_a_307_keeps_method_and_body(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/old")
    def old() -> t.Any:
        return flask.redirect("/new", 307)

    @app.post("/new")
    def new() -> str:
        return flask.request.get_data(as_text=True)

    rv = client.post("/old", data="payload", follow_redirects=True)
    assert rv.text == "payload"
    assert rv.request.method == "POST"


def test_request_headers_and_base_url(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> t.Any:
        return {"host": flask.request.host, "x": flask.request.headers.get("X-Test")}

    rv = client.get("/", headers={"X-Test": "1"}, base_url="https://shop.test:8443/")
    assert rv.json == {"host": "shop.test:8443", "x": "1"}


def test_multipart_file_upload(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/")
    def upload() -> t.Any:
        upload = flask.request.files["doc"]
        return {
            "name": upload.filename,
            "body": upload.read().decode(),
            "f": flask.request.form["f"],
        }

    rv = client.post("/", data={"doc": (io.BytesIO(b"text"), "a.txt"), "f": "1"})
    assert rv.json == {"name": "a.txt", "body": "text", "f": "1"}


def test_test_request_context_with_json(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context("/", method="POST", json={"a": 1}):
        assert flask.request.is_json
        assert flask.request.json == {"a": 1}


def test_session_transaction_without_changes_keeps_the_session(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.post("/")
    def store() -> str:
        flask.session["kept"] = "yes"
        return ""

    @app.get("/")
    def read() -> str:
        return str(flask.session.get("kept"))

    client.post("/")
    with client.session_transaction() as session:
        assert session["kept"] == "yes"
    assert client.get("/").text == "yes"
