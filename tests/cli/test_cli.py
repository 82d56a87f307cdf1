"""Tests for demijohn.cli: the ``demijohn`` command, its options and built-in commands, and
``app.run()``. App discovery is tested in test_discovery.py."""

from __future__ import annotations

import code
import importlib.metadata
import os
import ssl
import subprocess
import sys
import types
import typing as t
from pathlib import Path

import click
import pytest
import werkzeug.serving
from click.testing import CliRunner

from demijohn import Blueprint, Demijohn, current_app
from demijohn.checks import Problem
from demijohn.cli import (
    AppGroup,
    DemijohnGroup,
    ScriptInfo,
    load_dotenv,
    main,
    routes_command,
    shell_command,
    with_appcontext,
)
from demijohn.cli.run import run_command, show_server_banner
from demijohn.signals import appcontext_pushed

CLI_APPS = Path(__file__).parent / "apps"
#: The keyword arguments of each recorded call of a replaced function.
Calls = list[dict[str, t.Any]]


#: Variables the commands under test may set; each test starts without them.
@pytest.fixture
def run_simple_calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Replace Werkzeug's server with a recorder of the arguments it is called with."""
    calls: Calls = []

    def fake_run_simple(hostname: str, port: int, application: t.Any, **kwargs: t.Any) -> None:
        calls.append({"hostname": hostname, "port": port, "application": application, **kwargs})

    monkeypatch.setattr(werkzeug.serving, "run_simple", fake_run_simple)
    return calls


@pytest.fixture
def named_app(app: Demijohn) -> Demijohn:
    """The test app, with a ``name`` command that prints the current app's name."""
    app.cli.command("name")(lambda: click.echo(current_app.name))
    return app


def env_command() -> click.Command:
    @click.command("show-env")
    def show_env() -> None:
        click.echo(" ".join(str(os.environ.get(f"DJCLI_{name}")) for name in "ABCD"))

    return show_env


# -- with_appcontext and AppGroup ---------------------------------------------------------------


def test_app_group_command_runs_in_app_context(named_app: Demijohn) -> None:
    result = named_app.test_cli_runner().invoke(args=["name"])
    assert result.output == "demijohn_test_app\n"


def test_app_group_command_without_parentheses(app: Demijohn) -> None:
    @app.cli.command
    def bare() -> None:
        click.echo(current_app.name)

    assert app.test_cli_runner().invoke(args=["bare"]).output == "demijohn_test_app\n"


def test_app_group_command_without_app_context(app: Demijohn) -> None:
    @app.cli.command("plain", with_appcontext=False)
    def plain() -> None:
        click.echo(bool(current_app))

    assert app.test_cli_runner().invoke(args=["plain"]).output == "False\n"


def test_app_group_subgroup_is_app_group(app: Demijohn) -> None:
    @app.cli.group()
    def db() -> None:
        pass

    @db.command("init")
    def init() -> None:
        click.echo(f"init {current_app.name}")

    assert isinstance(db, AppGroup)
    assert app.test_cli_runner().invoke(args=["db", "init"]).output == "init demijohn_test_app\n"


def test_with_appcontext_loads_app_from_script_info(app: Demijohn) -> None:
    name = click.command()(with_appcontext(lambda: click.echo(current_app.name)))
    result = CliRunner().invoke(name, obj=ScriptInfo(create_app=lambda: app))
    assert result.output == "demijohn_test_app\n"


@pytest.mark.parametrize(
    ("options", "args"),
    [
        ({}, ["reports", "daily"]),
        ({"cli_group": None}, ["daily"]),
        ({"cli_group": "r"}, ["r", "daily"]),
    ],
)
def test_blueprint_cli_groups(app: Demijohn, options: dict[str, t.Any], args: list[str]) -> None:
    reports = Blueprint("reports", __name__)

    @reports.cli.command("daily")
    def daily() -> None:
        click.echo(f"daily from {current_app.name}")

    app.register_blueprint(reports, **options)
    assert app.test_cli_runner().invoke(args=args).output == "daily from demijohn_test_app\n"


# -- DemijohnGroup ------------------------------------------------------------------------------


