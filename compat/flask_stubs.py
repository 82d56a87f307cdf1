"""Write the type stubs of the ``flask`` modules the Flask layer provides, from the layer itself.

The stubs are a PEP 561 stub-only package, ``flask-stubs``, in a distribution of its own
(``stubs/flask/``, ``demijohn-flask-stubs``): with it installed, mypy and pyright check
``from flask import Flask, request`` against demijohn's types, as the layer answers those
imports at run time. Each ``flask`` module's stub re-exports every name its alias module shows
(:mod:`demijohn.compat.aliases`), imported from where demijohn defines it, so a type checker
sees the same objects the layer gives: ``flask.request`` is ``demijohn.globals.request``, and
``flask.Flask`` is an alias of ``demijohn.app.Demijohn``.

    python compat/flask_stubs.py           # rewrite the stubs
    python compat/flask_stubs.py --check   # fail if they differ from what the layer provides

``tests/compat/test_flask_stubs.py`` runs the check, so the stubs cannot drift from the layer.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib
import importlib.util
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    # Run as a script from a checkout: generate from this checkout's demijohn.
    sys.path.insert(0, str(ROOT / "src"))

from demijohn.compat import flask as flask_compat  # noqa: E402  (after the path set-up above)
from demijohn.compat.aliases import AliasSpec  # noqa: E402

STUBS = ROOT / "stubs" / "flask" / "flask-stubs"
HEADER = (
    '"""{name}, as demijohn\'s Flask compatibility layer provides it.\n\n'
    "Written by compat/flask_stubs.py from the layer; do not edit.\n"
    '"""\n'
)
#: The names the layer computes when they are read, with the type they have.
COMPUTED_TYPES = {"__version__": "str"}
#: The private names the stubs show, where the layer does: those code written for Flask
#: imports. Other private names stay out, as demijohn's internals, which change with it.
PRIVATE_NAMES = frozenset({"_AppCtxGlobals", "_cv_app", "_cv_request"})


@dataclasses.dataclass(frozen=True)
class Binding:
    """How a module binds a top-level name: defined there, imported from another module
    (``source``, ``attribute``; ``explicit`` for ``import x as x``, which re-exports it), or
    a module."""

    source: str | None = None
    attribute: str | None = None
    is_module: bool = False
    explicit: bool = False


def _bindings(module_name: str) -> dict[str, Binding]:
    """The top-level names ``module_name`` binds, read from its source (not from its
    objects, which do not say where a constant or a proxy was first bound)."""
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        raise LookupError(f"no source for {module_name!r}")
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    package = module_name if spec.submodule_search_locations else module_name.rpartition(".")[0]
    found: dict[str, Binding] = {}
    for node in _runtime_statements(tree.body):
        if isinstance(node, ast.ImportFrom):
            source = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            package_source = _is_package(source)
            for alias in node.names:
                is_module = package_source and _is_module(f"{source}.{alias.name}")
                explicit = alias.asname == alias.name
                found[alias.asname or alias.name] = Binding(source, alias.name, is_module, explicit)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found[alias.asname or alias.name.partition(".")[0]] = Binding(is_module=True)
        else:
            for name in _defined_names(node):
                found[name] = Binding()
    return found


