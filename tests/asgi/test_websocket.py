"""WebSocket connections under the ASGI driver, through the raw harness: a client that has
gone while the handler still sends to it ends the handler quietly, as one that has gone while
it receives does."""

from __future__ import annotations

import asyncio
import logging
import typing as t

import pytest

from demijohn import Demijohn, signals
from demijohn.websocket import WebSocket, WebSocketDisconnect

from .harness import DEADLOCK, Message, websocket_scope

CONNECT: Message = {"type": "websocket.connect"}


class GoneServer:
    """A server whose client has gone once the handshake is accepted: ``send`` raises an
    ``OSError`` for every message after the accept (uvicorn raises its ClientDisconnected, an
    ``OSError``, as the ASGI spec says from version 2.4), and ``receive`` gives
    ``websocket.disconnect``."""

    def __init__(self) -> None:
        self.sent: list[Message] = []
        self.connected = False

    async def receive(self) -> Message:
        if not self.connected:
            self.connected = True
            return CONNECT
        return {"type": "websocket.disconnect", "code": 1006}

    async def send(self, message: Message) -> None:
        if self.sent and self.sent[-1]["type"] == "websocket.accept":
            raise ConnectionResetError("the client has gone")
        self.sent.append(message)


@pytest.fixture
def failures(app: Demijohn) -> t.Iterator[list[BaseException]]:
    """The exceptions ``got_request_exception`` reports while the test runs."""
    seen: list[BaseException] = []

    def record(sender: t.Any, exception: BaseException, **extra: t.Any) -> None:
        seen.append(exception)

    signals.got_request_exception.connect(record, app)
    yield seen
    signals.got_request_exception.disconnect(record, app)


def serve(app: Demijohn, server: GoneServer) -> None:
    async def main() -> None:
        await asyncio.wait_for(app.asgi(websocket_scope(), server.receive, server.send), DEADLOCK)

    asyncio.run(main())


class TestSendingToAClientThatHasGone:
    @pytest.mark.parametrize("kind", ["async", "sync"])
    def test_send_raises_websocket_disconnect(
        self,
        app: Demijohn,
        failures: list[BaseException],
        caplog: pytest.LogCaptureFixture,
        kind: str,
    ) -> None:
        raised: list[BaseException] = []

        async def push(websocket: WebSocket) -> None:
            await websocket.accept()
            try:
                await websocket.send("news")
            except BaseException as e:
                raised.append(e)
                raise

        if kind == "async":
            app.websocket("/ws")(push)
        else:

            @app.websocket("/ws")
            def sync_push(websocket: WebSocket) -> None:
                app.ensure_sync(push)(websocket)

        serve(app, GoneServer())
        assert [type(e) for e in raised] == [WebSocketDisconnect]
        assert failures == []
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []

    def test_a_push_loop_ends_quietly(
        self, app: Demijohn, failures: list[BaseException], caplog: pytest.LogCaptureFixture
    ) -> None:
        sent: list[int] = []

        @app.websocket("/ws")
        async def push(websocket: WebSocket) -> None:
            await websocket.accept()
            for n in range(10):
                await websocket.send_json(n)
                sent.append(n)

        serve(app, GoneServer())
        assert sent == []
        assert failures == []
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []

    def test_send_after_the_client_closed_raises_websocket_disconnect(
        self, app: Demijohn, failures: list[BaseException]
    ) -> None:
        raised: list[BaseException] = []

        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()
            with pytest.raises(WebSocketDisconnect):
                await websocket.receive()
            try:
                await websocket.send("too late")
            except BaseException as e:
                raised.append(e)
                raise

        serve(app, GoneServer())
        assert len(raised) == 1
        assert isinstance(raised[0], WebSocketDisconnect)
        assert raised[0].code == 1006
        assert failures == []

    def test_closing_a_connection_the_client_dropped_is_quiet(
        self, app: Demijohn, failures: list[BaseException], caplog: pytest.LogCaptureFixture
    ) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()
            await websocket.close()

        serve(app, GoneServer())
        assert failures == []
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