def test_group_runs_app_commands(in_cli_apps: None) -> None:
    result = CliRunner().invoke(DemijohnGroup(), ["--app", "djcli_hello", "whoami"])
    assert result.output == "app=djcli_hello debug=False\n"
    assert os.environ["DEMIJOHN_RUN_FROM_CLI"] == "true"


def test_group_runs_blueprint_commands_from_file_path() -> None:
    args = ["-A", str(CLI_APPS / "djcli_hello.py"), "reports", "daily"]
    assert CliRunner().invoke(DemijohnGroup(), args).output == "daily report from djcli_hello\n"


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--debug"], {}, "debug=True 1"),
        (["--no-debug"], {"DEMIJOHN_DEBUG": "1"}, "debug=False 0"),
        ([], {"DEMIJOHN_DEBUG": "true"}, "debug=True 1"),
        ([], {}, "debug=False None"),
    ],
)
def test_group_debug_option(args: list[str], env: dict[str, str], expected: str) -> None:
    cli = DemijohnGroup(create_app=lambda: Demijohn("djcli_x"))

    @cli.command("debug")
    def show() -> None:
        click.echo(f"debug={current_app.debug} {os.environ.get('DEMIJOHN_DEBUG')}")

    assert CliRunner().invoke(cli, [*args, "debug"], env=env).output == f"{expected}\n"


def test_group_leaves_debug_alone_without_set_debug_flag() -> None:
    def create_app() -> Demijohn:
        app = Demijohn("djcli_x")
        app.debug = True
        return app

    cli = DemijohnGroup(create_app=create_app, set_debug_flag=False)

    @cli.command("debug")
    def show() -> None:
        click.echo(current_app.debug)

    assert CliRunner().invoke(cli, ["debug"]).output == "True\n"


def test_group_version() -> None:
    result = CliRunner().invoke(DemijohnGroup(), ["--version"])
    lines = result.output.splitlines()
    assert lines[0].startswith("Python ")
    assert lines[1] == f"Demijohn {importlib.metadata.version('demijohn')}"
    assert lines[2] == f"Werkzeug {importlib.metadata.version('werkzeug')}"


def test_group_without_version_or_default_commands() -> None:
    cli = DemijohnGroup(add_version_option=False, add_default_commands=False)
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 2
    assert "No such option" in result.output
    result = CliRunner().invoke(cli, ["run"])
    assert result.exit_code == 2
    assert "No such command 'run'" in result.output


def test_group_uses_given_script_info(named_app: Demijohn) -> None:
    info = ScriptInfo(create_app=lambda: named_app)
    result = CliRunner().invoke(DemijohnGroup(), ["name"], obj=info)
    assert result.output == "demijohn_test_app\n"


def test_group_reuses_active_context_of_the_same_app(named_app: Demijohn) -> None:
    pushed: list[Demijohn] = []
    cli = DemijohnGroup(create_app=lambda: named_app)
    record = appcontext_pushed.connected_to(lambda s, **kwargs: pushed.append(s), named_app)
    with record:
        CliRunner().invoke(cli, ["name"])
        assert len(pushed) == 1
        with named_app.app_context():
            assert CliRunner().invoke(cli, ["name"]).output == "demijohn_test_app\n"
    assert len(pushed) == 2


def test_group_loads_plugin_commands_once(monkeypatch: pytest.MonkeyPatch) -> None:
    groups: list[str] = []

    @click.command()
    def plugin() -> None:
        click.echo("from a plugin")

    class FakeEntryPoint:
        name = "plugged"

        def load(self) -> click.Command:
            return plugin

    def fake_entry_points(*, group: str) -> list[FakeEntryPoint]:
        groups.append(group)
        return [FakeEntryPoint()]

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    cli = DemijohnGroup(create_app=lambda: Demijohn("djcli_x"))
    assert "\n  plugged" in CliRunner().invoke(cli, ["--help"]).output
    assert groups == ["demijohn.commands"]
    assert CliRunner().invoke(cli, ["plugged"]).output == "from a plugin\n"
    assert groups == ["demijohn.commands"]


