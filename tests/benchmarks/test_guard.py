"""The comparison and messages of benchmarks/guard.py (no counting: that needs valgrind)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks import guard


def test_a_rise_over_the_tolerance_fails_and_says_how_to_update() -> None:
    findings = guard.compare({"demijohn-wsgi hello": 100_000.0}, {"demijohn-wsgi hello": 111_000.0})
    passed, lines = guard.verdict(findings, 0.10)
    text = "\n".join(lines)
    assert not passed
    assert "demijohn-wsgi hello: 100,000 -> 111,000 instructions/request (+11.0%)" in text
    assert "FAILED: 1 figure(s) rose more than 10%" in text
    assert guard.UPDATE_COMMAND in text


def test_a_rise_within_the_tolerance_passes() -> None:
    findings = guard.compare({"a": 100_000.0}, {"a": 109_000.0})
    passed, lines = guard.verdict(findings, 0.10)
    assert passed
    assert lines[-1] == "OK: no figure rose more than 10%."


def test_a_large_fall_passes_and_suggests_keeping_the_gain() -> None:
    findings = guard.compare({"a": 100_000.0}, {"a": 50_000.0})
    passed, lines = guard.verdict(findings, 0.10)
    assert passed
    assert any("to keep the gain" in line for line in lines)


def test_a_figure_without_baseline_does_not_fail() -> None:
    findings = guard.compare({}, {"new": 5_000.0})
    assert guard.verdict(findings, 0.10)[0]
    assert findings[0].describe() == "new: 5,000 instructions/request (no baseline)"


def test_the_baseline_written_is_the_one_read(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    guard.write_baseline(path, {"demijohn-wsgi hello": 169_327.7})
    baseline = guard.read_baseline(path)
    assert baseline["instructions_per_request"] == {"demijohn-wsgi hello": 169_328}
    assert baseline["tolerance"] == guard.TOLERANCE
    assert guard.environment_notes(baseline) == []


def test_another_interpreter_is_noted(monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = {"environment": {"python": "3.0.0"}}
    notes = guard.environment_notes(baseline)
    assert len(notes) == 1
    assert notes[0].startswith("Note: the baseline was counted with python 3.0.0")


def test_the_committed_baseline_guards_every_pair() -> None:
    baseline = json.loads(guard.BASELINE.read_text())
    keys = {guard.key_of(target, case) for target, case in guard.GUARDED}
    assert set(baseline["instructions_per_request"]) == keys
