"""The ASGI driver with what real servers and middleware hand it: awaitables that are not
coroutines (granian's receive and send return such), and WSGI middleware that starts the
response only when its body is iterated (Werkzeug's debugger does).

The server's side is played by a small raw-ASGI harness here; ``tests/test_asgi.py`` covers
the driver with ordinary coroutine callables.
"""

from __future__ import annotations

import asyncio
import json
import logging
import typing as t

import pytest
from werkzeug.debug import DebuggedApplication

from demijohn import Demijohn, Response, request, stream_with_context
from demijohn.calling import run_coroutine
from demijohn.testing import WebSocketRejected
from demijohn.websocket import WebSocket

Message = t.MutableMapping[str, t.Any]


def http_scope(
    path: str,
    *,
    method: str = "GET",
    headers: t.Sequence[tuple[str, str]] = (),
    query: bytes = b"",
) -> Message:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


class NextOnlyAwaitable:
    """An awaitable as granian's receive and send return them: ``__await__`` gives an
    iterator that has ``__next__`` but neither ``send`` nor ``throw``. It waits for a future
    that the event loop settles on a later turn, so awaiting it really suspends. Like
    granian's, it may be made in any thread; only awaiting it needs the loop.

    :param settle: called with the future on the loop's next turn; ``None`` never settles it.
    """

    def __init__(self, settle: t.Callable[[asyncio.Future[t.Any]], None] | None) -> None:
        self._settle = settle

    def __await__(self) -> NextOnlyIterator:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if self._settle is not None:
            loop.call_soon(self._settle, future)
        return NextOnlyIterator(future)


class NextOnlyIterator:
    def __init__(self, future: asyncio.Future[t.Any]) -> None:
        self._future = future

    def __iter__(self) -> NextOnlyIterator:
        return self

    def __next__(self) -> t.Any:
        if not self._future.done():
            # What asyncio's task needs to see to wait for the future.
            self._future._asyncio_future_blocking = True
            return self._future
        raise StopIteration(self._future.result())


def later(value: t.Any) -> NextOnlyAwaitable:
    """An awaitable that gives ``value`` on the event loop's next turn."""
    return NextOnlyAwaitable(lambda future: future.set_result(value))


class RecordingServer:
    """The server's side of one ASGI call, recording what the application sends.

    :param incoming: the messages the client sends, in order; then it waits to disconnect.
    """

    def __init__(self, incoming: list[Message]) -> None:
        self.incoming = incoming
        self.sent: list[Message] = []

    @property
    def status(self) -> int:
        assert self.sent[0]["type"] == "http.response.start"
        return t.cast(int, self.sent[0]["status"])

    def header(self, name: str) -> list[bytes]:
        return [v for k, v in self.sent[0]["headers"] if k == name.encode()]

    @property
    def chunks(self) -> list[bytes]:
        return [m["body"] for m in self.sent[1:] if m["type"] == "http.response.body"]

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


class NextOnlyServer(RecordingServer):
    """A server whose receive and send return :class:`NextOnlyAwaitable` objects instead of
    coroutines."""

    def receive(self) -> NextOnlyAwaitable:
        if self.incoming:
            return later(self.incoming.pop(0))
        # A connected client with nothing more to say: never answers.
        return NextOnlyAwaitable(None)

    def send(self, message: Message) -> NextOnlyAwaitable:
        self.sent.append(message)
        return later(None)


class CoroutineServer(RecordingServer):
    """A server whose receive and send are coroutine functions, as most servers' are."""

    async def receive(self) -> Message:
        if self.incoming:
            return self.incoming.pop(0)
        await asyncio.Event().wait()  # a connected client with nothing more to say
        raise AssertionError("unreachable")

    async def send(self, message: Message) -> None:
        self.sent.append(message)


def serve_next_only(app: Demijohn, scope: Message, *incoming: Message) -> NextOnlyServer:
    server = NextOnlyServer(list(incoming))
    asyncio.run(app.asgi(scope, server.receive, server.send))  # type: ignore[arg-type]
    return server


def serve(app: Demijohn, scope: Message, *incoming: Message) -> CoroutineServer:
    server = CoroutineServer(list(incoming or [body_message(b"")]))
    asyncio.run(app.asgi(scope, server.receive, server.send))
    return server


