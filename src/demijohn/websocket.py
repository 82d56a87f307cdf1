"""WebSocket connections: the object a WebSocket handler talks through.

A handler registered with :meth:`~demijohn.Demijohn.websocket` receives a :class:`WebSocket`
(in a parameter named ``websocket``, or as ``request.websocket``). It accepts the connection,
exchanges text, bytes or JSON messages, and closes it. Returning without accepting rejects the
handshake; the response the handler returns (or a 403) is the answer the client gets. Only the
ASGI driver serves WebSockets.
"""

from __future__ import annotations

import json
import typing as t

from werkzeug.exceptions import HTTPException

if t.TYPE_CHECKING:
    from .asgi.interface import Receive, Scope, Send


class UpgradeRequired(HTTPException):
    """*426 Upgrade Required*: a WebSocket URL was requested without a WebSocket connection
    (or through the WSGI driver, which cannot serve WebSockets)."""

    code = 426
    description = (
        "This URL serves WebSocket connections only. Connect with a WebSocket client, to a"
        " server that runs the application over ASGI."
    )


class WebSocketDisconnect(ConnectionError):
    """The client closed the connection, or it was lost.

    :param code: the close code the client sent (1005 when it sent none).
    :param reason: the reason the client gave.
    """

    def __init__(self, code: int = 1005, reason: str = "") -> None:
        super().__init__(f"The WebSocket was closed with code {code}: {reason or 'no reason'}.")
        self.code = code
        self.reason = reason


class WebSocketError(RuntimeError):
    """The WebSocket was used out of order (sending before accepting, after closing, ...)."""