@pytest.mark.parametrize("name", ["check", "config"])
def test_application_command_wins_over_check_and_config(name: str) -> None:
    app = Demijohn("djcli_x")

    @app.cli.command(name)
    @click.argument("value")
    def own(value: str) -> None:
        click.echo(f"own {value}")

    cli = DemijohnGroup(create_app=lambda: app)
    assert CliRunner().invoke(cli, [name, "x"]).output == "own x\n"
    listed = CliRunner().invoke(cli, ["--help"]).output.partition("Commands:")[2].split("\n")
    assert [line.split()[0] for line in listed if line.strip()].count(name) == 1


def test_check_is_used_when_the_application_has_none() -> None:
    cli = DemijohnGroup(create_app=lambda: Demijohn("djcli_x"))
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0
    assert result.output.startswith("No problems found in 'djcli_x'")


def test_check_reports_an_application_that_does_not_load() -> None:
    result = CliRunner().invoke(DemijohnGroup(), ["--app", "djcli_missing", "check"])
    assert result.exit_code != 0
    assert "djcli_missing" in result.output


def test_check_deploy_runs_the_deployment_checks() -> None:
    app = Demijohn("djcli_x")

    def debug_off(app: Demijohn) -> list[Problem]:
        return [Problem("deploy.example", "only for a deployment")]

    app.add_check(debug_off, deploy=True)

    cli = DemijohnGroup(create_app=lambda: app)
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0
    result = CliRunner().invoke(cli, ["check", "--deploy"])
    assert result.exit_code == 1
    assert "[deploy.example] only for a deployment" in result.output


# -- environment files --------------------------------------------------------------------------


@pytest.fixture
def env_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".demijohnenv").write_text("".join(f"DJCLI_{n}=demijohnenv\n" for n in "ABCD"))
    (tmp_path / ".env").write_text("DJCLI_B=env\nDJCLI_C=env\nDJCLI_D=env\n")
    (tmp_path / "custom.env").write_text("DJCLI_C=custom\nDJCLI_D=custom\n")
    monkeypatch.setenv("DJCLI_D", "real")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "group_options", "skip", "expected"),
    [
        (["-e", "custom.env"], {}, "", "demijohnenv env custom real"),
        ([], {}, "", "demijohnenv env env real"),
        (["--env-file", "custom.env"], {}, "1", "None None custom real"),
        (["-e", "custom.env"], {"load_dotenv": False}, "", "None None custom real"),
        ([], {"load_dotenv": False}, "", "None None None real"),
    ],
)
def test_env_file_precedence(
    env_files: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    group_options: dict[str, t.Any],
    skip: str,
    expected: str,
) -> None:
    monkeypatch.setenv("DEMIJOHN_SKIP_DOTENV", skip)
    cli = DemijohnGroup(**group_options)
    cli.add_command(env_command())
    assert CliRunner().invoke(cli, [*args, "show-env"]).output == f"{expected}\n"


def test_env_file_must_exist(env_files: Path) -> None:
    result = CliRunner().invoke(DemijohnGroup(), ["-e", "missing.env", "routes"])
    assert result.exit_code == 2
    assert "'missing.env' does not exist" in result.output


