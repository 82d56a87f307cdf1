"""The driver of benchmarks/harness/driver.py, on demijohn's benchmark applications: every case
answers rightly under WSGI and ASGI, and a wrong answer is caught before anything is measured."""

from __future__ import annotations

import pytest
from benchmarks.harness import cases, driver
from benchmarks.harness.targets import CASES


@pytest.mark.parametrize("target", ["demijohn-wsgi", "demijohn-asgi"])
@pytest.mark.parametrize("case", CASES)
def test_demijohn_answers_every_case(target: str, case: str) -> None:
    runner = driver.make_runner(target, case)
    try:
        runner.run(3)
        assert cases.check_answer(case, runner.call()) is None
    finally:
        runner.close()


@pytest.mark.parametrize("target", ["floor-wsgi", "floor-asgi"])
def test_the_floor_answers_json(target: str) -> None:
    runner = driver.make_runner(target, "json")
    runner.close()


def test_a_wrong_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cases.REQUESTS, "hello", cases.CaseRequest("GET", "/missing"))
    with pytest.raises(driver.WrongAnswer, match="status 404, expected 200"):
        driver.make_runner("demijohn-wsgi", "hello")


def test_session_answers_need_the_new_cookie() -> None:
    answer = cases.Answer(200, [], b'{"count": 2}')
    assert cases.check_answer("session", answer) == (
        "the session was not written back: no Set-Cookie header"
    )


def test_cookie_header_keeps_only_the_values() -> None:
    answer = cases.Answer(
        200, [("set-cookie", "session=abc.def; HttpOnly; Path=/"), ("set-cookie", "b=2")], b""
    )
    assert cases.cookie_header(answer) == "session=abc.def; b=2"


def test_callgrind_cases_are_named_with_their_counts() -> None:
    assert driver.parse_case_counts("params:50:300") == ("params", (50, 300))
    with pytest.raises(ValueError, match="not a case"):
        driver.parse_case_counts("nope:1:2")
