"""What a session store is: the protocol the session interface talks to, and the key a
session id is stored under.

A store keeps serialized sessions (strings) under keys with an expiry. It is called from
synchronous code on the request path; a store that talks to the network runs its calls on the
server's event loop under ASGI (:func:`demijohn.calling.on_server_loop`) and blocks the
calling thread under WSGI, as the database battery's sessions do.
"""

from __future__ import annotations

import hashlib
import typing as t

if t.TYPE_CHECKING:
    from datetime import timedelta

__all__ = ["SessionStore", "record_key"]


class SessionStore(t.Protocol):
    """Where server-side sessions live.

    Each method raises :exc:`~demijohn.server_sessions.SessionStoreError` when the store
    cannot be reached, with a message naming the store and what to check.

    .. versionadded:: 0.1
    """

    def load(self, key: str) -> str | None:
        """The serialized session under ``key``, or ``None`` when there is none or it expired."""
        ...  # pragma: no cover

    def save(self, key: str, payload: str, lifetime: timedelta) -> None:
        """Store ``payload`` under ``key``, expiring ``lifetime`` from now."""
        ...  # pragma: no cover

    def delete(self, key: str) -> None:
        """Delete the session under ``key``; no error when there is none."""
        ...  # pragma: no cover

    def close(self) -> None:
        """Give back the store's connections (when the application stops serving)."""
        ...  # pragma: no cover


def record_key(session_id: str) -> str:
    """The key a session id is stored under: its SHA-256, so that whoever reads the store
    (a backup, a replica, a support tool) learns no id a browser could present."""
    return hashlib.sha256(session_id.encode()).hexdigest()