def test_load_dotenv_searches_parent_directories(
    env_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (env_files / "sub").mkdir()
    monkeypatch.chdir(env_files / "sub")
    assert load_dotenv() is True
    values = [os.environ[f"DJCLI_{name}"] for name in "ABCD"]
    assert values == ["demijohnenv", "env", "env", "real"]


def test_load_dotenv_path_only(env_files: Path) -> None:
    assert load_dotenv("custom.env", load_defaults=False) is True
    assert "DJCLI_A" not in os.environ
    assert os.environ["DJCLI_C"] == "custom"


def test_load_dotenv_without_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_dotenv(tmp_path / "missing.env") is False


@pytest.mark.parametrize(("with_files", "tip"), [(True, True), (False, False)])
def test_load_dotenv_without_python_dotenv(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    with_files: bool,
    tip: bool,
) -> None:
    monkeypatch.setitem(sys.modules, "dotenv", None)
    if with_files:
        (tmp_path / ".demijohnenv").write_text("DJCLI_A=1\n")
    monkeypatch.chdir(tmp_path)
    assert load_dotenv() is False
    assert "DJCLI_A" not in os.environ
    assert ("Install python-dotenv" in capsys.readouterr().err) is tip


def test_env_file_option_without_python_dotenv(
    env_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dotenv", None)
    cli = DemijohnGroup()
    cli.add_command(env_command())
    result = CliRunner().invoke(cli, ["-e", "custom.env", "show-env"])
    assert result.exit_code == 2
    assert "python-dotenv must be installed" in result.output
    result = CliRunner().invoke(cli, ["show-env"])
    assert result.stdout == "None None None real\n"
    assert "Install python-dotenv" in result.stderr


# -- run ----------------------------------------------------------------------------------------


def test_run_defaults(app: Demijohn, run_simple_calls: Calls) -> None:
    result = app.test_cli_runner().invoke(run_command)
    assert result.output == " * Debug mode: off\n"
    assert run_simple_calls == [
        {
            "hostname": "127.0.0.1",
            "port": 5000,
            "application": app,
            "use_reloader": False,
            "use_debugger": False,
            "threaded": True,
            "ssl_context": None,
            "extra_files": None,
            "exclude_patterns": None,
        }
    ]


def test_run_options(app: Demijohn, run_simple_calls: Calls, tmp_path: Path) -> None:
    extra = f"{tmp_path / 'a.cfg'}{os.pathsep}{tmp_path / 'b.cfg'}"
    args = ["-h", "0.0.0.0", "-p", "8080", "--debug", "--no-reload", "--without-threads"]
    args += ["--extra-files", extra, "--exclude-patterns", f"*/site-packages/*{os.pathsep}*.tmp"]
    result = app.test_cli_runner().invoke(run_command, args)
    assert result.output == " * Debug mode: on\n"
    (call,) = run_simple_calls
    assert (call["hostname"], call["port"]) == ("0.0.0.0", 8080)
    assert (call["use_reloader"], call["use_debugger"], call["threaded"]) == (False, True, False)
    assert call["extra_files"] == [str(tmp_path / "a.cfg"), str(tmp_path / "b.cfg")]
    assert call["exclude_patterns"] == ["*/site-packages/*", "*.tmp"]


def test_run_from_group_reads_environment(in_cli_apps: None, run_simple_calls: Calls) -> None:
    env = {"DEMIJOHN_APP": "djcli_hello", "DEMIJOHN_RUN_PORT": "8001", "DEMIJOHN_DEBUG": "1"}
    result = CliRunner().invoke(DemijohnGroup(), ["run"], env=env)
    assert result.output == " * Serving Demijohn app 'djcli_hello'\n * Debug mode: on\n"
    (call,) = run_simple_calls
    assert call["port"] == 8001
    assert call["application"].name == "djcli_hello"
    assert (call["use_reloader"], call["use_debugger"]) == (True, True)


def test_run_fails_when_app_fails(app: Demijohn, run_simple_calls: Calls) -> None:
    def create_app() -> Demijohn:
        raise RuntimeError("broken factory")

    result = app.test_cli_runner().invoke(run_command, obj=ScriptInfo(create_app=create_app))
    assert isinstance(result.exception, RuntimeError)
    assert run_simple_calls == []


def test_run_in_reloader_serves_the_load_error(
    app: Demijohn, run_simple_calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    def create_app() -> Demijohn:
        raise RuntimeError("broken factory")

    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    result = app.test_cli_runner().invoke(run_command, obj=ScriptInfo(create_app=create_app))
    assert result.exit_code == 0
    assert "RuntimeError: broken factory" in result.stderr
    assert result.stdout == ""
    with pytest.raises(RuntimeError, match="broken factory"):
        run_simple_calls[0]["application"]({}, None)


@pytest.mark.parametrize(
    ("debug", "path", "expected"),
    [(None, "web:app", " * Serving Demijohn app 'web:app'\n"), (True, None, " * Debug mode: on\n")],
)
def test_show_server_banner(
    capsys: pytest.CaptureFixture[str], debug: bool | None, path: str | None, expected: str
) -> None:
    show_server_banner(debug, path)
    assert capsys.readouterr().out == expected


@pytest.fixture
def cert_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "cert.pem").write_text("cert")
    (tmp_path / "key.pem").write_text("key")
    monkeypatch.chdir(tmp_path)
    # For the import string of an SSL context, djcli_ssl:context.
    monkeypatch.syspath_prepend(str(CLI_APPS))
    return tmp_path


@pytest.mark.parametrize(
    ("args", "cryptography", "message"),
    [
        (["--cert", "cert.pem"], False, 'Required when using "--cert"'),
        (["--key", "key.pem"], False, '"--cert" must also be specified'),
        (["--cert", "missing.pem"], False, "'missing.pem' does not exist"),
        (["--cert", "adhoc"], False, "requires the cryptography library"),
        (["--cert", "adhoc", "--key", "key.pem"], True, '"adhoc", "--key" is not used'),
        (["--cert", "djcli_ssl:not_a_context"], False, "'djcli_ssl:not_a_context' does not"),
        (["--cert", "djcli_ssl:context", "--key", "key.pem"], False, 'SSLContext object, "--key'),
    ],
)
def test_run_cert_errors(
    app: Demijohn,
    cert_files: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_simple_calls: Calls,
    args: list[str],
    cryptography: bool,
    message: str,
) -> None:
    module = types.ModuleType("cryptography") if cryptography else None
    monkeypatch.setitem(sys.modules, "cryptography", module)
    result = app.test_cli_runner().invoke(run_command, args)
    assert result.exit_code == 2
    assert message in result.output
    assert run_simple_calls == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--cert", "cert.pem", "--key", "key.pem"], ("cert.pem", "key.pem")),
        (["--cert", "ADHOC"], "adhoc"),
        (["--cert", "djcli_ssl:context"], ssl.SSLContext),
    ],
)
def test_run_cert(
    app: Demijohn,
    cert_files: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_simple_calls: Calls,
    args: list[str],
    expected: t.Any,
) -> None:
    monkeypatch.setitem(sys.modules, "cryptography", types.ModuleType("cryptography"))
    assert app.test_cli_runner().invoke(run_command, args).exit_code == 0
    ssl_context = run_simple_calls[0]["ssl_context"]
    if isinstance(expected, tuple):
        assert ssl_context == tuple(str(cert_files / name) for name in expected)
    elif isinstance(expected, type):
        assert isinstance(ssl_context, expected)
    else:
        assert ssl_context == expected


