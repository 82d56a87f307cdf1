"""The request body of an ASGI request: the request's ``wsgi.input``, whose reads receive
``http.request`` messages as they are needed, so a view that never reads the body never
waits for it; and the one place that receives, shared by the body's reader and the watch for
a disconnect while a response streams. Nothing here sends.
"""

from __future__ import annotations

import asyncio
import collections.abc as cabc
import logging
import typing as t

from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.exceptions import ClientDisconnected as _ClientDisconnected

from ..calling import run_coroutine
from ..globals import _cv_request

if t.TYPE_CHECKING:
    from .interface import Message, Receive

logger = logging.getLogger("demijohn.asgi")

#: What a body message that breaks the ASGI specification becomes: the reader answers it with
#: a 400, as a malformed scope is answered.
_MALFORMED = "demijohn.malformed"


class ClientDisconnected(_ClientDisconnected, ConnectionError):
    """The client went away before the request body was received: a *400 Bad Request*, so
    the client's fault is not logged as a server error."""


class RequestBodyStream:
    """The ``wsgi.input`` of an ASGI request: reads pull ``http.request`` messages from the
    server as they are needed, through the current runner, so a view that never reads the body
    never waits for it.

    :param receive: the ASGI receive callable.
    """

    # PERF: the state of a body not read yet, as class attributes: most requests never read.
    _inbound: Inbound | None = None
    #: Whether more body messages may come.
    _more = True
    #: How many bytes of body were received.
    _received = 0

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._buffer = bytearray()

    @property
    def inbound(self) -> Inbound:
        """Where the messages of this request are received: made when first needed, since
        most requests never read a body nor stream a response."""
        inbound = self._inbound
        if inbound is None:
            inbound = self._inbound = Inbound(self._receive)
        return inbound

    def _fill(self, wanted: int | None) -> None:
        limit = _max_content_length()
        # At exactly the limit, one more message tells a complete body from one that is too
        # large, which Werkzeug's limited stream would otherwise cut short without a 413.
        while self._more and (
            wanted is None or len(self._buffer) < wanted or self._received == limit
        ):
            message = run_coroutine(self.inbound.receive_body())
            if message["type"] == "http.disconnect":
                self._more = False
                raise ClientDisconnected(
                    "The client disconnected before sending the whole request body."
                )
            if message["type"] == _MALFORMED:
                self._more = False
                raise BadRequest("The request body could not be read.")
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


#: How many bytes of request body :meth:`Inbound.wait_for_disconnect` keeps for the body's
#: reader before it stops receiving until they are read.
MAX_KEPT_BODY = 65536


class Inbound:
    """What the client sends during one HTTP request, received one message at a time.

    The body's reader (:meth:`receive_body`) and the watch for a disconnect while a
    response streams (:meth:`wait_for_disconnect`) both receive here, so the server's
    ``receive`` is never awaited twice at once: whoever asks while a message is on its way
    waits for it. Body messages the watch receives are kept, in order, for the reader, up to
    :data:`MAX_KEPT_BODY` bytes; then the watch stops receiving until the reader has caught
    up, which is the backpressure a server applies to the client.

    :param receive: the ASGI receive callable.
    """

    __slots__ = ("_arrival", "_kept", "_kept_bytes", "_read", "_receive", "disconnected")

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        #: Body messages received and not read yet (a few at most: a list is quicker to make).
        self._kept: list[Message] = []
        self._kept_bytes = 0
        #: Set when a message arrives, for whoever waited while another received it.
        self._arrival: asyncio.Future[None] | None = None
        #: Set when the reader takes a kept message, for a watch waiting for room.
        self._read: asyncio.Future[None] | None = None
        #: Whether ``http.disconnect`` has arrived.
        self.disconnected = False

    async def _pull(self) -> None:
        """Receive one message, or wait for the one another caller is receiving."""
        arrival = self._arrival
        if arrival is not None:
            await asyncio.shield(arrival)
            return
        arrival = self._arrival = asyncio.get_running_loop().create_future()
        try:
            message = _checked(await self._receive())
            if message["type"] == "http.disconnect":
                self.disconnected = True
            else:
                self._kept.append(message)
                self._kept_bytes += len(message.get("body", b""))
        finally:
            # Also when this receive was cancelled: those waiting then receive themselves.
            self._arrival = None
            arrival.set_result(None)

    async def receive_body(self) -> Message:
        """The next body message, or ``http.disconnect`` once the client has gone."""
        kept = self._kept
        while not kept:
            if self.disconnected:
                return {"type": "http.disconnect"}
            await self._pull()
        message = kept.pop(0)
        self._kept_bytes -= len(message.get("body", b""))
        read = self._read
        if read is not None:
            self._read = None
            read.set_result(None)
        return message

    async def wait_for_disconnect(self) -> None:
        """Return when the client has gone away, keeping the body messages that come first
        for the reader."""
        while not self.disconnected:
            if self._kept_bytes >= MAX_KEPT_BODY:
                read = self._read
                if read is None:
                    read = self._read = asyncio.get_running_loop().create_future()
                await asyncio.shield(read)
            else:
                await self._pull()


def _checked(message: Message) -> Message:
    """``message`` if it is an ``http.request`` or ``http.disconnect`` message as the ASGI
    specification has them; else, logged once, the marker the body's reader refuses."""
    kind = message.get("type") if isinstance(message, cabc.Mapping) else None
    if kind == "http.disconnect":
        return message
    if kind == "http.request":
        body = message.get("body", b"")
        if isinstance(body, bytes | bytearray | memoryview) and isinstance(
            message.get("more_body", False), bool
        ):
            return message
        why = f"its 'body' is {type(body).__name__}, not bytes"
    else:
        why = f"its type is {kind!r}, not 'http.request'"
    logger.warning(
        "Refused a malformed ASGI request body message with a 400: %s. The server (or the test"
        " calling the application) must send the body as bytes in 'http.request' messages.",
        why,
    )
    return {"type": _MALFORMED, "body": b""}


async def no_body() -> Message:
    """The body of a request that has none (a WebSocket handshake)."""
    return {"type": "http.request", "body": b"", "more_body": False}
