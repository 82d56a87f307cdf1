"""What the report says about the machine and the code a run measured."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from .tools import tool_version
from .venvs import REPOSITORY


def cpu_model() -> str:
    """The CPU's model name from ``/proc/cpuinfo``, or the platform's processor name."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or "unknown"


def memory_gib() -> float | None:
    meminfo = Path("/proc/meminfo")
    if not meminfo.is_file():
        return None
    for line in meminfo.read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return None


def revision() -> str:
    """The measured commit of demijohn, ``-dirty`` when the work tree had changes."""
    completed = subprocess.run(
        ["git", "describe", "--always", "--dirty", "--abbrev=12"],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        check=False,
    )
    return completed.stdout.strip() or "unknown"


def describe(tools: list[str]) -> dict[str, str]:
    """The machine, interpreter, tools and revision of this run."""
    memory = memory_gib()
    description = {
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{memory:.0f} GiB" if memory else "unknown",
        "system": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "python_build": " ".join(platform.python_build()),
        "executable": _relative_to_repository(sys.executable),
        "revision": revision(),
    }
    for tool in tools:
        description[tool] = tool_version(tool)
    return description


def _relative_to_repository(path: str) -> str:
    """``path`` relative to the repository when it lies inside it, so that the recorded
    figures say nothing about the machine they were measured on."""
    try:
        return str(Path(path).absolute().relative_to(REPOSITORY.absolute()))
    except ValueError:
        return Path(path).name
