"""Streamed bodies: async generators as response bodies under either protocol, and
server-sent events."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import typing as t
from datetime import date

import pytest
from werkzeug.test import create_environ

from demijohn import Demijohn, g, request, send_file, stream_with_context
from demijohn.streaming import AsyncStream, ServerSentEvent, event_stream
from demijohn.testing import DemijohnClient


def parse_events(stream: str) -> list[dict[str, str]]:
    """Read an event stream the way a browser does: fields per event, ``data`` lines joined
    with a line feed, an event dispatched at each blank line that ends one with data."""
    events: list[dict[str, str]] = []
    fields: dict[str, str] = {}
    data: list[str] = []
    for line in re.split(r"\r\n|\r|\n", stream):
        if not line:
            if data:
                events.append({**fields, "data": "\n".join(data)})
            fields, data = {}, []
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data.append(value)
        else:
            fields[name] = value
    return events


class TestAsyncStream:
    def test_async_generator_body_under_both_protocols(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        loops: list[asyncio.AbstractEventLoop] = []

        @app.route("/")
        def index() -> t.AsyncIterator[str]:
            async def generate() -> t.AsyncIterator[str]:
                for word in ("one ", "two ", "three"):
                    await asyncio.sleep(0)
                    loops.append(asyncio.get_running_loop())
                    yield word

            return generate()

        response = client.get("/")
        assert response.data == b"one two three"
        assert len(set(loops)) == 1
        assert loops[0].is_closed()

    def test_cleanup_runs_when_the_stream_ends(self, app: Demijohn, client: DemijohnClient) -> None:
        events: list[str] = []

        @app.route("/")
        def index() -> t.AsyncIterator[str]:
            async def generate() -> t.AsyncIterator[str]:
                try:
                    yield "body"
                finally:
                    events.append("finally")

            return generate()

        response = client.get("/")
        assert response.data == b"body"
        response.close()
        assert events == ["finally"]

    def test_closing_early_under_wsgi_closes_the_generator_and_loop(self, app: Demijohn) -> None:
        events: list[t.Any] = []

        @app.route("/")
        def index() -> t.AsyncIterator[str]:
            async def generate() -> t.AsyncIterator[str]:
                try:
                    events.append(asyncio.get_running_loop())
                    yield "first"
                    yield "never sent"
                finally:
                    await asyncio.sleep(0)
                    events.append("finally")

            return generate()

        response = app.test_client(protocol="wsgi").get("/", buffered=False)
        assert next(iter(response.response)) == b"first"
        response.close()
        loop, *rest = events
        assert rest == ["finally"]
        assert loop.is_closed()

    def test_used_directly_with_a_private_loop(self) -> None:
        async def generate() -> t.AsyncIterator[int]:
            yield 1
            yield 2

        stream = AsyncStream(generate())
        assert iter(stream) is stream
        assert list(stream) == [1, 2]
        assert next(stream, "done") == "done"
        stream.close()

    def test_error_in_the_generator_reaches_the_reader(self) -> None:
        async def generate() -> t.AsyncIterator[str]:
            yield "ok"
            raise LookupError("gone")

        stream = AsyncStream(generate())
        assert next(stream) == "ok"
        with pytest.raises(LookupError, match="gone"):
            next(stream)
        stream.close()

    def test_async_iterable_without_aclose(self) -> None:
        class Countdown:
            def __init__(self) -> None:
                self.left = 2

            def __aiter__(self) -> Countdown:
                return self

            async def __anext__(self) -> int:
                if not self.left:
                    raise StopAsyncIteration
                self.left -= 1
                return self.left

        stream = AsyncStream(Countdown())
        assert next(stream) == 1
        stream.close()
        assert list(stream) == []

    def test_stream_with_context_sees_the_request_and_tears_down_once(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []

        @app.teardown_request
        def teardown(exc: BaseException | None) -> None:
            events.append(f"teardown {exc}")

        @app.route("/")
        def index() -> t.Iterator[str]:
            g.user = "ada"

            async def generate() -> t.AsyncIterator[str]:
                await asyncio.sleep(0)
                yield f"{request.args['word']} {g.user}"
                events.append("generated")

            return stream_with_context(generate())

        response = client.get("/?word=hello")
        assert response.data == b"hello ada"
        response.close()
        assert events == ["generated", "teardown None"]

    def test_context_stream_of_an_async_view_may_wait_for_coroutines(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        async def fetch() -> str:
            await asyncio.sleep(0)
            return request.path

        @app.route("/")
        async def index() -> t.Iterator[str]:
            def generate() -> t.Iterator[str]:
                yield "from "
                yield app.ensure_sync(fetch)()

            return stream_with_context(generate())

        assert client.get("/").data == b"from /"

    def test_stream_with_context_closed_early_still_tears_down(self, app: Demijohn) -> None:
        events: list[str] = []
        app.teardown_request(lambda exc: events.append(f"teardown {exc}"))

        @app.route("/")
        def index() -> t.Iterator[str]:
            async def generate() -> t.AsyncIterator[str]:
                try:
                    yield request.path
                    yield "never sent"
                finally:
                    events.append("finally")

            return stream_with_context(generate())

        response = app.test_client(protocol="wsgi").get("/", buffered=False)
        assert next(iter(response.response)) == b"/"
        assert events == []
        response.close()
        assert events == ["finally", "teardown None"]


class TestStreamTeardown:
    """A stream built with stream_with_context holds the request's teardown; however the
    request ends, teardown_request and teardown_appcontext each run once."""

    @pytest.fixture
    def calls(self, app: Demijohn) -> list[tuple[str, str]]:
        calls: list[tuple[str, str]] = []
        app.teardown_request(lambda exc: calls.append(("request", repr(exc))))
        app.teardown_appcontext(lambda exc: calls.append(("app", repr(exc))))
        return calls

    @pytest.fixture(params=["sync", "async"])
    def make_stream(self, request: pytest.FixtureRequest) -> t.Callable[[], t.Any]:
        def generate() -> t.Iterator[str]:
            yield "never sent"

        async def agenerate() -> t.AsyncIterator[str]:
            yield "never sent"

        source = generate if request.param == "sync" else agenerate
        return lambda: stream_with_context(source())

    def test_view_raises_after_building_a_stream(
        self,
        app: Demijohn,
        client: DemijohnClient,
        calls: list[tuple[str, str]],
        make_stream: t.Callable[[], t.Any],
    ) -> None:
        app.config["PROPAGATE_EXCEPTIONS"] = False

        @app.route("/")
        def index() -> t.Any:
            make_stream()
            raise LookupError("after the stream")

        response = client.get("/")
        assert response.status_code == 500
        response.close()
        error = repr(LookupError("after the stream"))
        assert calls == [("request", error), ("app", error)]

    def test_view_raises_with_exceptions_propagating(
        self,
        app: Demijohn,
        client: DemijohnClient,
        calls: list[tuple[str, str]],
        make_stream: t.Callable[[], t.Any],
    ) -> None:
        @app.route("/")
        def index() -> t.Any:
            make_stream()
            raise LookupError("after the stream")

        with pytest.raises(LookupError):
            client.get("/")
        error = repr(LookupError("after the stream"))
        assert calls == [("request", error), ("app", error)]

    def test_after_request_function_raises(
        self,
        app: Demijohn,
        client: DemijohnClient,
        calls: list[tuple[str, str]],
        make_stream: t.Callable[[], t.Any],
    ) -> None:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        app.add_url_rule("/", "index", make_stream)

        @app.after_request
        def fail(response: t.Any) -> t.Any:
            if response.status_code == 200:
                raise LookupError("in after_request")
            return response

        response = client.get("/")
        assert response.status_code == 500
        response.close()
        error = repr(LookupError("in after_request"))
        assert calls == [("request", error), ("app", error)]

    def test_view_returns_another_response(
        self,
        app: Demijohn,
        client: DemijohnClient,
        calls: list[tuple[str, str]],
        make_stream: t.Callable[[], t.Any],
    ) -> None:
        @app.route("/")
        def index() -> str:
            make_stream()
            return "instead"

        response = client.get("/")
        # Torn down as the request ended, before the response was read or closed.
        assert calls == [("request", "None"), ("app", "None")]
        assert response.text == "instead"
        response.close()
        assert len(calls) == 2

    def test_view_returns_another_streamed_body(
        self,
        app: Demijohn,
        client: DemijohnClient,
        calls: list[tuple[str, str]],
        make_stream: t.Callable[[], t.Any],
    ) -> None:
        @app.route("/")
        def index() -> t.Iterator[str]:
            make_stream()
            return iter(["other ", "stream"])

        response = client.get("/")
        assert response.text == "other stream"
        response.close()
        assert calls == [("request", "None"), ("app", "None")]

    def test_sent_stream_tears_down_after_its_last_item(
        self, app: Demijohn, client: DemijohnClient, calls: list[tuple[str, str]]
    ) -> None:
        @app.route("/")
        def index() -> t.Any:
            def generate() -> t.Iterator[str]:
                yield "body"
                calls.append(("generated", "None"))

            return stream_with_context(generate())

        response = client.get("/")
        # Ended by its last item, without waiting for the response to be closed.
        assert response.text == "body"
        assert calls == [("generated", "None"), ("request", "None"), ("app", "None")]
        response.close()
        assert len(calls) == 3

    def test_stream_that_fails_gives_teardown_its_error(
        self, app: Demijohn, client: DemijohnClient, calls: list[tuple[str, str]]
    ) -> None:
        @app.route("/")
        def index() -> t.Any:
            def generate() -> t.Iterator[str]:
                yield "first"
                raise LookupError("mid-stream")

            return stream_with_context(generate())

        with pytest.raises(LookupError):
            client.get("/").get_data()
        error = repr(LookupError("mid-stream"))
        assert calls == [("request", error), ("app", error)]


class TestServerSentEvent:
    def test_data_only(self) -> None:
        assert ServerSentEvent("hello").encode() == "data: hello\n\n"

    def test_every_field(self) -> None:
        event = ServerSentEvent("x", event="tick", id="7", retry=3000)
        assert event.encode() == "event: tick\nid: 7\nretry: 3000\ndata: x\n\n"

    @pytest.mark.parametrize(
        ("data", "seen"),
        [
            ("two\nlines", "two\nlines"),
            ("windows\r\nbreak", "windows\nbreak"),
            ("old mac\rbreak", "old mac\nbreak"),
            ("trailing\n", "trailing\n"),
            ("\n\nleading", "\n\nleading"),
            ("", ""),
            (
                "form\x0cfeed, separator\u2028and tab\tstay",
                "form\x0cfeed, separator\u2028and tab\tstay",
            ),
        ],
    )
    def test_data_reaches_the_browser_unchanged(self, data: str, seen: str) -> None:
        assert parse_events(ServerSentEvent(data).encode()) == [{"data": seen}]

    def test_data_that_is_not_text_is_sent_as_json(self) -> None:
        encoded = ServerSentEvent({"b": 1, "a": ["x", None]}).encode()
        assert encoded == 'data: {"b": 1, "a": ["x", null]}\n\n'

    def test_json_uses_the_application_provider(self, app: Demijohn) -> None:
        with app.app_context():
            encoded = ServerSentEvent({"b": date(2024, 5, 1), "a": 1}).encode()
        assert encoded == 'data: {"a": 1, "b": "Wed, 01 May 2024 00:00:00 GMT"}\n\n'

    @pytest.mark.parametrize("field", ["event", "id"])
    @pytest.mark.parametrize("value", ["two\nlines", "carriage\rreturn"])
    def test_line_breaks_in_fields_are_refused(self, field: str, value: str) -> None:
        fields: dict[str, t.Any] = {field: value}
        event = ServerSentEvent("data", **fields)
        with pytest.raises(ValueError, match="cannot contain a line break"):
            event.encode()


class TestEventStream:
    def test_sync_source(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/events")
        def events() -> t.Any:
            def generate() -> t.Iterator[t.Any]:
                yield "plain"
                yield ServerSentEvent({"n": 1}, event="tick", id="1")

            return event_stream(generate())

        response = client.get("/events")
        assert response.mimetype == "text/event-stream"
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["X-Accel-Buffering"] == "no"
        assert parse_events(response.get_data(as_text=True)) == [
            {"data": "plain"},
            {"event": "tick", "id": "1", "data": '{"n": 1}'},
        ]

    def test_async_source(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/events")
        async def events() -> t.Any:
            async def generate() -> t.AsyncIterator[t.Any]:
                for n in range(3):
                    await asyncio.sleep(0)
                    yield {"n": n}

            return event_stream(generate())

        response = client.get("/events")
        assert response.mimetype == "text/event-stream"
        data = [e["data"] for e in parse_events(response.get_data(as_text=True))]
        assert data == ['{"n": 0}', '{"n": 1}', '{"n": 2}']

    @pytest.mark.parametrize("kind", ["sync", "async"])
    def test_source_with_the_request_context(
        self, app: Demijohn, client: DemijohnClient, kind: str
    ) -> None:
        torn_down: list[BaseException | None] = []
        app.teardown_request(torn_down.append)

        @app.route("/events")
        def events() -> t.Any:
            def generate() -> t.Iterator[str]:
                yield f"hello {request.args['name']}"

            async def agenerate() -> t.AsyncIterator[str]:
                yield f"hello {request.args['name']}"

            source = generate() if kind == "sync" else agenerate()
            return event_stream(stream_with_context(source))

        response = client.get("/events?name=ada")
        assert parse_events(response.get_data(as_text=True)) == [{"data": "hello ada"}]
        response.close()
        assert torn_down == [None]

    def test_list_source(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/events", "events", lambda: event_stream(["a", "b"]))
        data = [e["data"] for e in parse_events(client.get("/events").get_data(as_text=True))]
        assert data == ["a", "b"]

    def test_closing_early_releases_the_request_context(self, app: Demijohn) -> None:
        torn_down: list[BaseException | None] = []
        app.teardown_request(torn_down.append)

        @app.route("/events")
        def events() -> t.Any:
            def generate() -> t.Iterator[str]:
                while True:
                    yield request.path

            return event_stream(stream_with_context(generate()))

        response = app.test_client(protocol="wsgi").get("/events", buffered=False)
        assert next(iter(response.response)) == b"data: /events\n\n"
        assert torn_down == []
        response.close()
        assert torn_down == [None]


class TestStreamFailure:
    """A streamed body that raises after the response started is logged as the
    application's error, with its request, and ends the response."""

    def test_logged_then_raised_on(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        def generate() -> t.Iterator[str]:
            yield "first "
            raise LookupError("midway")

        app.add_url_rule("/stream", "stream", lambda: app.response_class(generate()))
        with pytest.raises(LookupError, match="midway"):
            client.get("/stream").get_data()
        errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
        assert len(errors) == 1
        record = errors[0]
        assert record.name == app.logger.name
        assert record.getMessage() == "Exception on /stream [GET] while streaming the response"
        assert record.exc_info is not None
        assert isinstance(record.exc_info[1], LookupError)
        assert record.request.path == "/stream"  # type: ignore[attr-defined]

    def test_body_that_ends_is_closed_and_nothing_logged(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        closed: list[bool] = []

        def generate() -> t.Iterator[str]:
            try:
                yield "a"
                yield "b"
            finally:
                closed.append(True)

        app.add_url_rule("/stream", "stream", lambda: app.response_class(generate()))
        assert client.get("/stream").data == b"ab"
        assert closed == [True]
        assert not [record for record in caplog.records if record.levelno >= logging.ERROR]

    def test_file_the_server_sends_is_left_to_it(self, app: Demijohn) -> None:
        class FileWrapper:
            def __init__(self, file: t.Any, block_size: int = 8192) -> None:
                self.file = file

            def __iter__(self) -> t.Iterator[bytes]:
                return iter([self.file.read()])

        app.add_url_rule("/file", "file", lambda: send_file(io.BytesIO(b"data"), "text/plain"))
        environ = create_environ("/file")
        environ["wsgi.file_wrapper"] = FileWrapper
        body = app(environ, lambda *args: None)
        assert isinstance(body, FileWrapper)
        assert list(body) == [b"data"]
