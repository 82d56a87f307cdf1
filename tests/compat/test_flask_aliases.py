"""Tests for demijohn.compat.flask (and the alias modules and stand-in distribution it is made
of): with the layer on, ``flask`` and its module paths are demijohn's objects, a Flask
application runs unchanged, and the layer refuses to mix with a real Flask. The pytest plugin
is tested in tests/test_pytest_plugin.py."""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import inspect
import os
import subprocess
import sys
import types
import typing as t
from pathlib import Path

import pytest
from click.testing import CliRunner

import demijohn
import demijohn.cli
import demijohn.ctx
import demijohn.globals
import demijohn.helpers
import demijohn.json.provider
import demijohn.json.tag
import demijohn.sessions
import demijohn.testing
import demijohn.views
from demijohn.compat import flask as flask_compat

FLASK_APPS = Path(__file__).parent / "flask_apps"

#: Every public module path of Flask 3.1, and the sans-IO ones extensions import.
FLASK_MODULES = [
    "flask",
    "flask.app",
    "flask.blueprints",
    "flask.cli",
    "flask.config",
    "flask.ctx",
    "flask.debughelpers",
    "flask.globals",
    "flask.helpers",
    "flask.json",
    "flask.json.provider",
    "flask.json.tag",
    "flask.logging",
    "flask.sansio",
    "flask.sansio.app",
    "flask.sansio.blueprints",
    "flask.sansio.scaffold",
    "flask.sessions",
    "flask.signals",
    "flask.templating",
    "flask.testing",
    "flask.typing",
    "flask.views",
    "flask.wrappers",
]
PACKAGES = {"flask", "flask.json", "flask.sansio"}

#: (attribute path under the layer, demijohn's object): the same object, not a copy.
IDENTITIES = [
    ("flask.Flask", demijohn.Demijohn),
    ("flask.app.Flask", demijohn.Demijohn),
    ("flask.sansio.app.App", demijohn.Demijohn),
    ("flask.request", demijohn.request),
    ("flask.session", demijohn.session),
    ("flask.g", demijohn.g),
    ("flask.current_app", demijohn.current_app),
    ("flask.globals.request", demijohn.globals.request),
    ("flask.globals.app_ctx", demijohn.globals.app_ctx),
    ("flask.globals.request_ctx", demijohn.globals.request_ctx),
    ("flask.globals._cv_app", demijohn.globals._cv_app),
    ("flask.globals._cv_request", demijohn.globals._cv_request),
    ("flask.ctx._AppCtxGlobals", demijohn.ctx._AppCtxGlobals),
    ("flask.ctx.AppContext", demijohn.ctx.AppContext),
    ("flask.ctx.RequestContext", demijohn.ctx.RequestContext),
    ("flask.testing.FlaskClient", demijohn.testing.DemijohnClient),
    ("flask.testing.FlaskCliRunner", demijohn.testing.DemijohnCliRunner),
    ("flask.testing.EnvironBuilder", demijohn.testing.EnvironBuilder),
    ("flask.cli.FlaskGroup", demijohn.cli.DemijohnGroup),
    ("flask.cli.AppGroup", demijohn.cli.AppGroup),
    ("flask.cli.ScriptInfo", demijohn.cli.ScriptInfo),
    ("flask.cli.with_appcontext", demijohn.cli.with_appcontext),
    ("flask.cli.get_debug_flag", demijohn.helpers.get_debug_flag),
    ("flask.views.MethodView", demijohn.views.MethodView),
    ("flask.views.http_method_funcs", demijohn.views.HTTP_METHOD_NAMES),
    ("flask.json.jsonify", demijohn.json.jsonify),
    ("flask.json.provider.DefaultJSONProvider", demijohn.json.provider.DefaultJSONProvider),
    ("flask.json.tag.TaggedJSONSerializer", demijohn.json.tag.TaggedJSONSerializer),
    ("flask.sessions.SecureCookieSessionInterface", demijohn.sessions.SecureCookieSessionInterface),
    ("flask.signals.request_started", demijohn.request_started),
    ("flask.message_flashed", demijohn.message_flashed),
    ("flask.blueprints.Blueprint", demijohn.Blueprint),
    ("flask.blueprints.SansioBlueprint", demijohn.Blueprint),
    ("flask.helpers.url_for", demijohn.url_for),
    ("flask.helpers.get_template_attribute", demijohn.get_template_attribute),
]


