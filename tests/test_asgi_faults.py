"""The ASGI driver under faults and load, called the way a server calls it: requests the
server cancels, clients that leave mid-body and mid-stream, bodies sent in many messages while
the response streams, more streams than the thread pool has threads, and an application
served from inside another's view.

The client's side is played by :class:`Client`, which feeds the application the messages a
test puts in, one at a time, and refuses a second ``receive`` awaited while one is pending (a
server's receive may not be awaited twice at once).
"""

from __future__ import annotations

import asyncio
import threading
import typing as t

import pytest

from demijohn import Demijohn, request

Message = t.MutableMapping[str, t.Any]
#: How long a test waits for something that must happen before failing, rather than hang.
DEADLOCK = 30.0


def http_scope(path: str = "/", *, method: str = "GET") -> dict[str, t.Any]:
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
        "headers": [],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


def body(data: bytes, more: bool = False) -> Message:
    return {"type": "http.request", "body": data, "more_body": more}


DISCONNECT: Message = {"type": "http.disconnect"}


class Client:
    """The client's side of one ASGI call.

    :param incoming: the messages the client has sent already; :meth:`say` sends more.
    """

    def __init__(self, *incoming: Message) -> None:
        self.inbox: asyncio.Queue[Message] = asyncio.Queue()
        for message in incoming:
            self.inbox.put_nowait(message)
        self.sent: list[Message] = []
        self.got_chunk = asyncio.Event()
        self._receiving = False

    def say(self, *messages: Message) -> None:
        for message in messages:
            self.inbox.put_nowait(message)

    async def receive(self) -> Message:
        if self._receiving:
            raise AssertionError("the application awaited receive twice at once")
        self._receiving = True
        try:
            return await self.inbox.get()
        finally:
            self._receiving = False

    async def send(self, message: Message) -> None:
        self.sent.append(message)
        if message.get("body"):
            self.got_chunk.set()

    async def next_chunk(self) -> bytes:
        """Wait for the next body chunk the application sends."""
        seen = len(self.chunks)
        while len(self.chunks) == seen:
            self.got_chunk.clear()
            await asyncio.wait_for(self.got_chunk.wait(), DEADLOCK)
        return self.chunks[seen]

    @property
    def status(self) -> int:
        return t.cast(int, self.sent[0]["status"])

    @property
    def chunks(self) -> list[bytes]:
        return [m["body"] for m in self.sent if m["type"] == "http.response.body" and m["body"]]

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)

    @property
    def finished(self) -> bool:
        last = self.sent[-1] if self.sent else {}
        return last.get("type") == "http.response.body" and not last.get("more_body")


def call(
    app: Demijohn, client: Client, scope: dict[str, t.Any] | None = None
) -> asyncio.Future[None]:
    """Start one ASGI call of ``app`` as a task, as a server does."""
    return asyncio.ensure_future(app.asgi(scope or http_scope(), client.receive, client.send))


async def turns(count: int = 20) -> None:
    """Let the event loop run ``count`` turns: what is ready to happen has happened."""
    for _ in range(count):
        await asyncio.sleep(0)


async def in_thread(event: threading.Event) -> None:
    """Wait for ``event``, set in another thread, without blocking the loop."""
    if not await asyncio.to_thread(event.wait, DEADLOCK):
        raise AssertionError("the event was never set")


