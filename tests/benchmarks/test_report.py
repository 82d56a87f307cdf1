"""The number, ratio and table formatting of benchmarks/harness/report.py."""

from __future__ import annotations

import typing as t

from benchmarks.harness import report

X = "\N{MULTIPLICATION SIGN}"


def test_format_number_keeps_three_significant_figures() -> None:
    assert report.format_number(169_327.7) == "169,328"
    assert report.format_number(235.4) == "235"
    assert report.format_number(78.44) == "78.4"
    assert report.format_number(1.391) == "1.39"


def test_format_ratio_divides_by_the_reference() -> None:
    assert report.format_ratio(50, 200) == f"0.25{X}"
    assert report.format_ratio(1_230, 100) == f"12.3{X}"
    assert report.format_ratio(5, None) == "—"
    assert report.format_ratio(5, 0) == "—"


def _results() -> dict[str, t.Any]:
    return {
        "floor-wsgi": {"hello": {"value": 10.0}, "params": {"na": "no router"}},
        "demijohn-wsgi": {"hello": {"value": 100.0}, "params": {"error": "boom\nWrongAnswer"}},
        "flask": {"hello": {"value": 400.0}, "params": {"value": 800.0}},
        "falcon-wsgi": {"hello": {"value": 50.0}, "params": {"value": 80.0}},
    }


def test_mode_table_gives_ratios_against_flask_and_falcon() -> None:
    lines = report.mode_table(_results(), "wsgi", ["hello"])
    assert lines[0] == "| case | WSGI target | value | ÷ Flask | ÷ Falcon |"
    row = next(line for line in lines if "**demijohn**" in line)
    assert row == f"| hello | **demijohn** | 100 | 0.25{X} | 2.00{X} |"


def test_mode_table_explains_missing_cells_in_notes() -> None:
    lines = report.mode_table(_results(), "wsgi", ["params"])
    assert "| params | bare WSGI | n/a [1] |  |  |" in lines
    assert "| params | **demijohn** | failed [2] |  |  |" in lines
    assert "[1] no router  " in lines
    assert "[2] failed: WrongAnswer  " in lines


def test_summary_states_whether_the_goal_is_met() -> None:
    callgrind = {
        "demijohn-wsgi": {"hello": {"value": 40.0}, "params": {"value": 100.0}},
        "flask": {"hello": {"value": 400.0}, "params": {"value": 800.0}},
        "falcon-wsgi": {"hello": {"value": 50.0}, "params": {"value": 80.0}},
    }
    lines = report.summary_table({"callgrind": callgrind})
    hello = next(line for line in lines if line.startswith("| hello | WSGI"))
    params = next(line for line in lines if line.startswith("| params | WSGI"))
    assert hello.endswith(f"| 10.0{X} fewer | 0.80{X} | met |")
    assert params.endswith(f"| 8.00{X} fewer | 1.25{X} | not yet |")
    assert "| hello | ASGI | not measured |" in "\n".join(lines)
