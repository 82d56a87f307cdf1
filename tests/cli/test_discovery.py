"""Tests for demijohn.cli.discovery: finding the application named by ``--app``, and how
the ``demijohn`` command reports what it finds or fails to find."""

from __future__ import annotations

import importlib
import os
import sys
import types
import typing as t
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from demijohn import Demijohn
from demijohn.cli import (
    DemijohnGroup,
    NoAppException,
    ScriptInfo,
    find_app,
    find_app_by_string,
    find_best_app,
    locate_app,
    pass_script_info,
    prepare_import,
)
from demijohn.cli.discovery import split_app_import_path
from demijohn.errors import DemijohnError

CLI_APPS = Path(__file__).parent / "apps"


def make_module(**attrs: t.Any) -> types.ModuleType:
    module = types.ModuleType("djcli_fake")
    vars(module).update(attrs)
    return module


def write_module(directory: Path, name: str, source: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    importlib.invalidate_caches()
    return path


APP_SOURCE = "from demijohn import Demijohn\n{name} = Demijohn({import_name!r})\n"


def test_no_app_exception_is_a_usage_error_and_a_demijohn_error() -> None:
    assert issubclass(NoAppException, click.UsageError)
    assert issubclass(NoAppException, DemijohnError)


# -- find_best_app ----------------------------------------------------------------------------


@pytest.mark.parametrize("attr", ["app", "application"])
def test_best_app_prefers_conventional_names(attr: str) -> None:
    app, other = Demijohn("djcli_main"), Demijohn("djcli_other")
    assert find_best_app(make_module(**{attr: app, "other": other})) is app


def test_best_app_takes_app_before_application() -> None:
    app, application = Demijohn("djcli_a"), Demijohn("djcli_b")
    assert find_best_app(make_module(application=application, app=app)) is app


def test_best_app_skips_conventional_name_that_is_not_an_app() -> None:
    only = Demijohn("djcli_only")
    assert find_best_app(make_module(app="not an app", my_app=only)) is only


def test_best_app_finds_single_instance() -> None:
    only = Demijohn("djcli_only")
    assert find_best_app(make_module(web=only, number=3)) is only


def test_best_app_refuses_several_instances() -> None:
    module = make_module(one=Demijohn("djcli_1"), two=Demijohn("djcli_2"))
    with pytest.raises(NoAppException, match="multiple Demijohn applications") as info:
        find_best_app(module)
    assert "'djcli_fake:name'" in info.value.format_message()


@pytest.mark.parametrize("attr", ["create_app", "make_app"])
def test_best_app_calls_factory(attr: str) -> None:
    app = Demijohn("djcli_made")
    assert find_best_app(make_module(**{attr: lambda: app})) is app


def test_best_app_tries_make_app_when_create_app_returns_no_app() -> None:
    app = Demijohn("djcli_made")
    module = make_module(create_app=lambda: None, make_app=lambda: app)
    assert find_best_app(module) is app


def test_best_app_ignores_factory_names_that_are_not_functions() -> None:
    module = make_module(create_app=Demijohn)
    with pytest.raises(NoAppException, match="Failed to find a Demijohn application"):
        find_best_app(module)


def test_best_app_reports_factory_that_needs_arguments() -> None:
    def create_app(config: str) -> Demijohn:
        return Demijohn(config)

    with pytest.raises(NoAppException, match="could not be called without arguments") as info:
        find_best_app(make_module(create_app=create_app))
    assert "'djcli_fake:create_app(args)'" in info.value.format_message()


def test_best_app_lets_type_error_from_inside_factory_through() -> None:
    def create_app() -> Demijohn:
        raise TypeError("a bug inside the factory")

    with pytest.raises(TypeError, match="a bug inside the factory"):
        find_best_app(make_module(create_app=create_app))


def test_best_app_reports_module_without_app() -> None:
    with pytest.raises(NoAppException, match="Failed to find a Demijohn application or factory"):
        find_best_app(make_module(value=1))


# -- find_app_by_string -------------------------------------------------------------------------


def test_app_by_string_returns_attribute() -> None:
    app = Demijohn("djcli_named")
    assert find_app_by_string(make_module(web=app), "web") is app


def test_app_by_string_calls_function_named_without_call() -> None:
    app = Demijohn("djcli_named")
    assert find_app_by_string(make_module(build=lambda: app), " build ") is app


def test_app_by_string_calls_factory_with_literal_arguments() -> None:
    def create_app(name: str, *, config: dict[str, t.Any]) -> Demijohn:
        app = Demijohn(name)
        app.config.update(config)
        return app

    module = make_module(create_app=create_app)
    app = find_app_by_string(module, 'create_app("djcli_lit", config={"X": [1, None]})')
    assert app.name == "djcli_lit"
    assert app.config["X"] == [1, None]


@pytest.mark.parametrize(
    ("app_name", "message"),
    [
        ("create_app(", "Failed to parse 'create_app\\(' as an attribute name"),
        ("1 + 2", "Failed to parse '1 \\+ 2' as an attribute name"),
        ("factories.create_app()", "Function reference must be a simple name"),
        ("create_app(os.getcwd())", "Failed to parse arguments as literal values"),
        ("create_app(name=value)", "Failed to parse arguments as literal values"),
        ("missing", "Failed to find attribute 'missing' in 'djcli_fake'"),
    ],
)
def test_app_by_string_errors(app_name: str, message: str) -> None:
    module = make_module(create_app=lambda *args, **kwargs: Demijohn("djcli_x"))
    with pytest.raises(NoAppException, match=message):
        find_app_by_string(module, app_name)


def test_app_by_string_reports_wrong_factory_arguments() -> None:
    def create_app(name: str) -> Demijohn:
        return Demijohn(name)

    with pytest.raises(NoAppException, match="could not be called with the specified"):
        find_app_by_string(make_module(create_app=create_app), "create_app(1, 2)")


def test_app_by_string_lets_type_error_from_inside_factory_through() -> None:
    def create_app() -> Demijohn:
        raise TypeError("a bug inside the factory")

    with pytest.raises(TypeError, match="a bug inside the factory"):
        find_app_by_string(make_module(create_app=create_app), "create_app()")


@pytest.mark.parametrize("app_name", ["number", "create_app()"])
def test_app_by_string_refuses_what_is_not_an_app(app_name: str) -> None:
    module = make_module(number=42, create_app=lambda: "not an app")
    with pytest.raises(NoAppException, match="A valid Demijohn application was not obtained"):
        find_app_by_string(module, app_name)


# -- prepare_import -----------------------------------------------------------------------------


def test_prepare_import_plain_module(tmp_path: Path) -> None:
    path = write_module(tmp_path, "djcli_plain.py", "")
    assert prepare_import(str(path)) == "djcli_plain"
    assert sys.path[0] == str(tmp_path)


def test_prepare_import_accepts_path_without_suffix(tmp_path: Path) -> None:
    write_module(tmp_path, "djcli_plain.py", "")
    assert prepare_import(str(tmp_path / "djcli_plain")) == "djcli_plain"


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("djcli_pkg/inner/web.py", "djcli_pkg.inner.web"),
        ("djcli_pkg/inner/__init__.py", "djcli_pkg.inner"),
        ("djcli_pkg/inner", "djcli_pkg.inner"),
    ],
)
def test_prepare_import_walks_up_packages(relative: str, expected: str) -> None:
    assert prepare_import(str(CLI_APPS / relative)) == expected
    assert sys.path[0] == str(CLI_APPS)