def _is_package(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.submodule_search_locations is not None


def _is_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _runtime_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a module body that run, with those of ``if`` and ``try`` blocks,
    and without the body of ``if TYPE_CHECKING:`` (its names do not exist at run time)."""
    statements: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If):
            checking = "TYPE_CHECKING" in ast.unparse(node.test)
            statements += _runtime_statements(node.orelse if checking else node.body + node.orelse)
        elif isinstance(node, ast.Try):
            blocks = node.body + node.orelse + node.finalbody
            statements += _runtime_statements(blocks + [s for h in node.handlers for s in h.body])
        else:
            statements.append(node)
    return statements


def _defined_names(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    return [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]


def origin(module_name: str, name: str) -> tuple[str, str] | None:
    """Where demijohn defines what ``module_name`` calls ``name``: ``(module, attribute)``,
    following imports inside demijohn; ``None`` for a module object."""
    binding = _bindings(module_name).get(name)
    if binding is None:
        raise LookupError(f"{module_name}.{name} is not bound where a stub can find it")
    if binding.is_module:
        return None
    if binding.source is None or binding.attribute is None:
        return module_name, name
    if binding.source == "demijohn" or binding.source.startswith("demijohn."):
        return origin(binding.source, binding.attribute)
    return binding.source, binding.attribute


def _visible_names(spec: AliasSpec) -> dict[str, tuple[str, str]]:
    """Each name the alias module shows from its targets, mapped to its origin; the first
    target that has a name wins, as it does at run time.

    What demijohn defines is there, but for private names other than
    :data:`PRIVATE_NAMES`. A name from another library is there only where the target
    re-exports it (``import x as x`` or ``__all__``): a type checker refuses the others when
    they are imported from the target itself, and so from a stub.
    """
    names: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    for target in spec.targets:
        module = importlib.import_module(target)
        exported = set(getattr(module, "__all__", ()))
        bindings = _bindings(target)
        for name, value in vars(module).items():
            if name in seen or (name.startswith("_") and name not in PRIVATE_NAMES):
                continue
            seen.add(name)
            if isinstance(value, types.ModuleType) or name == "annotations":
                continue
            found = origin(target, name)
            if found is None:
                continue
            own = found[0] == "demijohn" or found[0].startswith("demijohn.")
            if own or bindings[name].explicit or name in exported:
                names[name] = found
    return names


def _from_imports(names: dict[str, tuple[str, str]]) -> list[str]:
    """``from source import (attribute as name, ...)`` for each source module."""
    by_source: dict[str, list[str]] = {}
    for name, (source, attribute) in names.items():
        by_source.setdefault(source, []).append(f"    {attribute} as {name},\n")
    return [
        f"from {source} import (\n{''.join(sorted(by_source[source]))})"
        for source in sorted(by_source)
    ]


def _extra_names(spec: AliasSpec) -> dict[str, str]:
    """The names the layer adds under another framework's names, each mapped to the dotted
    path of what it is. A stub spells them ``Flask = demijohn.app.Demijohn``: an import under
    another name would not be exported, and such an assignment is (a class becomes an alias,
    which works as a type)."""
    extra: dict[str, str] = {}
    for name, reference in spec.names.items():
        module, _, attribute = reference.partition(":")
        own = module == "demijohn" or module.startswith("demijohn.")
        source, attribute = (origin(module, attribute) if own else None) or (module, attribute)
        extra[name] = f"{source}.{attribute}"
    return extra


def render(flask_name: str) -> str:
    """The stub of one ``flask`` module."""
    spec = flask_compat.ALIASES[flask_name]
    extra = _extra_names(spec)
    visible = {n: o for n, o in _visible_names(spec).items() if n not in extra}
    children = sorted(
        child.rpartition(".")[2]
        for child in flask_compat.MODULE_NAMES
        if child.rpartition(".")[0] == flask_name
    )
    blocks = [
        [f"import {module}" for module in sorted({e.rpartition(".")[0] for e in extra.values()})],
        [f"from {flask_name} import {child} as {child}" for child in children],
        _from_imports(visible),
        [f"{name}: {COMPUTED_TYPES[name]}" for name in sorted(spec.computed)],
        [f"{name} = {target}" for name, target in sorted(extra.items())],
    ]
    body = "\n\n".join("\n".join(block) for block in blocks if block)
    return HEADER.format(name=flask_name) + ("\n" + body + "\n" if body else "")


def stub_path(flask_name: str) -> Path:
    parts = flask_name.split(".")[1:]
    if flask_compat.ALIASES[flask_name].package:
        return STUBS.joinpath(*parts, "__init__.pyi")
    return STUBS.joinpath(*parts[:-1], f"{parts[-1]}.pyi")


def expected() -> dict[Path, str]:
    """Every stub file and its text."""
    return {stub_path(name): render(name) for name in flask_compat.MODULE_NAMES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a stub is out of date")
    options = parser.parse_args(argv)
    wanted = expected()
    present = set(STUBS.rglob("*.pyi")) if STUBS.is_dir() else set()
    stale = sorted(p for p in wanted if not p.is_file() or p.read_text("utf-8") != wanted[p])
    extra = sorted(present - set(wanted))
    if options.check:
        for path in [*stale, *extra]:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        if stale or extra:
            print("Run `python compat/flask_stubs.py` and commit the stubs.", file=sys.stderr)
            return 1
        return 0
    for path in extra:
        path.unlink()
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