def test_run_without_ssl_module(
    app: Demijohn,
    cert_files: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_simple_calls: Calls,
) -> None:
    monkeypatch.setitem(sys.modules, "ssl", None)
    result = app.test_cli_runner().invoke(run_command, ["--cert", "cert.pem"])
    assert "requires Python to be compiled with SSL support" in result.output
    assert app.test_cli_runner().invoke(run_command).exit_code == 0
    assert len(run_simple_calls) == 1


# -- shell --------------------------------------------------------------------------------------


@pytest.fixture
def interact_calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    calls: Calls = []
    monkeypatch.setattr(code, "interact", lambda **kwargs: calls.append(kwargs))
    monkeypatch.delattr(sys, "__interactivehook__", raising=False)
    return calls


def test_shell_namespace(
    app: Demijohn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interact_calls: Calls
) -> None:
    # The startup script runs first, so the app's shell context wins over it.
    (tmp_path / "startup.py").write_text("from_startup = 7\nanswer = 0\n")
    monkeypatch.setenv("PYTHONSTARTUP", str(tmp_path / "startup.py"))
    app.shell_context_processor(lambda: {"answer": 42})
    assert app.test_cli_runner().invoke(shell_command).exit_code == 0
    (call,) = interact_calls
    assert call["local"]["app"] is app
    assert (call["local"]["answer"], call["local"]["from_startup"]) == (42, 7)
    assert "g" in call["local"]
    assert f"App: {app.import_name}\nInstance: {app.instance_path}" in call["banner"]


