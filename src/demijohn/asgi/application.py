"""The ASGI application object of a :class:`~demijohn.Demijohn` (``app.asgi``): it sends
each scope to its handler and owns what the handlers share, the thread pool for blocking calls
and the runner of the current event loop."""

from __future__ import annotations

import asyncio
import typing as t
from concurrent.futures import ThreadPoolExecutor

from .greenlets import LoopRunner
from .http import respond, serve_http
from .lifespan import serve_lifespan
from .websocket import serve_websocket

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from werkzeug.debug import DebuggedApplication

    from ..app import Demijohn
    from .interface import Receive, Scope, Send


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

    #: Serve one HTTP request (:func:`demijohn.asgi.http.serve_http`).
    handle_http = serve_http
    #: Serve one WebSocket connection (:func:`demijohn.asgi.websocket.serve_websocket`).
    handle_websocket = serve_websocket
    #: Answer the lifespan messages (:func:`demijohn.asgi.lifespan.serve_lifespan`).
    handle_lifespan = serve_lifespan
    #: Run ``wsgi_app`` for one request (:func:`demijohn.asgi.http.respond`).
    _respond = respond