def body_message(data: bytes, more: bool = False) -> Message:
    return {"type": "http.request", "body": data, "more_body": more}


class TestAwaitablesThatAreNotCoroutines:
    def test_json_body_is_read(self, app: Demijohn) -> None:
        @app.post("/echo")
        def echo() -> t.Any:
            return {"json": request.get_json()}

        server = serve_next_only(
            app,
            http_scope("/echo", method="POST", headers=[("Content-Type", "application/json")]),
            body_message(b'{"hello": ', more=True),
            body_message(b'"world"}'),
        )
        assert server.status == 200
        assert json.loads(server.body) == {"json": {"hello": "world"}}

    @pytest.mark.parametrize("in_threads", [True, False], ids=["pool", "loop"])
    def test_body_is_read_line_by_line(self, app: Demijohn, in_threads: bool) -> None:
        # A sync view runs in the thread pool, or in the request's greenlet on the loop.
        app.config["ASGI_SYNC_VIEWS_IN_THREADS"] = in_threads

        @app.post("/lines")
        def lines() -> t.Any:
            return {"lines": [line.decode() for line in request.stream]}

        server = serve_next_only(
            app,
            http_scope("/lines", method="POST"),
            body_message(b"one\ntw", more=True),
            body_message(b"o\n"),
        )
        assert json.loads(server.body) == {"lines": ["one\n", "two\n"]}

    def test_streamed_body_is_sent_chunk_by_chunk(self, app: Demijohn) -> None:
        @app.get("/stream")
        def stream() -> Response:
            @stream_with_context
            def generate() -> t.Iterator[str]:
                yield "a"
                yield request.path

            return Response(generate())

        server = serve_next_only(app, http_scope("/stream"))
        assert server.status == 200
        assert server.chunks == [b"a", b"/stream", b""]

    def test_sync_code_awaits_such_an_awaitable_directly(self, app: Demijohn) -> None:
        @app.get("/wait")
        def wait() -> str:
            return t.cast(str, run_coroutine(later("waited")))

        server = serve_next_only(app, http_scope("/wait"))
        assert server.body == b"waited"

    def test_failure_reaches_the_code_that_waited(self, app: Demijohn) -> None:
        @app.get("/fail")
        def fail() -> str:
            try:
                run_coroutine(NextOnlyAwaitable(lambda f: f.set_exception(LookupError("gone"))))
            except LookupError as e:
                return f"caught {e}"
            return "not raised"

        server = serve_next_only(app, http_scope("/fail"))
        assert server.body == b"caught gone"


class Closed:
    """A response body that records whether the server closed it.

    :param chunks: what iterating it gives; an exception in it is raised there instead.
    :param start: called on the first ``next()``, before anything is given.
    """

    def __init__(self, chunks: list[bytes | Exception], start: t.Callable[[], None]) -> None:
        self._chunks = chunks
        self._start: t.Callable[[], None] | None = start
        self.closed = False

    def __iter__(self) -> Closed:
        return self

    def __next__(self) -> bytes:
        if self._start is not None:
            start, self._start = self._start, None
            start()
        if not self._chunks:
            raise StopIteration
        chunk = self._chunks.pop(0)
        if isinstance(chunk, Exception):
            raise chunk
        return chunk

    def close(self) -> None:
        self.closed = True


