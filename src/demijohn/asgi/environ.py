"""The WSGI environ of an ASGI request: how the driver translates a scope into the values the
pipeline and any WSGI middleware read.

A server's bytes are carried as a WSGI server carries them (latin-1 strings); the body is the
stream :mod:`demijohn.asgi.request_body` fills. Nothing here receives or sends.
"""

from __future__ import annotations

import sys
import typing as t

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from .interface import Scope
    from .request_body import RequestBodyStream


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
