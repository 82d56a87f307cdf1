"""Tests for demijohn.paths: finding a module's folder and its package's installation prefix
without importing it."""

from __future__ import annotations

import importlib
import pathlib
import sys
import types
import typing as t

import pytest

from demijohn import Demijohn
from demijohn.paths import find_package, get_root_path


@pytest.fixture
def restore_modules() -> t.Iterator[None]:
    """Forget every module a test imports, so that each test imports its own files."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        del sys.modules[name]


def write_tree(root: pathlib.Path, files: dict[str, str]) -> None:
    """Create ``files`` (relative path to text) under ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    importlib.invalidate_caches()


# -- locating modules -------------------------------------------------------------------------


@pytest.fixture
def modules_dir(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, restore_modules: None
) -> pathlib.Path:
    """An importable folder with a module, a package with a submodule, and a namespace
    package."""
    root = tmp_path / "code"
    write_tree(
        root,
        {
            "rp_module.py": "",
            "rp_package/__init__.py": "",
            "rp_package/sub.py": "",
            "rp_namespace/part.py": "",
        },
    )
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.chdir(tmp_path)
    return root


@pytest.mark.parametrize(
    ("import_name", "folder"),
    [
        ("rp_module", ""),
        ("rp_package", "rp_package"),
        ("rp_package.sub", "rp_package"),
        ("rp_namespace", "rp_namespace"),
    ],
)
def test_get_root_path_does_not_import(
    modules_dir: pathlib.Path, import_name: str, folder: str
) -> None:
    assert get_root_path(import_name) == str(modules_dir / folder).rstrip("/")
    assert import_name not in sys.modules


def test_get_root_path_of_imported_modules(modules_dir: pathlib.Path) -> None:
    importlib.import_module("rp_package.sub")
    assert get_root_path("rp_package") == str(modules_dir / "rp_package")
    assert get_root_path("rp_package.sub") == str(modules_dir / "rp_package")


def test_get_root_path_prefers_the_loaded_module(
    modules_dir: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType("rp_module")
    module.__file__ = str(modules_dir / "elsewhere" / "rp_module.py")
    monkeypatch.setitem(sys.modules, "rp_module", module)
    assert get_root_path("rp_module") == str(modules_dir / "elsewhere")


@pytest.mark.parametrize("import_name", ["no_such_module", "no_such_package.sub", "", "sys"])
def test_get_root_path_falls_back_to_the_working_directory(
    modules_dir: pathlib.Path, import_name: str
) -> None:
    assert get_root_path(import_name) == str(modules_dir.parent)


@pytest.mark.parametrize("imported", [False, True], ids=["not-imported", "imported"])
@pytest.mark.parametrize("import_name", ["rp_module", "rp_package", "rp_package.sub"])
def test_find_package_of_code_that_is_not_installed(
    modules_dir: pathlib.Path, import_name: str, imported: bool
) -> None:
    if imported:
        importlib.import_module(import_name)
    assert find_package(import_name) == (None, str(modules_dir))


def test_instance_path_beside_a_package(modules_dir: pathlib.Path) -> None:
    app = Demijohn("rp_package")
    assert app.root_path == str(modules_dir / "rp_package")
    assert app.instance_path == str(modules_dir / "instance")


@pytest.mark.parametrize("import_name", ["no_such_module", "no_such_package.sub", ""])
def test_find_package_of_unknown_code_is_the_working_directory(
    modules_dir: pathlib.Path, import_name: str
) -> None:
    assert find_package(import_name) == (None, str(modules_dir.parent))


@pytest.fixture
def fake_prefix(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, restore_modules: None
) -> pathlib.Path:
    prefix = tmp_path / "prefix"
    monkeypatch.setattr(sys, "prefix", str(prefix))
    return prefix


def test_find_package_installed_under_sys_prefix(
    fake_prefix: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = fake_prefix / "lib" / "python3" / "site-packages"
    write_tree(site, {"fp_installed/__init__.py": ""})
    monkeypatch.syspath_prepend(str(site))
    assert find_package("fp_installed") == (str(fake_prefix), str(site))
    app = Demijohn("fp_installed")
    assert app.instance_path == str(fake_prefix / "var" / "fp_installed-instance")


@pytest.mark.parametrize("folder", ["lib/python3/dist-packages", "opt/code"])
def test_find_package_anywhere_under_sys_prefix_is_installed(
    fake_prefix: pathlib.Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    where = fake_prefix / folder
    write_tree(where, {"fp_anywhere/__init__.py": ""})
    monkeypatch.syspath_prepend(str(where))
    assert find_package("fp_anywhere") == (str(fake_prefix), str(where))
    app = Demijohn("fp_anywhere")
    assert app.instance_path == str(fake_prefix / "var" / "fp_anywhere-instance")


def test_find_package_installed_in_another_site_packages(
    fake_prefix: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "user" / "lib" / "python3" / "site-packages"
    write_tree(site, {"fp_user/__init__.py": ""})
    monkeypatch.syspath_prepend(str(site))
    assert find_package("fp_user") == (str(tmp_path / "user"), str(site))


@pytest.mark.parametrize(
    ("layout", "prefix"),
    [
        ("user/lib/site-packages", "user"),
        ("user/site-packages", "user"),
    ],
)
def test_find_package_installed_in_other_site_layouts(
    fake_prefix: pathlib.Path,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    layout: str,
    prefix: str,
) -> None:
    site = tmp_path / layout
    write_tree(site, {"fp_layout/__init__.py": ""})
    monkeypatch.syspath_prepend(str(site))
    assert find_package("fp_layout") == (str(tmp_path / prefix), str(site))
    app = Demijohn("fp_layout")
    assert app.instance_path == str(tmp_path / prefix / "var" / "fp_layout-instance")
