"""The API reference (docs/reference/) documents every public name.

The pages list objects for mkdocstrings, one ``::: dotted.path`` line each; ``make docs``
renders them from the docstrings and fails on a path that names nothing. This test fails the
other way round: on a public name that no page lists, so a name added to the API is added to
the reference too.

The public names are:

- those ``demijohn`` re-exports (``from .app import Demijohn as Demijohn``);
- the ``__all__`` of every package of demijohn (``demijohn.db``, ``demijohn.i18n``, ...; a new
  battery is found without being named here);
- those of the modules applications import from directly (:data:`MODULES`): their ``__all__``,
  or the classes and functions they define when they have none;
- every name a page of the docs, or the README, imports from demijohn.

A class or function counts as listed when the page lists it under any of its names:
``demijohn.render_template`` is ``demijohn.templating.render_template``.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pathlib
import re
import types
import typing as t

import demijohn

ROOT = pathlib.Path(__file__).parents[1]
SRC = ROOT / "src" / "demijohn"
REFERENCE = ROOT / "docs" / "reference"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

#: The modules applications import from directly, besides the packages.
MODULES = (
    "demijohn.binding",
    "demijohn.checks",
    "demijohn.cli",
    "demijohn.cli.groups",
    "demijohn.db.testing",
    "demijohn.errors",
    "demijohn.json.provider",
    "demijohn.production.testing",
    "demijohn.providers.testing",
    "demijohn.sessions",
    "demijohn.streaming",
    "demijohn.testing",
    "demijohn.urls",
    "demijohn.views",
    "demijohn.websocket",
)

#: A mkdocstrings directive: ``::: demijohn.db.Database`` at the start of a line.
_DIRECTIVE = re.compile(r"^::: (?P<path>[\w.]+)\s*$", re.MULTILINE)
#: ``from demijohn.x import a, b`` or ``from demijohn import (`` ... ``)`` in a page.
_IMPORT = re.compile(r"^\s*from (demijohn(?:\.\w+)*) import (\([^)]*\)|[^\n]+)$", re.MULTILINE)


def _reexports() -> list[str]:
    """The names ``demijohn/__init__.py`` re-exports explicitly (``import x as x``)."""
    tree = ast.parse((SRC / "__init__.py").read_text(encoding="utf-8"))
    return [
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
        if alias.asname == alias.name
    ]


def _packages() -> list[str]:
    """Every package of demijohn whose ``__init__`` says what it exports."""
    found = []
    for init in sorted(SRC.rglob("__init__.py")):
        if "__all__" in init.read_text(encoding="utf-8"):
            parts = init.parent.relative_to(SRC.parent).parts
            found.append(".".join(parts))
    return found


def _module_names(name: str) -> list[str]:
    module = importlib.import_module(name)
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == name
    ]


def imported_by_the_docs() -> set[str]:
    """``module.name`` for every name a page imports from demijohn."""
    found = set()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for module, names in _IMPORT.findall(text):
            for name in re.split(r"[\s,()]+", names.split("#", 1)[0]):
                if name and name != "as":
                    found.add(f"{module}.{name}")
    return found


def public_names() -> dict[str, t.Any]:
    """``{"module.name": object}`` for every public name (see the module's docstring)."""
    paths = [f"demijohn.{name}" for name in _reexports()]
    for module in [*_packages(), *MODULES]:
        paths += [f"{module}.{name}" for name in _module_names(module)]
    paths += imported_by_the_docs()
    return {path: _resolve(path) for path in sorted(set(paths))}


def _resolve(path: str) -> t.Any:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def listed() -> list[str]:
    """The paths the reference pages list."""
    return [
        match["path"]
        for page in sorted(REFERENCE.glob("*.md"))
        for match in _DIRECTIVE.finditer(page.read_text(encoding="utf-8"))
    ]


def _identity(value: t.Any) -> int | None:
    """What makes two names one object: a class, function or module's identity; other
    values (constants, proxies) are listed under each of their names."""
    named = inspect.isclass(value) or inspect.isroutine(value)
    return id(value) if named or isinstance(value, types.ModuleType) else None


def test_every_public_name_is_in_the_reference() -> None:
    paths = listed()
    documented = {_identity(_resolve(path)) for path in paths} - {None}
    missing = [
        path
        for path, value in public_names().items()
        if path not in paths
        and not isinstance(value, types.ModuleType)
        and _identity(value) not in documented
    ]
    assert not missing, (
        "these public names are in no page of docs/reference/: add a `::: <name>` line for"
        " each to the page of its module\n  " + "\n  ".join(missing)
    )


def test_the_reference_lists_each_name_once() -> None:
    paths = listed()
    assert len(paths) == len(set(paths)), sorted({p for p in paths if paths.count(p) > 1})


def test_the_public_names_are_found() -> None:
    """The rules above find what they should, so that the first test cannot pass on an
    empty list."""
    names = public_names()
    assert names["demijohn.Demijohn"] is demijohn.Demijohn
    for battery in ("db", "i18n", "production", "providers", "settings", "validation"):
        assert f"demijohn.{battery}.EXTENSION_KEY" in names or battery == "i18n", battery
    assert "demijohn.i18n.gettext" in names
    assert "demijohn.testing.DemijohnClient" in names  # a module without __all__
    assert "demijohn.cli.routes_command" in names  # imported by docs/cli.md
    assert not [name for name in names if name.rpartition(".")[2].startswith("_")]
