"""Tests for demijohn.compat.flask_cli: Flask's command-line environment (``FLASK_*``
variables, ``.flaskenv``, ``flask.commands`` plug-ins) under the compatibility layer, and the
``python -m demijohn.compat.flask_cli`` command."""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

import pytest
import werkzeug.serving
from click.testing import CliRunner

from demijohn import Demijohn
from demijohn.cli import DemijohnGroup, cli, load_dotenv
from demijohn.compat import flask as flask_compat
from demijohn.compat.flask_cli import apply_flask_environment, flask_twin, main
from demijohn.helpers import get_debug_flag, get_load_dotenv

APP_SOURCE = """\
import click
import demijohn

app = demijohn.Demijohn("{name}")

@app.cli.command("where")
def where():
    click.echo(f"app={{demijohn.current_app.name}} debug={{demijohn.current_app.debug}}")
"""

PLUGIN_SOURCE = """\
import click
import flask

@click.command("{command}")
def command():
    click.echo("{output} " + flask.Flask.__name__)
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[Path]:
    """Run in a temporary directory without FLASK_* or DEMIJOHN_* variables; restore the
    environment, sys.path, the modules and the layer's state afterwards."""
    environ, path, modules = dict(os.environ), list(sys.path), set(sys.modules)
    was_on = flask_compat.is_installed()
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith(("FLASK_", "DEMIJOHN_"))]:
        del os.environ[name]
    yield tmp_path
    if not was_on:
        flask_compat.uninstall()
    os.environ.clear()
    os.environ.update(environ)
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        if str(getattr(sys.modules[name], "__file__", None) or "").startswith(str(tmp_path)):
            del sys.modules[name]


@pytest.fixture
def layer() -> None:
    flask_compat.install()


def _write_app(directory: Path, module: str = "hello", name: str = "cli_app") -> None:
    (directory / f"{module}.py").write_text(APP_SOURCE.format(name=name))


def _invoke(args: list[str], group: t.Any = None, **kwargs: t.Any) -> t.Any:
    result = CliRunner().invoke(group or DemijohnGroup(), args, **kwargs)
    return result


# -- the names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "twin"),
    [
        ("DEMIJOHN_APP", "FLASK_APP"),
        ("DEMIJOHN_DEBUG", "FLASK_DEBUG"),
        ("DEMIJOHN_SKIP_DOTENV", "FLASK_SKIP_DOTENV"),
        ("DEMIJOHN_ENV_FILE", "FLASK_ENV_FILE"),
        ("DEMIJOHN_RUN_PORT", "FLASK_RUN_PORT"),
        ("DEMIJOHN_RUN_CERT", "FLASK_RUN_CERT"),
        ("DEMIJOHN_ROUTES_SORT", "FLASK_ROUTES_SORT"),
        ("DEMIJOHN_RUN_FROM_CLI", None),
        ("DEMIJOHN_SECRET_KEY", None),
        ("DEMIJOHN_FLASK_COMPAT", None),
        ("OTHER_APP", None),
    ],
)
def test_flask_twin(name: str, twin: str | None) -> None:
    assert flask_twin(name) == twin


def test_apply_flask_environment_keeps_demijohns_values() -> None:
    environ = {
        "FLASK_APP": "flask_app",
        "DEMIJOHN_APP": "demijohn_app",
        "FLASK_RUN_PORT": "8001",
        "FLASK_SECRET_KEY": "not a command-line setting",
        "FLASK_RUN_FROM_CLI": "true",
    }
    assert apply_flask_environment(environ) == ["DEMIJOHN_RUN_PORT"]
    assert environ["DEMIJOHN_APP"] == "demijohn_app"
    assert environ["DEMIJOHN_RUN_PORT"] == "8001"
    assert "DEMIJOHN_SECRET_KEY" not in environ
    assert "DEMIJOHN_RUN_FROM_CLI" not in environ


# -- with the layer off, nothing changes -------------------------------------------------------


def test_layer_off_ignores_flask_variables(isolated: Path) -> None:
    _write_app(isolated)
    os.environ.update(FLASK_APP="hello", FLASK_DEBUG="1", FLASK_SKIP_DOTENV="1")
    assert get_debug_flag() is False
    assert get_load_dotenv() is True
    result = _invoke(["where"])
    assert result.exit_code == 2
    assert "Could not locate a Demijohn application" in result.output
    assert "DEMIJOHN_APP" not in os.environ


def test_layer_off_ignores_flaskenv(isolated: Path) -> None:
    (isolated / ".flaskenv").write_text("FROM_FLASKENV=1\n")
    assert load_dotenv() is False
    assert "FROM_FLASKENV" not in os.environ


