"""The versions a generated project pins: those demijohn itself is tested with.

``constraints.txt``, beside this module, lists ``name==version`` for every package of
demijohn's development environment. The lock refresh writes it from that environment's lock
(``python -m pins.refresh``), so a project made by a demijohn release gets the versions that
release was tested with: its ``pyproject.toml`` pins its development tools to them and its
Makefile installs everything else with the file as pip constraints.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["CONSTRAINTS", "DEV_TOOLS", "dev_requirements", "read_constraints"]

#: The constraints file shipped in the package.
CONSTRAINTS = Path(__file__).parent / "constraints.txt"

#: The development tools a project's ``dev`` extra names.
DEV_TOOLS = ("mypy", "pytest", "ruff")

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def read_constraints(path: Path = CONSTRAINTS) -> list[str]:
    """The ``name==version`` lines of the constraints file (comments left out)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if _PIN.match(line)]


def versions(path: Path = CONSTRAINTS) -> dict[str, str]:
    """The pinned version of each package, by its name in lower case."""
    found = {}
    for line in read_constraints(path):
        match = _PIN.match(line)
        if match:
            found[match[1].lower()] = match[2]
    return found


def dev_requirements(path: Path = CONSTRAINTS) -> list[str]:
    """The project's ``dev`` extra: :data:`DEV_TOOLS` at their pinned versions (a tool the
    file does not pin is left unpinned, which the generator's tests refuse)."""
    pinned = versions(path)
    return [f"{tool}=={pinned[tool]}" if tool in pinned else tool for tool in DEV_TOOLS]


def constraints_text(pins: dict[str, str]) -> str:
    """The text of the constraints file for ``pins`` (name to version)."""
    header = (
        "# The versions demijohn is tested with, one 'name==version' a line: what projects made\n"
        "# by 'demijohn new' pin. Written from pins/dev.txt by 'python -m pins.refresh'.\n"
    )
    return header + "".join(f"{name}=={pins[name]}\n" for name in sorted(pins))
