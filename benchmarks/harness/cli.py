"""``benchmarks/run.py``: run the benchmark suite and write ``docs/benchmarks.md``.

With no options it runs every case on every target in process and under callgrind, ``hello``
over HTTP when wrk is available, the ``big_app`` start-up and the profile, then writes the raw
figures to ``benchmarks/results.json`` and the page to ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import sys
import tempfile
import time
import typing as t
from pathlib import Path

from . import bigapp, document, httpload, machine, measure, profiling, tools, venvs
from .targets import CASES, PROJECT, TARGETS, Target, get_target

MODES = ("inprocess", "callgrind", "http", "big_app", "profile")
RESULTS = venvs.REPOSITORY / "benchmarks" / "results.json"
DOCUMENT = venvs.REPOSITORY / "docs" / "benchmarks.md"

logger = logging.getLogger("benchmarks")


def parse_arguments(argv: t.Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and requests")
    parser.add_argument("--http", action="store_true", help="HTTP mode for every case")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP mode")
    parser.add_argument("--only", nargs="+", choices=MODES, help="run only these modes")
    parser.add_argument("--targets", nargs="+", metavar="TARGET", help="only these targets")
    parser.add_argument("--cases", nargs="+", choices=CASES, help="only these cases")
    parser.add_argument("--rounds", type=int, help="in-process rounds (default 5, quick 3)")
    parser.add_argument("--seconds", type=float, help="in-process loop length (0.2, quick 0.1)")
    parser.add_argument("--counts", type=int, nargs=2, metavar=("N1", "N2"), help="callgrind")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="callgrind jobs")
    parser.add_argument("--write", action="store_true", help="write the page after a partial run")
    parser.add_argument("--report-only", action="store_true", help="render the page again")
    return parser.parse_args(argv)


def make_settings(arguments: argparse.Namespace, wrk: bool) -> dict[str, t.Any]:
    """The run's settings: the defaults, shrunk by ``--quick``, overridden by options."""
    quick = arguments.quick
    http_cases: list[str] = []
    if wrk and not arguments.no_http:
        http_cases = list(CASES) if arguments.http else ["hello"]
    return {
        "quick": quick,
        "rounds": arguments.rounds or (3 if quick else 5),
        "seconds": arguments.seconds or (0.1 if quick else 0.2),
        "counts": arguments.counts or ([20, 120] if quick else list(measure.DEFAULT_COUNTS)),
        "warmup": 100,
        "jobs": arguments.jobs,
        "http_cases": [case for case in http_cases if case in (arguments.cases or CASES)],
        "http_seconds": 2 if quick else 5,
        "bigapp_rounds": 3 if quick else 5,
    }


class Clock:
    """Progress on standard error, with the time since the run started."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def __call__(self, message: str) -> None:
        print(f"[{self.elapsed():5.0f} s] {message}", file=sys.stderr, flush=True)


def select_pairs(arguments: argparse.Namespace) -> list[tuple[Target, str]]:
    """Every (target, case) pair the options select, case by case."""
    chosen = [get_target(name) for name in arguments.targets] if arguments.targets else TARGETS
    return [(target, case) for case in arguments.cases or CASES for target in chosen]


def prepare_environments(pairs: list[tuple[Target, str]], modes: list[str]) -> dict[str, Path]:
    """Create the environments the run needs; return each one's interpreter."""
    needed = {target.environment for target, _ in pairs}
    if "big_app" in modes:
        needed |= {variant.environment for variant in bigapp.VARIANTS}
    ordered = [PROJECT, *sorted(needed - {PROJECT})]
    return {environment: venvs.ensure(environment) for environment in ordered}