class WebSocket:
    """One WebSocket connection.

    :param scope: the ASGI ``websocket`` scope.
    :param receive: the ASGI receive callable.
    :param send: the ASGI send callable.
    """

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope = scope
        self._receive = receive
        self._send = send
        #: ``"connecting"``, ``"connected"`` or ``"closed"``.
        self.state = "connecting"
        #: The close code, once the connection is closed.
        self.close_code: int | None = None
        self._accepted = False
        #: The close code and reason of a client that has gone, for a later send to raise.
        self._gone: tuple[int, str] | None = None

    @property
    def requested_subprotocols(self) -> list[str]:
        """The subprotocols the client offered, in its order of preference."""
        return list(self.scope.get("subprotocols", ()))

    @property
    def accepted(self) -> bool:
        """Whether the handshake was accepted."""
        return self._accepted

    async def _wait_for_connect(self) -> None:
        message = await self._receive()
        if message["type"] == "websocket.disconnect":
            self.state = "closed"
            raise WebSocketDisconnect(message.get("code", 1005), message.get("reason") or "")
        if message["type"] != "websocket.connect":
            raise WebSocketError(f"Expected websocket.connect, got {message['type']!r}.")

    async def accept(
        self,
        subprotocol: str | None = None,
        headers: t.Iterable[tuple[str, str]] | t.Mapping[str, str] | None = None,
    ) -> None:
        """Accept the handshake.

        :param subprotocol: the subprotocol chosen among :attr:`requested_subprotocols`.
        :param headers: extra headers for the handshake response.
        """
        if self.state != "connecting":
            raise WebSocketError(
                f"Cannot accept a WebSocket that is {self.state}; accept it once, first."
            )
        await self._wait_for_connect()
        if isinstance(headers, t.Mapping):
            headers = headers.items()
        message: dict[str, t.Any] = {
            "type": "websocket.accept",
            "subprotocol": subprotocol,
            "headers": [
                (name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in headers or ()
            ],
        }
        await self._send(message)
        self.state = "connected"
        self._accepted = True

    async def receive(self) -> str | bytes:
        """The next message: ``str`` for a text frame, ``bytes`` for a binary one.

        :raises WebSocketDisconnect: the client closed the connection.
        """
        self._require("connected", "receive from")
        message = await self._receive()
        if message["type"] == "websocket.disconnect":
            raise self._left(message.get("code") or 1005, message.get("reason") or "")
        text = message.get("text")
        if text is not None:
            return t.cast(str, text)
        return t.cast(bytes, message.get("bytes") or b"")

    async def receive_text(self) -> str:
        """The next message, which must be text."""
        data = await self.receive()
        if not isinstance(data, str):
            raise WebSocketError("Expected a text message but received bytes.")
        return data

    async def receive_bytes(self) -> bytes:
        """The next message, which must be binary."""
        data = await self.receive()
        if not isinstance(data, bytes):
            raise WebSocketError("Expected a binary message but received text.")
        return data

    async def receive_json(self) -> t.Any:
        """The next message, decoded as JSON (text or UTF-8 bytes)."""
        return json.loads(await self.receive())

    async def send(self, data: str | bytes) -> None:
        """Send a text (``str``) or binary (``bytes``) message.

        :raises WebSocketDisconnect: the client has gone: the server could not send (ASGI
            servers raise an ``OSError`` then), or a receive saw it leave.
        """
        if self._gone is not None:
            raise WebSocketDisconnect(*self._gone)
        self._require("connected", "send to")
        if isinstance(data, str):
            message: dict[str, t.Any] = {"type": "websocket.send", "text": data}
        else:
            message = {"type": "websocket.send", "bytes": bytes(data)}
        try:
            await self._send(message)
        except OSError as e:
            raise self._left(1006, "") from e

    def _left(self, code: int, reason: str) -> WebSocketDisconnect:
        """Record that the client has gone, with the close code it sent (1006, abnormal
        closure, when the connection was lost), and return the error that says so."""
        self.state = "closed"
        self.close_code = code
        self._gone = (code, reason)
        return WebSocketDisconnect(code, reason)

    async def send_json(self, data: t.Any) -> None:
        """Send ``data`` as a JSON text message, with the application's JSON provider."""
        from .globals import _cv_app

        ctx = _cv_app.get(None)
        text = ctx.app.json.dumps(data) if ctx is not None else json.dumps(data)
        await self.send(text)

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection; before accepting, this rejects the handshake.

        :param code: the close code.
        :param reason: a short reason for the client.
        """
        if self.state == "closed":
            return
        if self.state == "connecting":
            await self._wait_for_connect()
        try:
            await self._send({"type": "websocket.close", "code": code, "reason": reason})
        except OSError:
            # The client has gone already: the connection is as closed as it can be.
            self._left(1006, "")
            return
        self.state = "closed"
        self.close_code = code

    def __aiter__(self) -> t.AsyncIterator[str | bytes]:
        return self._messages()

    async def _messages(self) -> t.AsyncIterator[str | bytes]:
        try:
            while True:
                yield await self.receive()
        except WebSocketDisconnect:
            return

    def _require(self, state: str, action: str) -> None:
        if self.state != state:
            raise WebSocketError(
                f"Cannot {action} a WebSocket that is {self.state}. Call 'await"
                " websocket.accept()' first, and stop once it is closed."
            )

    async def reject(self, response: t.Any) -> None:
        """Answer the handshake with an HTTP response instead of accepting it: as that
        response when the server supports the ASGI WebSocket denial extension, else by closing
        with code 1008, or 1011 for a server error (which servers answer with 403).

        :param response: an object with ``status_code``, ``headers`` and ``get_data()``.
        """
        if self.state != "connecting":
            return
        await self._wait_for_connect()
        extensions = self.scope.get("extensions") or {}
        if "websocket.http.response" in extensions:
            await self._send(
                {
                    "type": "websocket.http.response.start",
                    "status": response.status_code,
                    "headers": [
                        (k.lower().encode("latin-1"), v.encode("latin-1"))
                        for k, v in response.headers.items()
                    ],
                }
            )
            await self._send({"type": "websocket.http.response.body", "body": response.get_data()})
            self.close_code = 1008
        else:
            self.close_code = 1011 if response.status_code >= 500 else 1008
            await self._send({"type": "websocket.close", "code": self.close_code, "reason": ""})
        self.state = "closed"
