"""Tests for the stubs of ``flask`` (stubs/flask, written by compat/flask_stubs.py): they match
what the layer provides, type-check themselves, and ship at demijohn's version."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tomllib
import types
import typing as t
from pathlib import Path

import pytest

from demijohn.compat import flask as flask_compat

ROOT = Path(__file__).resolve().parents[2]
STUBS = ROOT / "stubs" / "flask"


@pytest.fixture(scope="module")
def writer() -> t.Iterator[types.ModuleType]:
    """The script, imported by its path (compat/ is no package)."""
    path = ROOT / "compat" / "flask_stubs.py"
    spec = importlib.util.spec_from_file_location("_test_flask_stubs", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_the_stubs_are_what_the_layer_provides(writer: types.ModuleType) -> None:
    rv = subprocess.run(
        [sys.executable, ROOT / "compat" / "flask_stubs.py", "--check"],
        capture_output=True,
        text=True,
    )
    assert rv.returncode == 0, rv.stderr
    stubbed = {p.relative_to(writer.STUBS) for p in writer.STUBS.rglob("*.pyi")}
    assert len(stubbed) == len(flask_compat.MODULE_NAMES)


def test_a_changed_stub_is_reported(
    writer: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: t.Any
) -> None:
    copy = tmp_path / "flask-stubs"
    shutil.copytree(writer.STUBS, copy)
    monkeypatch.setattr(writer, "STUBS", copy)
    monkeypatch.setattr(writer, "ROOT", tmp_path)
    (copy / "globals.pyi").write_text("request: int\n", encoding="utf-8")
    (copy / "extra.pyi").write_text("", encoding="utf-8")
    assert writer.main(["--check"]) == 1
    assert "out of date: flask-stubs/extra.pyi" in capsys.readouterr().err
    assert writer.main([]) == 0
    assert not (copy / "extra.pyi").exists()
    assert writer.main(["--check"]) == 0


def test_a_name_is_imported_from_where_demijohn_defines_it(writer: types.ModuleType) -> None:
    # demijohn re-exports request from demijohn.globals; a proxy does not know its module.
    assert writer.origin("demijohn", "request") == ("demijohn.globals", "request")
    assert writer.origin("demijohn.app", "Demijohn") == ("demijohn.app", "Demijohn")
    # A name bound only for type checkers does not exist for the layer either.
    assert writer.origin("demijohn.cli", "_ParamType") == ("demijohn.cli", "_ParamType")
    assert writer.origin("demijohn", "json") is None  # a module: a submodule stub instead
    with pytest.raises(LookupError, match=r"demijohn.app.nothing_here is not bound"):
        writer.origin("demijohn.app", "nothing_here")


def test_another_librarys_name_is_there_only_where_demijohn_re_exports_it(
    writer: types.ModuleType,
) -> None:
    stub = writer.render("flask.wrappers")
    # demijohn.wrappers imports werkzeug's MultiDict for itself, without re-exporting it.
    assert "MultiDict" not in stub
    assert "RequestBase = werkzeug.wrappers.Request" in stub
    assert "    Request as Request,\n" in stub


def test_flasks_class_names_are_aliases_of_demijohns(writer: types.ModuleType) -> None:
    stub = writer.render("flask")
    assert "Flask = demijohn.app.Demijohn" in stub
    assert "from flask import json as json" in stub
    assert "__version__: str" in stub


def test_the_stubs_type_check_as_the_flask_package(tmp_path: Path) -> None:
    """Errors in an installed stub package are silenced and leave names ``Any``: checked here
    as a package of the project, every import in them must resolve."""
    shutil.copytree(STUBS / "flask-stubs", tmp_path / "flask")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    command += ["--python-version", "3.11", "--cache-dir", str(tmp_path / "cache"), "-p", "flask"]
    environ = {"MYPYPATH": f"{tmp_path}{':'}{ROOT / 'src'}", "PATH": ""}
    rv = subprocess.run(command, cwd=tmp_path, env=environ, capture_output=True, text=True)
    assert rv.returncode == 0, rv.stdout + rv.stderr


def _project(path: Path) -> dict[str, t.Any]:
    with path.open("rb") as f:
        return t.cast(dict[str, t.Any], tomllib.load(f)["project"])


def test_the_stubs_ship_at_demijohns_version_and_only_when_asked_for() -> None:
    demijohn, stubs = _project(ROOT / "pyproject.toml"), _project(STUBS / "pyproject.toml")
    assert stubs["version"] == demijohn["version"]
    assert stubs["dependencies"] == [f"demijohn=={demijohn['version']}"]
    # Never a dependency of demijohn itself: installed, they hide a real Flask's own types.
    assert not any("stubs" in line for line in demijohn["dependencies"])
    assert demijohn["optional-dependencies"]["flask-stubs"] == [
        f"demijohn-flask-stubs=={demijohn['version']}"
    ]
    packages = tomllib.loads((STUBS / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {p.parent for p in (STUBS / "flask-stubs").rglob("*.pyi")}
    assert {str(f.relative_to(STUBS)).replace("/", ".") for f in folders} == set(
        packages["packages"]
    )
