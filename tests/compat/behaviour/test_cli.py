"""A.14: the command line: ``flask routes``, ``--version``, finding the app, environment
files and variables, ``flask run``'s settings, and command groups.

Every test runs in a temporary directory with the environment, ``sys.path`` and the modules
it imports restored afterwards.
"""

from __future__ import annotations

import os
import sys
import typing as t

import pytest

APP_SOURCE = """\
import flask

app = flask.Flask("{name}")

@app.get("/")
def index():
    return "index"

@app.cli.command("where")
def where():
    import click
    click.echo(f"app={{flask.current_app.name}} debug={{flask.current_app.debug}}")
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[t.Any]:
    environ = dict(os.environ)
    path = list(sys.path)
    modules = set(sys.modules)
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith(("FLASK_", "DEMIJOHN_"))]:
        monkeypatch.delenv(name)
    yield tmp_path
    os.environ.clear()
    os.environ.update(environ)
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        module = sys.modules[name]
        if str(getattr(module, "__file__", "") or "").startswith(str(tmp_path)):
            del sys.modules[name]


def _write_app(directory: t.Any, module: str, name: str = "cli_app") -> None:
    (directory / f"{module}.py").write_text(APP_SOURCE.format(name=name))


def _invoke(flask: t.Any, args: list[str], **kwargs: t.Any) -> t.Any:
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    return CliRunner().invoke(FlaskGroup(), args, catch_exceptions=False, **kwargs)


def _routes_app(flask: t.Any) -> t.Any:
    app = flask.Flask("routes_app")

    @app.route("/b", methods=["GET", "POST"])
    def zeta() -> str:
        return ""

    @app.route("/a/<int:id>")
    def alpha(id: int) -> str:
        return ""

    bp = flask.Blueprint("bp", __name__, subdomain="api")

    @bp.delete("/x")
    def item() -> str:
        return ""

    app.register_blueprint(bp)
    return app


def _routes(app: t.Any, *args: str) -> list[str]:
    from flask.cli import routes_command

    result = app.test_cli_runner().invoke(routes_command, list(args))
    assert result.exit_code == 0, result.output
    return t.cast(list[str], result.output.split("\n"))


def test_routes_table(flask: t.Any) -> None:
    assert _routes(_routes_app(flask)) == [
        "Endpoint  Methods    Subdomain  Rule                   ",
        "--------  ---------  ---------  -----------------------",
        "alpha     GET                   /a/<int:id>            ",
        "bp.item   DELETE     api        /x                     ",
        "static    GET                   /static/<path:filename>",
        "zeta      GET, POST             /b                     ",
        "",
    ]


def test_routes_sorted_by_rule(flask: t.Any) -> None:
    lines = _routes(_routes_app(flask), "-s", "rule")
    assert [line.split()[0] for line in lines[2:-1]] == ["alpha", "zeta", "static", "bp.item"]


def test_routes_sorted_by_methods_with_all_methods(flask: t.Any) -> None:
    lines = _routes(_routes_app(flask), "--sort", "methods", "--all-methods")
    assert lines[:2] == [
        "Endpoint  Methods                   Subdomain  Rule                   ",
        "--------  ------------------------  ---------  -----------------------",
    ]
    assert lines[2:-1] == [
        "bp.item   DELETE, OPTIONS           api        /x                     ",
        "static    GET, HEAD, OPTIONS                   /static/<path:filename>",
        "alpha     GET, HEAD, OPTIONS                   /a/<int:id>            ",
        "zeta      GET, HEAD, OPTIONS, POST             /b                     ",
    ]


@pytest.mark.parametrize("sort", ["match", "domain"])
def test_routes_in_match_order(flask: t.Any, sort: str) -> None:
    lines = _routes(_routes_app(flask), "-s", sort)
    assert [line.split()[0] for line in lines[2:-1]] == ["static", "zeta", "alpha", "bp.item"]


def test_routes_without_a_domain_column(flask: t.Any) -> None:
    app = flask.Flask("routes_app")
    app.add_url_rule("/", "index", lambda: "")
    assert _routes(app) == [
        "Endpoint  Methods  Rule                   ",
        "--------  -------  -----------------------",
        "index     GET      /                      ",
        "static    GET      /static/<path:filename>",
        "",
    ]


def test_routes_host_column(flask: t.Any) -> None:
    app = flask.Flask("routes_app", host_matching=True, static_host="s.test")
    app.add_url_rule("/", "home", lambda: "", host="h.test")
    assert _routes(app) == [
        "Endpoint  Methods  Host    Rule                   ",
        "--------  -------  ------  -----------------------",
        "home      GET      h.test  /                      ",
        "static    GET      s.test  /static/<path:filename>",
        "",
    ]


def test_routes_without_routes(flask: t.Any) -> None:
    app = flask.Flask("routes_app", static_folder=None)
    assert _routes(app) == ["No routes were registered.", ""]


def test_routes_rejects_an_unknown_sort(flask: t.Any) -> None:
    from flask.cli import routes_command

    result = _routes_app(flask).test_cli_runner().invoke(routes_command, ["-s", "size"])
    assert result.exit_code == 2
    assert "Invalid value for '--sort' / '-s'" in result.output


def test_version_option(flask: t.Any) -> None:
    import importlib.metadata
    import platform

    result = _invoke(flask, ["--version"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    # Between the two, the framework and its version (under the layer, demijohn's too).
    assert lines[0] == f"Python {platform.python_version()}"
    assert f"Flask {importlib.metadata.version('flask')}" in lines
    assert lines[-1] == f"Werkzeug {importlib.metadata.version('werkzeug')}"


def test_app_cli_is_named_after_the_app(flask: t.Any) -> None:
    app = flask.Flask("named_app")
    assert app.cli.name == "named_app"
    result = app.test_cli_runner().invoke(args=["missing"])
    assert result.output.startswith("Usage: named_app [OPTIONS] COMMAND [ARGS]...\n")


def test_help_lists_the_built_in_commands(flask: t.Any, isolated: t.Any) -> None:
    result = _invoke(flask, ["--help"])
    assert result.exit_code == 0
    commands = result.output.split("Commands:\n")[1].split()
    for name in ("routes", "run", "shell"):
        assert name in commands


def test_app_option_with_module_and_name(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "hello")
    result = _invoke(flask, ["--app", "hello:app", "where"])
    assert result.output == "app=cli_app debug=False\n"


def test_app_option_finds_app_by_name(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "hello")
    assert _invoke(flask, ["-A", "hello", "where"]).output == "app=cli_app debug=False\n"


def test_app_option_with_a_file_path(flask: t.Any, isolated: t.Any) -> None:
    (isolated / "pkg").mkdir()
    _write_app(isolated / "pkg", "siteapp")
    result = _invoke(flask, ["--app", "pkg/siteapp.py", "where"])
    assert result.output == "app=cli_app debug=False\n"


def test_app_from_a_factory_call(flask: t.Any, isolated: t.Any) -> None:
    (isolated / "factory.py").write_text(
        "import flask\n"
        "def create_app(name='default', debug=False):\n"
        "    app = flask.Flask(name)\n"
        "    @app.cli.command('name')\n"
        "    def show():\n"
        "        print(flask.current_app.name)\n"
        "    return app\n"
    )
    assert _invoke(flask, ["--app", "factory", "name"]).output == "default\n"
    assert _invoke(flask, ["--app", "factory:create_app('made')", "name"]).output == "made\n"
    result = _invoke(flask, ["--app", "factory:create_app(name='kw')", "name"])
    assert result.output == "kw\n"


def test_flask_app_variable(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "from_env")
    result = _invoke(flask, ["where"], env={"FLASK_APP": "from_env"})
    assert result.output == "app=cli_app debug=False\n"


@pytest.mark.parametrize("filename", ["wsgi", "app"])
def test_default_files_without_app_option(flask: t.Any, isolated: t.Any, filename: str) -> None:
    _write_app(isolated, filename, name=f"from_{filename}")
    assert _invoke(flask, ["where"]).output == f"app=from_{filename} debug=False\n"


def test_wsgi_py_wins_over_app_py(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "wsgi", name="from_wsgi")
    _write_app(isolated, "app", name="from_app")
    assert _invoke(flask, ["where"]).output == "app=from_wsgi debug=False\n"


def test_unknown_module_is_a_usage_error(flask: t.Any, isolated: t.Any) -> None:
    result = _invoke(flask, ["--app", "not_a_module_here", "routes"])
    assert result.exit_code == 2
    assert "Error: Could not import 'not_a_module_here'." in result.output


def test_import_error_inside_the_module_is_shown(flask: t.Any, isolated: t.Any) -> None:
    (isolated / "broken.py").write_text("import flask\nimport not_installed_anywhere\n")
    result = _invoke(flask, ["--app", "broken", "routes"])
    assert result.exit_code == 2
    assert "While importing 'broken', an ImportError was raised:" in result.output
    assert "No module named 'not_installed_anywhere'" in result.output


def test_missing_attribute(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "hello")
    result = _invoke(flask, ["--app", "hello:nope", "routes"])
    assert result.exit_code == 2
    assert "Failed to find attribute 'nope' in 'hello'." in result.output


def test_unknown_command_lists_the_app_loading_error(flask: t.Any, isolated: t.Any) -> None:
    result = _invoke(flask, ["--app", "not_a_module_here", "mystery"])
    assert result.exit_code == 2
    assert "Could not import 'not_a_module_here'." in result.output
    assert "No such command 'mystery'." in result.output


def test_no_app_found_names_flask_app(flask: t.Any) -> None:
    result = _invoke(flask, ["where"])
    assert result.exit_code == 2
    assert "Could not locate a Flask application." in result.output
    assert "'FLASK_APP' environment variable" in result.output


def test_no_app_exception_is_a_usage_error(flask: t.Any) -> None:
    import click
    from flask.cli import NoAppException

    assert issubclass(NoAppException, click.UsageError)


def test_find_best_app_rules(flask: t.Any) -> None:
    import types

    from flask.cli import NoAppException, find_best_app

    module = types.ModuleType("discovery")
    named = flask.Flask("named")
    module.application = named  # type: ignore[attr-defined]
    module.other = flask.Flask("other")  # type: ignore[attr-defined]
    assert find_best_app(module) is named

    module = types.ModuleType("discovery")
    single = flask.Flask("single")
    module.whatever = single  # type: ignore[attr-defined]
    assert find_best_app(module) is single

    module = types.ModuleType("discovery")
    module.one = flask.Flask("one")  # type: ignore[attr-defined]
    module.two = flask.Flask("two")  # type: ignore[attr-defined]
    with pytest.raises(NoAppException):
        find_best_app(module)


def test_find_best_app_calls_a_factory(flask: t.Any) -> None:
    import types

    from flask.cli import NoAppException, find_best_app

    module = types.ModuleType("discovery")
    module.make_app = lambda: flask.Flask("made")  # type: ignore[attr-defined]
    with pytest.raises(NoAppException):
        # A lambda is not a function defined with def? It is: only the result counts.
        find_best_app(types.ModuleType("empty"))
    assert find_best_app(module).name == "made"

    def create_app(required: str) -> t.Any:
        return flask.Flask(required)

    module = types.ModuleType("discovery")
    module.create_app = create_app  # type: ignore[attr-defined]
    with pytest.raises(NoAppException):
        find_best_app(module)


def test_locate_app(flask: t.Any, isolated: t.Any) -> None:
    from flask.cli import NoAppException, locate_app

    _write_app(isolated, "locate_me")
    sys.path.insert(0, str(isolated))
    assert locate_app("locate_me", "app").name == "cli_app"
    assert locate_app("not_here_at_all", None, raise_if_not_found=False) is None
    with pytest.raises(NoAppException):
        locate_app("not_here_at_all", None)


def test_prepare_import_walks_up_packages(flask: t.Any, isolated: t.Any) -> None:
    from flask.cli import prepare_import

    inner = isolated / "outer" / "inner"
    inner.mkdir(parents=True)
    (isolated / "outer" / "__init__.py").write_text("")
    (inner / "__init__.py").write_text("")
    (inner / "mod.py").write_text("")
    assert prepare_import(str(inner / "mod.py")) == "outer.inner.mod"
    assert sys.path[0] == str(isolated)


def test_script_info_loads_once(flask: t.Any) -> None:
    from flask.cli import ScriptInfo

    calls: list[int] = []

    def create() -> t.Any:
        calls.append(1)
        return flask.Flask("made_once")

    info = ScriptInfo(create_app=create)
    assert info.load_app() is info.load_app()
    assert calls == [1]
    assert info.data == {}


def test_script_info_without_an_app(flask: t.Any, isolated: t.Any) -> None:
    from flask.cli import NoAppException, ScriptInfo

    with pytest.raises(NoAppException):
        ScriptInfo().load_app()


def test_flask_group_with_create_app(flask: t.Any) -> None:
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    app = flask.Flask("grouped")

    @app.cli.command()
    def hello() -> None:
        print(f"hello from {flask.current_app.name}")

    group = FlaskGroup(create_app=lambda: app)
    assert CliRunner().invoke(group, ["hello"]).output == "hello from grouped\n"


def test_app_group_commands_get_an_app_context(flask: t.Any) -> None:
    import click
    from flask.cli import AppGroup

    app = flask.Flask("grouped")
    group = AppGroup("tools")

    @group.command()
    def inside() -> None:
        click.echo(flask.current_app.name)

    @group.command(with_appcontext=False)
    def outside() -> None:
        click.echo(str(flask.has_app_context()))

    @group.group()
    def sub() -> None:
        pass

    assert isinstance(sub, AppGroup)
    app.cli.add_command(group)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["tools", "inside"]).output == "grouped\n"
    assert runner.invoke(args=["tools", "outside"]).output == "False\n"


def test_with_appcontext(flask: t.Any) -> None:
    import click
    from flask.cli import with_appcontext

    app = flask.Flask("ctx_app")

    @click.command()
    @with_appcontext
    def show() -> None:
        click.echo(flask.current_app.name)

    assert app.test_cli_runner().invoke(show).output == "ctx_app\n"


def test_blueprint_commands(flask: t.Any) -> None:
    import click

    app = flask.Flask("bp_cli")
    grouped = flask.Blueprint("grouped", __name__)
    merged = flask.Blueprint("merged", __name__, cli_group=None)
    renamed = flask.Blueprint("renamed", __name__, cli_group="tools")

    @grouped.cli.command("a")
    def a() -> None:
        click.echo("a")

    @merged.cli.command("b")
    def b() -> None:
        click.echo("b")

    @renamed.cli.command("c")
    def c() -> None:
        click.echo("c")

    for bp in (grouped, merged, renamed):
        app.register_blueprint(bp)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["grouped", "a"]).output == "a\n"
    assert runner.invoke(args=["b"]).output == "b\n"
    assert runner.invoke(args=["tools", "c"]).output == "c\n"


def test_flaskenv_and_env_files(flask: t.Any, isolated: t.Any) -> None:
    from flask.cli import load_dotenv

    (isolated / ".flaskenv").write_text("ONLY_FLASKENV=f\nBOTH=from flaskenv\nSET=file\n")
    (isolated / ".env").write_text("ONLY_ENV=e\nBOTH=from env\n")
    os.environ["SET"] = "process"
    assert load_dotenv() is True
    assert os.environ["ONLY_FLASKENV"] == "f"
    assert os.environ["ONLY_ENV"] == "e"
    assert os.environ["BOTH"] == "from env"
    assert os.environ["SET"] == "process"


def test_env_files_are_found_in_parent_directories(
    flask: t.Any, isolated: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flask.cli import load_dotenv

    (isolated / ".flaskenv").write_text("FROM_PARENT=yes\n")
    (isolated / "sub").mkdir()
    monkeypatch.chdir(isolated / "sub")
    load_dotenv()
    assert os.environ["FROM_PARENT"] == "yes"


def test_load_dotenv_without_files(flask: t.Any, isolated: t.Any) -> None:
    from flask.cli import load_dotenv

    assert load_dotenv() is False


def test_env_file_option_wins_over_default_files(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "hello")
    (isolated / ".flaskenv").write_text("FLASK_APP=hello\nPICK=flaskenv\n")
    (isolated / ".env").write_text("PICK=env\n")
    (isolated / "extra.env").write_text("PICK=extra\n")
    result = _invoke(flask, ["-e", "extra.env", "where"])
    assert result.output == "app=cli_app debug=False\n"
    assert os.environ["PICK"] == "extra"


def test_flaskenv_sets_flask_app_and_debug(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "hello")
    (isolated / ".flaskenv").write_text("FLASK_APP=hello\nFLASK_DEBUG=1\n")
    assert _invoke(flask, ["where"]).output == "app=cli_app debug=True\n"


def test_skip_dotenv(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "hello")
    (isolated / ".flaskenv").write_text("FLASK_APP=hello\nFROM_FILE=1\n")
    result = _invoke(flask, ["--app", "hello", "where"], env={"FLASK_SKIP_DOTENV": "1"})
    assert result.output == "app=cli_app debug=False\n"
    assert "FROM_FILE" not in os.environ


def test_flask_debug_variable_and_option(flask: t.Any, isolated: t.Any) -> None:
    _write_app(isolated, "hello")
    result = _invoke(flask, ["--app", "hello", "where"], env={"FLASK_DEBUG": "1"})
    assert result.output == "app=cli_app debug=True\n"
    result = _invoke(flask, ["--app", "hello", "--debug", "where"])
    assert result.output == "app=cli_app debug=True\n"
    result = _invoke(flask, ["--app", "hello", "--no-debug", "where"], env={"FLASK_DEBUG": "1"})
    assert result.output == "app=cli_app debug=False\n"


@pytest.fixture
def run_simple_calls(flask: t.Any, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, t.Any]]:
    """Record the development server's calls instead of serving. Flask's ``flask.cli``
    imports ``run_simple`` when it is imported; demijohn's command looks it up in
    ``werkzeug.serving`` when it runs, so both are replaced."""
    import werkzeug.serving
    from flask import cli

    calls: list[dict[str, t.Any]] = []

    def fake(hostname: str, port: int, application: t.Any, **kwargs: t.Any) -> None:
        calls.append(dict(hostname=hostname, port=port, **kwargs))

    monkeypatch.setattr(werkzeug.serving, "run_simple", fake)
    monkeypatch.setattr(cli, "run_simple", fake, raising=False)
    return calls


def test_run_defaults(flask: t.Any, isolated: t.Any, run_simple_calls: t.Any) -> None:
    _write_app(isolated, "hello")
    result = _invoke(flask, ["--app", "hello", "run"])
    assert result.exit_code == 0
    (call,) = run_simple_calls
    assert (call["hostname"], call["port"]) == ("127.0.0.1", 5000)
    assert (call["use_reloader"], call["use_debugger"], call["threaded"]) == (False, False, True)
    assert " * Debug mode: off" in result.output


def test_run_reads_flask_run_variables(
    flask: t.Any, isolated: t.Any, run_simple_calls: t.Any
) -> None:
    _write_app(isolated, "hello")
    env = {"FLASK_APP": "hello", "FLASK_RUN_HOST": "0.0.0.0", "FLASK_RUN_PORT": "8001"}
    assert _invoke(flask, ["run"], env=env).exit_code == 0
    (call,) = run_simple_calls
    assert (call["hostname"], call["port"]) == ("0.0.0.0", 8001)


def test_run_options_from_flaskenv(flask: t.Any, isolated: t.Any, run_simple_calls: t.Any) -> None:
    _write_app(isolated, "hello")
    (isolated / ".flaskenv").write_text("FLASK_APP=hello\nFLASK_RUN_PORT=8123\n")
    assert _invoke(flask, ["run", "--without-threads"]).exit_code == 0
    (call,) = run_simple_calls
    assert (call["port"], call["threaded"]) == (8123, False)


def test_run_in_debug_mode(flask: t.Any, isolated: t.Any, run_simple_calls: t.Any) -> None:
    _write_app(isolated, "hello")
    result = _invoke(flask, ["--app", "hello", "run", "--debug", "--no-reload"])
    assert result.exit_code == 0
    (call,) = run_simple_calls
    assert (call["use_reloader"], call["use_debugger"]) == (False, True)
    assert " * Debug mode: on" in result.output


def test_run_cert_needs_a_key(flask: t.Any, isolated: t.Any, run_simple_calls: t.Any) -> None:
    _write_app(isolated, "hello")
    (isolated / "cert.pem").write_text("")
    result = _invoke(flask, ["--app", "hello", "run", "--cert", "cert.pem"])
    assert result.exit_code == 2
    assert """Invalid value for '--key': Required when using "--cert".""" in result.output
    assert run_simple_calls == []


def test_app_run_inside_the_cli_does_nothing(
    flask: t.Any, isolated: t.Any, run_simple_calls: t.Any
) -> None:
    (isolated / "runs.py").write_text(
        "import flask\n"
        "app = flask.Flask('runs')\n"
        "@app.cli.command('serve')\n"
        "def serve():\n"
        "    app.run()\n"
        "    print('returned')\n"
    )
    result = _invoke(flask, ["--app", "runs", "serve"])
    assert result.output.endswith("returned\n")
    assert run_simple_calls == []


def test_shell_banner_and_context(
    flask: t.Any, isolated: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import code

    from flask.cli import shell_command

    app = flask.Flask("shell_app", instance_path=str(isolated / "instance"))

    @app.shell_context_processor
    def extra() -> dict[str, t.Any]:
        return {"answer": 42}

    seen: dict[str, t.Any] = {}

    def interact(banner: str | None = None, local: t.Any = None, **kwargs: t.Any) -> None:
        seen.update(banner=banner, local=local)

    monkeypatch.setattr(code, "interact", interact)
    result = app.test_cli_runner().invoke(shell_command)
    assert result.exit_code == 0
    assert seen["banner"] == (
        f"Python {sys.version} on {sys.platform}\nApp: shell_app\nInstance: {isolated / 'instance'}"
    )
    assert seen["local"]["app"] is app
    assert seen["local"]["g"] is not None
    assert seen["local"]["answer"] == 42


def test_type_error_inside_a_factory_propagates(flask: t.Any, isolated: t.Any) -> None:
    (isolated / "bad_factory.py").write_text("def create_app():\n    return len(1)\n")
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    result = CliRunner().invoke(FlaskGroup(), ["--app", "bad_factory", "routes"])
    assert isinstance(result.exception, TypeError)


def test_find_app_by_string_rejects_bad_syntax(flask: t.Any) -> None:
    import types

    from flask.cli import NoAppException, find_app_by_string

    module = types.ModuleType("discovery")
    module.app = flask.Flask("string_app")  # type: ignore[attr-defined]
    assert find_app_by_string(module, "app") is module.app  # type: ignore[attr-defined]
    for bad in ("app(", "a.b", "app(x)"):
        with pytest.raises(NoAppException):
            find_app_by_string(module, bad)


def test_help_shows_the_load_error_and_still_lists_commands(flask: t.Any, isolated: t.Any) -> None:
    result = _invoke(flask, ["--app", "not_a_module_here", "--help"])
    assert result.exit_code == 0
    assert "Error: Could not import 'not_a_module_here'." in result.output
    assert "routes" in result.output.split("Commands:")[1]


def test_missing_env_file_is_a_usage_error(flask: t.Any, isolated: t.Any) -> None:
    result = _invoke(flask, ["-e", "nowhere.env", "routes"])
    assert result.exit_code == 2
    assert "Invalid value for '-e' / '--env-file'" in result.output


def test_app_option_with_a_package(flask: t.Any, isolated: t.Any) -> None:
    package = isolated / "shoppkg"
    package.mkdir()
    (package / "__init__.py").write_text(APP_SOURCE.format(name="from_package"))
    assert _invoke(flask, ["--app", "shoppkg", "where"]).output == (
        "app=from_package debug=False\n"
    )


def test_factory_call_without_arguments(flask: t.Any, isolated: t.Any) -> None:
    (isolated / "factory2.py").write_text(
        "import flask\n"
        "def make():\n"
        "    app = flask.Flask('made')\n"
        "    app.cli.command('name')(lambda: print(flask.current_app.name))\n"
        "    return app\n"
    )
    assert _invoke(flask, ["--app", "factory2:make()", "name"]).output == "made\n"


def test_run_extra_files_and_exclude_patterns(
    flask: t.Any, isolated: t.Any, run_simple_calls: t.Any
) -> None:
    _write_app(isolated, "hello")
    (isolated / "a.cfg").write_text("")
    (isolated / "b.cfg").write_text("")
    files = os.pathsep.join(["a.cfg", "b.cfg"])
    patterns = os.pathsep.join(["*/site-packages/*", "*.tmp"])
    args = ["--app", "hello", "run", "--extra-files", files, "--exclude-patterns", patterns]
    assert _invoke(flask, args).exit_code == 0
    (call,) = run_simple_calls
    assert call["extra_files"] == ["a.cfg", "b.cfg"]
    assert call["exclude_patterns"] == ["*/site-packages/*", "*.tmp"]


def test_run_key_needs_a_cert(flask: t.Any, isolated: t.Any, run_simple_calls: t.Any) -> None:
    _write_app(isolated, "hello")
    (isolated / "key.pem").write_text("")
    result = _invoke(flask, ["--app", "hello", "run", "--key", "key.pem"])
    assert result.exit_code == 2
    assert """Invalid value for '--key': "--cert" must also be specified.""" in result.output


def test_run_cert_and_key_files(flask: t.Any, isolated: t.Any, run_simple_calls: t.Any) -> None:
    _write_app(isolated, "hello")
    (isolated / "cert.pem").write_text("")
    (isolated / "key.pem").write_text("")
    args = ["--app", "hello", "run", "--cert", "cert.pem", "--key", "key.pem"]
    assert _invoke(flask, args).exit_code == 0
    (call,) = run_simple_calls
    assert call["ssl_context"] == (str(isolated / "cert.pem"), str(isolated / "key.pem"))


def test_script_info_without_debug_flag(
    flask: t.Any, isolated: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flask.cli import ScriptInfo

    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = flask.Flask("flagged")
    app.debug = False
    assert ScriptInfo(create_app=lambda: app, set_debug_flag=False).load_app().debug is False
    assert ScriptInfo(create_app=lambda: app).load_app().debug is True
