"""WebSocket connections under the ASGI driver: the handshake runs through the pipeline like
any request, so hooks, sessions and error handlers apply, and the handler talks through the
:class:`~demijohn.websocket.WebSocket` in ``request.websocket``.

What the handler does with the connection is :mod:`demijohn.websocket`; here is only how a
handshake is run and answered.
"""

from __future__ import annotations

import logging
import typing as t

from ..websocket import WebSocket
from .greenlets import LoopRunner, run_in_greenlet
from .http import MALFORMED_BODY, environ_of
from .request import MalformedScope
from .request_body import RequestBodyStream, no_body
from .start_response import NOT_STARTED, StartedBody, StartResponse

if t.TYPE_CHECKING:
    from .application import ASGIApp
    from .interface import Receive, Scope, Send

logger = logging.getLogger(__name__)


async def serve_websocket(driver: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Serve one WebSocket connection.

    :param driver: the application's ASGI driver.
    :param scope: the ``websocket`` scope.
    :param receive: the ASGI receive callable.
    :param send: the ASGI send callable.
    """
    runner = driver.make_runner()
    websocket = WebSocket(scope, receive, send)
    body_stream = RequestBodyStream(no_body)
    start_response = StartResponse()
    try:
        if driver.calls_pipeline():
            request = driver.make_request(scope, body_stream, websocket)
        else:
            environ = environ_of(scope, body_stream)
            environ["demijohn.websocket"] = websocket
            request = None
    except MalformedScope as e:
        logger.warning("Refused a malformed ASGI websocket scope with a 400: %s.", e)
        headers = [("Content-Type", "text/plain; charset=utf-8")]
        await websocket.reject(_Handshake(400, headers, [MALFORMED_BODY]))
        return
    if request is None:
        body = await run_in_greenlet(runner, driver._respond, environ, start_response)
    else:
        body = await run_in_greenlet(runner, driver._handle, request, scope, start_response)
    try:
        if start_response.status is None:
            body = await run_in_greenlet(runner, StartedBody.start, body, start_response)
        await _answer_handshake(runner, websocket, body, start_response)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            await run_in_greenlet(runner, close)


async def _answer_handshake(
    runner: LoopRunner,
    websocket: WebSocket,
    body: t.Iterable[bytes],
    start_response: StartResponse,
) -> None:
    """Reject the handshake with the HTTP response, unless the handler accepted it; close an
    accepted connection the handler left open."""
    scope = websocket.scope
    chunks: t.Any = None
    if start_response.status is None:
        logger.error("WebSocket handshake for %r failed: %s", scope.get("path"), NOT_STARTED)
        start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")])
        chunks = [b"Internal Server Error"]
    status_code = int(t.cast(str, start_response.status)[:3])
    if websocket.state == "connecting":
        if chunks is None:
            # A streamed answer (an HTTP error is one) is collected off the loop, so the
            # client gets the body its Content-Length announces.
            chunks = body
            if not isinstance(chunks, list):
                chunks = await run_in_greenlet(runner, runner.run_blocking, list, body)
        await websocket.reject(_Handshake(status_code, start_response.headers, chunks))
    elif websocket.state == "connected":
        await websocket.close(1011 if status_code >= 500 else 1000)


class _Handshake:
    """The HTTP answer to a rejected WebSocket handshake."""

    def __init__(self, status_code: int, headers: list[tuple[str, str]], body: t.Any) -> None:
        self.status_code = status_code
        self.headers = dict(headers)
        self._body = body

    def get_data(self) -> bytes:
        return b"".join(self._body) if isinstance(self._body, list) else b""
