"""The WSGI floor: bare callables that do only what each case's answer needs, with no framework.
What a framework costs is its figure minus this one."""

from __future__ import annotations

import json as jsonlib
import typing as t

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

HELLO = b"Hello, World!"


def create_hello() -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> t.Iterable[bytes]:
        start_response(
            "200 OK",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(HELLO)))],
        )
        return [HELLO]

    return app


def create_json() -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> t.Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        data = jsonlib.loads(environ["wsgi.input"].read(length))
        body = jsonlib.dumps(data).encode()
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]

    return app