def test_prepare_import_does_not_repeat_path_entry(tmp_path: Path) -> None:
    path = write_module(tmp_path, "djcli_plain.py", "")
    prepare_import(str(path))
    length = len(sys.path)
    prepare_import(str(path))
    assert len(sys.path) == length


def test_prepare_import_resolves_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "djcli_plain.py", "")
    monkeypatch.chdir(tmp_path)
    assert prepare_import("djcli_plain.py") == "djcli_plain"
    assert sys.path[0] == os.path.realpath(tmp_path)


# -- locate_app ---------------------------------------------------------------------------------


def test_locate_app_searches_module_without_name() -> None:
    prepare_import(str(CLI_APPS / "djcli_pkg/inner/web.py"))
    app = locate_app("djcli_pkg.inner.web", None)
    assert app is sys.modules["djcli_pkg.inner.web"].app


def test_locate_app_uses_name_or_factory_call() -> None:
    prepare_import(str(CLI_APPS / "djcli_factory.py"))
    app = locate_app("djcli_factory", 'create_app("djcli_called", testing=True)')
    assert app.name == "djcli_called"
    assert app.testing is True


@pytest.mark.parametrize("module_name", ["djcli_missing", "djcli_pkg.missing", "djcli_no.sub"])
def test_locate_app_reports_missing_module(module_name: str) -> None:
    prepare_import(str(CLI_APPS / "djcli_factory.py"))
    with pytest.raises(NoAppException, match=f"Could not import '{module_name}'"):
        locate_app(module_name, None)
    assert locate_app(module_name, None, raise_if_not_found=False) is None


