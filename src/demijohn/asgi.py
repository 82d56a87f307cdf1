"""The ASGI driver: serves the same application object over ASGI, with the same pipeline.

The driver translates protocol events and chooses how code runs; it never dispatches by itself.
Each HTTP request becomes a WSGI-style environ whose input stream receives the body from the
server, and :meth:`Demijohn.wsgi_app <demijohn.Demijohn.wsgi_app>` (with any WSGI middleware
the application wrapped around it) runs in a greenlet on the server's event loop. When the
pipeline calls a coroutine function, the greenlet hands the coroutine to the loop, which awaits
it natively and switches back with the result; blocking views run in a bounded thread pool.
The request's context variables travel with it in all three places.

Nothing here matches URLs, calls hooks or handles errors: that is :mod:`demijohn.pipeline`.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import sys
import threading
import types
import typing as t
from concurrent.futures import ThreadPoolExecutor

import greenlet
from werkzeug.exceptions import ClientDisconnected as _ClientDisconnected
from werkzeug.exceptions import RequestEntityTooLarge

from .calling import _cv_runner
from .globals import _cv_request
from .lifecycle import BodyThenTasks

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment
    from werkzeug.debug import DebuggedApplication

    from .app import Demijohn
    from .websocket import WebSocket

logger = logging.getLogger(__name__)

T = t.TypeVar("T")
Scope = t.MutableMapping[str, t.Any]
Message = t.MutableMapping[str, t.Any]
Receive = t.Callable[[], t.Awaitable[Message]]
Send = t.Callable[[Message], t.Awaitable[None]]


class _Yield:
    """Pass one value a coroutine yielded (a future, or ``None`` to let others run) from a
    request greenlet up to the event loop's task, and bring back what the task sends in."""

    __slots__ = ("value",)

    def __init__(self, value: t.Any) -> None:
        self.value = value

    def __await__(self) -> t.Generator[t.Any, t.Any, t.Any]:
        return (yield self.value)


class LoopRunner:
    """The runner of code in a request greenlet on the event loop's thread.

    A coroutine is stepped inside the greenlet itself; each time it waits, the greenlet hands
    what it waits for to the loop's task and is resumed with the outcome. So the coroutine sees
    the request's context variables, and synchronous code it calls may wait for coroutines in
    turn.

    :param loop: the server's event loop.
    :param executor: the pool that runs blocking calls.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, executor: ThreadPoolExecutor) -> None:
        self.loop = loop
        self.executor = executor

    def run_coroutine(self, awaitable: t.Awaitable[T]) -> T:
        """Run ``awaitable`` to completion in this greenlet, waiting on the event loop."""
        parent = greenlet.getcurrent().parent
        if parent is None:
            close = getattr(awaitable, "close", None)
            if close is not None:
                close()
            raise RuntimeError(
                "Cannot wait for a coroutine here: this code is not running inside a request"
                " greenlet. Await it instead."
            )
        iterator = _steps(awaitable)
        value: t.Any = None
        error: BaseException | None = None
        while True:
            try:
                yielded = iterator.send(value) if error is None else iterator.throw(error)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                value, error = parent.switch(_Yield(yielded)), None
            except BaseException as e:
                value, error = None, e

    def run_blocking(self, func: t.Callable[..., T], *args: t.Any, **kwargs: t.Any) -> T:
        """Run ``func`` in the thread pool, with the request's context, and wait for it."""
        context = contextvars.copy_context()
        context.run(_cv_runner.set, ThreadRunner(self))
        call = functools.partial(context.run, func, *args, **kwargs)
        return self.run_coroutine(self.loop.run_in_executor(self.executor, call))


def _steps(awaitable: t.Awaitable[T]) -> t.Generator[t.Any, t.Any, T]:
    """The steps of ``awaitable`` as an iterator that can be sent values and thrown into.

    A coroutine's and a future's own iterator can; any other awaitable is awaited by a
    coroutine, since ``__await__`` may return a bare iterator (granian's receive and send
    return awaitables whose iterator has only ``__next__``), which ``await`` handles.
    """
    if type(awaitable) is types.CoroutineType or isinstance(awaitable, asyncio.Future):
        return awaitable.__await__()
    return _awaited(awaitable).__await__()


