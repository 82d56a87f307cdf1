"""``demijohn check`` and the start-up check on a big application: the ``big_app`` of
:mod:`benchmarks.harness.bigapp` written as a large demijohn application is, with one URL module
(:class:`demijohn.urls.URLs`) that includes each of its 50 blueprints by import string, and each
blueprint naming its 20 views by import string.

Measured, each in a fresh interpreter:

- ``demijohn check``: the whole command, from process start to exit (it imports every blueprint
  and view, and reads the views' modules), and the checks alone (``app.run_checks()``);
- start-up to the first response (``GET /bp00/items0/7``) with ``CHECK_ON_START`` off, which
  imports one blueprint and one view module, and on, which runs every check first;
- for reference, in the same run: the ``demijohn-lazy`` and ``flask`` start-ups of ``big_app``
  (Flask when its benchmark environment exists).

The figures go to ``benchmarks/check_results.json``; :mod:`benchmarks.harness.document` renders
them as a section of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import typing as t
from pathlib import Path

from . import bigapp, report

PACKAGE = "bigapp_included"
RESULTS = Path(__file__).resolve().parents[1] / "check_results.json"
#: The environment variable the generated factory reads ``CHECK_ON_START`` from.
SWITCH = "BIGAPP_CHECK_ON_START"


def _blueprint_module(name: str) -> str:
    lines = [
        f'"""The blueprint {name}: its rules, each view named by import string."""',
        "",
        "from demijohn import Blueprint",
        "",
        f'bp = Blueprint("{name}", __name__)',
    ]
    for index in range(bigapp.ROUTES_PER_BLUEPRINT):
        rule, _ = bigapp._route(index)
        view = f"{PACKAGE}.views.{name}:view_{index}"
        lines.append(f'bp.add_url_rule("{rule}", view_func="{view}")')
    return "\n".join(lines) + "\n"


def _urls_module(names: list[str]) -> str:
    lines = [
        '"""Every URL of the application: each blueprint included by import string."""',
        "",
        "from demijohn.urls import URLs",
        "",
        f'urls = URLs("{PACKAGE}")',
    ]
    for name in names:
        lines.append(f'urls.include(".blueprints.{name}:bp", url_prefix="/{name}", name="{name}")')
    return "\n".join(lines) + "\n"


def _init_module() -> str:
    return "\n".join(
        [
            '"""A generated application: its URL module includes every blueprint lazily."""',
            "",
            "import os",
            "",
            "from demijohn import Demijohn",
            "",
            "from .urls import urls",
            "",
            "",
            "def create_app():",
            "    app = Demijohn(__name__)",
            f'    app.config["CHECK_ON_START"] = os.environ.get("{SWITCH}") == "1"',
            "    urls.init_app(app)",
            "    return app",
            "",
        ]
    )


def generate_sources(blueprints: int = bigapp.BLUEPRINTS) -> dict[str, str]:
    """The source files of the application, by path relative to the directory that will hold
    its package."""
    names = [f"bp{i:02d}" for i in range(blueprints)]
    sources = {
        f"{PACKAGE}/__init__.py": _init_module(),
        f"{PACKAGE}/urls.py": _urls_module(names),
        f"{PACKAGE}/views/__init__.py": "",
        f"{PACKAGE}/blueprints/__init__.py": "",
    }
    for name in names:
        sources[f"{PACKAGE}/views/{name}.py"] = bigapp._views_module("demijohn", name, True)
        sources[f"{PACKAGE}/blueprints/{name}.py"] = _blueprint_module(name)
    return sources


#: Run in the measured interpreter: build the app, time run_checks(), print the figures.
_CHECKS_ONLY = """
import json, sys, time
from {package} import create_app
app = create_app()
started = time.perf_counter()
problems = app.run_checks()
elapsed = time.perf_counter() - started
print(json.dumps({{"milliseconds": elapsed * 1000, "problems": len(problems),
                   "rules": sum(1 for _ in app.url_map.iter_rules())}}))
