"""Tests for demijohn.providers.registry through raw ASGI calls: teardown when the client
disconnects, async providers on the server's loop, and app-lived values across the lifespan."""

import asyncio
import typing as t

from demijohn import Demijohn, request
from demijohn.providers import Providers

Message = dict[str, t.Any]


def http_scope(method: str = "GET", path: str = "/") -> dict[str, t.Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"test")],
        "client": ("127.0.0.1", 1234),
        "server": ("test", 80),
    }


class Peer:
    """The server's side of one call: hands out ``incoming``, then waits; records what is sent."""

    def __init__(self, incoming: list[Message]) -> None:
        self.incoming = incoming
        self.sent: list[Message] = []

    async def receive(self) -> Message:
        if self.incoming:
            return self.incoming.pop(0)
        await asyncio.Event().wait()
        raise AssertionError  # pragma: no cover - never resumed

    async def send(self, message: Message) -> None:
        self.sent.append(message)


class Connection:
    def __init__(self, log: list[str]) -> None:
        self.log = log
        log.append("open")


def session_providers(app: Demijohn, log: list[str]) -> Providers:
    providers = Providers(app)

    @providers.provide
    async def connection() -> t.AsyncIterator[Connection]:
        # On the server's loop: the provider awaits it as the view would.
        loop = asyncio.get_running_loop()
        log.append(f"loop {loop is server_loop[0]}")
        connection = Connection(log)
        try:
            yield connection
        except Exception as e:
            log.append(f"rollback after {type(e).__name__}")
            raise
        log.append("commit")

    return providers


server_loop: list[asyncio.AbstractEventLoop | None] = [None]


def run(app: Demijohn, scope: dict[str, t.Any], *incoming: Message) -> Peer:
    async def main() -> Peer:
        server_loop[0] = asyncio.get_running_loop()
        peer = Peer(list(incoming))
        await app.asgi(scope, peer.receive, peer.send)
        return peer

    return asyncio.run(main())


def test_a_client_that_disconnects_mid_body_tears_down_with_the_error(app: Demijohn) -> None:
    log: list[str] = []
    session_providers(app, log)

    @app.post("/")
    def upload(connection: Connection) -> str:
        request.get_data()
        raise AssertionError  # pragma: no cover - the read fails

    peer = run(
        app,
        http_scope("POST"),
        {"type": "http.request", "body": b"part", "more_body": True},
        {"type": "http.disconnect"},
    )
    assert peer.sent[0]["status"] == 400
    assert log == ["loop True", "open", "rollback after ClientDisconnected"]


def test_async_providers_run_on_the_servers_loop_and_commit_before_sending(
    app: Demijohn,
) -> None:
    log: list[str] = []
    session_providers(app, log)

    @app.get("/")
    async def index(connection: Connection) -> str:
        log.append("view")
        return "ok"

    original_send = Peer.send

    async def send(self: Peer, message: Message) -> None:
        log.append(f"send {message['type']}")
        await original_send(self, message)

    Peer.send = send  # type: ignore[method-assign]
    try:
        run(app, http_scope(), {"type": "http.request", "body": b""})
    finally:
        Peer.send = original_send  # type: ignore[method-assign]
    assert log == [
        "loop True",
        "open",
        "view",
        "commit",
        "send http.response.start",
        "send http.response.body",
    ]


def test_app_lived_values_live_for_the_lifespan(app: Demijohn) -> None:
    log: list[str] = []
    providers = Providers(app)

    @providers.provide(lifetime="app", eager=True)
    async def pool() -> t.AsyncIterator[Connection]:
        yield Connection(log)
        log.append("pool closed")

    @app.get("/")
    def index(pool: Connection) -> str:
        return "ok"

    async def main() -> list[Message]:
        peer = Peer([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
        await app.asgi({"type": "lifespan", "asgi": {"version": "3.0"}}, peer.receive, peer.send)
        return peer.sent

    sent = asyncio.run(main())
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert log == ["open", "pool closed"]