async def _awaited(awaitable: t.Awaitable[T]) -> T:
    return await awaitable


class ThreadRunner:
    """The runner of code in a pool thread: coroutines run on the event loop, in a greenlet
    with this thread's context, while the thread waits.

    :param loop_runner: the runner of the request that sent the code here.
    """

    def __init__(self, loop_runner: LoopRunner) -> None:
        self.loop_runner = loop_runner

    def run_coroutine(self, awaitable: t.Awaitable[T]) -> T:
        """Run ``awaitable`` on the event loop and block this thread until it is done."""
        runner = self.loop_runner
        coroutine = run_in_greenlet(
            runner, runner.run_coroutine, awaitable, context=contextvars.copy_context()
        )
        return asyncio.run_coroutine_threadsafe(coroutine, runner.loop).result()  # type: ignore[no-any-return]

    def run_blocking(self, func: t.Callable[..., T], *args: t.Any, **kwargs: t.Any) -> T:
        """Call ``func`` here: this thread may block."""
        return func(*args, **kwargs)


async def run_in_greenlet(
    runner: LoopRunner,
    func: t.Callable[..., T],
    *args: t.Any,
    context: contextvars.Context | None = None,
) -> T:
    """Call the synchronous ``func`` in a greenlet on the event loop, letting the event loop
    wait for whatever it waits for, and return its result.

    Greenlets are reused: making one costs more than the rest of a simple request.

    :param runner: the runner the greenlet's code sees.
    :param func: the function to call.
    :param args: its arguments.
    :param context: the context to run in; a copy of the current one by default.
    """
    idle: list[greenlet.greenlet] | None = getattr(_workers, "idle", None)
    if idle is None:
        idle = _workers.idle = []
    glet = idle.pop() if idle else greenlet.greenlet(_work)
    if context is None:
        context = contextvars.copy_context()
    context.run(_cv_runner.set, runner)
    glet.gr_context = context
    value = glet.switch(func, args)
    while type(value) is _Yield:
        try:
            result = await value
        except BaseException as e:  # delivered to the code that waited
            value = glet.throw(type(e), e, e.__traceback__)
        else:
            value = glet.switch(result)
    glet.gr_context = None
    if len(idle) < _MAX_IDLE_WORKERS:
        idle.append(glet)
    result, error = value
    if error is not None:
        raise error
    return result  # type: ignore[no-any-return]


def _work(func: t.Callable[..., t.Any], args: tuple[t.Any, ...]) -> None:
    """The body of a worker greenlet: run one function per switch, forever. What it hands
    back when the function has returned or raised is the pair ``(result, error)``."""
    parent = t.cast(greenlet.greenlet, greenlet.getcurrent().parent)
    done: tuple[t.Any, BaseException | None]
    while True:
        try:
            done = (func(*args), None)
        except BaseException as e:
            done = (None, e)
        func, args = parent.switch(done)


#: How many idle worker greenlets each thread keeps for reuse.
_MAX_IDLE_WORKERS = 256
_workers = threading.local()


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
        from .calling import run_coroutine

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


def make_environ(scope: Scope, body: RequestBodyStream) -> WSGIEnvironment:
    """Build the WSGI environ of an ASGI HTTP scope.

    :param scope: the ASGI ``http`` scope.
    :param body: the stream that receives the body.
    """
    # Copying a dict of the constant keys costs half of building them all in a literal.
    environ: dict[str, t.Any] = _CONSTANT_ENVIRON.copy()
    root_path = scope.get("root_path", "")
    path = scope["path"]
    if root_path and path.startswith(root_path):
        path = path[len(root_path) :]
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    version = scope.get("http_version", "1.1")
    environ["REQUEST_METHOD"] = scope.get("method", "GET")
    environ["SCRIPT_NAME"] = _latin_1(root_path)
    environ["PATH_INFO"] = _latin_1(path)
    # As a WSGI server passes it: bytes read as latin-1. Bytes outside ASCII, which clients
    # should have percent-encoded, are encoded by the request (see wrappers.py), for both
    # protocols.
    environ["QUERY_STRING"] = scope.get("query_string", b"").decode("latin-1")
    environ["SERVER_NAME"] = str(server[0])
    environ["SERVER_PORT"] = str(server[1])
    environ["SERVER_PROTOCOL"] = _PROTOCOLS.get(version) or f"HTTP/{version}"
    environ["REMOTE_ADDR"] = client[0]
    environ["REMOTE_PORT"] = str(client[1])
    environ["wsgi.url_scheme"] = scope.get("scheme", "http")
    environ["wsgi.input"] = body
    environ["wsgi.errors"] = sys.stderr
    environ["asgi.scope"] = scope
    extra = scope.get("demijohn.environ")
    if extra:
        # Values a test client passes through: the WSGI environ keys that are not CGI or
        # wsgi.* ones (context preservation, for example).
        environ.update(extra)
    keys = _environ_keys
    for raw_name, raw_value in scope.get("headers", ()):
        key = keys.get(raw_name)
        if key is None:
            key = _environ_key(raw_name)
        value = raw_value.decode("latin-1")
        if key in environ:
            separator = "; " if key == "HTTP_COOKIE" else ", "
            value = f"{environ[key]}{separator}{value}"
        environ[key] = value
    return environ