"""


def _environ(root: Path, check_on_start: bool = False) -> dict[str, str]:
    # Bytecode is written and reused, as in a deployment (see bigapp.start_once).
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environ["PYTHONPATH"] = os.pathsep.join([str(root), environ.get("PYTHONPATH", "")])
    environ[SWITCH] = "1" if check_on_start else "0"
    return environ


def run_command(python: Path, root: Path) -> dict[str, t.Any]:
    """``demijohn --app PACKAGE check`` once: its wall time and what it printed."""
    started = time.perf_counter()
    completed = subprocess.run(
        [str(python), "-m", "demijohn", "--app", PACKAGE, "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env=_environ(root),
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"demijohn check failed: {completed.stdout}{completed.stderr}")
    return {"milliseconds": elapsed * 1000, "output": completed.stdout.strip()}


def run_checks_only(python: Path, root: Path) -> dict[str, t.Any]:
    """``app.run_checks()`` alone, timed inside a fresh interpreter."""
    completed = subprocess.run(
        [str(python), "-c", _CHECKS_ONLY.format(package=PACKAGE)],
        capture_output=True,
        text=True,
        check=True,
        env=_environ(root),
    )
    return t.cast(dict[str, t.Any], json.loads(completed.stdout))


def start_once(python: Path, root: Path, check_on_start: bool) -> dict[str, t.Any]:
    """Start the application in a fresh interpreter and answer its first request."""
    probe = Path(__file__).with_name("startup_probe.py")
    started = time.monotonic_ns()
    completed = subprocess.run(
        [str(python), str(probe), str(root), PACKAGE, bigapp.FIRST_PATH, str(started)],
        capture_output=True,
        text=True,
        check=False,
        env=_environ(root, check_on_start),
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the application failed to start: {completed.stderr[-2000:]}")
    result: dict[str, t.Any] = json.loads(completed.stdout)
    if result["status"] != 200:
        raise RuntimeError(f"{bigapp.FIRST_PATH} answered {result['status']}.")
    return result


def _median(runs: list[dict[str, t.Any]], key: str = "milliseconds") -> dict[str, t.Any]:
    values = [run[key] for run in runs]
    return {"milliseconds": statistics.median(values), "runs_ms": [round(v, 1) for v in values]}


def measure(
    python: Path, root: Path, repeats: int, flask_python: Path | None = None
) -> dict[str, t.Any]:
    """Generate the application under ``root``, run everything once to write bytecode, then
    ``repeats`` interleaved rounds; the median of each figure."""
    bigapp.write_sources(root, generate_sources())
    references = [v for v in bigapp.VARIANTS if v.name == "demijohn-lazy"]
    if flask_python is not None:
        references += [v for v in bigapp.VARIANTS if v.name == "flask"]
    pythons = {"project": python, "flask": flask_python or python}
    for variant in references:
        bigapp.write_sources(root, bigapp.generate_sources(variant))
    first = run_command(python, root)
    runs: dict[str, list[dict[str, t.Any]]] = {
        name: [] for name in ("command", "checks", "start_off", "start_on")
    }
    runs.update({variant.name: [] for variant in references})

    def one_round() -> None:
        runs["command"].append(run_command(python, root))
        runs["checks"].append(run_checks_only(python, root))
        runs["start_off"].append(start_once(python, root, check_on_start=False))
        runs["start_on"].append(start_once(python, root, check_on_start=True))
        for variant in references:
            runs[variant.name].append(
                bigapp.start_once(pythons[variant.environment], root, variant)
            )

    one_round()  # bytecode written, caches warm
    for name in runs:
        runs[name].clear()
    for repeat in range(repeats):
        print(f"round {repeat + 1} of {repeats}", file=sys.stderr, flush=True)
        one_round()
    checks = runs["checks"][0]
    return {
        "blueprints": bigapp.BLUEPRINTS,
        "routes": bigapp.BLUEPRINTS * bigapp.ROUTES_PER_BLUEPRINT,
        "rules_checked": checks["rules"],
        "problems": checks["problems"],
        "output": first["output"],
        "repeats": repeats,
        "figures": {name: _median(results) for name, results in runs.items()},
        "python": sys.version.split()[0],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def section(results: dict[str, t.Any]) -> str:
    """The Markdown section of ``results``."""
    figures = results["figures"]
    rows = [
        ("`demijohn check`, the whole command", "command"),
        ("`app.run_checks()` alone", "checks"),
        ("start-up to the first response, `CHECK_ON_START` off", "start_off"),
        ("start-up to the first response, `CHECK_ON_START` on", "start_on"),
        ("`big_app` demijohn-lazy start-up (views by import string, no includes)", "demijohn-lazy"),
        ("`big_app` Flask start-up (every view imported)", "flask"),
    ]
    lines = [
        "## `demijohn check` on a big application",
        "",
        (
            f"The `big_app` application with its {results['routes']:,} routes in"
            f" {results['blueprints']} blueprints, each blueprint included by import string from"
            " one URL module (`benchmarks/harness/bigchecks.py` generates it; run"
            " `.venv/bin/python benchmarks/check_big_app.py --flask`). The command registers"
            " every blueprint, imports every view and reads their modules, and answers"
            f" `{results['output']}` (the count includes one stand-in rule per blueprint and"
            f" protocol). Median of {results['repeats']} fresh interpreters each, measured on"
            f" {results['date']} with Python {results['python']} by a run of its own (the"
            " figures above are the full run's), the reference rows in the same rounds. With"
            " the start-up check on, the first response waits for what the command does"
            " after its own start: every blueprint registered, every view imported."
        ),
        "",
        "| what | ms | ÷ Flask start-up | runs (ms) |",
        "|---|--:|--:|---|",
    ]
    flask: float | None = figures.get("flask", {}).get("milliseconds")
    for label, key in rows:
        cell = figures.get(key)
        if cell is None:
            continue
        runs = ", ".join(f"{run:.0f}" for run in cell["runs_ms"])
        ratio = report.format_ratio(cell["milliseconds"], flask)
        lines.append(f"| {label} | {cell['milliseconds']:.0f} | {ratio} | {runs} |")
    return "\n".join([*lines, ""])


def load() -> dict[str, t.Any] | None:
    """The recorded results, if any."""
    if not RESULTS.exists():
        return None
    return t.cast(dict[str, t.Any], json.loads(RESULTS.read_text()))
