"""A raw ASGI harness: the server's side of ASGI calls, played message by message.

Tests of the driver call ``app.asgi`` the way a server does, with hand-made scopes, and talk
to it through a :class:`Client`: the messages a test puts in are handed out one at a time, a
second ``receive`` awaited while one is pending fails the test (a server's receive may not be
awaited twice at once), and what the application sends is recorded. Every wait has a deadline,
so a deadlock fails the test instead of hanging it.

This module holds no tests.
"""

from __future__ import annotations

import asyncio
import threading
import typing as t

if t.TYPE_CHECKING:
    from demijohn import Demijohn

Message = t.MutableMapping[str, t.Any]
#: How long a test waits for something that must happen before failing, rather than hang.
DEADLOCK = 10.0

DISCONNECT: Message = {"type": "http.disconnect"}


def http_scope(
    path: str = "/", *, method: str = "GET", headers: t.Sequence[tuple[str, str]] = ()
) -> dict[str, t.Any]:
    """An ``http`` scope as a server builds it."""
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


def websocket_scope(path: str = "/ws") -> dict[str, t.Any]:
    """A ``websocket`` scope as a server builds it."""
    scope = http_scope(path)
    del scope["method"]
    scope.update(type="websocket", scheme="ws", subprotocols=[])
    return scope


def body(data: bytes, more: bool = False) -> Message:
    """One ``http.request`` message."""
    return {"type": "http.request", "body": data, "more_body": more}


class Client:
    """The client's side of one ASGI call.

    :param incoming: the messages the client has sent already; :meth:`say` sends more.
    """

    def __init__(self, *incoming: Message) -> None:
        self.inbox: asyncio.Queue[Message] = asyncio.Queue()
        for message in incoming:
            self.inbox.put_nowait(message)
        self.sent: list[Message] = []
        self.got_message = asyncio.Event()
        self._receiving = False
        self._taken = 0

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
        self.got_message.set()

    async def wait_for(self, condition: t.Callable[[], bool]) -> None:
        """Wait until ``condition()`` holds, checked each time the application sends."""
        while not condition():
            self.got_message.clear()
            await asyncio.wait_for(self.got_message.wait(), DEADLOCK)

    async def next_chunk(self) -> bytes:
        """The next body chunk this has not returned yet, waiting for it if need be."""
        taken = self._taken
        await self.wait_for(lambda: len(self.chunks) > taken)
        self._taken += 1
        return self.chunks[taken]

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


async def get(app: Demijohn, path: str) -> Client:
    """One ``GET`` request with no body, awaited to its end (within the deadline)."""
    client = Client(body(b""))
    await asyncio.wait_for(call(app, client, http_scope(path)), DEADLOCK)
    return client


async def turns(count: int = 20) -> None:
    """Let the event loop run ``count`` turns: what is ready to happen has happened."""
    for _ in range(count):
        await asyncio.sleep(0)


async def in_thread(event: threading.Event) -> None:
    """Wait for ``event``, set in another thread, without blocking the loop."""
    if not await asyncio.to_thread(event.wait, DEADLOCK):
        raise AssertionError("the event was never set")