#: The environ every request starts from: the constant values, and a place for each of the
#: others, so that the copy never grows while they are set.
_CONSTANT_ENVIRON: dict[str, t.Any] = {
    **dict.fromkeys(
        (
            "REQUEST_METHOD",
            "SCRIPT_NAME",
            "PATH_INFO",
            "QUERY_STRING",
            "SERVER_NAME",
            "SERVER_PORT",
            "SERVER_PROTOCOL",
            "REMOTE_ADDR",
            "REMOTE_PORT",
            "wsgi.url_scheme",
            "wsgi.input",
            "wsgi.errors",
            "asgi.scope",
        )
    ),
    "wsgi.version": (1, 0),
    # The body ends where the server says it does, with or without Content-Length.
    "wsgi.input_terminated": True,
    "wsgi.multithread": True,
    "wsgi.multiprocess": True,
    "wsgi.run_once": False,
}
_PROTOCOLS = {"1.0": "HTTP/1.0", "1.1": "HTTP/1.1", "2": "HTTP/2"}


def _latin_1(text: str) -> str:
    """A URL path as WSGI carries it: its UTF-8 bytes read as latin-1. A lone surrogate (no
    character, so no valid UTF-8) becomes bytes that decode as a replacement character."""
    return text if text.isascii() else text.encode("utf-8", "surrogatepass").decode("latin-1")


def _environ_key(raw_name: bytes) -> str:
    """The environ key of a header name (``b"user-agent"`` is ``HTTP_USER_AGENT``), kept for
    the next request: clients send the same few names over and over."""
    name = raw_name.decode("latin-1").upper().replace("-", "_")
    key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
    if len(_environ_keys) >= _MAX_ENVIRON_KEYS:
        _environ_keys.clear()
    _environ_keys[raw_name] = key
    return key


#: Environ keys by raw header name; forgotten when as many names as this have been seen.
_MAX_ENVIRON_KEYS = 512
_environ_keys: dict[bytes, str] = {}