class TestMiddlewareThatStartsTheResponseLazily:
    """PEP 3333 lets an application call start_response as its body is first iterated, and
    servers must not assume it was called before they iterate. Werkzeug's debugger does so:
    its body is a generator that runs the application on the first ``next()``."""

    def test_the_whole_app_runs_on_the_first_next(self, app: Demijohn) -> None:
        inner = app.wsgi_app

        @app.get("/")
        def index() -> Response:
            return Response("hello", headers={"X-View": "ran"})

        def middleware(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
            def body() -> t.Iterator[bytes]:
                chunks = inner(environ, start_response)
                try:
                    yield from chunks
                finally:
                    getattr(chunks, "close", lambda: None)()

            return body()

        app.wsgi_app = middleware  # type: ignore[method-assign]
        server = serve(app, http_scope("/"))
        assert (server.status, server.header("x-view"), server.body) == (200, [b"ran"], b"hello")

    def test_a_body_that_starts_itself_and_streams(self, app: Demijohn) -> None:
        def streams(environ: dict[str, t.Any], start_response: t.Any) -> t.Iterator[bytes]:
            start_response("201 CREATED", [("X-Lazy", "yes")])
            yield b"first"
            yield b""
            yield b"second"

        app.wsgi_app = streams  # type: ignore[method-assign]
        server = serve(app, http_scope("/"))
        assert (server.status, server.header("x-lazy")) == (201, [b"yes"])
        # Each chunk in a message of its own, ended by an empty one, as for any stream.
        assert server.chunks == [b"first", b"second", b""]
        assert server.sent[-1]["more_body"] is False

    def test_an_empty_body(self, app: Demijohn) -> None:
        closed: list[Closed] = []

        def empty(environ: dict[str, t.Any], start_response: t.Any) -> Closed:
            body = Closed([], lambda: start_response("204 NO CONTENT", [("X-Empty", "yes")]))
            closed.append(body)
            return body

        app.wsgi_app = empty  # type: ignore[method-assign]
        server = serve(app, http_scope("/"))
        assert (server.status, server.header("x-empty"), server.body) == (204, [b"yes"], b"")
        assert server.sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}
        assert closed[0].closed

    def test_empty_chunks_before_starting(self, app: Demijohn) -> None:
        """Servers send the status with the first non-empty chunk, so an application may
        yield empty ones before it starts."""

        def hesitates(environ: dict[str, t.Any], start_response: t.Any) -> t.Iterator[bytes]:
            yield b""
            start_response("200 OK", [])
            yield b"late"

        app.wsgi_app = hesitates  # type: ignore[method-assign]
        server = serve(app, http_scope("/"))
        assert (server.status, server.body) == (200, b"late")

    def test_an_exception_before_start_response_reaches_the_server(self, app: Demijohn) -> None:
        closed: list[Closed] = []

        def fails(environ: dict[str, t.Any], start_response: t.Any) -> Closed:
            body = Closed([LookupError("no such thing")], lambda: None)
            closed.append(body)
            return body

        app.wsgi_app = fails  # type: ignore[method-assign]
        server = CoroutineServer([body_message(b"")])
        with pytest.raises(LookupError, match="no such thing"):
            asyncio.run(app.asgi(http_scope("/"), server.receive, server.send))
        # The server answers 500 itself: nothing was sent, and the body was closed.
        assert server.sent == []
        assert closed[0].closed

    def test_a_body_that_never_starts_is_refused(self, app: Demijohn) -> None:
        closed: list[Closed] = []

        def never(environ: dict[str, t.Any], start_response: t.Any) -> Closed:
            body = Closed([b"body"], lambda: None)
            closed.append(body)
            return body

        app.wsgi_app = never  # type: ignore[method-assign]
        server = CoroutineServer([body_message(b"")])
        with pytest.raises(RuntimeError, match="without calling start_response"):
            asyncio.run(app.asgi(http_scope("/"), server.receive, server.send))
        assert server.sent == []
        assert closed[0].closed

    def test_werkzeugs_debugger_around_wsgi_app(self, app: Demijohn) -> None:
        app.config["PROPAGATE_EXCEPTIONS"] = True

        @app.get("/")
        def index() -> str:
            return "fine"

        @app.get("/fail")
        def fail() -> str:
            raise ZeroDivisionError("the view failed")

        app.wsgi_app = DebuggedApplication(app.wsgi_app)  # type: ignore[method-assign]
        assert serve(app, http_scope("/")).body == b"fine"
        server = serve(app, http_scope("/fail", headers=[("Host", "localhost")]))
        assert server.status == 500
        assert server.header("content-type") == [b"text/html; charset=utf-8"]
        assert b"ZeroDivisionError: the view failed" in server.body
        assert b'<div class="debugger">' in server.body

    def test_werkzeugs_debugger_around_a_websocket_handshake(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def echo(websocket: WebSocket) -> None:
            await websocket.accept()
            await websocket.send(await websocket.receive())

        app.wsgi_app = DebuggedApplication(app.wsgi_app)  # type: ignore[method-assign]
        with app.test_client().websocket("/ws") as ws:
            ws.send("through the debugger")
            assert ws.receive() == "through the debugger"

    def test_werkzeugs_debugger_around_a_rejected_handshake(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def refuse(websocket: WebSocket) -> tuple[str, int]:
            return "go away", 403

        app.wsgi_app = DebuggedApplication(app.wsgi_app)  # type: ignore[method-assign]
        with pytest.raises(WebSocketRejected) as info, app.test_client().websocket("/ws"):
            pass
        assert (info.value.status_code, info.value.body) == (403, b"go away")


async def under_lifespan(app: Demijohn, *scopes: Message) -> list[CoroutineServer]:
    """Start the application with a lifespan, serve ``scopes`` one after the other, then shut
    it down, as a server does; return each request's record."""
    to_app: asyncio.Queue[Message] = asyncio.Queue()
    from_app: asyncio.Queue[t.MutableMapping[str, t.Any]] = asyncio.Queue()
    lifespan = asyncio.ensure_future(
        app.asgi({"type": "lifespan", "asgi": {"version": "3.0"}}, to_app.get, from_app.put)
    )
    await to_app.put({"type": "lifespan.startup"})
    assert (await from_app.get())["type"] == "lifespan.startup.complete"
    servers = []
    for scope in scopes:
        server = CoroutineServer([body_message(b"")])
        await app.asgi(scope, server.receive, server.send)
        servers.append(server)
    await to_app.put({"type": "lifespan.shutdown"})
    assert (await from_app.get())["type"] == "lifespan.shutdown.complete"
    await lifespan
    return servers


class TestTheDebuggerInDebugMode:
    """Under a server with a lifespan, debug mode answers through Werkzeug's debugger, as the
    development server does."""

    @pytest.fixture
    def debugged(self, app: Demijohn) -> Demijohn:
        app.debug = True

        @app.get("/")
        def index() -> str:
            return "fine"

        @app.get("/fail")
        def fail() -> str:
            raise ZeroDivisionError("the view failed")

        return app

    def test_a_failing_view_shows_the_debugger(
        self, debugged: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        local = [("Host", "localhost")]
        with caplog.at_level(logging.INFO, logger=debugged.name):
            fine, failed, script = asyncio.run(
                under_lifespan(
                    debugged,
                    http_scope("/", headers=local),
                    http_scope("/fail", headers=local),
                    http_scope(
                        "/fail", headers=local, query=b"__debugger__=yes&cmd=resource&f=debugger.js"
                    ),
                )
            )
        assert (fine.status, fine.body) == (200, b"fine")
        assert failed.status == 500
        assert b'<div class="debugger">' in failed.body
        assert b"ZeroDivisionError: the view failed" in failed.body
        # The page's own resources come from the debugger, not from the application.
        assert script.status == 200
        assert b"function" in script.body
        messages = [record.getMessage() for record in caplog.records]
        assert messages[0].startswith(" * Debugger is active!")
        assert messages[1].startswith(" * Debugger PIN: ")

    def test_a_new_lifespan_keeps_the_debugger(
        self, debugged: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        """The pages it showed keep working (their frames live in it), and the PIN is
        logged once."""
        with caplog.at_level(logging.INFO, logger=debugged.name):
            for _ in range(2):
                (failed,) = asyncio.run(under_lifespan(debugged, http_scope("/fail")))
                assert b'<div class="debugger">' in failed.body
        assert [r.getMessage().startswith(" * Debugger PIN") for r in caplog.records] == [
            False,
            True,
        ]

    def test_without_a_lifespan_exceptions_reach_the_caller(self, debugged: Demijohn) -> None:
        """The test client has no lifespan: in debug mode exceptions propagate to the test,
        under ASGI as under WSGI."""
        with pytest.raises(ZeroDivisionError):
            debugged.test_client(protocol="asgi").get("/fail")

    def test_no_debugger_outside_debug_mode(self, app: Demijohn) -> None:
        app.testing = False

        @app.get("/fail")
        def fail() -> str:
            raise ZeroDivisionError("the view failed")

        (failed,) = asyncio.run(under_lifespan(app, http_scope("/fail")))
        assert failed.status == 500
        assert b"debugger" not in failed.body
        assert b"Internal Server Error" in failed.body
