"""Turn a run's results into ``docs/benchmarks.md``: the machine, the versions, the method, one
table per mode and protocol with ratios against the Flask API and against Falcon, the
``big_app`` start-up and the profile of what is left."""

from __future__ import annotations

import typing as t

from . import bigapp
from .targets import CASES, REFERENCES, TARGETS, Target

Results = dict[str, t.Any]

TIMES = "\N{MULTIPLICATION SIGN}"

#: What each mode measures: (result key, heading, unit, lower is better).
MODES = (
    ("callgrind", "Instructions per request (callgrind)", "instructions", True),
    ("inprocess", "CPU time per request, in process", "µs", True),
    ("http", "Requests per second over HTTP (wrk)", "requests/s", False),
)

PROTOCOL_NAMES = {"wsgi": "WSGI", "asgi": "ASGI"}
SERVERS = {"wsgi": " under gunicorn", "asgi": " under uvicorn"}


def format_number(value: float) -> str:
    """Three significant figures, with thousands separators for large values."""
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_ratio(value: float, reference: float | None) -> str:
    """``value`` as a multiple of ``reference`` (``"0.25x"`` with a multiplication sign), or
    ``"—"`` without one."""
    if reference is None or reference == 0:
        return "—"
    ratio = value / reference
    return f"{ratio:.2f}{TIMES}" if ratio < 10 else f"{ratio:.1f}{TIMES}"


def _cell_value(cell: dict[str, t.Any] | None) -> float | None:
    if cell is None or "value" not in cell:
        return None
    return float(cell["value"])


def _cell_text(cell: dict[str, t.Any] | None, notes: list[str]) -> str:
    if cell is None:
        return "not run"
    if "value" in cell:
        return format_number(float(cell["value"]))
    reason = cell.get("na") or f"failed: {cell.get('error', 'not measured').splitlines()[-1]}"
    if reason not in notes:
        notes.append(reason)
    label = "n/a" if "na" in cell else "failed"
    return f"{label} [{notes.index(reason) + 1}]"


def _protocol_targets(protocol: str) -> list[Target]:
    return [target for target in TARGETS if target.protocol == protocol]


def mode_table(mode_results: Results, protocol: str, cases: t.Sequence[str] = CASES) -> list[str]:
    """The Markdown table of one mode and protocol: a row per case and target, with the
    ratios against the protocol's two references."""
    flask_api, falcon = (
        next(x for x in TARGETS if x.name == name) for name in REFERENCES[protocol]
    )
    heading = f"| case | {PROTOCOL_NAMES[protocol]} target | value"
    lines = [f"{heading} | ÷ {flask_api.label} | ÷ {falcon.label} |", "|---|---|--:|--:|--:|"]
    notes: list[str] = []
    for case in cases:
        flask_value = _cell_value(mode_results.get(flask_api.name, {}).get(case))
        falcon_value = _cell_value(mode_results.get(falcon.name, {}).get(case))
        for target in _protocol_targets(protocol):
            cell = mode_results.get(target.name, {}).get(case)
            if cell is None:
                continue
            value = _cell_value(cell)
            ratios = (
                ("", "")
                if value is None
                else (
                    format_ratio(value, flask_value),
                    format_ratio(value, falcon_value),
                )
            )
            name = f"**{target.label}**" if target.name.startswith("demijohn") else target.label
            text = _cell_text(cell, notes)
            lines.append(f"| {case} | {name} | {text} | {ratios[0]} | {ratios[1]} |")
    lines.append("")
    lines += [f"[{i}] {note}  " for i, note in enumerate(notes, 1)]
    return [*lines, ""] if notes else lines


