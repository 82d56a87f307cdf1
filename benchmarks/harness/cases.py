"""The request of each case, built once as a WSGI environ or an ASGI scope, and the check that a
target's answer is right before anything about it is measured.

Standard library only: the driver imports this inside every peer's environment.
"""

from __future__ import annotations

import io
import json
import sys
import typing as t
from dataclasses import dataclass

from benchmarks.apps.data import make_json_body, make_model_body

HOST = "127.0.0.1"
PORT = 8000


@dataclass(frozen=True)
class CaseRequest:
    """The request a case sends, and the status its answer must have.

    :param method: the HTTP method.
    :param path: the path, with no query string.
    :param body: the request body.
    :param content_type: the body's content type.
    :param status: the status code of a right answer.
    :param needs_cookie: send the cookie a first answer set (the signed session).
    """

    method: str
    path: str
    body: bytes = b""
    content_type: str | None = None
    status: int = 200
    needs_cookie: bool = False


REQUESTS: dict[str, CaseRequest] = {
    "hello": CaseRequest("GET", "/"),
    "params": CaseRequest("GET", "/users/42/posts/hello-world"),
    "json": CaseRequest("POST", "/echo", json.dumps(make_json_body()).encode(), "application/json"),
    "json_model": CaseRequest(
        "POST", "/products", json.dumps(make_model_body()).encode(), "application/json"
    ),
    "template": CaseRequest("GET", "/rows"),
    "not_found": CaseRequest("GET", "/nowhere/to/be/found", status=404),
    "session": CaseRequest("GET", "/session", needs_cookie=True),
    "hello_di": CaseRequest("GET", "/"),
    "db_read": CaseRequest("GET", "/products/1"),
    "db_insert": CaseRequest("POST", "/products", status=201),
}


@dataclass
class Answer:
    """What a target answered: status code, headers (lower-case names) and body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header_values(self, name: str) -> list[str]:
        """Every value of the header ``name`` (lower case)."""
        return [value for key, value in self.headers if key == name]


def _json_is(expected: object) -> t.Callable[[bytes], bool]:
    def check(body: bytes) -> bool:
        try:
            return bool(json.loads(body) == expected)
        except ValueError:
            return False

    return check


def _is_rows_page(body: bytes) -> bool:
    return b"Benchmark shop" in body and b"Item 19" in body and body.count(b"<tr") == 21


_BODY_CHECKS: dict[str, t.Callable[[bytes], bool]] = {
    "hello": lambda body: body == b"Hello, World!",
    "params": _json_is({"user_id": 42, "slug": "hello-world"}),
    "json": _json_is(make_json_body()),
    "json_model": _json_is(make_model_body()),
    "template": _is_rows_page,
    "not_found": lambda body: True,
    # The cookie sent says one visit, so every measured answer says two.
    "session": _json_is({"count": 2}),
    "hello_di": lambda body: body == b"Hello, World!",
    "db_read": _json_is({"id": 1, "name": "jam"}),
    "db_insert": lambda body: body == b"created",
}


def check_answer(case: str, answer: Answer) -> str | None:
    """Why ``answer`` is not a right answer to ``case``, or ``None`` when it is."""
    expected = REQUESTS[case].status
    if answer.status != expected:
        return f"status {answer.status}, expected {expected}: {answer.body[:200]!r}"
    if not _BODY_CHECKS[case](answer.body):
        return f"unexpected body: {answer.body[:200]!r}"
    if case == "session" and not answer.header_values("set-cookie"):
        return "the session was not written back: no Set-Cookie header"
    return None


def cookie_header(answer: Answer) -> str:
    """The ``Cookie`` header a browser would send back after ``answer``."""
    pairs = [value.partition(";")[0].strip() for value in answer.header_values("set-cookie")]
    return "; ".join(pair for pair in pairs if pair)


def wsgi_environ(request: CaseRequest, cookie: str | None = None) -> dict[str, t.Any]:
    """The WSGI environ of ``request`` as a server on 127.0.0.1 would build it; copy it and
    give the copy a fresh ``wsgi.input`` for each call."""
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": request.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": request.path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": str(PORT),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": HOST,
        "REMOTE_PORT": "54321",
        "HTTP_HOST": f"{HOST}:{PORT}",
        "HTTP_USER_AGENT": "demijohn-benchmarks",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(request.body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if request.content_type is not None:
        environ["CONTENT_TYPE"] = request.content_type
        environ["CONTENT_LENGTH"] = str(len(request.body))
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def asgi_scope(request: CaseRequest, cookie: str | None = None) -> dict[str, t.Any]:
    """The ASGI ``http`` scope of ``request`` as a server on 127.0.0.1 would build it; copy it
    for each call."""
    headers = [
        (b"host", f"{HOST}:{PORT}".encode()),
        (b"user-agent", b"demijohn-benchmarks"),
        (b"accept", b"*/*"),
    ]
    if request.content_type is not None:
        headers.append((b"content-type", request.content_type.encode()))
        headers.append((b"content-length", str(len(request.body)).encode()))
    if cookie:
        headers.append((b"cookie", cookie.encode("latin-1")))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        "path": request.path,
        "raw_path": request.path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": (HOST, 54321),
        "server": (HOST, PORT),
    }
