"""The request body of an ASGI request: the request's ``wsgi.input``, whose reads receive
``http.request`` messages as they are needed, so a view that never reads the body never
waits for it. Nothing here sends.
"""

from __future__ import annotations

import typing as t

from werkzeug.exceptions import ClientDisconnected as _ClientDisconnected
from werkzeug.exceptions import RequestEntityTooLarge

from ..calling import run_coroutine
from ..globals import _cv_request

if t.TYPE_CHECKING:
    from .interface import Message, Receive


class ClientDisconnected(_ClientDisconnected, ConnectionError):
    """The client went away before the request body was received: a *400 Bad Request*, so
    the client's fault is not logged as a server error."""


class RequestBodyStream:
    """The ``wsgi.input`` of an ASGI request: reads pull ``http.request`` messages from the
    server as they are needed, through the current runner, so a view that never reads the body
    never waits for it.

    :param receive: the ASGI receive callable.
    """

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._buffer = bytearray()
        self._more = True
        self._received = 0

    def _fill(self, wanted: int | None) -> None:
        limit = _max_content_length()
        # At exactly the limit, one more message tells a complete body from one that is too
        # large, which Werkzeug's limited stream would otherwise cut short without a 413.
        while self._more and (
            wanted is None or len(self._buffer) < wanted or self._received == limit
        ):
            message = run_coroutine(self._receive())
            if message["type"] == "http.disconnect":
                self._more = False
                raise ClientDisconnected(
                    "The client disconnected before sending the whole request body."
                )
            body = message.get("body", b"")
            self._received += len(body)
            if limit is not None and self._received > limit:
                self._more = False
                raise RequestEntityTooLarge()
            self._buffer += body
            self._more = message.get("more_body", False)

    def read(self, size: int | None = -1) -> bytes:
        """Read up to ``size`` bytes, or everything when ``size`` is negative or ``None``."""
        if size is None or size < 0:
            self._fill(None)
            size = len(self._buffer)
        else:
            self._fill(size)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def readline(self, size: int | None = -1) -> bytes:
        """Read one line (up to ``size`` bytes)."""
        limit = None if size is None or size < 0 else size
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0 or not self._more or (limit is not None and len(self._buffer) >= limit):
                break
            self._fill(len(self._buffer) + 1)
        stop = len(self._buffer) if end < 0 else end + 1
        if limit is not None:
            stop = min(stop, limit)
        data = bytes(self._buffer[:stop])
        del self._buffer[:stop]
        return data

    def __iter__(self) -> t.Iterator[bytes]:
        while True:
            line = self.readline()
            if not line:
                return
            yield line


def _max_content_length() -> int | None:
    """The current request's ``max_content_length``; ``None`` outside a request."""
    ctx = _cv_request.get(None)
    return None if ctx is None else ctx.request.max_content_length


async def wait_for_disconnect(receive: Receive) -> None:
    """Return when the client has gone away (body messages not read by the app are dropped)."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def no_body() -> Message:
    """The body of a request that has none (a WebSocket handshake)."""
    return {"type": "http.request", "body": b"", "more_body": False}