def test_locate_app_reports_import_error_inside_module() -> None:
    prepare_import(str(CLI_APPS / "djcli_import_error.py"))
    with pytest.raises(NoAppException) as info:
        locate_app("djcli_import_error", None, raise_if_not_found=False)
    message = info.value.format_message()
    assert "While importing 'djcli_import_error', an ImportError was raised" in message
    assert "Traceback" in message
    assert "djcli_no_such_dependency" in message


def test_locate_app_reports_failing_from_import(tmp_path: Path) -> None:
    write_module(tmp_path, "djcli_from_import.py", "from os import no_such_name\n")
    prepare_import(str(tmp_path / "djcli_from_import.py"))
    with pytest.raises(NoAppException, match="While importing 'djcli_from_import'"):
        locate_app("djcli_from_import", None)


def test_locate_app_reports_missing_submodule_import_inside_package(tmp_path: Path) -> None:
    write_module(tmp_path, "djcli_brokenpkg/__init__.py", "import djcli_brokenpkg.absent\n")
    prepare_import(str(tmp_path / "djcli_brokenpkg"))
    with pytest.raises(NoAppException, match="While importing 'djcli_brokenpkg'"):
        locate_app("djcli_brokenpkg", None)


# -- split_app_import_path ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("hello", ("hello", None)),
        ("hello:app", ("hello", "app")),
        ("pkg/hello.py:create_app('a:b')", ("pkg/hello.py", "create_app('a:b')")),
        ("C:\\apps\\hello.py", ("C:\\apps\\hello.py", None)),
        ("C:/apps/hello.py:app", ("C:/apps/hello.py", "app")),
    ],
)
def test_split_app_import_path(value: str, expected: tuple[str, str | None]) -> None:
    assert split_app_import_path(value) == expected


# -- ScriptInfo: loading the application once --------------------------------------------------


def test_script_info_create_app_wins_and_is_called_once(app: Demijohn) -> None:
    calls: list[None] = []

    def create_app() -> Demijohn:
        calls.append(None)
        return app

    info = ScriptInfo(app_import_path="djcli_missing", create_app=create_app)
    assert info.load_app() is app
    assert info.load_app() is app
    assert len(calls) == 1


@pytest.mark.parametrize(("set_debug_flag", "expected"), [(True, True), (False, False)])
def test_script_info_debug_flag(
    monkeypatch: pytest.MonkeyPatch, set_debug_flag: bool, expected: bool
) -> None:
    def create_app() -> Demijohn:
        app = Demijohn("djcli_x")
        app.debug = False
        return app

    monkeypatch.setenv("DEMIJOHN_DEBUG", "1")
    info = ScriptInfo(create_app=create_app, set_debug_flag=set_debug_flag)
    assert info.load_app().debug is expected


