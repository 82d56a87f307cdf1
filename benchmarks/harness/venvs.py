"""The virtual environments the targets run in: the project's own (the interpreter running the
harness, which has demijohn installed) and one per peer under ``benchmarks/.venvs/<peer>``,
created on demand from its lock (``pins/benchmarks/<peer>.txt``, made by ``make lock`` from
:data:`~.targets.PEER_REQUIREMENTS`) and re-created when the lock changes."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from pins import Environment, install

from .targets import PEER_REQUIREMENTS, PROJECT, REPORTED_DISTRIBUTIONS

logger = logging.getLogger(__name__)

REPOSITORY = Path(__file__).resolve().parents[2]
VENV_ROOT = REPOSITORY / "benchmarks" / ".venvs"
_STAMP = "installed-lock.txt"


def environment(name: str) -> Environment:
    """What the peer environment ``name`` is made of."""
    return Environment(f"benchmarks/{name}", PEER_REQUIREMENTS[name])


def environments() -> list[Environment]:
    """Every peer's environment, for ``make lock``."""
    return [environment(name) for name in PEER_REQUIREMENTS]


def python_of(environment: str) -> Path:
    """The interpreter of ``environment``; not resolved, so that it runs inside the venv."""
    if environment == PROJECT:
        return Path(sys.executable)
    return VENV_ROOT / environment / "bin" / "python"


def _lock_text(name: str) -> str:
    lock = environment(name).lock
    return lock.read_text(encoding="utf-8") if lock.is_file() else ""


def is_current(name: str) -> bool:
    """Whether the environment ``name`` exists, installed from its current lock."""
    if name == PROJECT:
        return True
    stamp = VENV_ROOT / name / _STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == _lock_text(name)


def ensure(name: str) -> Path:
    """Create or refresh the environment ``name`` if its lock changed; return its interpreter.

    :raises RuntimeError: the lock is stale (the message says to run ``make lock``), or pip
        failed (its output went to stderr).
    """
    if is_current(name):
        return python_of(name)
    path = VENV_ROOT / name
    logger.warning("Creating the %s environment in %s", name, path)
    if path.exists():
        shutil.rmtree(path)
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    install(environment(name), python_of(name))
    (path / _STAMP).write_text(_lock_text(name), encoding="utf-8")
    return python_of(name)


_VERSIONS_SCRIPT = """
import importlib.metadata, json, sys
found = {}
for name in sys.argv[1:]:
    try:
        found[name] = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        pass
print(json.dumps(found))
"""


def versions(environment: str) -> dict[str, str]:
    """The installed versions of the distributions the report names for ``environment``."""
    command = [str(python_of(environment)), "-c", _VERSIONS_SCRIPT]
    command += REPORTED_DISTRIBUTIONS[environment]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    found: dict[str, str] = json.loads(completed.stdout)
    return found
