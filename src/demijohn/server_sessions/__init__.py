"""Server-side sessions: the session's data in Redis or the application's SQL database, the
cookie holding only its signed id.

::

    from demijohn import Demijohn, session
    from demijohn.server_sessions import RedisStore, ServerSessions

    app = Demijohn(__name__)
    app.secret_key = "..."
    ServerSessions(app, RedisStore("redis://127.0.0.1:6379/0"))

    @app.post("/login")
    def login():
        session.regenerate()          # a new id for the logged-in session (typed:
                                      # regenerate_session())
        session["user_id"] = 42
        return "welcome"

``session`` and ``flash`` work as with cookie sessions. The data is loaded from the store the
first time a request uses the session, and saved only when a request used it, so views that
never touch the session cost no round trip. Records expire in the store after
:attr:`~demijohn.Demijohn.permanent_session_lifetime`; a session that is used again is kept
alive when it changed, or when it is permanent and ``SESSION_REFRESH_EACH_REQUEST`` is on.

This module is a battery: it uses only demijohn's public API, and nothing in the core imports
it. The Redis store needs the ``server-sessions`` extra (``pip install
demijohn[server-sessions]``); the database store, the ``db`` extra.

.. versionadded:: 0.1
"""

from __future__ import annotations

import typing as t

from .errors import SessionStoreError
from .interface import EXTENSION_KEY, ServerSessionInterface, ServerSessions
from .session import ServerSession, regenerate_session
from .store import SessionStore

if t.TYPE_CHECKING:
    from .database_store import DatabaseStore
    from .redis_store import RedisStore

__all__ = [
    "EXTENSION_KEY",
    "DatabaseStore",
    "RedisStore",
    "ServerSession",
    "ServerSessionInterface",
    "ServerSessions",
    "SessionStore",
    "SessionStoreError",
    "regenerate_session",
]


def __getattr__(name: str) -> t.Any:
    # Each store imports its client library only when asked for, so that an application on
    # Redis needs no SQLAlchemy, and one on its database no redis-py.
    if name == "RedisStore":
        from .redis_store import RedisStore

        return RedisStore
    if name == "DatabaseStore":
        from .database_store import DatabaseStore

        return DatabaseStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
