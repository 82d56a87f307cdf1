"""Calling a WSGI application from the ASGI driver: the ``start_response`` of one request,
and the body of an application that calls it only as its body is iterated (PEP 3333 allows
that; Werkzeug's debugger does it). Used for HTTP requests and WebSocket handshakes alike.
"""

from __future__ import annotations

import typing as t


class StartResponse:
    """The WSGI ``start_response`` of one request: it records the status and headers, which
    the driver sends once the application has returned.

    As PEP 3333 requires, a call with ``exc_info`` replaces the status and headers while they
    have not been sent (a middleware answering an error with a response of its own), and
    re-raises the exception once they have.
    """

    __slots__ = ("headers", "sent", "status")

    def __init__(self) -> None:
        self.status: str | None = None
        self.headers: list[tuple[str, str]] = []
        #: Whether the status and headers have gone to the server.
        self.sent = False

    def __call__(
        self, status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], object]:
        if exc_info is not None and self.sent:
            raise exc_info[1].with_traceback(exc_info[2])
        self.status = status
        self.headers = headers
        return _no_write


class StartedBody:
    """The body of an application that called ``start_response`` only as its body was
    iterated: the chunk produced to get there, then the rest of the body. Closing it closes
    the body.

    :param first: the chunk produced, or ``None`` when the body ended without one.
    :param rest: the body's iterator, which gives the chunks after it.
    :param body: the body, closed when this is.
    """

    __slots__ = ("_body", "_first", "_rest")

    def __init__(
        self, first: bytes | None, rest: t.Iterator[bytes], body: t.Iterable[bytes]
    ) -> None:
        self._first = first
        self._rest = rest
        self._body = body

    @classmethod
    def start(cls, body: t.Iterable[bytes], start_response: StartResponse) -> StartedBody:
        """Iterate ``body`` until it has called ``start_response`` and given a chunk, or has
        given a chunk that is not empty (too soon: the caller refuses it), or has ended. Like
        a server, this only needs the status before the first bytes of the body."""
        iterator = iter(body)
        for chunk in iterator:
            if chunk or start_response.status is not None:
                return cls(chunk, iterator, body)
        return cls(None, iter(()), body)

    def __iter__(self) -> StartedBody:
        return self

    def __next__(self) -> bytes:
        first = self._first
        if first is None:
            return next(self._rest)
        self._first = None
        return first

    def close(self) -> None:
        """Close the body."""
        close = getattr(self._body, "close", None)
        if close is not None:
            close()


#: The error of an application that gave its body before calling ``start_response``.
NOT_STARTED = (
    "The application gave its body without calling start_response. WSGI middleware around"
    " 'wsgi_app' must call it before returning, or before its body gives its first bytes."
)


def _no_write(data: bytes) -> object:
    raise RuntimeError(
        "The WSGI 'write' callable is not supported under ASGI. Return the body from the"
        " application instead."
    )