@pytest.fixture
def flask_layer() -> t.Iterator[types.ModuleType]:
    """The layer switched on for one test; afterwards it is off, and the finders, sys.path
    and the applications the test imported are as before."""
    meta_path, path = list(sys.meta_path), list(sys.path)
    flask_compat.install()
    yield importlib.import_module("flask")
    flask_compat.uninstall()
    assert sys.meta_path == meta_path
    sys.path[:] = path
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(FLASK_APPS)):
            del sys.modules[name]


def _lookup(dotted: str) -> t.Any:
    module_name, _, attribute = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def _import_app(module_name: str) -> types.ModuleType:
    sys.path.insert(0, str(FLASK_APPS))
    return importlib.import_module(module_name)


# -- module paths ---------------------------------------------------------------------------


def test_module_names_cover_flask() -> None:
    assert set(FLASK_MODULES) <= set(flask_compat.MODULE_NAMES)


@pytest.mark.usefixtures("flask_layer")
@pytest.mark.parametrize("name", FLASK_MODULES)
def test_every_module_path_imports(name: str) -> None:
    module = importlib.import_module(name)
    assert module is sys.modules[name]
    assert module.__name__ == name
    assert module.__spec__ is not None
    assert module.__spec__.name == name
    assert importlib.util.find_spec(name) is module.__spec__
    assert hasattr(module, "__path__") is (name in PACKAGES)
    parent, _, child = name.rpartition(".")
    if parent:
        # A submodule is an attribute of its package, as after a normal import.
        assert getattr(sys.modules[parent], child) is module


@pytest.mark.usefixtures("flask_layer")
@pytest.mark.parametrize(("dotted", "expected"), IDENTITIES, ids=[i[0] for i in IDENTITIES])
def test_names_are_demijohns_objects(dotted: str, expected: object) -> None:
    assert _lookup(dotted) is expected


def test_from_imports(flask_layer: types.ModuleType) -> None:
    from flask import Flask, json
    from flask.json.provider import DefaultJSONProvider

    assert Flask is demijohn.Demijohn
    assert json is flask_layer.json is sys.modules["flask.json"]
    assert DefaultJSONProvider is demijohn.json.provider.DefaultJSONProvider


def test_star_import_takes_flask_names(flask_layer: types.ModuleType) -> None:
    namespace: dict[str, t.Any] = {}
    exec("from flask import *", namespace)
    assert namespace["Flask"] is demijohn.Demijohn
    assert namespace["render_template"] is demijohn.render_template
    assert "annotations" not in namespace


def test_star_import_follows_target_all(flask_layer: types.ModuleType) -> None:
    namespace: dict[str, t.Any] = {}
    exec("from flask.sessions import *", namespace)
    assert set(demijohn.sessions.__all__) <= set(namespace)
    # A package with no module of its own behind it exports nothing but its submodules.
    assert flask_layer.sansio.__all__ == []
    assert "app" in dir(flask_layer.sansio)


def test_finder_loads_only_alias_modules(flask_layer: types.ModuleType) -> None:
    with pytest.raises(ImportError, match="'plain' is not an alias module"):
        flask_layer.__loader__.exec_module(types.ModuleType("plain"))


def test_names_flask_lacks_are_missing(flask_layer: types.ModuleType) -> None:
    # Extensions probe for names removed from Flask and must take their fallback.
    with pytest.raises(ImportError, match="_app_ctx_stack"):
        exec("from flask import _app_ctx_stack", {})
    with pytest.raises(ModuleNotFoundError, match=r"flask\.nonexistent"):
        importlib.import_module("flask.nonexistent")
    with pytest.raises(AttributeError, match=r"'flask\.globals' has no attribute 'nothing'"):
        _lookup("flask.globals.nothing")
    # Import metadata stays the alias's own: a module is not a package by its target's path.
    assert not hasattr(flask_layer.helpers, "__path__")
    assert not hasattr(importlib.import_module("flask.sansio"), "__file__")


