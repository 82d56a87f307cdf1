"""The ASGI interface as types: scopes, messages, and the ``receive`` and ``send`` callables a
server hands the application. Nothing here runs."""

from __future__ import annotations

import typing as t

#: A connection's scope (``http``, ``websocket`` or ``lifespan``).
Scope = t.MutableMapping[str, t.Any]
#: One event, either way.
Message = t.MutableMapping[str, t.Any]
#: What the application awaits for the next event from the server.
Receive = t.Callable[[], t.Awaitable[Message]]
#: What the application awaits to hand an event to the server.
Send = t.Callable[[Message], t.Awaitable[None]]
