"""Modes (a) and (b): run the driver in fresh processes, in each target's environment.

(a) in-process timing: every (target, case) pair once per round, rounds repeated, so that a
slow spell of the machine falls on every pair alike; the median of the rounds is kept.
(b) instruction counts: each pair once under callgrind (counts are deterministic with a fixed
hash seed), the cases of one target one after the other in one process (start-up under
valgrind is slow), targets side by side on the machine's cores.

A pair whose application fails its answer check is recorded as an error and skipped after.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import typing as t
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import valgrind
from .targets import Target
from .venvs import REPOSITORY

DRIVER = Path(__file__).with_name("driver.py")

#: A result cell: ``{"value": ...}`` and details, ``{"na": reason}`` or ``{"error": message}``.
Cell = dict[str, t.Any]
Results = dict[str, dict[str, Cell]]
Progress = t.Callable[[str], None]


class DriverError(RuntimeError):
    """The driver failed; the message ends with its error output."""


def driver_environment() -> dict[str, str]:
    """The environment of a driver process: the repository importable, hashing fixed (so that
    instruction counts repeat exactly)."""
    return dict(os.environ, PYTHONPATH=str(REPOSITORY), PYTHONHASHSEED="0")


def run_driver(
    python: Path, arguments: t.Sequence[str], prefix: t.Sequence[str] = ()
) -> dict[str, t.Any]:
    """Run the driver with ``arguments`` (under ``prefix``, such as valgrind) and return the
    JSON object it printed."""
    command = [*prefix, str(python), str(DRIVER), *arguments]
    completed = subprocess.run(
        command, capture_output=True, text=True, env=driver_environment(), cwd=REPOSITORY
    )
    if completed.returncode != 0:
        raise DriverError(f"{' '.join(arguments)} failed:\n{completed.stderr[-3000:]}")
    result: dict[str, t.Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _empty(pairs: t.Sequence[tuple[Target, str]]) -> Results:
    results: Results = {}
    for target, case in pairs:
        cell = {} if target.has(case) else {"na": target.not_applicable[case]}
        results.setdefault(target.name, {})[case] = cell
    return results


def in_process(
    pairs: t.Sequence[tuple[Target, str]],
    pythons: dict[str, Path],
    rounds: int,
    seconds: float,
    progress: Progress,
) -> Results:
    """Mode (a): CPU microseconds per request (and wall microseconds), the medians of
    ``rounds`` interleaved runs."""
    results = _empty(pairs)
    runs: dict[tuple[str, str], list[dict[str, t.Any]]] = {}
    for round_ in range(rounds):
        progress(f"in-process timing, round {round_ + 1} of {rounds}")
        for target, case in pairs:
            cell = results[target.name][case]
            if "na" in cell or "error" in cell:
                continue
            arguments = ["time", target.name, case, "--seconds", str(seconds)]
            try:
                measured = run_driver(pythons[target.environment], arguments)
            except DriverError as e:
                cell["error"] = str(e)
                progress(str(e))
                continue
            runs.setdefault((target.name, case), []).append(measured)
    for (name, case), measured_runs in runs.items():
        if "error" not in results[name][case]:
            cpu = [run["microseconds"] for run in measured_runs]
            wall = [run["wall_microseconds"] for run in measured_runs]
            results[name][case] = {
                "value": statistics.median(cpu),
                "wall": statistics.median(wall),
                "runs": [round(value, 2) for value in cpu],
                "wall_runs": [round(value, 2) for value in wall],
            }
    return results


#: The request counts N1 and N2 of callgrind mode, for ``make bench`` and the guard alike.
DEFAULT_COUNTS = (50, 300)

#: Cases that cost many instructions per request count fewer requests under callgrind (the
#: counts are exact, so fewer suffice): the counts are divided by this.
CALLGRIND_DIVISORS = {"json": 2, "not_found": 2, "session": 2, "template": 5}


def callgrind_counts(case: str, counts: tuple[int, int]) -> tuple[int, int]:
    """The two request counts of ``case``: ``counts`` divided by the case's divisor."""
    divisor = CALLGRIND_DIVISORS.get(case, 1)
    return counts[0] // divisor, counts[1] // divisor


def count_instructions(
    python: Path, target: str, cases: t.Sequence[str], counts: tuple[int, int], warmup: int
) -> dict[str, Cell]:
    """Mode (b) for one target: instructions per request of each of ``cases``, counted one
    after the other in one process under callgrind, with the two counts each comes from."""
    specs = {case: callgrind_counts(case, counts) for case in cases}
    tokens = [f"{case}:{n1}:{n2}" for case, (n1, n2) in specs.items()]
    with tempfile.TemporaryDirectory(prefix="callgrind-") as directory:
        out_file = Path(directory) / "callgrind.out"
        arguments = ["callgrind", target, *tokens, "--warmup", str(warmup)]
        report = run_driver(python, arguments, valgrind.callgrind_command(out_file))
        dumps = valgrind.read_dumps(out_file, len(report["counted"]))
    cells: dict[str, Cell] = {case: {"error": error} for case, error in report["failed"].items()}
    for (case, n1, n2), instructions in zip(report["counted"], dumps, strict=True):
        cells[case] = {
            "value": valgrind.per_request(instructions, (n1, n2)),
            "instructions": list(instructions),
            "requests": [n1, n2],
        }
    return cells


def callgrind(
    pairs: t.Sequence[tuple[Target, str]],
    pythons: dict[str, Path],
    counts: tuple[int, int],
    warmup: int,
    jobs: int,
    progress: Progress,
) -> Results:
    """Mode (b): instructions per request of every pair, one process per target, ``jobs``
    targets at a time."""
    results = _empty(pairs)
    by_target: dict[str, tuple[Target, list[str]]] = {}
    for target, case in pairs:
        if target.has(case):
            by_target.setdefault(target.name, (target, []))[1].append(case)

    def measure(target: Target, cases: list[str]) -> None:
        python = pythons[target.environment]
        try:
            cells = count_instructions(python, target.name, cases, counts, warmup)
        except DriverError as e:
            cells = {case: {"error": str(e)} for case in cases}
        results[target.name].update(cells)
        summary = ", ".join(f"{case} {cells[case].get('value', 'failed')}" for case in cases)
        progress(f"callgrind {target.name}: {summary}")

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda item: measure(*item), by_target.values()))
    return results
