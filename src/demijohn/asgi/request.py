"""The request of an ASGI scope, built from the scope's values through Werkzeug's sans-IO
request: no WSGI environ is made unless code reads ``request.environ``. Here too is what makes
a scope malformed, which the handlers answer with a 400.

Nothing here receives or sends.
"""

from __future__ import annotations

import functools
import typing as t
import urllib.parse

from . import environ as _environ
from .environ import make_environ

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from ..websocket import WebSocket
    from ..wrappers import Request
    from .interface import Scope
    from .request_body import RequestBodyStream


class MalformedScope(ValueError):
    """A scope whose values are not what the ASGI specification says a server sends: a
    missing ``path``, a header that is not a pair of byte strings, ..."""


def make_request(  # noqa: C901  # PERF: the checks inline, once per request
    request_class: type[Request],
    scope: Scope,
    body: RequestBodyStream,
    websocket: WebSocket | None = None,
) -> Request:
    """Build the request of an ``http`` or ``websocket`` scope.

    :param request_class: the application's request class.
    :param scope: the scope.
    :param body: the stream that receives the body.
    :param websocket: the WebSocket of a ``websocket`` scope.
    :raise MalformedScope: when a value of the scope is missing or of the wrong kind.
    """
    # PERF: one flat function with the checks inline; this runs for every request.
    get = scope.get
    path = get("path")
    method = get("method", "GET")
    scheme = get("scheme", "http")
    root_path = get("root_path", "")
    query = get("query_string", b"")
    if type(path) is not str or type(root_path) is not str:
        raise MalformedScope(f"its 'path' or 'root_path' is {_shown(path, root_path)}")
    if type(method) is not str or type(scheme) is not str:
        raise MalformedScope(f"its 'method' or 'scheme' is {_shown(method, scheme)}")
    if type(query) is not bytes:
        raise MalformedScope(f"its 'query_string' is {_shown(query)}, not bytes")
    if root_path and path.startswith(root_path):
        path = path[len(root_path) :]
    if not path.isascii():
        # As a WSGI request reads it: a lone surrogate (no character) is replaced.
        path = path.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if not root_path.isascii():
        root_path = root_path.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if not query.isascii():
        query = _quoted(query)
    server = get("server")
    if server is None:
        server = _NO_SERVER
    elif type(server) is not tuple or len(server) != 2 or type(server[0]) is not str:
        server = _address(server)
    client = get("client")
    if client is None:
        remote_addr = ""
    elif type(client) is tuple and len(client) == 2 and type(client[0]) is str:
        remote_addr = client[0]
    else:
        remote_addr = _address(client, "client")[0]
    # PERF: the header loop inline.
    keys = _environ._environ_keys
    values: dict[str, str] = {}
    try:
        for raw_name, raw_value in get("headers", ()):
            key = keys.get(raw_name)
            if key is None:
                key = _environ._environ_key(raw_name)
            value = raw_value.decode("latin-1")
            if key in values:
                separator = "; " if key == "HTTP_COOKIE" else ", "
                value = f"{values[key]}{separator}{value}"
            values[key] = value
    except (TypeError, ValueError, AttributeError):
        raise MalformedScope("its 'headers' are not pairs of byte strings") from None
    return request_class.from_parts(
        method,
        scheme,
        server,
        root_path,
        path,
        query,
        # The headers as a WSGI request has them (read-only, looked up the same way, a
        # header sent twice one value joined with a comma, cookies with a semicolon),
        # made when first read.
        values,
        remote_addr,
        body,  # type: ignore[arg-type]  # reads as a binary stream does
        functools.partial(_make_environ, scope),
        websocket,
    )


def _make_environ(scope: Scope, request: Request) -> WSGIEnvironment:
    """The environ of a request :func:`make_request` built, for code that reads it."""
    environ = make_environ(scope, t.cast("RequestBodyStream", request._body))
    websocket = request.websocket
    if websocket is not None:
        environ["demijohn.websocket"] = websocket
    return environ


_NO_SERVER = ("localhost", 80)


def _address(value: t.Any, key: str = "server") -> tuple[str, int | None]:
    """A ``server`` or ``client`` as Werkzeug's request takes it: a host and a port
    (``None`` for a Unix socket's)."""
    try:
        host, port = value
    except (TypeError, ValueError):
        host = port = None
    if not isinstance(host, str):
        raise MalformedScope(f"its {key!r} is {_shown(value)}, not a (host, port) pair")
    # Servers differ on the port (granian passes a list, and text ports are seen): one that
    # is not a number is read as none, as a Unix socket's.
    return host, port if type(port) is int else None


def _quoted(query: bytes) -> bytes:
    """The query string, bytes outside ASCII percent-encoded, as a WSGI request reads it."""
    return urllib.parse.quote_from_bytes(query, safe=_ASCII).encode("ascii")


_ASCII = bytes(range(128))


def _shown(*values: object) -> str:
    return ", ".join(
        "missing" if value is None else f"{type(value).__name__} {value!r:.60}" for value in values
    )
