"""A seeded, bounded fuzz run of the WSGI entry point: thousands of random and malformed raw
environs against an application with typical routes. Malformed means malformed HTTP (methods,
paths, hosts, lengths, cookies) in an environ a WSGI server can give (PEP 3333: latin-1 text,
the required keys present); raw ASGI scopes are the ASGI driver's to check.

Whatever comes in, no exception escapes the application, no context is left pushed, and each
request's teardown runs once; a request that conforms to HTTP never gets a 5xx.
"""

from __future__ import annotations

import io
import random
import string
import typing as t

import pytest

from demijohn import Demijohn, redirect, request, session, stream_with_context, url_for
from demijohn.globals import _cv_app, _cv_request
from demijohn.production import Production

SEED = 20261204
#: Requests per run, for each kind and application.
RUNS = 10000

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
PATHS = [
    "/",
    "/items/",
    "/items/12",
    "/items/-3",
    "/items/x",
    "/dir",
    "/dir/",
    "/json",
    "/form",
    "/login",
    "/where",
    "/stream",
    "/static/none.css",
    "/missing",
    "//double",
    "/%2e%2e/",
]
HOSTS = [
    "localhost",
    "shop.example:8080",
    "web_app:8000",
    "127.0.0.1",
    "[::1]:80",
    "bücher.example",
]
SAFE_TEXT = string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?%"
#: Any text a WSGI server can pass: PEP 3333 environ values are latin-1 (bytes as text).
ANY_TEXT = "".join(map(chr, range(256)))
#: What PEP 3333 lets a server leave out (when empty); the rest is always there.
OPTIONAL = ["PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "CONTENT_LENGTH", "CONTENT_TYPE"]


def create_app(battery: bool) -> tuple[Demijohn, list[int]]:
    app = Demijohn("fuzzed", static_folder=None)
    app.config.update(
        SECRET_KEY="a fuzzing key that is long enough to sign", MAX_CONTENT_LENGTH=4096
    )
    torn_down: list[int] = []
    app.teardown_request(lambda exc: torn_down.append(id(request.environ)))
    if battery:
        app.config.update(TRUSTED_PROXIES=1, TRUSTED_HOSTS=["*"])
        Production(app)

    app.add_url_rule("/", "index", lambda: "index")
    app.add_url_rule("/items/<int(signed=True):item>", "item", lambda item: {"item": item})
    app.add_url_rule("/items/", "items", lambda: url_for("item", item=1, _external=True))
    app.add_url_rule("/dir/", "dir", lambda: "dir")
    app.add_url_rule("/json", "json", lambda: {"got": request.get_json()}, methods=["POST", "PUT"])
    app.add_url_rule("/form", "form", lambda: dict(request.form), methods=["POST"])
    app.add_url_rule("/where", "where", lambda: redirect(url_for("index", next=request.full_path)))

    @app.route("/login", methods=["GET", "POST"])
    def login() -> str:
        session["user"] = request.args.get("user", "")
        return "in"

    @app.route("/stream")
    def stream() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield request.path
            yield "done"

        return stream_with_context(generate())

    return app, torn_down


def _text(rng: random.Random, alphabet: str, most: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, most)))


def conforming_environ(rng: random.Random) -> dict[str, t.Any]:
    body = rng.choice([b"", b'{"a": [1, 2]}', b"a=1&b=2", b"[" * 3000, b"{bad", b"x" * 5000])
    content_type = rng.choice(
        [
            "",
            "application/json",
            "application/x-www-form-urlencoded",
            "text/plain",
            "multipart/form-data; boundary=x",
        ]
    )
    environ = {
        "REQUEST_METHOD": rng.choice(METHODS),
        "SCRIPT_NAME": rng.choice(["", "", "/app"]),
        "PATH_INFO": rng.choice(PATHS)
        + rng.choice(["", _text(rng, string.ascii_letters + "/-.", 12)]),
        "QUERY_STRING": _text(rng, SAFE_TEXT, 40),
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": rng.choice(["HTTP/1.1", "HTTP/1.0"]),
        "HTTP_HOST": rng.choice(HOSTS).encode().decode("latin-1"),
        "wsgi.url_scheme": rng.choice(["http", "https"]),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    if content_type:
        environ["CONTENT_TYPE"] = content_type
    if rng.random() < 0.3:
        environ["HTTP_COOKIE"] = rng.choice(
            ["session=garbage", "session=", "a=b; c", "session=e30.x.y"]
        )
    if rng.random() < 0.2:
        environ["HTTP_ACCEPT_LANGUAGE"] = _text(rng, SAFE_TEXT, 20)
    for header in ("HTTP_X_REQUEST_ID", "HTTP_ORIGIN", "HTTP_REFERER", "HTTP_X_FORWARDED_FOR"):
        if rng.random() < 0.2:
            environ[header] = _text(rng, SAFE_TEXT + " ", 30)
    if rng.random() < 0.2:
        environ["HTTP_X_CSRF_TOKEN"] = _text(rng, SAFE_TEXT, 40)
    return environ


def malformed_environ(rng: random.Random) -> dict[str, t.Any]:
    environ = conforming_environ(rng)
    for key in rng.sample(
        [
            "REQUEST_METHOD",
            "PATH_INFO",
            "QUERY_STRING",
            "HTTP_HOST",
            "CONTENT_LENGTH",
            "CONTENT_TYPE",
            "HTTP_COOKIE",
            "SCRIPT_NAME",
        ],
        rng.randint(1, 4),
    ):
        choice = rng.random()
        if choice < 0.15 and key in OPTIONAL:
            environ.pop(key, None)
        elif choice < 0.3:
            environ[key] = rng.choice(["-1", "99999999999", "abc", "", " 1"])
        else:
            environ[key] = _text(rng, ANY_TEXT, 30)
    if rng.random() < 0.2:
        # A body shorter than its declared length, as a client that hung up leaves it.
        environ["wsgi.input"] = io.BytesIO(b"{")
        environ["CONTENT_LENGTH"] = "400"
    return environ


def serve(app: Demijohn, environ: dict[str, t.Any]) -> int:
    status: list[str] = []

    def start_response(line: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        status.append(line)
        return lambda data: None

    body = app(environ, start_response)
    try:
        for _ in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return int(status[-1][:3])


@pytest.mark.parametrize("battery", [False, True], ids=["core", "production"])
@pytest.mark.parametrize("kind", ["conforming", "malformed"])
def test_random_environs(kind: str, battery: bool) -> None:
    rng = random.Random(f"{SEED}-{kind}-{battery}")
    make = conforming_environ if kind == "conforming" else malformed_environ
    app, torn_down = create_app(battery)
    failures = []
    for number in range(RUNS):
        environ = make(rng)
        described = {k: v for k, v in environ.items() if not k.startswith("wsgi.")}
        torn_down.clear()
        try:
            status = serve(app, environ)
        except Exception as e:
            failures.append(f"#{number} escaped {e!r}: {described}")
            continue
        if kind == "conforming" and status >= 500:
            failures.append(f"#{number} answered {status}: {described}")
        if _cv_app.get(None) is not None or _cv_request.get(None) is not None:
            failures.append(f"#{number} left a context pushed: {described}")
            break
        if torn_down != [id(environ)]:
            failures.append(f"#{number} tore down {len(torn_down)} times: {described}")
        if len(failures) > 5:
            break
    assert not failures, "\n".join(failures)
