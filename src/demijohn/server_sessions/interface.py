"""The session interface of server-side sessions, and :class:`ServerSessions`, which sets it
up for an application.

The cookie carries only the session id, signed with the secret key exactly as cookie sessions
are (:mod:`itsdangerous`, the same key fallbacks and key checks, a salt of its own); the data
is in the store, under the id's hash, and expires there. Opening a session does no I/O: the
data is loaded on first use (:class:`~demijohn.server_sessions.ServerSession`), and a
session nobody used is neither loaded nor saved.
"""

from __future__ import annotations

import logging
import typing as t

from itsdangerous import BadSignature
from werkzeug.exceptions import ServiceUnavailable

from demijohn.sessions import SecureCookieSessionInterface

from .errors import SessionStoreError
from .session import ServerSession
from .store import record_key

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from demijohn import Demijohn, Request, Response
    from demijohn.sessions import SessionMixin

    from .store import SessionStore

__all__ = ["EXTENSION_KEY", "ServerSessionInterface", "ServerSessions"]

logger = logging.getLogger(__name__)

#: The key of ``app.extensions`` under which :class:`ServerSessions` is kept.
EXTENSION_KEY = "demijohn.server_sessions"

T = t.TypeVar("T")

#: What the user reads when the store failed; the log says what to check.
UNAVAILABLE = "Your session could not be loaded or saved just now. Please try again in a moment."


class ServerSessionInterface(SecureCookieSessionInterface):
    """Sessions kept in ``store``, the cookie holding their signed id.

    A store that fails (Redis down, the table missing) is logged at error level with what to
    check, and the request is answered with a 503; the user never sees a traceback.

    :param store: where the sessions live.

    .. versionadded:: 0.1
    """

    salt = "server-session"

    def __init__(self, store: SessionStore) -> None:
        self.store = store

    def open_session(self, app: Demijohn, request: Request) -> ServerSession | None:
        """A session for the request's cookie, its data not loaded yet: under the cookie's id
        when its signature verifies, else new. ``None`` without a secret key.

        :param app: the application handling the request.
        :param request: the request being handled.
        """
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return ServerSession()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            session_id = signer.loads(value, max_age=max_age)
        except BadSignature:
            return ServerSession()
        if not isinstance(session_id, str) or not session_id:
            return ServerSession()
        return ServerSession(session_id, self._loader(app))

    def _loader(self, app: Demijohn) -> Callable[[str], Mapping[str, t.Any] | None]:
        def load(session_id: str) -> Mapping[str, t.Any] | None:
            payload = self._load(self.store.load, record_key(session_id))
            if payload is None:
                return None
            data: Mapping[str, t.Any] = self.serializer.loads(payload)
            return data

        return load

    def save_session(self, app: Demijohn, session: SessionMixin, response: Response) -> None:
        """Save a session the request used into the store, and its signed id into the
        cookie. A session that was never loaded is left alone (no round trip); one emptied
        is deleted from the store with its cookie; the records of ids retired by
        :meth:`~demijohn.server_sessions.ServerSession.regenerate` are deleted.

        :param app: the application handling the request.
        :param session: the session returned by :meth:`open_session`.
        :param response: the response about to be sent.
        """
        if not isinstance(session, ServerSession):
            raise TypeError(
                f"ServerSessionInterface can save only a ServerSession, not a"
                f" {type(session).__name__}: a view or hook replaced the request's session."
                " Change the session's items instead of assigning another session object."
            )
        accessed = session.accessed
        try:
            if accessed:
                response.vary.add("Cookie")
            if not session.loaded:
                return
            try:
                self._save(app, session, response)
            except SessionStoreError as e:
                # The response is made already: it becomes the 503 the view would have given
                # had the store failed while it ran, rather than a success that lost its write.
                logger.error("Sessions are unavailable: %s", e)
                _unavailable(response)
        finally:
            session.accessed = accessed

    def _save(self, app: Demijohn, session: ServerSession, response: Response) -> None:
        for retired in session.retired_ids:
            self.store.delete(record_key(retired))
        session.retired_ids.clear()
        name = self.get_cookie_name(app)
        options = self._cookie_options(app)
        if not session:
            if not session.new:
                self.store.delete(record_key(session.session_id))
            if session.modified:
                response.delete_cookie(name, **options)
                response.vary.add("Cookie")
            return
        if not (session.new or self.should_set_cookie(app, session)):
            return
        payload = self.serializer.dumps(dict(session))
        lifetime = app.permanent_session_lifetime
        self.store.save(record_key(session.session_id), payload, lifetime)
        session.new = False
        signer = self.get_signing_serializer(app)
        if signer is None:
            raise RuntimeError(
                "The session cannot be saved because the application's secret key was removed"
                " after the session was opened, so its id cannot be signed. Set"
                " 'app.secret_key' before handling requests and do not clear it while serving."
            )
        expires = self.get_expiration_time(app, session)
        response.set_cookie(name, signer.dumps(session.session_id), expires=expires, **options)
        response.vary.add("Cookie")

    def _load(self, method: Callable[..., T], *args: t.Any) -> T:
        try:
            return method(*args)
        except SessionStoreError as e:
            logger.error("Sessions are unavailable: %s", e)
            raise ServiceUnavailable(UNAVAILABLE) from e


def _unavailable(response: Response) -> None:
    """Make ``response`` a plain 503 saying the session is unavailable."""
    response.status_code = 503
    response.headers.pop("Location", None)
    response.headers.pop("Set-Cookie", None)
    response.mimetype = "text/plain"
    response.set_data(UNAVAILABLE)


class ServerSessions:
    """Server-side sessions for ``app``: installs a :class:`ServerSessionInterface` on
    ``store`` and closes the store's connections when the application stops serving::

        ServerSessions(app, RedisStore("redis://cache:6379/0"))
        ServerSessions(app, DatabaseStore(db))

    Without a store, a :class:`~demijohn.server_sessions.RedisStore` on the URL in the
    ``SESSION_REDIS_URL`` config key.

    :param app: the application, or ``None`` to call :meth:`init_app` later.
    :param store: where the sessions live.

    .. versionadded:: 0.1
    """

    def __init__(self, app: Demijohn | None = None, store: SessionStore | None = None) -> None:
        self.store = store
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Demijohn) -> None:
        """Install the session interface on ``app``.

        :raises RuntimeError: no store was given and ``SESSION_REDIS_URL`` is not set.
        """
        if self.store is None:
            url = app.config.get("SESSION_REDIS_URL")
            if not url:
                raise RuntimeError(
                    "ServerSessions needs a store: pass one (ServerSessions(app,"
                    " RedisStore(url)) or DatabaseStore(db)), or set the SESSION_REDIS_URL"
                    " config key to the URL of a Redis server (redis://host:6379/0)."
                )
            from .redis_store import RedisStore

            self.store = RedisStore(str(url))
        app.session_interface = ServerSessionInterface(self.store)
        app.extensions[EXTENSION_KEY] = self
        app.after_serving(self.store.close)