def run_http(
    pairs: list[tuple[Target, str]],
    pythons: dict[str, Path],
    settings: dict[str, t.Any],
    progress: measure.Progress,
) -> dict[str, dict[str, t.Any]]:
    """Mode (c) for the settings' HTTP cases."""
    load = httpload.LoadSettings(seconds=settings["http_seconds"])
    results: dict[str, dict[str, t.Any]] = {}
    for target, case in pairs:
        if case not in settings["http_cases"]:
            continue
        cell: dict[str, t.Any]
        if not target.has(case):
            cell = {"na": target.not_applicable[case]}
        else:
            progress(f"HTTP {target.name} {case}")
            try:
                cell = httpload.measure(pythons[target.environment], target, case, load)
            except (RuntimeError, OSError) as e:
                cell = {"error": str(e)}
        results.setdefault(target.name, {})[case] = cell
    return results


def run_modes(
    modes: list[str],
    pairs: list[tuple[Target, str]],
    pythons: dict[str, Path],
    settings: dict[str, t.Any],
    clock: Clock,
) -> tuple[dict[str, t.Any], dict[str, float]]:
    """Run each selected mode; return the results and each mode's duration in seconds."""
    results: dict[str, t.Any] = {}
    durations: dict[str, float] = {}
    for mode in modes:
        started = clock.elapsed()
        if mode == "inprocess":
            rounds, seconds = settings["rounds"], settings["seconds"]
            results[mode] = measure.in_process(pairs, pythons, rounds, seconds, clock)
        elif mode == "callgrind":
            counts, warmup = tuple(settings["counts"]), settings["warmup"]
            results[mode] = measure.callgrind(
                pairs, pythons, counts, warmup, settings["jobs"], clock
            )
        elif mode == "http" and settings["http_cases"]:
            results[mode] = run_http(pairs, pythons, settings, clock)
        elif mode == "big_app":
            with tempfile.TemporaryDirectory(prefix="big_app-") as root:
                results[mode] = bigapp.measure(
                    pythons, Path(root), settings["bigapp_rounds"], clock
                )
        elif mode == "profile":
            clock("profiling demijohn hello")
            python = pythons[PROJECT]
            results[mode] = [
                profiling.profile(python, name, "hello", 3000)
                for name in ("demijohn-wsgi", "demijohn-asgi")
            ]
        durations[mode] = clock.elapsed() - started
    return results, durations


def count_errors(results: dict[str, t.Any]) -> int:
    """How many measured cells failed."""
    return sum(
        "error" in cell
        for mode in ("inprocess", "callgrind", "http")
        for cases in results.get(mode, {}).values()
        for cell in cases.values()
    )


def write(results: dict[str, t.Any]) -> None:
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    DOCUMENT.write_text(document.render(results))
    logger.warning("Wrote %s and %s", RESULTS, DOCUMENT)


def main(argv: t.Sequence[str] | None = None) -> int:
    logging.basicConfig(format="%(message)s")
    arguments = parse_arguments(argv)
    if arguments.report_only:
        DOCUMENT.write_text(document.render(json.loads(RESULTS.read_text())))
        return 0
    clock = Clock()
    modes = list(arguments.only or MODES)
    used_tools = []
    if "callgrind" in modes and tools.ensure_tool("valgrind"):
        used_tools.append("valgrind")
    wrk = "http" in modes and not arguments.no_http and tools.ensure_tool("wrk") is not None
    if wrk:
        used_tools.append("wrk")
    if "callgrind" in modes and "valgrind" not in used_tools:
        modes.remove("callgrind")
    settings = make_settings(arguments, wrk)
    pairs = select_pairs(arguments)
    clock("preparing the environments")
    pythons = prepare_environments(pairs, modes)
    prepared = clock.elapsed()
    results: dict[str, t.Any] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "settings": settings,
        "versions": {environment: venvs.versions(environment) for environment in pythons},
    }
    measured, durations = run_modes(modes, pairs, pythons, settings, clock)
    results.update(measured)
    results["machine"] = machine.describe(used_tools)
    results["durations"] = {"environments": prepared, **durations, "total": clock.elapsed()}
    partial = bool(arguments.targets or arguments.cases or arguments.only)
    if partial and not arguments.write:
        print(document.render(results))
    else:
        write(results)
    errors = count_errors(results)
    clock(f"done; {errors} measurement(s) failed" if errors else "done")
    return 1 if errors else 0