def _goal(case: str, protocol: str, callgrind: Results) -> tuple[str, ...]:
    """The headline row of ``case`` under ``protocol``: demijohn against its references."""
    flask_api, falcon = REFERENCES[protocol]
    values = [
        _cell_value(callgrind.get(name, {}).get(case))
        for name in (f"demijohn-{protocol}", flask_api, falcon)
    ]
    demijohn, flask_value, falcon_value = values
    if demijohn is None:
        return (case, PROTOCOL_NAMES[protocol], "not measured", "", "", "", "")
    met = [
        falcon_value is not None and demijohn <= falcon_value,
        flask_value is not None and demijohn * 10 <= flask_value,
    ]
    return (
        case,
        PROTOCOL_NAMES[protocol],
        *(format_number(value) if value is not None else "—" for value in values),
        f"{format_ratio(flask_value, demijohn)} fewer" if flask_value else "—",
        format_ratio(demijohn, falcon_value),
        "met" if all(met) else "not yet",
    )


def summary_table(results: Results) -> list[str]:
    """The headline: instructions per request for ``hello`` and ``params`` against the goal of
    issue 6 (at or below Falcon, and at least ten times fewer than the Flask API)."""
    callgrind = results.get("callgrind", {})
    columns = ("demijohn", "Flask / Quart", "Falcon", "Flask API ÷ demijohn", "demijohn ÷ Falcon")
    lines = [
        f"| case | protocol | {' | '.join(columns)} | goal |",
        "|---|---|--:|--:|--:|--:|--:|---|",
    ]
    for case in ("hello", "params"):
        for protocol in ("wsgi", "asgi"):
            lines.append("| " + " | ".join(_goal(case, protocol, callgrind)) + " |")
    return [*lines, ""]


def bigapp_table(big_app: Results) -> list[str]:
    """Start-up time and peak memory of each ``big_app`` variant, against Flask's."""
    flask = big_app.get("flask", {}).get("milliseconds")
    flask_cpu = big_app.get("flask", {}).get("cpu_milliseconds")
    columns = "to first response (ms) | ÷ Flask | CPU (ms) | ÷ Flask | peak memory (MiB)"
    lines = [f"| variant | {columns} | runs (ms) |", "|---|--:|--:|--:|--:|--:|---|"]
    for variant in bigapp.VARIANTS:
        cell = big_app.get(variant.name)
        if cell is None:
            continue
        if "error" in cell:
            lines.append(f"| {variant.label} | failed: {cell['error'].splitlines()[-1]} |||||")
            continue
        runs = ", ".join(f"{run:.0f}" for run in cell["runs_ms"])
        cpu = cell.get("cpu_milliseconds")
        cpu_cells = f"{cpu:.0f} | {format_ratio(cpu, flask_cpu)}" if cpu else "— | —"
        lines.append(
            f"| {variant.label} | {cell['milliseconds']:.0f} |"
            f" {format_ratio(cell['milliseconds'], flask)} | {cpu_cells} |"
            f" {cell['peak_mib']:.1f} | {runs} |"
        )
    return [*lines, ""]


def profile_table(profile: Results, limit: int = 25) -> list[str]:
    """The functions of one profile with the largest inclusive cost per request."""
    lines = [
        (
            f"`{profile['target']}` `{profile['case']}`: {profile['requests']:,} requests under"
            f" cProfile, {profile['total_us']:.0f} µs per request with the profiler's overhead."
        ),
        "",
        "| share of the request | inclusive µs | own µs | calls per request | function |",
        "|--:|--:|--:|--:|---|",
    ]
    for row in profile["rows"][:limit]:
        lines.append(
            f"| {row['share'] * 100:.1f} % | {row['inclusive_us']:.1f} | {row['exclusive_us']:.1f}"
            f" | {row['calls']:.1f} | `{row['function']}` |"
        )
    return [*lines, ""]


def heaviest_own(profile: Results, limit: int = 12) -> list[str]:
    """The functions that spend the most time in their own code (not in what they call)."""
    rows = sorted(profile["rows"], key=lambda row: row["exclusive_us"], reverse=True)[:limit]
    total = profile["total_us"]
    return [
        "| own share | own µs | function |",
        "|--:|--:|---|",
        *(
            f"| {row['exclusive_us'] / total * 100:.1f} % | {row['exclusive_us']:.1f}"
            f" | `{row['function']}` |"
            for row in rows
        ),
        "",
    ]
