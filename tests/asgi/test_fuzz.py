"""A seeded, bounded fuzz run of the ASGI driver: thousands of random and malformed raw
``http`` scopes, each with its body in one to three messages, against an application with
typical routes (the WSGI entry point's run is in tests/test_app_fuzz.py).

Conforming scopes are what the ASGI specification lets a server send; malformed ones break it
in the ways a buggy server, a proxy or a hand-written test might: a key left out, text where
bytes belong, code points no HTTP request can carry, numbers that are not numbers, a body
message of the wrong shape. Whatever comes in, no exception escapes the application, exactly
one response is sent (its start, then its body to the end), no context is left pushed, and
each request's teardown runs once (none for a scope refused before its request began); no
request gets a 5xx, malformed ones included: they are the client's (or the server's) mistake,
answered with a 4xx.

With the WSGI run's 40,000 environs, a run of the suite fuzzes 100,000 requests.
"""

from __future__ import annotations

import asyncio
import random
import string
import typing as t

import pytest

from demijohn import Demijohn, redirect, request, session, stream_with_context, url_for
from demijohn.globals import _cv_app, _cv_request

SEED = 20261204
#: Scopes per run, for each kind.
RUNS = 30000

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
PATHS = [
    "/",
    "/items/",
    "/items/12",
    "/items/x",
    "/dir",
    "/dir/",
    "/json",
    "/form",
    "/login",
    "/where",
    "/stream",
    "/async",
    "/missing",
    "/bücher",
    "//double",
]
HOSTS = [b"localhost", b"shop.example:8080", b"web_app:8000", b"[::1]:80", b"127.0.0.1"]
SAFE_TEXT = string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?%"
#: Text of any code point, surrogates and those over 255 included.
ANY_TEXT = "".join(map(chr, range(0, 0x3000, 7))) + "\ud800\udfff\U0001f600"
BODIES = [b"", b'{"a": [1, 2]}', b"a=1&b=2", b"[" * 3000, b"{bad", b"x" * 5000]
CONTENT_TYPES = [
    b"",
    b"application/json",
    b"application/x-www-form-urlencoded",
    b"text/plain",
    b"multipart/form-data; boundary=x",
]
NOT_A_NUMBER = [b"-1", b"99999999999999999999", b"abc", b"", b" 1", "12"]


def create_app() -> tuple[Demijohn, list[int]]:
    app = Demijohn("fuzzed", static_folder=None)
    app.config.update(
        SECRET_KEY="a fuzzing key that is long enough to sign", MAX_CONTENT_LENGTH=4096
    )
    torn_down: list[int] = []
    app.teardown_request(lambda exc: torn_down.append(1))

    app.add_url_rule("/", "index", lambda: "index")
    app.add_url_rule("/items/<int:item>", "item", lambda item: {"item": item})
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

    @app.route("/async", methods=["GET", "POST"])
    async def asynchronous() -> dict[str, t.Any]:
        await asyncio.sleep(0)
        return {"length": len(request.get_data())}

    return app, torn_down


def _text(rng: random.Random, alphabet: str, most: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, most)))


def conforming(rng: random.Random) -> tuple[dict[str, t.Any], list[dict[str, t.Any]]]:
    """A scope as the specification allows it, and the body messages that follow it."""
    path = rng.choice(PATHS) + rng.choice(["", _text(rng, string.ascii_letters + "/-.", 12)])
    root_path = rng.choice(["", "", "/app"])
    body = rng.choice(BODIES)
    headers = [(b"host", rng.choice(HOSTS))]
    content_type = rng.choice(CONTENT_TYPES)
    if content_type:
        headers.append((b"content-type", content_type))
    if body or rng.random() < 0.3:
        headers.append((b"content-length", str(len(body)).encode()))
    if rng.random() < 0.3:
        cookie = rng.choice([b"session=garbage", b"session=", b"a=b; c", b"session=e30.x.y"])
        headers.append((b"cookie", cookie))
    if rng.random() < 0.2:
        headers.append((b"accept-language", _text(rng, SAFE_TEXT, 20).encode()))
    scope: dict[str, t.Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": rng.choice(["2.0", "2.3", "2.4"])},
        "http_version": rng.choice(["1.0", "1.1", "2"]),
        "method": rng.choice(METHODS),
        "scheme": rng.choice(["http", "https"]),
        "path": root_path + path,
        "raw_path": (root_path + path).encode(),
        "query_string": _text(rng, SAFE_TEXT, 40).encode(),
        "root_path": root_path,
        "headers": headers,
        "client": rng.choice([("127.0.0.1", 50000), ("::1", 1), None]),
        "server": rng.choice([("testserver", 80), ("10.0.0.1", 8000), ("/tmp/socket", None), None]),
    }
    for optional in ("raw_path", "asgi", "http_version", "scheme", "root_path", "client"):
        if rng.random() < 0.05:
            # Keys the specification gives defaults for (asgi and http_version included).
            scope.pop(optional)
    cuts = sorted(rng.sample(range(len(body) + 1), min(len(body) + 1, rng.randint(0, 2))))
    chunks = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    messages = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    return scope, messages


