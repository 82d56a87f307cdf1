"""The regression guard: count demijohn's instructions per request for ``hello`` and ``params``,
under WSGI and under ASGI, and fail when one rose more than 10 % over ``benchmarks/baseline.json``.

``make bench-guard`` (or ``.venv/bin/python benchmarks/guard.py``) measures and compares;
``--update`` writes the measured figures as the new baseline, to commit with a message saying
why they moved. Instruction counts under callgrind, unlike times, do not depend on the
machine's load. It needs valgrind (installed with apt-get when missing and run as root) and no
peer environment.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import typing as t
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repository's packages importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import measure, tools, venvs  # after the path set-up
from benchmarks.harness.targets import PROJECT

BASELINE = Path(__file__).with_name("baseline.json")
GUARDED = (
    ("demijohn-wsgi", "hello"),
    ("demijohn-wsgi", "params"),
    ("demijohn-asgi", "hello"),
    ("demijohn-asgi", "params"),
)
TOLERANCE = 0.10
COUNTS = measure.DEFAULT_COUNTS
WARMUP = 100
UPDATE_COMMAND = "python benchmarks/guard.py --update"
UPDATE_ADVICE = (
    "Find the cause with `.venv/bin/python benchmarks/run.py --only profile callgrind",
    "--targets demijohn-wsgi demijohn-asgi`. If the rise is deliberate (a feature worth its",
    f"cost), update the baseline with `{UPDATE_COMMAND}` and commit",
    "benchmarks/baseline.json with a message that says why.",
)


@dataclass(frozen=True)
class Finding:
    """One guarded figure: its baseline and measured instructions per request."""

    key: str
    baseline: float | None
    measured: float

    @property
    def change(self) -> float | None:
        """The relative change from the baseline (``0.12`` is 12 % more)."""
        if not self.baseline:
            return None
        return self.measured / self.baseline - 1

    def is_regression(self, tolerance: float) -> bool:
        change = self.change
        return change is not None and change > tolerance

    def describe(self) -> str:
        if self.baseline is None:
            return f"{self.key}: {self.measured:,.0f} instructions/request (no baseline)"
        return (
            f"{self.key}: {self.baseline:,.0f} -> {self.measured:,.0f} instructions/request"
            f" ({self.change:+.1%})"
        )


def key_of(target: str, case: str) -> str:
    return f"{target} {case}"


def environment() -> dict[str, str]:
    """What the counts depend on besides demijohn: the interpreter and Werkzeug."""
    found = venvs.versions(PROJECT)
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "werkzeug": found.get("werkzeug", "unknown"),
    }


def measure_all(jobs: int) -> dict[str, float]:
    """Instructions per request of every guarded pair, one process per target, as
    ``make bench`` counts them."""
    python = venvs.python_of(PROJECT)
    by_target: dict[str, list[str]] = {}
    for target, case in GUARDED:
        by_target.setdefault(target, []).append(case)

    def count(target: str) -> dict[str, float]:
        cells = measure.count_instructions(python, target, by_target[target], COUNTS, WARMUP)
        if any("error" in cell for cell in cells.values()):
            raise measure.DriverError(f"Counting {target} failed: {cells}")
        return {key_of(target, case): float(cell["value"]) for case, cell in cells.items()}

    measured: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for figures in pool.map(count, by_target):
            measured.update(figures)
    return measured


def compare(baseline: dict[str, float], measured: dict[str, float]) -> list[Finding]:
    """A finding per measured figure, in the order measured."""
    return [Finding(key, baseline.get(key), value) for key, value in measured.items()]


def verdict(findings: t.Sequence[Finding], tolerance: float) -> tuple[bool, list[str]]:
    """Whether the guard passes, and the lines that say so."""
    regressions = [finding for finding in findings if finding.is_regression(tolerance)]
    lines = [finding.describe() for finding in findings]
    if regressions:
        lines += [
            "",
            f"FAILED: {len(regressions)} figure(s) rose more than {tolerance:.0%}:",
            *(f"  {finding.describe()}" for finding in regressions),
            "",
            *UPDATE_ADVICE,
        ]
        return False, lines
    gains = [f for f in findings if f.change is not None and f.change < -tolerance]
    if gains:
        lines += [
            "",
            f"{len(gains)} figure(s) fell more than {tolerance:.0%}: to keep the gain, run",
            f"`{UPDATE_COMMAND}` and commit the new baseline.",
        ]
    return True, [*lines, "", f"OK: no figure rose more than {tolerance:.0%}."]


def read_baseline(path: Path) -> dict[str, t.Any]:
    if not path.is_file():
        return {}
    baseline: dict[str, t.Any] = json.loads(path.read_text())
    return baseline


def write_baseline(path: Path, measured: dict[str, float]) -> None:
    baseline = {
        "about": "Instructions per request of demijohn, counted by benchmarks/guard.py under"
        f" callgrind. Update deliberately with `{UPDATE_COMMAND}` and say why in the commit.",
        "tolerance": TOLERANCE,
        "requests": list(COUNTS),
        "environment": environment(),
        "instructions_per_request": {key: round(value) for key, value in measured.items()},
    }
    path.write_text(json.dumps(baseline, indent=2) + "\n")


def environment_notes(baseline: dict[str, t.Any]) -> list[str]:
    """Lines that warn when the baseline was counted with another interpreter or Werkzeug,
    which changes the counts by itself."""
    recorded = baseline.get("environment", {})
    current = environment()
    return [
        f"Note: the baseline was counted with {name} {recorded[name]}, this run has"
        f" {current[name]}; counts may differ for that reason alone."
        for name in current
        if name in recorded and recorded[name] != current[name]
    ]


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/guard.py", description=__doc__)
    parser.add_argument("--update", action="store_true", help="write the measured baseline")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args(argv)
    if tools.ensure_tool("valgrind") is None:
        print("The guard needs valgrind: apt-get install valgrind.", file=sys.stderr)
        return 2
    measured = measure_all(arguments.jobs)
    if arguments.update:
        write_baseline(BASELINE, measured)
        print("\n".join(f"{key}: {value:,.0f}" for key, value in measured.items()))
        print(f"Wrote {BASELINE}; commit it with a message that says why the figures moved.")
        return 0
    baseline = read_baseline(BASELINE)
    if not baseline:
        print(f"There is no baseline at {BASELINE}: create it with `{UPDATE_COMMAND}`.")
        return 2
    tolerance = float(baseline.get("tolerance", TOLERANCE))
    passed, lines = verdict(compare(baseline["instructions_per_request"], measured), tolerance)
    print("\n".join(environment_notes(baseline) + lines))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