@pytest.mark.parametrize("have_readline", [True, False])
def test_shell_interactive_hook_completes_namespace(
    app: Demijohn,
    monkeypatch: pytest.MonkeyPatch,
    interact_calls: Calls,
    have_readline: bool,
) -> None:
    hooks: list[None] = []
    completers: list[t.Any] = []
    monkeypatch.setattr(sys, "__interactivehook__", lambda: hooks.append(None), raising=False)
    if have_readline:
        import readline

        monkeypatch.setattr(readline, "set_completer", completers.append)
    else:
        monkeypatch.setitem(sys.modules, "readline", None)
    app.test_cli_runner().invoke(shell_command)
    assert hooks == [None]
    if have_readline:
        # Importing rlcompleter sets its own completer first; ours must be the last.
        assert completers[-1].__self__.namespace is interact_calls[0]["local"]


# -- routes -------------------------------------------------------------------------------------


def make_routes_app(**kwargs: t.Any) -> Demijohn:
    app = Demijohn("djcli_routes", static_folder=None, **kwargs)
    app.add_url_rule("/b", "zeta", lambda: "", methods=["POST"])
    app.add_url_rule("/a", "alpha", lambda: "", methods=["GET", "PUT"])
    app.add_url_rule("/c", "mid", lambda: "", methods=["DELETE"])
    return app


def invoke_routes(app: Demijohn, *args: str) -> list[str]:
    result = app.test_cli_runner().invoke(routes_command, list(args))
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_routes_table(in_cli_apps: None) -> None:
    result = CliRunner().invoke(DemijohnGroup(), ["--app", "djcli_hello", "routes"])
    assert result.output.splitlines() == [
        "Endpoint          Methods  Rule                   ",
        "----------------  -------  -----------------------",
        "index             GET      /                      ",
        "lazy_view (lazy)  GET      /lazy                  ",
        "static            GET      /static/<path:filename>",
    ]
    # The lazy view's module is importable from here, and was not imported.
    assert "djcli_lazy_target" not in sys.modules
    assert not sys.modules["djcli_hello"].app.view_functions["lazy_view"].is_resolved


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("endpoint", ["alpha", "mid", "zeta"]),
        ("rule", ["alpha", "zeta", "mid"]),
        ("methods", ["mid", "alpha", "zeta"]),
        ("match", ["zeta", "alpha", "mid"]),
        ("domain", ["zeta", "alpha", "mid"]),
    ],
)
def test_routes_sort(sort: str, expected: list[str]) -> None:
    lines = invoke_routes(make_routes_app(), "--sort", sort)
    assert [line.split()[0] for line in lines[2:]] == expected


def test_routes_all_methods() -> None:
    lines = invoke_routes(make_routes_app(), "-s", "rule")
    assert lines[2].rstrip() == "alpha     GET, PUT  /a"
    lines = invoke_routes(make_routes_app(), "-s", "rule", "--all-methods")
    assert lines[2].rstrip() == "alpha     GET, HEAD, OPTIONS, PUT  /a"


def test_routes_mark_websocket_routes() -> None:
    app = make_routes_app()

    @app.websocket("/live")
    async def live() -> None: ...

    lines = invoke_routes(app, "-s", "rule")
    assert lines[-1].rstrip() == "live      WEBSOCKET  /live"
    lines = invoke_routes(app, "-s", "rule", "--all-methods")
    assert lines[-1].rstrip() == "live      WEBSOCKET                /live"