def test_script_info_skip_dotenv(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ScriptInfo().load_dotenv_defaults is True
    monkeypatch.setenv("DEMIJOHN_SKIP_DOTENV", "1")
    assert ScriptInfo().load_dotenv_defaults is False


def test_pass_script_info_shares_data() -> None:
    @click.command()
    @pass_script_info
    def show(info: ScriptInfo) -> None:
        click.echo(info.data["key"])

    info = ScriptInfo()
    info.data["key"] = "shared"
    assert CliRunner().invoke(show, obj=info).output == "shared\n"


# -- the command line finding the application -----------------------------------------------


def test_find_app_import_path_with_factory_call() -> None:
    app = find_app(f"{CLI_APPS / 'djcli_factory.py'}:create_app('djcli_x')")
    assert app.name == "djcli_x"


@pytest.mark.parametrize(
    ("files", "expected"),
    [(["wsgi.py", "app.py"], "wsgi"), (["app.py"], "app")],
)
def test_find_app_tries_wsgi_then_app_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[str], expected: str
) -> None:
    for name in files:
        write_module(tmp_path, name, APP_SOURCE.format(name="app", import_name=name))
    monkeypatch.chdir(tmp_path)
    assert find_app(None).name == f"{expected}.py"


def test_find_app_reports_import_error_in_wsgi_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "wsgi.py", "import djcli_no_such_dependency\n")
    write_module(tmp_path, "app.py", APP_SOURCE.format(name="app", import_name="app.py"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoAppException, match="While importing 'wsgi'"):
        find_app(None)


def test_find_app_without_any_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoAppException, match="Could not locate a Demijohn application"):
        find_app(None)
    with pytest.raises(NoAppException, match="Could not locate a Demijohn application"):
        ScriptInfo().load_app()


def test_script_info_refuses_create_app_returning_none() -> None:
    with pytest.raises(NoAppException, match="returned None"):
        ScriptInfo(create_app=lambda: None).load_app()


def test_group_reads_app_from_environment(in_cli_apps: None) -> None:
    result = CliRunner().invoke(DemijohnGroup(), ["whoami"], env={"DEMIJOHN_APP": "djcli_hello"})
    assert result.output == "app=djcli_hello debug=False\n"


def test_group_help_shows_load_error_and_builtins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(DemijohnGroup(), ["--help"])
    assert result.exit_code == 0
    assert "Error: Could not locate a Demijohn application" in result.stderr
    for name in ("routes", "run", "shell"):
        assert f"\n  {name} " in result.stdout


@pytest.mark.parametrize("args", [["--help"], []])
def test_group_help_lists_app_commands_from_environment(in_cli_apps: None, args: list[str]) -> None:
    result = CliRunner().invoke(DemijohnGroup(), args, env={"DEMIJOHN_APP": "djcli_hello"})
    assert "\n  whoami" in result.output
    assert "\n  reports" in result.output
    assert "Error" not in result.output


def test_group_help_shows_traceback_when_app_raises() -> None:
    def create_app() -> Demijohn:
        raise RuntimeError("broken factory")

    result = CliRunner().invoke(DemijohnGroup(create_app=create_app), ["--help"])
    assert result.exit_code == 0
    assert "Traceback" in result.stderr
    assert "RuntimeError: broken factory" in result.stderr
    assert "\n  routes " in result.stdout


def test_group_unknown_command_shows_load_error(in_cli_apps: None) -> None:
    result = CliRunner().invoke(DemijohnGroup(), ["--app", "djcli_import_error", "nope"])
    assert result.exit_code == 2
    assert "While importing 'djcli_import_error', an ImportError was raised" in result.stderr
    assert "No such command 'nope'" in result.stderr


def test_env_file_can_name_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "djcli_envapp.py").write_text(
        "from demijohn import Demijohn\napp = Demijohn('djcli_envapp', static_folder=None)\n"
    )
    (tmp_path / ".env").write_text("DEMIJOHN_APP=djcli_envapp\nDEMIJOHN_DEBUG=1\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(DemijohnGroup(), ["routes"])
    assert result.output == "No routes were registered.\n"
    assert os.environ["DEMIJOHN_DEBUG"] == "1"
