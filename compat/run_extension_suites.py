"""Run real Flask extensions' own test suites on demijohn, through the Flask compatibility layer.

For each extension: make a virtual environment under ``compat/.venvs/<name>/`` with demijohn
installed from this checkout, download the extension's source distribution (which carries its
tests) from PyPI, install the extension with ``--no-deps`` (so the real Flask is never
installed) plus its other dependencies, and run its tests with ``pytest --flask-compat``.

    python compat/run_extension_suites.py                 # every extension
    python compat/run_extension_suites.py flask-login     # some of them
    python compat/run_extension_suites.py --list

Each suite's outcome is compared with the failures documented in docs/compat.md (the
``known_failures`` below): the script exits non-zero when a suite has a failure that is not
known, cannot be set up, or when a known failure now passes (so the table gets updated).
A JSON summary is written to ``compat/.venvs/results.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "compat" / ".venvs"


@dataclasses.dataclass(frozen=True)
class Extension:
    """One extension and how to run its suite.

    :param requirement: the pinned release whose sdist is tested.
    :param deps: what its tests and code need besides Flask (installed with dependencies).
    :param no_deps: packages that depend on Flask (other extensions), installed without
        their dependencies; what else they need goes in ``deps``.
    :param tests: the test paths inside the unpacked sdist.
    :param pytest_args: extra pytest arguments.
    :param known_failures: test ids expected to fail, each with its reason (docs/compat.md).
    """

    requirement: str
    deps: tuple[str, ...] = ()
    no_deps: tuple[str, ...] = ()
    tests: tuple[str, ...] = ("tests",)
    pytest_args: tuple[str, ...] = ()
    known_failures: dict[str, str] = dataclasses.field(default_factory=dict)


EXTENSIONS: dict[str, Extension] = {
    "flask-login": Extension(
        "Flask-Login==0.6.3",
        deps=("pytest", "semantic-version", "asgiref"),
    ),
    "flask-cors": Extension("flask-cors==6.0.5", deps=("pytest",)),
    "flask-wtf": Extension(
        "Flask-WTF==1.3.0",
        deps=("pytest", "WTForms", "itsdangerous", "Babel", "pytz", "Jinja2"),
        no_deps=("Flask-Babel", "Flask-Reuploaded"),
    ),
    "flask-sqlalchemy": Extension(
        "Flask-SQLAlchemy==3.1.1",
        # 3.1.1 predates SQLAlchemy 2.1, whose dataclass checks its model base class fails.
        deps=("pytest", "SQLAlchemy>=2.0.16,<2.1", "blinker"),
        known_failures={
            f"tests.test_model_bind::test_explicit_table[{db}]": (
                "fails the same on Flask 3.1.3: recent SQLAlchemy 2.0 refuses a '__table__'"
                " on a dataclass model"
            )
            for db in ("db2", "db4")
        },
    ),
    "flask-jwt-extended": Extension(
        "Flask-JWT-Extended==4.7.4",
        deps=("pytest", "PyJWT>=2.11,<3", "cryptography", "python-dateutil"),
    ),
    "flask-caching": Extension(
        "Flask-Caching==2.5.1",
        deps=(
            *("pytest", "cachelib>=0.17", "asgiref", "pytest-asyncio", "pytest-xprocess"),
            *("redis", "python-memcached"),
        ),
        # Its configuration turns warnings into errors, and pytest-asyncio warns without this.
        pytest_args=("-o", "asyncio_default_fixture_loop_scope=function"),
    ),
}


@dataclasses.dataclass
class Outcome:
    name: str
    requirement: str
    passed: int = 0
    failed: list[str] = dataclasses.field(default_factory=list)
    skipped: int = 0
    error: str | None = None
    seconds: float = 0.0
    new_failures: list[str] = dataclasses.field(default_factory=list)
    fixed: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.new_failures and not self.fixed


def _run(args: list[str | Path], cwd: Path | None = None, timeout: float = 1800) -> str:
    rv = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    if rv.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{rv.stdout}\n{rv.stderr}")
    return rv.stdout


def _prepare(name: str, ext: Extension, log: list[str]) -> tuple[Path, Path]:
    """Make the venv, install demijohn and the extension; return (python, unpacked sdist)."""
    base = WORK / name
    venv = base / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        _run([sys.executable, "-m", "venv", venv])
    pip: list[str | Path] = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "install", "-e", ROOT, *ext.deps])
    if ext.no_deps:
        _run([*pip, "install", "--no-deps", *ext.no_deps])
    dist = base / "dist"
    if dist.exists():
        shutil.rmtree(dist)
    _run([*pip, "download", "--no-deps", "--no-binary", ":all:", "-d", dist, ext.requirement])
    (sdist,) = dist.iterdir()
    source = base / "src"
    if source.exists():
        shutil.rmtree(source)
    with tarfile.open(sdist) as archive:
        archive.extractall(source, filter="data")
    (unpacked,) = source.iterdir()
    _run([*pip, "install", "--no-deps", "--force-reinstall", sdist])
    # The layer shadows a real Flask, but a real one must not even be installed: a suite
    # that passes because of it would prove nothing.
    real = subprocess.run(
        [python, "-c", "import importlib.util as u; print(u.find_spec('flask'))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if real != "None":
        raise RuntimeError(f"a real Flask is installed in {venv} ({real}); remove it")
    log.append(f"{name}: testing {sdist.name} in {venv}")
    return python, unpacked


def _has_pytest_config(source: Path) -> bool:
    markers = {
        "pytest.ini": "",
        ".pytest.ini": "",
        "pyproject.toml": "[tool.pytest",
        "tox.ini": "[pytest]",
        "setup.cfg": "[tool:pytest]",
    }
    for filename, marker in markers.items():
        path = source / filename
        if path.is_file() and marker in path.read_text(encoding="utf-8", errors="replace"):
            return True
    return False


def _read_junit(path: Path, outcome: Outcome) -> None:
    for case in ET.parse(path).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            outcome.failed.append(test_id)
        elif case.find("skipped") is not None:
            outcome.skipped += 1
        else:
            outcome.passed += 1


def run_suite(name: str, ext: Extension, log: list[str]) -> Outcome:
    outcome = Outcome(name, ext.requirement)
    start = time.monotonic()
    try:
        python, source = _prepare(name, ext, log)
        junit = WORK / name / "junit.xml"
        junit.unlink(missing_ok=True)
        # The sdist is unpacked inside this repository: without a configuration of its own,
        # pytest would take demijohn's pyproject.toml as the suite's configuration.
        if not _has_pytest_config(source):
            (source / "pytest.ini").write_text("[pytest]\n")
        # The cache provider stays on: some suites' plugins (pytest-xprocess) need it.
        args = [python, "-m", "pytest", "--flask-compat", "-q"]
        args += [f"--rootdir={source}", "-rfE", f"--junitxml={junit}"]
        args += [*ext.pytest_args, *ext.tests]
        rv = subprocess.run(
            [str(a) for a in args], cwd=source, capture_output=True, text=True, timeout=1800
        )
        (WORK / name / "pytest.log").write_text(rv.stdout + rv.stderr)
        if not junit.exists():
            raise RuntimeError(f"pytest wrote no report:\n{rv.stdout[-3000:]}\n{rv.stderr}")
        _read_junit(junit, outcome)
    except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
        outcome.error = str(e)
    outcome.seconds = time.monotonic() - start
    outcome.new_failures = [f for f in outcome.failed if f not in ext.known_failures]
    if outcome.error is None:
        outcome.fixed = [f for f in ext.known_failures if f not in outcome.failed]
    return outcome


#: How many unexpected failures the summary names per extension.
_SHOWN = 10


def _report(outcomes: list[Outcome]) -> str:
    lines = ["| extension | passed | failed | skipped | status |", "|---|---|---|---|---|"]
    for o in outcomes:
        status = "ok" if o.ok else ("setup error" if o.error else "unexpected result")
        lines.append(f"| {o.requirement} | {o.passed} | {len(o.failed)} | {o.skipped} | {status} |")
    for o in outcomes:
        if o.error:
            lines.append(f"\n{o.name}: could not run: {o.error.strip()[-2000:]}")
        if o.new_failures:
            lines.append(f"\n{o.name}: {len(o.new_failures)} unexpected failure(s), the first:")
            lines.extend(f"  {test_id}" for test_id in o.new_failures[:_SHOWN])
            lines.append(f"  (all in results.json; output in compat/.venvs/{o.name}/pytest.log)")
        for test_id in o.fixed:
            lines.append(f"{o.name}: now passes, remove from known failures: {test_id}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="extensions to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the extensions and exit")
    options = parser.parse_args(argv)
    if options.list:
        for name, ext in EXTENSIONS.items():
            print(f"{name}: {ext.requirement}")
        return 0
    unknown = set(options.names) - set(EXTENSIONS)
    if unknown:
        parser.error(f"unknown extension(s) {sorted(unknown)}; known: {sorted(EXTENSIONS)}")
    WORK.mkdir(parents=True, exist_ok=True)
    log: list[str] = []
    outcomes = [run_suite(name, EXTENSIONS[name], log) for name in options.names or EXTENSIONS]
    print("\n".join(log))
    print(_report(outcomes))
    results = [dataclasses.asdict(o) | {"ok": o.ok} for o in outcomes]
    (WORK / "results.json").write_text(json.dumps(results, indent=2))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