# -- with the layer on -------------------------------------------------------------------------


@pytest.mark.usefixtures("layer")
def test_flask_debug_and_skip_dotenv(isolated: Path) -> None:
    os.environ.update(FLASK_DEBUG="1", FLASK_SKIP_DOTENV="1")
    assert get_debug_flag() is True
    assert get_load_dotenv() is False
    assert Demijohn("debug_app").debug is True


@pytest.mark.usefixtures("layer")
def test_demijohn_variables_win(isolated: Path) -> None:
    os.environ.update(FLASK_DEBUG="1", DEMIJOHN_DEBUG="0")
    os.environ.update(FLASK_SKIP_DOTENV="1", DEMIJOHN_SKIP_DOTENV="0")
    assert get_debug_flag() is False
    assert get_load_dotenv() is True


@pytest.mark.usefixtures("layer")
def test_flaskenv_has_the_lowest_priority(isolated: Path) -> None:
    (isolated / ".flaskenv").write_text("A=flaskenv\nB=flaskenv\nC=flaskenv\nD=flaskenv\n")
    (isolated / ".demijohnenv").write_text("B=demijohnenv\nC=demijohnenv\n")
    (isolated / ".env").write_text("C=env\n")
    os.environ["D"] = "process"
    assert load_dotenv() is True
    assert [os.environ[k] for k in "ABCD"] == ["flaskenv", "demijohnenv", "env", "process"]


@pytest.mark.usefixtures("layer")
def test_flask_app_from_the_environment(isolated: Path) -> None:
    _write_app(isolated)
    result = _invoke(["where"], env={"FLASK_APP": "hello"})
    assert result.output == "app=cli_app debug=False\n"


@pytest.mark.usefixtures("layer")
def test_demijohn_app_wins_over_flask_app(isolated: Path) -> None:
    _write_app(isolated, "hello", "from_demijohn")
    _write_app(isolated, "other", "from_flask")
    result = _invoke(["where"], env={"FLASK_APP": "other", "DEMIJOHN_APP": "hello"})
    assert result.output == "app=from_demijohn debug=False\n"


@pytest.mark.usefixtures("layer")
def test_flaskenv_names_the_app_and_debug(isolated: Path) -> None:
    _write_app(isolated)
    (isolated / ".flaskenv").write_text("FLASK_APP=hello\nFLASK_DEBUG=true\n")
    assert _invoke(["where"]).output == "app=cli_app debug=True\n"


@pytest.mark.usefixtures("layer")
def test_demijohnenv_wins_over_flaskenv(isolated: Path) -> None:
    _write_app(isolated, "hello", "from_demijohnenv")
    _write_app(isolated, "other", "from_flaskenv")
    (isolated / ".flaskenv").write_text("FLASK_APP=other\n")
    (isolated / ".demijohnenv").write_text("DEMIJOHN_APP=hello\n")
    assert _invoke(["where"]).output == "app=from_demijohnenv debug=False\n"


