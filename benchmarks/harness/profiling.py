"""The "profile of what is left": demijohn's ``hello`` under :mod:`cProfile`, reduced to the
functions that cost the most per request, inclusive and exclusive.

cProfile adds its own cost to every call, so its microseconds are larger than the timed ones;
the shares of the request are what to read.
"""

from __future__ import annotations

import pstats
import re
import tempfile
import typing as t
from dataclasses import dataclass
from pathlib import Path

from .measure import run_driver

# Frames of the harness, the profiler and the harness's event loop, left out of the tables.
_HARNESS = (
    "benchmarks/harness/",
    "cProfile",
    "{method 'disable' of '_lsprof",
    "asyncio/base_events.py",
    "asyncio/events.py",
    "<method 'run' of '_contextvars.Context' objects>",
)


@dataclass(frozen=True)
class ProfileRow:
    """One function's cost per request."""

    function: str
    calls: float
    inclusive_us: float
    exclusive_us: float
    share: float


def short_name(filename: str, line: int, name: str) -> str:
    """``package/module.py:line name`` for a profiled function; built-ins as cProfile names
    them."""
    if filename == "~":
        return name
    for marker in ("/site-packages/", "/src/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    else:
        filename = re.sub(r"^.*/lib/python3\.\d+/", "", filename)
    return f"{filename}:{line} {name}"


def _total_seconds(stats: dict[t.Any, t.Any]) -> float:
    """The inclusive time of the driver's request loop: the whole of the profiled requests."""
    for (filename, _, name), (_, _, _, cumulative, _) in stats.items():
        if filename.endswith("driver.py") and name in ("run", "_arun"):
            return float(cumulative)
    raise ValueError("The profile has no request loop of the driver in it.")


def raw_stats(path: Path) -> dict[t.Any, t.Any]:
    """The table of a statistics file: ``(file, line, name)`` to ``(primitive calls, calls,
    own time, inclusive time, callers)``."""
    stats: dict[t.Any, t.Any] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]  # the documented table, missing from typeshed
    return stats


def read_rows(path: Path, requests: int) -> list[ProfileRow]:
    """Every function of the profile at ``path``, per request, most inclusive cost first."""
    stats = raw_stats(path)
    total = _total_seconds(stats)
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.items():
        label = short_name(filename, line, name)
        if any(marker in filename or marker in label for marker in _HARNESS):
            continue
        rows.append(
            ProfileRow(
                function=label,
                calls=calls / requests,
                inclusive_us=cumulative / requests * 1e6,
                exclusive_us=own / requests * 1e6,
                share=cumulative / total,
            )
        )
    rows.sort(key=lambda row: row.inclusive_us, reverse=True)
    return rows


def _kept(rows: list[ProfileRow]) -> list[ProfileRow]:
    """The rows worth keeping: the 60 largest inclusive costs and the 20 largest own costs."""
    by_own = sorted(rows, key=lambda row: row.exclusive_us, reverse=True)[:20]
    kept = rows[:60]
    return kept + [row for row in by_own if row not in kept]


def profile(python: Path, target: str, case: str, requests: int) -> dict[str, t.Any]:
    """Profile ``requests`` requests of ``case`` on ``target``; return the rows and the
    profiled time per request."""
    with tempfile.TemporaryDirectory(prefix="profile-") as directory:
        output = Path(directory) / "stats.pstats"
        arguments = ["profile", target, case, "--requests", str(requests), "--output", str(output)]
        run_driver(python, arguments)
        rows = read_rows(output, requests)
        total_us = _total_seconds(raw_stats(output)) / requests * 1e6
    return {
        "target": target,
        "case": case,
        "requests": requests,
        "total_us": total_us,
        "rows": [row.__dict__ for row in _kept(rows)],
    }
