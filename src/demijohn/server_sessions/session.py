"""The session object of server-side sessions: a dict whose data is loaded from the store on
first use, so a request that opens the session but never reads it costs no round trip, and
whose id can be rotated with :meth:`ServerSession.regenerate`.
"""

from __future__ import annotations

import secrets
import typing as t

from demijohn.globals import request_ctx
from demijohn.sessions import SecureCookieSession

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["ServerSession", "new_session_id", "regenerate_session"]

#: Loads the data of a session id from the store; ``None`` when the store has none.
Loader = t.Callable[[str], "Mapping[str, t.Any] | None"]


def new_session_id() -> str:
    """A new session id: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class ServerSession(SecureCookieSession):
    """A session kept in a store, the cookie holding only its signed id.

    The data is loaded the first time the session is read or written, not when it is opened.
    An id the store does not know (expired, deleted, or never issued by it) is not adopted:
    the session starts empty under a new id.

    :param session_id: the id the request's cookie carried, already verified, or ``None``.
    :param loader: loads an id's data from the store; called at most once.

    .. versionadded:: 0.1
    """

    def __init__(self, session_id: str | None = None, loader: Loader | None = None) -> None:
        super().__init__()
        #: The id the session is saved under.
        self.session_id = session_id or new_session_id()
        #: Whether the store has no record of this session yet.
        self.new = session_id is None
        #: Ids whose records are deleted when the session is saved (see :meth:`regenerate`).
        self.retired_ids: list[str] = []
        self._loader: Callable[[str], Mapping[str, t.Any] | None] | None = (
            loader if session_id is not None else None
        )

    @property
    def loaded(self) -> bool:
        """Whether the session's data is in memory: it was loaded, or needed no loading."""
        return self._loader is None

    def load(self) -> None:
        """Load the data from the store now, if it is not loaded yet."""
        loader, self._loader = self._loader, None
        if loader is None:
            return
        try:
            data = loader(self.session_id)
        except BaseException:
            # Not loaded: the failed request must not save (or delete) what it never read.
            self._loader = loader
            raise
        if data is None:
            self.session_id = new_session_id()
            self.new = True
            # Changed from what the browser holds: saving it replaces or deletes the cookie,
            # so that a stale id is not sent (and looked up) again.
            self.modified = True
            return
        # Filled without the change callback: loading is not a change.
        dict.update(self, data)

    def regenerate(self) -> None:
        """Give the session a new id, keeping its data; the record under the old id is
        deleted when the session is saved. Call it when the user logs in (or their
        privileges change), so that an id planted in their browser before, or read from it,
        does not carry over to the logged-in session (session fixation)::

            @app.post("/login")
            def login():
                user = check_password(request.form)
                session.regenerate()
                session["user_id"] = user.id
                return redirect(url_for("home"))

        .. versionadded:: 0.1
        """
        self.load()
        if not self.new:
            self.retired_ids.append(self.session_id)
        self.session_id = new_session_id()
        self.new = True
        self.modified = True
        self.accessed = True


def _loading(name: str) -> t.Callable[..., t.Any]:
    """``SecureCookieSession``'s method ``name``, loading the data first."""
    inherited = getattr(SecureCookieSession, name)

    def method(self: ServerSession, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if self._loader is not None:
            self.load()
        return inherited(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = inherited.__doc__
    return method


# Every way of reading or changing the mapping loads it first; set on the class after it is
# made so that the list is one place, not two dozen hand-written overrides.
for _name in (
    "__getitem__", "__setitem__", "__delitem__", "__contains__", "__iter__", "__len__",
    "__repr__", "__eq__", "__ne__", "__or__", "__ror__", "__ior__", "__reversed__", "get",
    "setdefault", "pop", "popitem", "clear", "update", "keys", "values", "items", "copy",
):  # fmt: skip
    setattr(ServerSession, _name, _loading(_name))
del _name


def regenerate_session() -> None:
    """Give the current request's session a new id, keeping its data
    (:meth:`ServerSession.regenerate`): call it at login. A typed spelling of
    ``session.regenerate()``, whose proxy is typed as any session.

    :raises RuntimeError: the application's sessions are not server-side.

    .. versionadded:: 0.1
    """
    current = request_ctx.session
    if not isinstance(current, ServerSession):
        raise RuntimeError(
            f"The session is a {type(current).__name__}, not a server-side session, so its id"
            " cannot be rotated. Set up server-side sessions with 'ServerSessions(app, store)'"
            " where the application is made; cookie sessions have no id to rotate (clear the"
            " session at login instead)."
        )
    current.regenerate()