def test_routes_subdomain_column() -> None:
    app = make_routes_app(subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.test"
    app.add_url_rule("/", "api_root", lambda: "", subdomain="api")
    lines = invoke_routes(app, "-s", "domain")
    assert lines[0].split() == ["Endpoint", "Methods", "Subdomain", "Rule"]
    assert lines[-1].split() == ["api_root", "GET", "api", "/"]


def test_routes_host_column() -> None:
    app = Demijohn("djcli_routes", host_matching=True, static_host="static.test")
    app.add_url_rule("/", "api_root", lambda: "", host="api.test")
    lines = invoke_routes(app, "-s", "domain")
    assert lines[0].split() == ["Endpoint", "Methods", "Host", "Rule"]
    assert lines[2].split() == ["api_root", "GET", "api.test", "/"]
    assert lines[3].split() == ["static", "GET", "static.test", "/static/<path:filename>"]


def test_routes_without_routes() -> None:
    app = Demijohn("djcli_routes", static_folder=None)
    assert invoke_routes(app) == ["No routes were registered."]


# -- app.run ------------------------------------------------------------------------------------


def test_app_run_defaults(
    app: Demijohn, run_simple_calls: Calls, capsys: pytest.CaptureFixture[str]
) -> None:
    app._got_first_request = True
    app.run()
    (call,) = run_simple_calls
    assert (call["hostname"], call["port"], call["application"]) == ("127.0.0.1", 5000, app)
    assert (call["use_reloader"], call["use_debugger"], call["threaded"]) == (False, False, True)
    assert app._got_first_request is False
    assert capsys.readouterr().out == (
        " * Serving Demijohn app 'demijohn_test_app'\n * Debug mode: off\n"
    )


@pytest.mark.parametrize(
    ("server_name", "host", "port", "expected"),
    [
        ("example.test:8080", None, None, ("example.test", 8080)),
        ("example.test", None, None, ("example.test", 5000)),
        ("example.test:8080", "0.0.0.0", 0, ("0.0.0.0", 0)),
        (None, None, 8000, ("127.0.0.1", 8000)),
    ],
)
def test_app_run_host_and_port(
    app: Demijohn,
    run_simple_calls: Calls,
    server_name: str | None,
    host: str | None,
    port: int | None,
    expected: tuple[str, int],
) -> None:
    app.config["SERVER_NAME"] = server_name
    app.run(host, port)
    assert (run_simple_calls[0]["hostname"], run_simple_calls[0]["port"]) == expected


@pytest.mark.parametrize(
    ("env", "config", "argument", "load", "expected"),
    [
        (None, True, None, True, True),
        ("1", False, None, True, True),
        ("0", True, None, True, False),
        ("1", False, False, True, False),
        ("1", False, None, False, False),
    ],
)
def test_app_run_debug(
    app: Demijohn,
    monkeypatch: pytest.MonkeyPatch,
    run_simple_calls: Calls,
    env: str | None,
    config: bool,
    argument: bool | None,
    load: bool,
    expected: bool,
) -> None:
    if env is not None:
        monkeypatch.setenv("DEMIJOHN_DEBUG", env)
    app.config["DEBUG"] = config
    app.run(debug=argument, load_dotenv=load, use_debugger=False)
    assert app.debug is expected
    assert run_simple_calls[0]["use_reloader"] is expected
    assert run_simple_calls[0]["use_debugger"] is False


def test_app_run_loads_env_files(
    app: Demijohn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_simple_calls: Calls,
) -> None:
    (tmp_path / ".env").write_text("DEMIJOHN_DEBUG=1\n")
    monkeypatch.chdir(tmp_path)
    app.run()
    assert app.debug is True


def test_app_run_resets_first_request_when_server_fails(
    app: Demijohn, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_run_simple(*args: t.Any, **kwargs: t.Any) -> None:
        raise OSError("address in use")

    monkeypatch.setattr(werkzeug.serving, "run_simple", failing_run_simple)
    app._got_first_request = True
    with pytest.raises(OSError, match="address in use"):
        app.run()
    assert app._got_first_request is False


@pytest.mark.parametrize(("reloader", "warned"), [("", True), ("true", False)])
def test_app_run_under_cli_only_warns(
    app: Demijohn,
    monkeypatch: pytest.MonkeyPatch,
    run_simple_calls: Calls,
    capsys: pytest.CaptureFixture[str],
    reloader: str,
    warned: bool,
) -> None:
    monkeypatch.setenv("DEMIJOHN_RUN_FROM_CLI", "true")
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", reloader)
    app.run()
    assert run_simple_calls == []
    assert ("Ignoring a call to 'app.run()'" in capsys.readouterr().err) is warned


# -- entry points -------------------------------------------------------------------------------


def test_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["demijohn", "--version"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 0
    assert "Demijohn " in capsys.readouterr().out


def test_python_m_demijohn_help(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEMIJOHN_")}
    result = subprocess.run(
        [sys.executable, "-m", "demijohn", "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: python -m demijohn [OPTIONS] COMMAND [ARGS]...")
    assert "\n  run " in result.stdout
    assert "Could not locate a Demijohn application" in result.stderr
