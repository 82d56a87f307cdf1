"""The ASGI driver with what real servers and middleware hand it: awaitables that are not
coroutines (granian's receive and send return such), and WSGI middleware that starts the
response only when its body is iterated (Werkzeug's debugger does).

The server's side is played by a small raw-ASGI harness here; ``tests/test_asgi.py`` covers
the driver with ordinary coroutine callables.
"""

from __future__ import annotations

import asyncio
import json
import typing as t

import pytest

from demijohn import Demijohn, Response, request, stream_with_context
from demijohn.calling import run_coroutine

Message = t.MutableMapping[str, t.Any]


def http_scope(
    path: str, *, method: str = "GET", headers: t.Sequence[tuple[str, str]] = ()
) -> Message:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
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


class NextOnlyServer:
    """The server's side of one ASGI call, with receive and send returning
    :class:`NextOnlyAwaitable` objects instead of coroutines.

    :param incoming: the messages the client sends, in order; then it waits to disconnect.
    """

    def __init__(self, incoming: list[Message]) -> None:
        self.incoming = incoming
        self.sent: list[Message] = []

    def receive(self) -> NextOnlyAwaitable:
        if self.incoming:
            return later(self.incoming.pop(0))
        # A connected client with nothing more to say: never answers.
        return NextOnlyAwaitable(None)

    def send(self, message: Message) -> NextOnlyAwaitable:
        self.sent.append(message)
        return later(None)

    @property
    def status(self) -> int:
        assert self.sent[0]["type"] == "http.response.start"
        return t.cast(int, self.sent[0]["status"])

    @property
    def chunks(self) -> list[bytes]:
        return [m["body"] for m in self.sent[1:] if m["type"] == "http.response.body"]

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


def serve_next_only(app: Demijohn, scope: Message, *incoming: Message) -> NextOnlyServer:
    server = NextOnlyServer(list(incoming))
    asyncio.run(app.asgi(scope, server.receive, server.send))  # type: ignore[arg-type]
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