@pytest.mark.usefixtures("layer")
def test_flask_run_variables(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(
        werkzeug.serving, "run_simple", lambda host, port, app, **kw: calls.append((host, port))
    )
    _write_app(isolated)
    env = {"FLASK_APP": "hello", "FLASK_RUN_HOST": "0.0.0.0", "FLASK_RUN_PORT": "8001"}
    assert _invoke(["run"], env=env).exit_code == 0
    env["DEMIJOHN_RUN_PORT"] = "9000"
    assert _invoke(["run"], env=env).exit_code == 0
    assert calls == [("0.0.0.0", 8001), ("0.0.0.0", 9000)]


@pytest.mark.usefixtures("layer")
def test_the_command_sets_flask_run_from_cli(isolated: Path) -> None:
    _write_app(isolated)
    _invoke(["--app", "hello", "where"])
    assert os.environ["FLASK_RUN_FROM_CLI"] == "true"
    assert os.environ["DEMIJOHN_RUN_FROM_CLI"] == "true"


@pytest.mark.usefixtures("layer")
def test_app_run_goes_by_flasks_run_from_cli_variable(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flask projects' tests reset FLASK_RUN_FROM_CLI after a test that ran the command; the
    DEMIJOHN_ twin the command also set must then not keep app.run() from serving."""
    calls: list[dict[str, t.Any]] = []
    monkeypatch.setattr(
        werkzeug.serving, "run_simple", lambda host, port, app, **kw: calls.append(kw)
    )
    app = Demijohn("run_app")
    os.environ["DEMIJOHN_RUN_FROM_CLI"] = "true"
    app.run(debug=True, load_dotenv=False)
    assert len(calls) == 1
    assert app.jinja_env.auto_reload
    os.environ["FLASK_RUN_FROM_CLI"] = "true"
    app.run(load_dotenv=False)
    assert len(calls) == 1


@pytest.mark.usefixtures("layer")
def test_app_run_reads_flask_debug(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, t.Any]] = []
    monkeypatch.setattr(
        werkzeug.serving, "run_simple", lambda host, port, app, **kw: calls.append(kw)
    )
    app = Demijohn("run_app")
    (isolated / ".flaskenv").write_text("FLASK_DEBUG=1\n")
    app.run()
    assert app.debug is True
    assert calls[0]["use_debugger"] is True


# -- switching the layer on from the command line -------------------------------------------


def test_flask_compat_option_reads_flask_variables(isolated: Path) -> None:
    _write_app(isolated)
    (isolated / ".flaskenv").write_text("FLASK_DEBUG=1\n")
    result = _invoke(["--flask-compat", "where"], group=cli, env={"FLASK_APP": "hello"})
    assert result.output == "app=cli_app debug=True\n"
    assert flask_compat.is_installed()


def test_flaskenv_loaded_when_the_layer_comes_after_env_file(isolated: Path) -> None:
    # DEMIJOHN_FLASK_COMPAT is read after the -e option given on the command line.
    _write_app(isolated)
    (isolated / ".flaskenv").write_text("FLASK_APP=hello\nPICK=flaskenv\nONLY=flaskenv\n")
    (isolated / "extra.env").write_text("PICK=extra\n")
    result = _invoke(["-e", "extra.env", "where"], group=cli, env={"DEMIJOHN_FLASK_COMPAT": "1"})
    assert result.output == "app=cli_app debug=False\n"
    assert (os.environ["PICK"], os.environ["ONLY"]) == ("extra", "flaskenv")


def test_flask_compat_option_honours_flask_skip_dotenv(isolated: Path) -> None:
    _write_app(isolated)
    (isolated / ".flaskenv").write_text("FROM_FLASKENV=1\n")
    env = {"FLASK_SKIP_DOTENV": "1"}
    result = _invoke(["--flask-compat", "--app", "hello", "where"], group=cli, env=env)
    assert result.exit_code == 0
    assert "FROM_FLASKENV" not in os.environ


def test_python_m_entry_runs_as_flask(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_app(isolated)
    (isolated / ".flaskenv").write_text("FLASK_APP=hello\n")
    monkeypatch.setattr(sys, "argv", ["flask_cli.py", "where"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 0
    assert capsys.readouterr().out == "app=cli_app debug=False\n"
    assert flask_compat.is_installed()
    monkeypatch.setattr(sys, "argv", ["flask_cli.py", "--help"])
    with pytest.raises(SystemExit):
        main()
    assert capsys.readouterr().out.startswith("Usage: flask [OPTIONS] COMMAND [ARGS]...")


# -- plug-in commands ---------------------------------------------------------------------------


def _install_plugin(root: Path, group: str, module: str, command: str, output: str) -> None:
    """A distribution on sys.path that registers ``command`` under ``group``."""
    (root / f"{module}.py").write_text(PLUGIN_SOURCE.format(command=command, output=output))
    info = root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{group}]\n{command} = {module}:command\n")


def test_flask_commands_are_loaded_under_the_layer(isolated: Path, layer: None) -> None:
    _install_plugin(isolated, "flask.commands", "djflaskplug", "db", "migrated")
    sys.path.insert(0, str(isolated))
    result = _invoke(["db"])
    assert result.output == "migrated Demijohn\n"
    assert "db" in _invoke(["--help"]).output


def test_flask_commands_are_not_loaded_without_the_layer(isolated: Path) -> None:
    _install_plugin(isolated, "flask.commands", "djflaskplug", "db", "migrated")
    sys.path.insert(0, str(isolated))
    result = _invoke(["db"])
    assert result.exit_code == 2
    assert "No such command 'db'" in result.output
    assert "djflaskplug" not in sys.modules


def test_demijohn_plugin_wins_over_a_flask_one(isolated: Path, layer: None) -> None:
    _install_plugin(isolated, "flask.commands", "djflaskplug", "db", "from flask plug-in")
    _install_plugin(isolated, "demijohn.commands", "djdemijohnplug", "db", "from demijohn")
    sys.path.insert(0, str(isolated))
    assert _invoke(["db"]).output == "from demijohn Demijohn\n"
