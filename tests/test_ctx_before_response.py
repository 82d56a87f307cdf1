"""Tests for RequestContext.call_before_response (demijohn.ctx): callbacks that run once the
response is made and before it is sent, newest first, whose failure still changes the
response."""

from __future__ import annotations

import logging
import typing as t

import pytest
from werkzeug.exceptions import NotFound

from demijohn import Demijohn, abort
from demijohn.globals import request_ctx

if t.TYPE_CHECKING:
    from demijohn.testing import DemijohnClient


def record(log: list[t.Any], name: str) -> t.Callable[[BaseException | None], None]:
    def callback(exc: BaseException | None) -> None:
        log.append((name, type(exc).__name__ if exc is not None else None))

    return callback


def test_callbacks_run_newest_first_after_the_after_request_functions(
    app: Demijohn, client: DemijohnClient
) -> None:
    log: list[t.Any] = []

    @app.after_request
    def after(response: t.Any) -> t.Any:
        log.append("after_request")
        return response

    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        log.append("teardown_request")

    @app.get("/")
    def index() -> str:
        request_ctx.call_before_response(record(log, "first"))
        request_ctx.call_before_response(record(log, "second"))
        return "ok"

    assert client.get("/").text == "ok"
    assert log == ["after_request", ("second", None), ("first", None), "teardown_request"]


def test_a_failure_becomes_the_error_handlers_response(
    app: Demijohn, client: DemijohnClient
) -> None:
    log: list[t.Any] = []

    def fail(exc: BaseException | None) -> None:
        raise LookupError("commit failed")

    @app.errorhandler(LookupError)
    def lookup(error: LookupError) -> tuple[str, int]:
        return f"handled: {error}", 409

    @app.get("/")
    def index() -> str:
        request_ctx.call_before_response(record(log, "outer"))
        request_ctx.call_before_response(fail)
        return "ok"

    response = client.get("/")
    assert (response.status_code, response.text) == (409, "handled: commit failed")
    # The other callbacks still ran, with the request's own (lack of) error.
    assert log == [("outer", None)]


def test_an_unhandled_failure_is_a_500(
    app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def fail(exc: BaseException | None) -> None:
        raise RuntimeError("commit failed")

    @app.get("/")
    def index() -> str:
        request_ctx.call_before_response(fail)
        request_ctx.call_before_response(fail)
        return "ok"

    with caplog.at_level(logging.ERROR):
        assert client.get("/").status_code == 500
    messages = [record.getMessage() for record in caplog.records]
    assert "A before-response callback failed" in messages
    assert any(message.startswith("Exception on /") for message in messages)


def test_an_unhandled_failure_propagates_in_testing(app: Demijohn, client: DemijohnClient) -> None:
    def fail(exc: BaseException | None) -> None:
        raise RuntimeError("commit failed")

    @app.get("/")
    def index() -> str:
        request_ctx.call_before_response(fail)
        return "ok"

    with pytest.raises(RuntimeError, match="commit failed"):
        client.get("/")


def test_callbacks_see_the_error_an_error_handler_answered(
    app: Demijohn, client: DemijohnClient
) -> None:
    log: list[t.Any] = []

    @app.get("/")
    def index() -> str:
        request_ctx.call_before_response(record(log, "session"))
        abort(404)

    assert client.get("/").status_code == 404
    assert log == [("session", "NotFound")]


def test_a_failure_after_an_error_is_logged_and_the_response_kept(
    app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(exc: BaseException | None) -> None:
        raise RuntimeError("rollback failed")

    @app.get("/")
    def index() -> str:
        request_ctx.call_before_response(fail)
        raise NotFound()

    with caplog.at_level(logging.ERROR):
        assert client.get("/").status_code == 404
    assert [r.getMessage() for r in caplog.records] == [
        "A teardown function failed while an error was being handled"
    ]


def test_callbacks_run_when_the_view_fails_unhandled(app: Demijohn, client: DemijohnClient) -> None:
    log: list[t.Any] = []
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/")
    def index() -> str:
        request_ctx.call_before_response(record(log, "session"))
        raise RuntimeError("view failed")

    assert client.get("/").status_code == 500
    assert log == [("session", "RuntimeError")]


def test_callbacks_run_when_the_error_propagates(app: Demijohn, client: DemijohnClient) -> None:
    log: list[t.Any] = []

    @app.get("/")
    def index() -> str:
        request_ctx.call_before_response(record(log, "session"))
        raise RuntimeError("view failed")

    with pytest.raises(RuntimeError):
        client.get("/")
    assert log == [("session", "RuntimeError")]


def test_callbacks_added_later_run_as_the_context_is_popped(
    app: Demijohn, client: DemijohnClient
) -> None:
    log: list[t.Any] = []

    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        request_ctx.call_before_response(record(log, "late"))

    @app.get("/")
    def index() -> str:
        return "ok"

    assert client.get("/").text == "ok"
    assert log == [("late", None)]


def test_in_a_test_request_context_they_run_on_pop(app: Demijohn) -> None:
    log: list[t.Any] = []
    with app.test_request_context():
        request_ctx.call_before_response(record(log, "script"))
        assert log == []
    assert log == [("script", None)]


def test_a_failure_on_pop_is_raised(app: Demijohn) -> None:
    def fail(exc: BaseException | None) -> None:
        raise RuntimeError("late failure")

    ctx = app.test_request_context()
    ctx.push()
    request_ctx.call_before_response(fail)
    with pytest.raises(RuntimeError, match="late failure"):
        ctx.pop()