def malformed(rng: random.Random) -> tuple[dict[str, t.Any], list[dict[str, t.Any]]]:
    """A conforming scope broken in one to four places."""
    scope, messages = conforming(rng)
    mutations: list[t.Callable[[], None]] = [
        lambda: scope.pop("path"),
        lambda: scope.pop("method"),
        lambda: scope.pop("headers"),
        lambda: scope.pop("query_string"),
        lambda: scope.pop("server"),
        lambda: scope.update(path=_text(rng, ANY_TEXT, 20)),
        lambda: scope.update(path="/" + _text(rng, ANY_TEXT, 20)),
        lambda: scope.update(path=b"/bytes"),
        lambda: scope.update(raw_path=_text(rng, ANY_TEXT, 10)),
        lambda: scope.update(query_string=_text(rng, ANY_TEXT, 10)),
        lambda: scope.update(method=rng.choice(["get", "G E T", "", "\u20ac", None])),
        lambda: scope.update(root_path=rng.choice(["/other", "\u20ac", None, "/app/"])),
        lambda: scope.update(scheme=rng.choice(["", "gopher", None, "\u20ac"])),
        lambda: scope.update(server=rng.choice([("host", "80"), ("host",), "host", (None, 1)])),
        lambda: scope.update(client=rng.choice([("x",), "x", ("127.0.0.1", "port")])),
        lambda: scope.update(http_version=rng.choice(["9", "", None, 1.1])),
        lambda: scope["headers"].append(
            rng.choice(
                [
                    ("host", "text"),
                    (b"x-text", "text"),
                    (b"content-length", rng.choice(NOT_A_NUMBER)),
                    (b"x-latin", _text(rng, ANY_TEXT, 10).encode("utf-8", "surrogatepass")),
                    (b"Host", b"UPPER.example"),
                    (b"host", b"a" * 64 + b".example"),
                    (b"cookie", b"\xff\xfe=\x00"),
                    (b"x-tuple", b"a", b"b"),
                    (b"x-none", None),
                ]
            )
        ),
        lambda: scope.update(headers=rng.choice([None, "host: x", [b"host"], {"host": b"x"}])),
        lambda: messages.insert(0, {"type": "http.request", "body": "text", "more_body": True}),
        lambda: messages.insert(0, {"type": "http.request", "body": None, "more_body": True}),
        lambda: messages.insert(0, {"type": "http.unknown"}),
        lambda: messages.clear(),
    ]
    for mutate in rng.sample(mutations, rng.randint(1, 4)):
        try:
            mutate()
        except (KeyError, AttributeError, TypeError):
            pass  # the key it breaks is already gone
    return scope, messages


class Failure(Exception):
    pass


async def serve(app: Demijohn, scope: dict[str, t.Any], messages: list[dict[str, t.Any]]) -> int:
    """Run one request as a server would: the body messages, then, once they are all
    received, a disconnect as soon as the response is over (or at once, when it has not
    started: a client that hung up); the status sent, after checking the response is whole."""
    pending = list(messages)
    sent: list[t.MutableMapping[str, t.Any]] = []
    over = asyncio.Event()

    async def receive() -> dict[str, t.Any]:
        if pending:
            return pending.pop(0)
        if sent:
            await over.wait()
        return {"type": "http.disconnect"}

    async def send(message: t.MutableMapping[str, t.Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            over.set()

    await app.asgi(scope, receive, send)
    starts = [m for m in sent if m["type"] == "http.response.start"]
    if len(starts) != 1 or sent[0] is not starts[0]:
        raise Failure(f"sent {[m['type'] for m in sent]}, not one response start first")
    if sent[-1]["type"] != "http.response.body" or sent[-1].get("more_body", False):
        raise Failure(f"the body did not end: {sent[-1]}")
    return int(starts[0]["status"])


def _describe(scope: dict[str, t.Any], messages: list[dict[str, t.Any]]) -> str:
    shown = {k: v for k, v in scope.items() if k != "asgi"}
    return f"{shown} with {[{**m, 'body': repr(m.get('body'))[:20]} for m in messages]}"


@pytest.mark.parametrize("kind", ["conforming", "malformed"])
def test_random_scopes(kind: str) -> None:
    rng = random.Random(f"{SEED}-asgi-{kind}")
    make = conforming if kind == "conforming" else malformed
    app, torn_down = create_app()
    failures: list[str] = []

    async def run() -> None:
        for number in range(RUNS):
            scope, messages = make(rng)
            described = _describe(scope, messages)
            torn_down.clear()
            try:
                status = await serve(app, scope, messages)
            except Failure as e:
                failures.append(f"#{number} {e}: {described}")
                continue
            except Exception as e:
                failures.append(f"#{number} escaped {e!r}: {described}")
                continue
            if status >= 500:
                failures.append(f"#{number} answered {status}: {described}")
            if _cv_app.get(None) is not None or _cv_request.get(None) is not None:
                failures.append(f"#{number} left a context pushed: {described}")
                break
            # A malformed scope refused before its request began has nothing to tear down.
            if len(torn_down) != 1 and (kind == "conforming" or torn_down):
                failures.append(f"#{number} tore down {len(torn_down)} times: {described}")
            if len(failures) > 5:
                break

    asyncio.run(run())
    assert not failures, "\n".join(failures)