def test_file_is_that_of_the_module_giving_the_names(flask_layer: types.ModuleType) -> None:
    # Code in the wild finds files beside flask, or reads its source.
    assert flask_layer.__file__ == demijohn.__file__
    assert inspect.getfile(flask_layer) == demijohn.__file__
    helpers = importlib.import_module("flask.helpers")
    assert inspect.getfile(helpers) == demijohn.helpers.__file__
    assert inspect.getsource(helpers) == inspect.getsource(demijohn.helpers)


def test_patching_follows_module_semantics(
    flask_layer: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = demijohn.helpers.get_debug_flag
    # Patching demijohn's module shows through the alias at once.
    monkeypatch.setattr(demijohn.helpers, "get_debug_flag", lambda: True)
    assert flask_layer.helpers.get_debug_flag() is True
    monkeypatch.undo()
    # Patching the alias affects lookups through the alias only, and undoes cleanly.
    monkeypatch.setattr(flask_layer.helpers, "get_debug_flag", lambda: True)
    assert flask_layer.helpers.get_debug_flag() is True
    assert demijohn.helpers.get_debug_flag is original
    monkeypatch.undo()
    assert flask_layer.helpers.get_debug_flag is original is demijohn.helpers.get_debug_flag


def test_alias_lists_its_targets_names(flask_layer: types.ModuleType) -> None:
    assert {"FlaskClient", "DemijohnClient", "EnvironBuilder"} <= set(dir(flask_layer.testing))
    assert "demijohn.testing" in repr(flask_layer.testing)


# -- metadata and version -------------------------------------------------------------------


def test_metadata_reports_flask(flask_layer: types.ModuleType) -> None:
    assert importlib.metadata.version("flask") == flask_compat.FLASK_VERSION == "3.1.3"
    assert importlib.metadata.version("Flask") == "3.1.3"
    assert importlib.metadata.metadata("flask")["Name"] == "Flask"
    assert importlib.metadata.packages_distributions()["flask"] == ["Flask"]
    # Searches of explicit folders ask what is on disk, not what the layer provides.
    assert not list(importlib.metadata.distributions(name="flask", path=[str(FLASK_APPS)]))


def test_stand_in_distribution_has_no_files(flask_layer: types.ModuleType) -> None:
    distribution = importlib.metadata.distribution("flask")
    assert distribution.files is None
    assert not list(distribution.entry_points)
    assert Path(distribution.locate_file("METADATA")).parent == Path(flask_compat.__file__).parent


def test_dunder_version_warns_like_flask(flask_layer: types.ModuleType) -> None:
    with pytest.deprecated_call(match="importlib.metadata.version"):
        version = flask_layer.__version__
    assert version == "3.1.3"


def test_metadata_gone_when_off() -> None:
    flask_compat.install()
    flask_compat.uninstall()
    if importlib.util.find_spec("flask") is not None:  # pragma: no cover - real Flask present
        pytest.skip("a real Flask is installed in this environment")
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.version("flask")


# -- switching on and off -------------------------------------------------------------------


def test_install_twice_changes_nothing(flask_layer: types.ModuleType) -> None:
    meta_path = list(sys.meta_path)
    flask_compat.install()
    assert sys.meta_path == meta_path
    assert flask_compat.is_installed()
    assert importlib.import_module("flask") is flask_layer


def test_uninstall_forgets_the_modules() -> None:
    flask_compat.install()
    import flask.json.tag  # noqa: F401

    flask_compat.uninstall()
    assert not flask_compat.is_installed()
    assert not [name for name in sys.modules if name.split(".")[0] == "flask"]
    flask_compat.uninstall()
    flask_compat.install()
    try:
        assert importlib.import_module("flask.json.tag").TagDict is demijohn.json.tag.TagDict
    finally:
        flask_compat.uninstall()


@pytest.mark.parametrize("name", ["flask", "flask.json"])
def test_refuses_when_real_flask_is_imported(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType(name)
    fake.__file__ = f"/site-packages/{name.replace('.', '/')}/__init__.py"
    monkeypatch.setitem(sys.modules, name, fake)
    with pytest.raises(flask_compat.FlaskCompatError) as info:
        flask_compat.install()
    message = str(info.value)
    assert f"the real Flask is already imported ({name!r} from {fake.__file__})" in message
    assert "import demijohn.compat.flask_on" in message
    assert isinstance(info.value, RuntimeError)
    assert not flask_compat.is_installed()


# -- a Flask application --------------------------------------------------------------------


@pytest.mark.usefixtures("flask_layer")
def test_flask_application_runs(protocol: str) -> None:
    app = _import_app("flask_blog").create_app()
    client = app.test_client(protocol=protocol)
    assert isinstance(client, _lookup("flask.testing.FlaskClient"))

    rv = client.post("/login", json={"user": "ada"})
    assert rv.json == {"user": "ada"}
    assert rv.headers["X-App"] == "flask_blog"
    rv = client.post("/posts/", data={"title": "Second"}, follow_redirects=True)
    assert rv.text == "[created Second]ada at /posts/"
    assert client.get("/posts/2").json == {"id": 2, "title": "Second"}
    assert client.delete("/posts/2").status_code == 204
    rv = client.get("/posts/2")
    assert (rv.status_code, rv.json) == (404, {"error": "not found", "path": "/posts/2"})


def test_flask_application_signals(flask_layer: types.ModuleType) -> None:
    app = _import_app("flask_blog").create_app()
    seen: list[tuple[object, str]] = []

    def record(sender: object, **extra: t.Any) -> None:
        seen.append((sender, extra["response"].status))

    with flask_layer.request_finished.connected_to(record, app):
        app.test_client().get("/posts/1")
    assert seen == [(app, "200 OK")]


# -- switch-on points -----------------------------------------------------------------------


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DEMIJOHN_")}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        cwd=FLASK_APPS,
        check=False,
    )


def test_flask_on_import_switches_on() -> None:
    code = (
        "import demijohn.compat.flask_on, flask, demijohn; print(flask.request is demijohn.request)"
    )
    rv = _run("-c", code)
    assert rv.stdout == "True\n", rv.stderr


def test_flask_on_import_in_process() -> None:
    sys.modules.pop("demijohn.compat.flask_on", None)
    try:
        importlib.import_module("demijohn.compat.flask_on")
        assert flask_compat.is_installed()
        assert importlib.import_module("flask").g is demijohn.g
    finally:
        flask_compat.uninstall()
        sys.modules.pop("demijohn.compat.flask_on", None)


def test_flask_on_import_refuses_real_flask(tmp_path: Path) -> None:
    fake = tmp_path / "flask"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    rv = _run("-c", "import flask, demijohn.compat.flask_on", env={"PYTHONPATH": str(tmp_path)})
    assert rv.returncode == 1
    assert "FlaskCompatError: Cannot switch on demijohn's Flask compatibility layer" in rv.stderr


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--flask-compat"], {}), ([], {"DEMIJOHN_FLASK_COMPAT": "1"})],
    ids=["option", "environment"],
)
def test_cli_switch_loads_flask_application(args: list[str], env: dict[str, str]) -> None:
    rv = _run("-m", "demijohn", *args, "--app", "flask_blog", "count-posts", env=env)
    assert rv.stdout == "1 post(s) in flask_blog\n", rv.stderr


def test_cli_without_switch_cannot_import_flask() -> None:
    if importlib.util.find_spec("flask") is not None:  # pragma: no cover - real Flask present
        pytest.skip("a real Flask is installed in this environment")
    rv = _run("-m", "demijohn", "--app", "flask_blog", "count-posts")
    assert rv.returncode != 0
    assert "No module named 'flask'" in rv.stderr


def test_cli_switch_reports_real_flask(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "flask", types.ModuleType("flask"))
    monkeypatch.setenv("DEMIJOHN_RUN_FROM_CLI", "")
    rv = CliRunner().invoke(demijohn.cli.cli, ["--flask-compat", "routes"])
    assert rv.exit_code == 2
    assert "Invalid value for '--flask-compat'" in rv.output
    assert "the real Flask is already imported" in rv.output
    assert not flask_compat.is_installed()
