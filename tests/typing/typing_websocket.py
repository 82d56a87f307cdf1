"""Typed samples of WebSocket handlers: checked by mypy, never run."""

from __future__ import annotations

from demijohn import Blueprint, Demijohn
from demijohn.websocket import WebSocket

app = Demijohn(__name__)
chat = Blueprint("chat", __name__)


@app.websocket("/echo")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for message in websocket:
        await websocket.send(message)


@chat.websocket("/rooms/<room>")
async def room(websocket: WebSocket, room: str) -> tuple[str, int] | None:
    if room == "private":
        return "members only", 403
    await websocket.accept(subprotocol=websocket.requested_subprotocols[0])
    await websocket.send_json({"room": room})
    return None


@app.websocket("/sync")
def sync_handler(websocket: WebSocket) -> None:
    app.ensure_sync(websocket.accept)()
