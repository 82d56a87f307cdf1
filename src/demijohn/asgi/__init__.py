"""The ASGI driver: serves the same application object over ASGI, with the same pipeline.

The driver translates protocol events and chooses how code runs; it never dispatches by itself.
Each HTTP request is built from its scope (no WSGI environ unless code reads one), with a body
stream that receives the body from the server, and :meth:`Demijohn.handle_request
<demijohn.Demijohn.handle_request>` runs in a greenlet on the server's event loop; when WSGI
middleware is wrapped around :meth:`~demijohn.Demijohn.wsgi_app`, the request's environ is
made and ``wsgi_app`` runs there instead. When the
pipeline calls a coroutine function, the greenlet hands the coroutine's waits to the loop;
blocking calls run in a bounded thread pool. The request's context variables travel with it.

Its modules, each depending only on those above it:

- :mod:`~demijohn.asgi.interface`: the ASGI types;
- :mod:`~demijohn.asgi.greenlets`: the greenlet runtime and the thread pool's use (the only
  module that imports greenlet);
- :mod:`~demijohn.asgi.environ`: the scope translated into a WSGI environ;
- :mod:`~demijohn.asgi.request`: the scope as a request, and what makes a scope malformed;
- :mod:`~demijohn.asgi.request_body`: the request body stream, and the one place that
  receives, shared by the body's reader and the watch for a disconnect;
- :mod:`~demijohn.asgi.start_response`: calling a WSGI application;
- :mod:`~demijohn.asgi.http`, :mod:`~demijohn.asgi.websocket`, :mod:`~demijohn.asgi.lifespan`:
  one handler per scope type;
- :mod:`~demijohn.asgi.application`: :class:`ASGIApp`, which sends each scope to its handler.

Nothing here matches URLs, calls hooks or handles errors: that is :mod:`demijohn.pipeline`.
"""

from __future__ import annotations

from .application import ASGIApp
from .environ import make_environ
from .greenlets import LoopRunner, ThreadRunner, run_in_greenlet
from .interface import Message, Receive, Scope, Send
from .request_body import ClientDisconnected, RequestBodyStream
from .start_response import StartedBody, StartResponse

__all__ = [
    "ASGIApp",
    "ClientDisconnected",
    "LoopRunner",
    "Message",
    "Receive",
    "RequestBodyStream",
    "Scope",
    "Send",
    "StartResponse",
    "StartedBody",
    "ThreadRunner",
    "make_environ",
    "run_in_greenlet",
]
