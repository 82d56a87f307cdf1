"""The package's modules depend on each other in one direction only: no import cycles.

Every import that can run counts, at module level and inside functions alike; only imports
under ``if TYPE_CHECKING:`` do not, since they never run. A cycle means two modules that cannot
be read, tested or replaced apart, and usually a function-local import that hides it; the
failure names the modules and the lines that tie them.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).parents[1] / "src" / "demijohn"


def module_names(package: pathlib.Path) -> dict[str, pathlib.Path]:
    """Every module of ``package`` by its dotted name (a package by its own name)."""
    modules = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def running_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of ``tree`` that can run: all but those under TYPE_CHECKING."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def imported_modules(
    name: str, path: pathlib.Path, modules: dict[str, pathlib.Path]
) -> dict[str, int]:
    """The package's modules that ``name`` imports, each with the first line doing so.

    ``from .x import y`` counts as importing ``.x.y`` when that is a module, else ``.x``.
    Importing a submodule also runs its parent packages, which count too, except the
    packages ``name`` itself is in: they are already being imported when it runs.
    """
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    own_packages = {".".join(name.split(".")[:end]) for end in range(1, name.count(".") + 2)}
    targets: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        parts = target.split(".")
        for end in range(1, len(parts) + 1):
            candidate = ".".join(parts[:end])
            if candidate in modules and candidate not in own_packages:
                targets.setdefault(candidate, line)

    for node in running_imports(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
            continue
        if node.level:
            anchor = base[: len(base) - node.level + 1]
            source = ".".join([*anchor, *([node.module] if node.module else [])])
        else:
            source = node.module or ""
        add(source, node.lineno)
        for alias in node.names:
            if f"{source}.{alias.name}" in modules:
                add(f"{source}.{alias.name}", node.lineno)
    return targets


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def import_graph(package: pathlib.Path) -> dict[str, dict[str, int]]:
    modules = module_names(package)
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def describe(group: list[str], graph: dict[str, dict[str, int]]) -> str:
    members = set(group)
    lines = [f"{len(group)} modules import each other: {', '.join(group)}"]
    for name in group:
        for target, line in sorted(graph[name].items()):
            if target in members:
                lines.append(f"    {name} -> {target} (line {line})")
    return "\n".join(lines)


def test_the_package_has_no_import_cycles() -> None:
    graph = import_graph(PACKAGE)
    found = cycles(graph)
    assert not found, "\n".join(describe(group, graph) for group in found)


#: The batteries: subpackages built on demijohn's public API only, as extensions are.
BATTERIES = (
    "demijohn.celery",
    "demijohn.db",
    "demijohn.i18n",
    "demijohn.production",
    "demijohn.providers",
    "demijohn.server_sessions",
    "demijohn.scaffolding",
    "demijohn.settings",
    "demijohn.validation",
)


def _in_battery(name: str) -> bool:
    return any(name == battery or name.startswith(f"{battery}.") for battery in BATTERIES)


def test_the_core_imports_no_battery() -> None:
    graph = import_graph(PACKAGE)
    wrong = [
        f"{name} -> {target} (line {line})"
        for name, targets in graph.items()
        if not _in_battery(name)
        for target, line in targets.items()
        if _in_battery(target)
    ]
    assert not wrong, "the core must not import a battery:\n" + "\n".join(wrong)


def test_batteries_use_only_public_names() -> None:
    modules = module_names(PACKAGE)
    wrong = []
    for name, path in modules.items():
        if not _in_battery(name):
            continue
        for node in running_imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.level:
                continue  # within the battery
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [alias.name for alias in node.names]
            targets = [module] if module else names
            for target in targets:
                if not (target == "demijohn" or target.startswith("demijohn.")):
                    continue
                private = [part for part in target.split(".") if part.startswith("_")]
                if isinstance(node, ast.ImportFrom):
                    private += [each for each in names if each.startswith("_")]
                if private:
                    wrong.append(f"{name}: line {node.lineno} imports {', '.join(private)}")
    assert not wrong, "batteries use demijohn's public API only:\n" + "\n".join(wrong)


#: A module longer than this holds more than one concern: split it.
MAX_MODULE_LINES = 800


def test_no_module_is_over_the_length_limit() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"split these modules, each over {MAX_MODULE_LINES} lines"


# -- the checker itself --------------------------------------------------------------------


def write_package(root: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    package = root / "pkg"
    for relative, text in files.items():
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return package


@pytest.mark.parametrize(
    "b_source",
    [
        "from . import a\n",
        "from .a import thing\n",
        "def f():\n    from .a import thing\n",
        "import pkg.a\n",
        "from .sub import c\n",
    ],
    ids=["module", "name", "function-local", "absolute", "through-a-third"],
)
def test_the_checker_finds_a_cycle(tmp_path: pathlib.Path, b_source: str) -> None:
    package = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from .b import thing\n",
            "b.py": b_source,
            "sub/__init__.py": "",
            "sub/c.py": "from ..a import thing\n",
        },
    )
    found = cycles(import_graph(package))
    assert len(found) == 1
    assert {"pkg.a", "pkg.b"} <= set(found[0])


def test_the_checker_ignores_type_checking_imports(tmp_path: pathlib.Path) -> None:
    package = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from .b import thing\n",
            "b.py": (
                "import typing as t\nif t.TYPE_CHECKING:\n    from .a import x\nelse:\n    pass\n"
            ),
        },
    )
    assert cycles(import_graph(package)) == []


def floors(graph: dict[str, dict[str, int]]) -> dict[int, list[str]]:
    """The modules by floor: a module's floor is one above the highest it imports (0 for one
    that imports none of the package's), so every import points down."""
    found: dict[str, int] = {}

    def floor(name: str) -> int:
        if name not in found:
            found[name] = 1 + max((floor(target) for target in graph[name]), default=-1)
        return found[name]

    by_floor: dict[int, list[str]] = {}
    for name in sorted(graph):
        by_floor.setdefault(floor(name), []).append(name)
    return by_floor


if __name__ == "__main__":
    # python tests/test_layering.py: the package floor by floor, top first.
    by_floor = floors(import_graph(PACKAGE))
    for number in sorted(by_floor, reverse=True):
        print(f"{number:3}  {'  '.join(by_floor[number])}")
