"""The ``big_app`` start-up case: generate an application of 1,000 routes in 50 blueprints, start
it in a fresh process, and measure the time to its first response and its peak memory.

Three variants of the same application:

- ``flask``: Flask, each blueprint a module of decorated views, all imported by the factory;
- ``demijohn-eager``: the same sources for demijohn;
- ``demijohn-lazy``: demijohn with one URL module that names every view by import string, so
  only the module of the view the first request reaches is imported.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

BLUEPRINTS = 50
ROUTES_PER_BLUEPRINT = 20
FIRST_PATH = "/bp00/items0/7"


@dataclass(frozen=True)
class Variant:
    """One way to build the big application.

    :param name: the key in results.
    :param label: the row heading in the report.
    :param framework: ``"flask"`` or ``"demijohn"``.
    :param lazy: views named by import string.
    :param environment: the environment it runs in (see :mod:`benchmarks.harness.targets`).
    """

    name: str
    label: str
    framework: str
    lazy: bool
    environment: str


VARIANTS = (
    Variant("flask", "Flask, views imported eagerly", "flask", False, "flask"),
    Variant("demijohn-eager", "demijohn, views imported eagerly", "demijohn", False, "project"),
    Variant("demijohn-lazy", "demijohn, views named by import string", "demijohn", True, "project"),
)

_APP_CLASS = {"flask": "Flask", "demijohn": "Demijohn"}


def package_name(variant: Variant) -> str:
    return "bigapp_" + variant.name.replace("-", "_")


def _route(index: int) -> tuple[str, str]:
    """The rule of a blueprint's route ``index`` and its view's parameters: items with an
    integer id and plain pages alternate."""
    if index % 2 == 0:
        return f"/items{index}/<int:item_id>", "item_id"
    return f"/pages{index}", ""


def _view_source(blueprint: str, index: int, decorator: str | None) -> str:
    rule, parameters = _route(index)
    value = "item_id" if parameters else "None"
    lines = [f'@bp.get("{rule}")'] if decorator else []
    lines += [
        f"def view_{index}({parameters}):",
        f'    """Show entry {index} of {blueprint}."""',
        f'    entry = {{"blueprint": "{blueprint}", "view": {index}, "item": {value}}}',
        f"    if {index} % 3 == 0:",
        '        entry["featured"] = True',
        "    return entry",
    ]
    return "\n".join(lines)


def _views_module(framework: str, blueprint: str, lazy: bool) -> str:
    header = [f'"""The views of {blueprint}."""', ""]
    if not lazy:
        header += [
            f"from {framework} import Blueprint",
            "",
            f'bp = Blueprint("{blueprint}", __name__, url_prefix="/{blueprint}")',
        ]
    views = [
        _view_source(blueprint, i, None if lazy else "bp") for i in range(ROUTES_PER_BLUEPRINT)
    ]
    return "\n".join(header) + "\n\n\n" + "\n\n\n".join(views) + "\n"


def _eager_init(framework: str, names: list[str]) -> str:
    app_class = _APP_CLASS[framework]
    return "\n".join(
        [
            '"""A generated application: every blueprint module imported at start-up."""',
            "",
            f"from {framework} import {app_class}",
            "",
            f"from .views import {', '.join(names)}",
            "",
            "",
            "def create_app():",
            f"    app = {app_class}(__name__)",
            f"    for module in ({', '.join(names)},):",
            "        app.register_blueprint(module.bp)",
            "    return app",
            "",
        ]
    )


def _lazy_init() -> str:
    return "\n".join(
        [
            '"""A generated application: one URL module names every view by import string."""',
            "",
            "from demijohn import Demijohn",
            "",
            "from .urls import register_urls",
            "",
            "",
            "def create_app():",
            "    app = Demijohn(__name__)",
            "    register_urls(app)",
            "    return app",
            "",
        ]
    )


def _lazy_urls(package: str, names: list[str]) -> str:
    lines = [
        '"""Every URL of the application, each view named by import string."""',
        "",
        "from demijohn import Blueprint",
        "",
        "",
        "def register_urls(app):",
    ]
    for name in names:
        lines.append(f'    bp = Blueprint("{name}", __name__, url_prefix="/{name}")')
        for index in range(ROUTES_PER_BLUEPRINT):
            rule, _ = _route(index)
            view = f"{package}.views.{name}:view_{index}"
            lines.append(f'    bp.add_url_rule("{rule}", view_func="{view}")')
        lines.append("    app.register_blueprint(bp)")
    return "\n".join(lines) + "\n"


def generate_sources(variant: Variant, blueprints: int = BLUEPRINTS) -> dict[str, str]:
    """The source files of ``variant``'s application, by path relative to the directory that
    will hold its package."""
    package = package_name(variant)
    names = [f"bp{i:02d}" for i in range(blueprints)]
    sources = {f"{package}/views/__init__.py": ""}
    for name in names:
        sources[f"{package}/views/{name}.py"] = _views_module(variant.framework, name, variant.lazy)
    if variant.lazy:
        sources[f"{package}/__init__.py"] = _lazy_init()
        sources[f"{package}/urls.py"] = _lazy_urls(package, names)
    else:
        sources[f"{package}/__init__.py"] = _eager_init(variant.framework, names)
    return sources


def write_sources(root: Path, sources: dict[str, str]) -> None:
    """Write ``sources`` under ``root``."""
    for relative, text in sources.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def start_once(python: Path, root: Path, variant: Variant) -> dict[str, t.Any]:
    """Start ``variant``'s application in a fresh ``python`` and answer one request."""
    probe = Path(__file__).with_name("startup_probe.py")
    # Bytecode is written and reused, as in a deployment: an environment that forbids it
    # would time compiling every source module, which pip does once at install time for
    # installed packages but not for an editable install or the generated application.
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.monotonic_ns()
    completed = subprocess.run(
        [str(python), str(probe), str(root), package_name(variant), FIRST_PATH, str(started)],
        capture_output=True,
        text=True,
        check=False,
        env=environ,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{variant.name} failed to start: {completed.stderr[-2000:]}")
    import json

    result: dict[str, t.Any] = json.loads(completed.stdout)
    if result["status"] != 200:
        raise RuntimeError(f"{variant.name} answered {FIRST_PATH} with {result['status']}.")
    return result


def measure(
    pythons: dict[str, Path], root: Path, repeats: int, progress: t.Callable[[str], None]
) -> dict[str, dict[str, t.Any]]:
    """Generate every variant under ``root``, start each once to write its bytecode, then
    ``repeats`` interleaved times; return the median time, CPU time and peak memory of
    each."""
    for variant in VARIANTS:
        write_sources(root, generate_sources(variant))
        start_once(pythons[variant.environment], root, variant)
    runs: dict[str, list[dict[str, t.Any]]] = {variant.name: [] for variant in VARIANTS}
    for repeat in range(repeats):
        progress(f"big_app start-up, round {repeat + 1} of {repeats}")
        for variant in VARIANTS:
            runs[variant.name].append(start_once(pythons[variant.environment], root, variant))
    return {
        name: {
            "milliseconds": statistics.median(run["milliseconds"] for run in results),
            "cpu_milliseconds": statistics.median(run["cpu_milliseconds"] for run in results),
            "peak_mib": statistics.median(run["peak_kib"] for run in results) / 1024,
            "runs_ms": [round(run["milliseconds"], 1) for run in results],
        }
        for name, results in runs.items()
    }
