"""The virtual environments the targets run in: the project's own (the interpreter running the
harness, which has demijohn installed) and one per peer under ``benchmarks/.venvs/<peer>``,
created on demand with pinned requirements and re-created when the pins change."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from .targets import PEER_REQUIREMENTS, PROJECT, REPORTED_DISTRIBUTIONS

logger = logging.getLogger(__name__)

REPOSITORY = Path(__file__).resolve().parents[2]
VENV_ROOT = REPOSITORY / "benchmarks" / ".venvs"
_STAMP = "benchmark-requirements.txt"


def python_of(environment: str) -> Path:
    """The interpreter of ``environment``; not resolved, so that it runs inside the venv."""
    if environment == PROJECT:
        return Path(sys.executable)
    return VENV_ROOT / environment / "bin" / "python"


def _requirements_text(environment: str) -> str:
    return "\n".join(PEER_REQUIREMENTS[environment]) + "\n"


def is_current(environment: str) -> bool:
    """Whether ``environment`` exists with its current pins."""
    if environment == PROJECT:
        return True
    stamp = VENV_ROOT / environment / _STAMP
    return stamp.is_file() and stamp.read_text() == _requirements_text(environment)


def ensure(environment: str) -> Path:
    """Create or refresh ``environment`` if its pins changed; return its interpreter.

    :raises RuntimeError: pip failed; the message has pip's output.
    """
    if is_current(environment):
        return python_of(environment)
    path = VENV_ROOT / environment
    logger.warning("Creating the %s environment in %s", environment, path)
    if path.exists():
        shutil.rmtree(path)
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    command = [
        str(python_of(environment)),
        *("-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
        *PEER_REQUIREMENTS[environment],
    ]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(
            f"Installing {environment}'s benchmark requirements failed:\n{completed.stderr}"
        )
    (path / _STAMP).write_text(_requirements_text(environment))
    return python_of(environment)


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