class TestCancellation:
    """A server cancels the application's task when the client goes away (hypercorn does, and
    so do timeouts): code still running for the request must finish before its teardown."""

    def test_teardown_waits_for_a_sync_view_still_running(self, app: Demijohn) -> None:
        started, release = threading.Event(), threading.Event()
        events: list[str] = []
        resource = {"open": True}

        @app.route("/")
        def slow() -> str:
            started.set()
            release.wait(DEADLOCK)
            events.append(f"view ends, resource {'open' if resource['open'] else 'closed'}")
            return "late"

        @app.teardown_request
        def close(exc: BaseException | None) -> None:
            resource["open"] = False
            events.append(f"teardown after {type(exc).__name__}")

        async def main() -> None:
            task = call(app, Client(body(b"")))
            await in_thread(started)
            task.cancel()
            await turns()
            events.append("cancelled")
            release.set()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        assert events == [
            "cancelled",
            "view ends, resource open",
            "teardown after CancelledError",
        ]

    def test_a_view_still_waiting_for_a_thread_never_runs(self, app: Demijohn) -> None:
        app.config["ASGI_THREADS"] = 1
        started, release = threading.Event(), threading.Event()
        ran: list[str] = []

        @app.route("/block")
        def block() -> str:
            started.set()
            release.wait(DEADLOCK)
            return "blocked"

        @app.route("/queued")
        def queued() -> str:
            ran.append("queued")
            return "queued"

        async def main() -> None:
            blocking = Client(body(b""))
            first = call(app, blocking, http_scope("/block"))
            await in_thread(started)
            second = call(app, Client(body(b"")), http_scope("/queued"))
            await turns()
            second.cancel()
            with pytest.raises(asyncio.CancelledError):
                await second
            release.set()
            await first
            assert blocking.body == b"blocked"

        asyncio.run(main())
        assert ran == []

    def test_an_async_view_is_cancelled_where_it_waits(self, app: Demijohn) -> None:
        events: list[str] = []

        @app.route("/")
        async def waits() -> str:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                events.append("view cancelled")
                raise
            return "never"

        app.teardown_request(lambda exc: events.append(f"teardown after {type(exc).__name__}"))

        async def main() -> None:
            task = call(app, Client(body(b"")))
            await turns()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        assert events == ["view cancelled", "teardown after CancelledError"]


class TestNestedApplications:
    """An application served from inside another's async view (a mounted sub-application, a
    test that calls an app from a view) runs in greenlets of its own under the view's."""

    @pytest.fixture
    def outer(self, app: Demijohn) -> Demijohn:
        inner = Demijohn("inner")

        @inner.route("/sync")
        def sync_view() -> str:
            return f"inner sync {request.path}"

        @inner.route("/async")
        async def async_view() -> str:
            await asyncio.sleep(0)
            return f"inner async {request.path}"

        @app.route("/mount/<path:rest>")
        async def mount(rest: str) -> bytes:
            client = Client(body(b""))
            await inner.asgi(http_scope(f"/{rest}"), client.receive, client.send)
            return f"{request.path} got ".encode() + client.body

        @app.route("/plain")
        async def plain() -> str:
            await asyncio.sleep(0)
            return "plain"

        return app

    def test_nested_calls_answer_once_the_workers_are_warm(self, outer: Demijohn) -> None:
        async def main() -> list[bytes]:
            # Requests at once leave several idle workers, made outside any view.
            await asyncio.gather(
                *(call(outer, Client(body(b"")), http_scope("/plain")) for _ in range(4))
            )
            answers = []
            for path in ["/mount/sync", "/mount/async"] * 3:
                client = Client(body(b""))
                await call(outer, client, http_scope(path))
                answers.append(client.body)
            return answers

        assert (
            asyncio.run(main())
            == [
                b"/mount/sync got inner sync /sync",
                b"/mount/async got inner async /async",
            ]
            * 3
        )

    def test_concurrent_nested_calls(self, outer: Demijohn) -> None:
        async def main() -> list[bytes]:
            clients = [Client(body(b"")) for _ in range(8)]
            paths = ["/mount/sync", "/mount/async"] * 4
            await asyncio.gather(
                *(call(outer, c, http_scope(p)) for c, p in zip(clients, paths, strict=True))
            )
            return [client.body for client in clients]

        assert set(asyncio.run(main())) == {
            b"/mount/sync got inner sync /sync",
            b"/mount/async got inner async /async",
        }
