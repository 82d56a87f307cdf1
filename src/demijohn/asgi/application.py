"""The ASGI application object of a :class:`~demijohn.Demijohn` (``app.asgi``): it sends
each scope to its handler and owns what the handlers share, the thread pool for blocking calls
and the runner of the current event loop."""

from __future__ import annotations

import asyncio
import typing as t
from concurrent.futures import ThreadPoolExecutor

from ..wrappers import Request
from .greenlets import LoopRunner
from .http import environ_of, handle, respond, serve_http
from .lifespan import serve_lifespan
from .request import make_request
from .websocket import serve_websocket

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from werkzeug.debug import DebuggedApplication

    from ..app import Demijohn
    from ..websocket import WebSocket
    from .interface import Receive, Scope, Send
    from .request_body import RequestBodyStream


class ASGIApp:
    """The ASGI application of a :class:`~demijohn.Demijohn`: ``app.asgi``.

    Point an ASGI server at it (``uvicorn shop.wsgi:app.asgi``); the application object
    itself also answers ASGI calls. It handles ``http``, ``websocket`` and ``lifespan``
    scopes.

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
        #: Whether the driver runs the pipeline itself (see calls_pipeline); decided at the
        #: first request.
        self._direct: bool | None = None
        #: Whether each request class met is built from the scope (see make_request).
        self._native_classes: dict[type[Request], bool] = {}
        #: The request class met last that is built from the scope.
        self._native_class: type[Request] | None = None

    @property
    def executor(self) -> ThreadPoolExecutor:
        """The pool that runs blocking calls; ``ASGI_THREADS`` workers, made on first use."""
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
        """The runner for the greenlets of the running event loop. Runners hold no request
        state, so one is shared while the event loop and the thread pool stay the same."""
        loop = asyncio.get_running_loop()
        runner = self._runner
        if runner is None or runner.loop is not loop or runner.executor is not self._executor:
            runner = self._runner = LoopRunner(loop, self.executor)
        return runner

    def calls_pipeline(self) -> bool:
        """Whether the driver builds each request from its scope and runs
        :meth:`~demijohn.Demijohn.handle_request` itself: unless WSGI middleware is wrapped
        around ``wsgi_app``, ``wsgi_app`` or ``request_context`` is overridden, or Werkzeug's
        debugger serves. Requests then go through ``wsgi_app`` as WSGI calls with an environ.
        Decided at the first request, as setup has ended then."""
        direct = self._direct
        if direct is None:
            direct = self._direct = self.app._drives_natively()
        return direct and self._debugger is None

    def make_request(
        self, scope: Scope, body: RequestBodyStream, websocket: WebSocket | None = None
    ) -> Request:
        """The request of ``scope``: built from the scope's values when the application's
        request class is built as demijohn's is, else from an environ made of the scope, so
        that a class whose constructor reads the environ (as Flask-style code may) gets one.

        :raise MalformedScope: when the scope's values are malformed.
        """
        cls = self.app.request_class
        # PERF: the class of the requests before is compared first.
        if cls is self._native_class or self._builds_natively(cls):
            request = make_request(cls, scope, body, websocket)
        else:
            environ = environ_of(scope, body)
            if websocket is not None:
                environ["demijohn.websocket"] = websocket
            request = cls(environ)
        request.json_module = self.app.json
        return request

    def _builds_natively(self, cls: type[Request]) -> bool:
        """Whether requests of ``cls`` are built from the scope's values: it is demijohn's
        request class, or a subclass that keeps its constructor."""
        native = self._native_classes.get(cls)
        if native is None:
            native = self._native_classes[cls] = (
                issubclass(cls, Request) and cls.__init__ is Request.__init__
            )
        if native:
            self._native_class = cls
        return native

    #: Serve one HTTP request (:func:`demijohn.asgi.http.serve_http`).
    handle_http = serve_http
    #: Serve one WebSocket connection (:func:`demijohn.asgi.websocket.serve_websocket`).
    handle_websocket = serve_websocket
    #: Answer the lifespan messages (:func:`demijohn.asgi.lifespan.serve_lifespan`).
    handle_lifespan = serve_lifespan
    #: Run ``wsgi_app`` for one request (:func:`demijohn.asgi.http.respond`).
    _respond = respond
    #: Run the pipeline for one request (:func:`demijohn.asgi.http.handle`).
    _handle = handle
