"""Throughput across workers, from ``make scale-bench`` (``tests/scale/bench.py``): requests per
second through nginx to one application host with one gunicorn worker and with two, demijohn
against Flask on the same cases, on the set-up of the whole-system test.

The figures go to ``benchmarks/scale_results.json``; :mod:`benchmarks.harness.document` renders
them as a section of ``docs/benchmarks.md``.

Standard library only, as the rest of the harness.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from .report import TIMES

RESULTS = Path(__file__).resolve().parents[1] / "scale_results.json"


def section(results: dict[str, t.Any]) -> str:
    """The Markdown section of ``results``."""
    lines = [
        "## Throughput across workers (`make scale-bench`)",
        "",
        (
            "Requests per second through nginx, in a network namespace of its own, to one"
            " application host running gunicorn's sync workers, one and then two, with"
            " PostgreSQL and Redis on a third namespace; wrk makes the load from nginx's"
            f" namespace (`-t2 -c{results['connections']}`, {results['seconds']} s after"
            f" {results['warm_up']} s of warm-up). Measured on {results['date']} on"
            f" {results['cores']} cores, which every process of the set-up shares: wrk, nginx,"
            " the workers and the data services. A second worker can add a core's work only"
            " where one is idle, so on this machine the gain shows where a request waits"
            " (for Redis) more than it computes. The load average was"
            f" {results['load_before']:.1f} before the run and {results['load_after']:.1f}"
            " after; above the core count the figures would be noise."
        ),
        "",
        "| case | framework | 1 worker (req/s) | 2 workers (req/s) | 2 ÷ 1 |",
        "|---|---|--:|--:|--:|",
    ]
    for row in results["rows"]:
        one, two = row["one"], row["two"]
        ratio = f"{two / one:.2f}{TIMES}"
        lines.append(f"| {row['case']} | {row['framework']} | {one:,.0f} | {two:,.0f} | {ratio} |")
    return "\n".join([*lines, ""])


def load() -> dict[str, t.Any] | None:
    """The recorded results, if any."""
    if not RESULTS.exists():
        return None
    return t.cast(dict[str, t.Any], json.loads(RESULTS.read_text()))