class ASGIApp:
    """The ASGI application of a :class:`~demijohn.Demijohn`: ``app.asgi``.

    Point an ASGI server at it (``uvicorn shop.wsgi:app.asgi``); the application object
    itself also answers ASGI calls. It handles ``http`` and ``lifespan`` scopes.

    :param app: the application.
    """

    def __init__(self, app: Demijohn) -> None:
        self.app = app
        self._executor: ThreadPoolExecutor | None = None
        self._runner: LoopRunner | None = None
        #: What answers HTTP requests: :meth:`_respond`, or Werkzeug's debugger around it
        #: once a lifespan started the application in debug mode.
        self._answer: WSGIApplication = self._respond
        self._debugger: DebuggedApplication | None = None

    @property
    def executor(self) -> ThreadPoolExecutor:
        """The pool that runs blocking views; ``ASGI_THREADS`` workers, made on first use."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=self.app.config["ASGI_THREADS"],
                thread_name_prefix=f"demijohn-{self.app.name}",
            )
        return self._executor

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self.handle_http(scope, receive, send)
        elif kind == "websocket":
            await self.handle_websocket(scope, receive, send)
        elif kind == "lifespan":
            await self.handle_lifespan(scope, receive, send)
        else:
            raise ValueError(
                f"demijohn cannot serve ASGI scopes of type {kind!r}; it serves 'http',"
                " 'websocket' and 'lifespan'."
            )

    def make_runner(self) -> LoopRunner:
        """The runner for one request's greenlet. Runners hold no request state, so one is
        shared while the event loop and the thread pool stay the same."""
        loop = asyncio.get_running_loop()
        runner = self._runner
        if runner is None or runner.loop is not loop or runner.executor is not self._executor:
            runner = self._runner = LoopRunner(loop, self.executor)
        return runner

    async def handle_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one HTTP request: run ``wsgi_app`` in a greenlet, then send what it
        returned.

        :param scope: the ``http`` scope.
        :param receive: the ASGI receive callable.
        :param send: the ASGI send callable.
        """
        runner = self.make_runner()
        environ = make_environ(scope, RequestBodyStream(receive))
        start_response = StartResponse()
        body = await run_in_greenlet(runner, self._answer, environ, start_response)
        status = start_response.status
        if status is None:
            body, status = await self._start_lazily(runner, body, start_response)
        try:
            # From here a middleware's start_response with exc_info re-raises (PEP 3333).
            start_response.sent = True
            await send(
                {
                    "type": "http.response.start",
                    "status": int(status[:3]),
                    "headers": [
                        (name.lower().encode("latin-1"), value.encode("latin-1"))
                        for name, value in start_response.headers
                    ],
                }
            )
            await self._send_body(runner, send, body, receive)
        except OSError as e:
            # The server could not deliver the response: the client went away. That is no
            # error of the application's; the body is still closed below, so clean-up runs.
            logger.debug("The client disconnected before the response was sent: %s", e)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                await run_in_greenlet(runner, runner.run_blocking, close)

    async def _start_lazily(
        self, runner: LoopRunner, body: t.Iterable[bytes], start_response: StartResponse
    ) -> tuple[t.Iterable[bytes], str]:
        """The body and status of an application that has not called ``start_response``
        yet: PEP 3333 lets it do so as its body is first iterated (Werkzeug's debugger does).
        The first chunk is produced where ``wsgi_app`` runs, since producing it may run the
        whole application; the body is closed when that fails."""
        try:
            started = await run_in_greenlet(runner, StartedBody.start, body, start_response)
            status = start_response.status
            if status is None:
                raise RuntimeError(_NOT_STARTED)
        except BaseException:
            close = getattr(body, "close", None)
            if close is not None:
                await run_in_greenlet(runner, runner.run_blocking, close)
            raise
        return started, status

    def _respond(
        self, environ: WSGIEnvironment, start_response: t.Callable[..., t.Any]
    ) -> t.Iterable[bytes]:
        """Run ``wsgi_app``; a body demijohn built in memory is collected right here, so only
        a streamed body is iterated off the event loop."""
        body = self.app.wsgi_app(environ, start_response)
        if type(body) is list or type(body) is BodyThenTasks:
            # Already collected (a response sent as it is): nothing to iterate or close. Or
            # background tasks to run when it is closed, after it was sent.
            return body
        response = environ.get("demijohn.response")
        # A response with close callbacks (background tasks among them) must be closed after
        # it was sent and off the loop, as a streamed body is.
        if (
            response is None
            or not response.is_sequence
            or response._on_close
            or "wsgi_app" in self.app.__dict__
        ):
            return body
        try:
            return list(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    async def _send_body(
        self, runner: LoopRunner, send: Send, body: t.Iterable[bytes], receive: Receive
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
        elif not await self._stream(runner, send, body, receive):
            return
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _stream(
        self, runner: LoopRunner, send: Send, body: t.Iterable[bytes], receive: Receive
    ) -> bool:
        """Send a streamed body chunk by chunk, each produced off the event loop, while
        watching for the client to disconnect. Returns ``False`` when the client left: the
        caller then closes the body, which runs the generator's clean-up and teardown."""
        iterator = iter(body)
        disconnected = asyncio.ensure_future(_wait_for_disconnect(receive))
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

    async def handle_websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one WebSocket connection: the handshake request runs through ``wsgi_app``
        like any request (so hooks apply), with the handler talking through the
        :class:`~demijohn.websocket.WebSocket` in ``request.websocket``.

        :param scope: the ``websocket`` scope.
        :param receive: the ASGI receive callable.
        :param send: the ASGI send callable.
        """
        from .websocket import WebSocket

        runner = self.make_runner()
        websocket = WebSocket(scope, receive, send)
        environ = make_environ(scope, RequestBodyStream(_no_body))
        environ["demijohn.websocket"] = websocket
        start_response = StartResponse()
        body = await run_in_greenlet(runner, self._respond, environ, start_response)
        try:
            if start_response.status is None:
                body = await run_in_greenlet(runner, StartedBody.start, body, start_response)
            await self._answer_handshake(runner, websocket, body, start_response)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                await run_in_greenlet(runner, close)

    async def _answer_handshake(
        self,
        runner: LoopRunner,
        websocket: WebSocket,
        body: t.Iterable[bytes],
        start_response: StartResponse,
    ) -> None:
        """Reject the handshake with the HTTP response, unless the handler accepted it;
        close an accepted connection the handler left open."""
        scope = websocket.scope
        chunks: t.Any = None
        if start_response.status is None:
            logger.error("WebSocket handshake for %r failed: %s", scope.get("path"), _NOT_STARTED)
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

    async def handle_lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the server's start-up and shutdown messages, running the application's
        serving hooks (:meth:`~demijohn.Demijohn.before_serving` and
        :meth:`~demijohn.Demijohn.after_serving`).

        :param scope: the ``lifespan`` scope.
        :param receive: the ASGI receive callable.
        :param send: the ASGI send callable.
        """
        while True:
            message = await receive()
            phase = "startup" if message["type"] == "lifespan.startup" else "shutdown"
            hook = self.app.startup if phase == "startup" else self.app.shutdown
            if phase == "shutdown":
                # Wait for background tasks off the loop: they may need it to finish.
                hook = functools.partial(self.make_runner().run_blocking, self.app.shutdown)
            try:
                await run_in_greenlet(self.make_runner(), hook)
            except Exception as e:
                logger.exception("The application's %s hooks failed", phase)
                answer = {"type": f"lifespan.{phase}.failed", "message": repr(e)}
            else:
                answer = {"type": f"lifespan.{phase}.complete"}
                if phase == "startup" and self.app.debug:
                    self._add_debugger()
            if phase == "shutdown":
                await self._close_executor()
            await send(answer)
            if phase == "shutdown" or answer["type"].endswith(".failed"):
                return

    def _add_debugger(self) -> None:
        """Answer HTTP requests through Werkzeug's debugger, as the development server does in
        debug mode: a request that fails shows its traceback in the browser, with a console
        that asks for the PIN logged here. Added on lifespan start-up only, so that a test
        client, which has none, sees the application's exceptions as it does under WSGI.
        WebSocket handshakes do not go through it."""
        if self._debugger is None:
            from werkzeug.debug import DebuggedApplication

            self._debugger = DebuggedApplication(self._respond, evalex=True)
            self.app.logger.warning(
                " * Debugger is active! Never serve debug mode where others can reach it."
            )
            self.app.logger.info(" * Debugger PIN: %s", self._debugger.pin)
        self._answer = self._debugger

    async def _close_executor(self) -> None:
        """Let the pool's threads finish what they run, and end them, even when shutdown
        failed. Waited for off the loop: a blocking view may still need it."""
        executor, self._executor = self.executor, None
        await asyncio.to_thread(executor.shutdown)


class _Handshake:
    """The HTTP answer to a rejected WebSocket handshake."""

    def __init__(self, status_code: int, headers: list[tuple[str, str]], body: t.Any) -> None:
        self.status_code = status_code
        self.headers = dict(headers)
        self._body = body

    def get_data(self) -> bytes:
        return b"".join(self._body) if isinstance(self._body, list) else b""


async def _wait_for_disconnect(receive: Receive) -> None:
    """Return when the client has gone away (body messages not read by the app are dropped)."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


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


_NOT_STARTED = (
    "The application gave its body without calling start_response. WSGI middleware around"
    " 'wsgi_app' must call it before returning, or before its body gives its first bytes."
)


def _no_write(data: bytes) -> object:
    raise RuntimeError(
        "The WSGI 'write' callable is not supported under ASGI. Return the body from the"
        " application instead."
    )
