"""Sending the pipeline's response as WSGI does (``demijohn.wsgi``), through ``wsgi_app`` as a
WSGI server calls it: what a streamed body still holds is released when it is closed, or at
once when the response cannot be started."""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.test import EnvironBuilder

from demijohn import Demijohn, Response, after_this_request, stream_with_context


def call(app: Demijohn, path: str = "/") -> tuple[list[t.Any], t.Iterable[bytes]]:
    started: list[t.Any] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        started.append(status)
        return lambda data: None

    environ = EnvironBuilder(path).get_environ()
    return started, app.wsgi_app(environ, start_response)


def test_a_streamed_body_holds_teardown_until_closed(app: Demijohn) -> None:
    events: list[str] = []
    app.teardown_request(lambda exc: events.append("teardown"))

    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield "a"
            yield "b"

        return stream_with_context(generate())

    started, body = call(app)
    assert started == ["200 OK"]
    assert events == []
    assert b"".join(body) == b"ab"
    body.close()  # type: ignore[attr-defined]
    assert events == ["teardown"]


def test_background_tasks_run_after_the_body_is_closed(app: Demijohn) -> None:
    events: list[str] = []

    @app.route("/")
    def index() -> str:
        @after_this_request
        def add(response: Response) -> Response:
            app.add_background_task(events.append, "task")
            return response

        return "done"

    _, body = call(app)
    assert b"".join(body) == b"done"
    assert events == []
    body.close()  # type: ignore[attr-defined]
    assert events == ["task"]


def test_teardown_runs_when_the_response_cannot_start(app: Demijohn) -> None:
    events: list[str] = []
    app.teardown_request(lambda exc: events.append("teardown"))

    class Unsendable(Response):
        def get_wsgi_headers(self, environ: t.Any) -> t.Any:
            raise RuntimeError("cannot send")

    app.response_class = Unsendable

    @app.route("/")
    def index() -> t.Any:
        return stream_with_context(iter(["a"]))

    with pytest.raises(RuntimeError, match="cannot send"):
        call(app)
    assert events == ["teardown"]
