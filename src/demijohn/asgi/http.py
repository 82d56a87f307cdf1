"""HTTP requests under the ASGI driver: run the pipeline in a greenlet (through ``wsgi_app``
when WSGI middleware is wrapped around it), then send what it returned.

A body demijohn built in memory is collected where ``wsgi_app`` ran and sent as it is. A
streamed body is sent chunk by chunk while the client is watched for leaving: an async
iterable's chunks are produced on the event loop, in one greenlet that also sends them and is
cancelled where it waits when the client leaves; any other body's chunks are produced in the
thread pool, since a generator may block, one chunk per trip.
"""

from __future__ import annotations

import asyncio
import logging
import typing as t

from ..ctx import RequestContext
from ..lifecycle import BodyThenTasks
from ..streaming import AsyncStream, LoggedBody
from ..werkzeug_privates import has_close_callbacks
from ..wsgi import send_response
from .environ import make_environ
from .greenlets import LoopRunner, run_in_greenlet
from .request import MalformedScope
from .request_body import Inbound, RequestBodyStream
from .start_response import NOT_STARTED, StartedBody, StartResponse

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from ..wrappers import Request, Response
    from .application import ASGIApp
    from .interface import Receive, Scope, Send

logger = logging.getLogger(__name__)


async def serve_http(driver: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Serve one HTTP request: run the pipeline in a greenlet, then send what it returned.

    :param driver: the application's ASGI driver.
    :param scope: the ``http`` scope.
    :param receive: the ASGI receive callable.
    :param send: the ASGI send callable.
    """
    runner = driver._runner
    if runner is None or runner.loop is not asyncio.get_running_loop():
        # PERF: make_runner's test of the loop inline; only its pool may differ then.
        runner = driver.make_runner()
    body_stream = RequestBodyStream(receive)
    start_response = StartResponse()
    direct = driver._direct if driver._debugger is None else False
    if direct is None:
        direct = driver.calls_pipeline()
    try:
        if direct:
            request = driver.make_request(scope, body_stream)
        else:
            environ = environ_of(scope, body_stream)
            request = None
    except MalformedScope as e:
        await refuse_malformed(scope, e, send)
        return
    if request is None:
        body = await run_in_greenlet(runner, driver._answer, environ, start_response)
    else:
        body = await run_in_greenlet(runner, driver._handle, request, scope, start_response)
    status = start_response.status
    if status is None:
        body, status = await _start_lazily(runner, body, start_response)
    try:
        # From here a middleware's start_response with exc_info re-raises (PEP 3333).
        start_response.sent = True
        await send(
            {
                "type": "http.response.start",
                "status": int(status[:3]),
                "headers": [
                    # PERF: a lookup in place of two calls, for every header sent.
                    (_NAMES.get(name) or _header_name(name), value.encode("latin-1"))
                    for name, value in start_response.headers
                ],
            }
        )
        await _send_body(runner, send, body, body_stream)
    except OSError as e:
        # The server could not deliver the response: the client went away. That is no
        # error of the application's; the body is still closed below, so clean-up runs.
        logger.debug("The client disconnected before the response was sent: %s", e)
    finally:
        # Closed off the loop, where a close callback may block, except an async body with
        # none, whose clean-up is its async generator's, on the loop.
        if type(body) is AsyncBody and not body.close_in_thread:
            await run_in_greenlet(runner, body.close)
        else:
            close = getattr(body, "close", None)
            if close is not None:
                await run_in_greenlet(runner, runner.run_blocking, close)


def _header_name(name: str) -> bytes:
    """A header's name as ASGI sends it: lower-cased bytes."""
    encoded = name.lower().encode("latin-1")
    if len(_NAMES) < _MAX_NAMES:
        _NAMES[name] = encoded
    return encoded


#: The names of the headers sent so far, encoded, up to :data:`_MAX_NAMES` of them: the same
#: few names are sent with every response.
_NAMES: dict[str, bytes] = {}
_MAX_NAMES = 256


async def _start_lazily(
    runner: LoopRunner, body: t.Iterable[bytes], start_response: StartResponse
) -> tuple[t.Iterable[bytes], str]:
    """The body and status of an application that has not called ``start_response`` yet:
    PEP 3333 lets it do so as its body is first iterated (Werkzeug's debugger does). The
    first chunk is produced where ``wsgi_app`` runs, since producing it may run the whole
    application; the body is closed when that fails."""
    try:
        started = await run_in_greenlet(runner, StartedBody.start, body, start_response)
        status = start_response.status
        if status is None:
            raise RuntimeError(NOT_STARTED)
    except BaseException:
        close = getattr(body, "close", None)
        if close is not None:
            await run_in_greenlet(runner, runner.run_blocking, close)
        raise
    return started, status


def respond(
    driver: ASGIApp, environ: WSGIEnvironment, start_response: t.Callable[..., t.Any]
) -> t.Iterable[bytes]:
    """Run ``wsgi_app`` (with the WSGI middleware wrapped around it): its body, which may be
    the middleware's own, is iterated off the loop.

    :param driver: the application's ASGI driver.
    :param environ: the request's environ.
    :param start_response: its ``start_response``.
    """
    return driver.app.wsgi_app(environ, start_response)


def environ_of(scope: Scope, body: RequestBodyStream) -> WSGIEnvironment:
    """The environ of a scope for WSGI middleware; a scope it cannot be made of is malformed."""
    try:
        return make_environ(scope, body)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
        raise MalformedScope(f"its values cannot make a WSGI environ ({e!r:.80})") from None


def handle(
    driver: ASGIApp, request: Request, scope: Scope, start_response: t.Callable[..., t.Any]
) -> t.Iterable[bytes]:
    """Run the pipeline for ``request`` and start its response; a body demijohn built in
    memory is collected right here, so only a streamed body is iterated after it returned.

    :param driver: the application's ASGI driver.
    :param request: the request, built from the scope.
    :param scope: the scope.
    :param start_response: its ``start_response``.
    """
    app = driver.app
    if not app._serving:
        app._start_on_first_request()
    ctx = RequestContext(app, request.environ if request.has_environ else None, request)
    extra = scope.get("demijohn.environ")
    if extra:
        # The test client's hook for keeping the contexts (``with client:``).
        ctx.preserve_context = extra.get("werkzeug.debug.preserve_context")
    response = app.handle_request(ctx)
    if request.has_environ:
        environ = request.environ
    else:
        if response.autocorrect_location_header or not getattr(
            type(response), "_sends_as_is", False
        ):
            # The response builds its WSGI response its own way, or rewrites its Location
            # against the request's URL: it gets the full environ.
            environ = request.environ
        else:
            # All Werkzeug's response reads of the request: a HEAD has no body.
            environ = {"REQUEST_METHOD": request.method}
    if ctx._background_tasks or ctx._teardown_holds:
        body = send_response(app, ctx, response, environ, start_response)
    else:
        # PERF: the response started directly for a request that holds nothing.
        body = response(environ, start_response)
        if type(body) is not list and not (response.is_sequence or response.direct_passthrough):
            body = LoggedBody(body, app.logger, ctx.request)
    if type(body) is list:
        # Already collected (a response sent as it is): nothing to iterate or close.
        return body
    return _collected(response, body)


def _collected(response: Response, body: t.Iterable[bytes]) -> t.Iterable[bytes]:
    """The body to send of ``response``: collected here when it is in memory and has nothing
    to call when closed; else as it is, or as an :class:`AsyncBody` for an async source."""
    if type(body) is BodyThenTasks:
        # Background tasks or held teardown functions to run when it is closed, after it
        # was sent: closed off the loop.
        if isinstance(response.response, AsyncStream):
            return AsyncBody(body, close_in_thread=True)
        return body
    if not response.is_sequence:
        if isinstance(response.response, AsyncStream):
            return AsyncBody(body, has_close_callbacks(response))
        return body
    if has_close_callbacks(response):
        # A response with close callbacks (background tasks among them) must be closed after
        # it was sent and off the loop, as a streamed body is.
        return body
    try:
        return list(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


#: The body of the 400 that answers a malformed scope.
MALFORMED_BODY = b"Bad Request: the server sent a malformed request."


async def refuse_malformed(scope: Scope, error: MalformedScope, send: Send) -> None:
    """Answer a scope the server should not have sent with a 400, and log it: the request
    never reached the application."""
    logger.warning("Refused a malformed ASGI %s scope with a 400: %s.", scope.get("type"), error)
    body = MALFORMED_BODY
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


class AsyncBody:
    """The body of a response whose source is an async iterable, which the driver iterates on
    the event loop.

    :param body: what ``wsgi_app`` returned.
    :param close_in_thread: whether closing runs callbacks of the response's own, which may
        block.
    """

    __slots__ = ("body", "close_in_thread")

    def __init__(self, body: t.Iterable[bytes], close_in_thread: bool) -> None:
        self.body = body
        self.close_in_thread = close_in_thread

    def __iter__(self) -> t.Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        close = getattr(self.body, "close", None)
        if close is not None:
            close()


async def _send_body(
    runner: LoopRunner, send: Send, body: t.Iterable[bytes], body_stream: RequestBodyStream
) -> None:
    if type(body) is BodyThenTasks and type(body.body) is list:
        # Sent like any collected body; the tasks run when the caller closes it.
        body = body.body
    if isinstance(body, list):
        if len(body) == 1:
            # The usual body of one chunk ends in its own message: one send fewer.
            await send({"type": "http.response.body", "body": body[0], "more_body": False})
            return
        for chunk in body:
            if chunk:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
    elif type(body) is AsyncBody:
        if not await _stream_on_loop(runner, send, body, body_stream.inbound):
            return
    elif not await _stream(runner, send, body, body_stream.inbound):
        return
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _stream_on_loop(
    runner: LoopRunner, send: Send, body: AsyncBody, inbound: Inbound
) -> bool:
    """Send an async body chunk by chunk from one greenlet on the event loop, which waits on
    the loop for each chunk and each send, while watching for the client to disconnect. When
    it does, the greenlet is cancelled where it waits (the async generator sees the
    cancellation, as under other ASGI frameworks), and this returns ``False``; the caller
    then closes the body, which releases its teardown."""
    sending = asyncio.ensure_future(run_in_greenlet(runner, _send_chunks, runner, send, body))
    disconnected = asyncio.ensure_future(inbound.wait_for_disconnect())
    try:
        await asyncio.wait((sending, disconnected), return_when=asyncio.FIRST_COMPLETED)
    finally:
        disconnected.cancel()
        if not sending.done():
            sending.cancel()
            await _ended(sending)
    if sending.cancelled():
        return False
    sending.result()
    return True


def _send_chunks(runner: LoopRunner, send: Send, body: t.Iterable[bytes]) -> None:
    for chunk in body:
        if chunk:
            runner.run_coroutine(
                send({"type": "http.response.body", "body": chunk, "more_body": True})
            )


async def _ended(task: asyncio.Future[t.Any]) -> None:
    """Wait for a cancelled task to end: a greenlet that runs cannot be left behind. A
    cancellation of this wait is raised once it has."""
    cancelled = False
    while not task.done():
        try:
            await asyncio.wait((task,))
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError


async def _stream(
    runner: LoopRunner, send: Send, body: t.Iterable[bytes], inbound: Inbound
) -> bool:
    """Send a streamed body chunk by chunk, each produced off the event loop, while
    watching for the client to disconnect. Returns ``False`` when the client left: the
    caller then closes the body, which runs the generator's clean-up and teardown."""
    iterator = iter(body)
    disconnected = asyncio.ensure_future(inbound.wait_for_disconnect())
    try:
        while True:
            produce = asyncio.ensure_future(
                run_in_greenlet(runner, runner.run_blocking, next, iterator, None)
            )
            await asyncio.wait((produce, disconnected), return_when=asyncio.FIRST_COMPLETED)
            # A chunk being produced is waited for even after a disconnect: a generator
            # cannot be closed while it runs in another thread.
            chunk = await produce
            if disconnected.done() or chunk is None:
                return chunk is None
            if chunk:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
    finally:
        disconnected.cancel()
