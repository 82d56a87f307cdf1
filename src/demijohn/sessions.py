"""Sessions: the per-user dict kept between requests, and the interfaces that load and save it.

:class:`SessionInterface` is the extension point an application replaces through
:attr:`Demijohn.session_interface`; :class:`SecureCookieSessionInterface`, the default, keeps the
whole session in a cookie signed with the application's secret key. Nothing here reads a context
variable: the application, request and response are passed in by the request pipeline.
"""

from __future__ import annotations

import typing as t
from collections.abc import MutableMapping
from datetime import UTC, datetime

from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import CallbackDict

from .json.tag import TaggedJSONSerializer
from .secret_keys import check_secret_keys

if t.TYPE_CHECKING:
    import hashlib
    from _collections_abc import dict_items, dict_keys, dict_values
    from collections.abc import Iterable, Iterator, Mapping

    from .app import Demijohn
    from .wrappers import Request, Response

__all__ = [
    "NullSession",
    "SecureCookieSession",
    "SecureCookieSessionInterface",
    "SessionInterface",
    "SessionMixin",
]


class SessionMixin(MutableMapping[str, t.Any]):
    """What every session object offers on top of being a mutable mapping.

    .. versionadded:: 0.1
    """

    @property
    def permanent(self) -> bool:
        """Whether the session outlives the browser session, expiring after
        :attr:`Demijohn.permanent_session_lifetime` instead. Stored under the ``_permanent``
        key; ``False`` by default.
        """
        return bool(self.get("_permanent", False))

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self["_permanent"] = bool(value)

    #: Whether the session was created during this request rather than loaded. Interfaces that
    #: can tell set it; the cookie interface leaves it ``False``.
    new = False

    #: Whether the session was changed during this request. A mapping that cannot track changes
    #: reports ``True`` so it is always saved. Changes inside mutable values, such as appending
    #: to a stored list, are not seen: set this to ``True`` by hand after making them.
    modified = True

    #: Whether the session was used during this request, which makes the response depend on
    #: the cookie and so adds ``Vary: Cookie``. The request context sets it whenever the
    #: session is used through it (the ``session`` proxy), as Flask 3.1.3 does.
    accessed = False


class SecureCookieSession(CallbackDict[str, t.Any], SessionMixin):
    """The session used by :class:`SecureCookieSessionInterface`: a dict that records whether
    it was changed (:attr:`modified`) and whether it was used at all (:attr:`accessed`).

    Reading a value, testing for a key, taking the length, iterating and the ``keys``,
    ``values`` and ``items`` views all count as access.

    :param initial: the loaded session data, if any.

    .. versionadded:: 0.1
    """

    modified = False
    accessed = False

    def __init__(
        self,
        initial: Mapping[str, t.Any] | Iterable[tuple[str, t.Any]] | None = None,
    ) -> None:
        super().__init__(initial, _mark_modified)

    def __getitem__(self, key: str) -> t.Any:
        self.accessed = True
        return super().__getitem__(key)

    def get(self, key: str, default: t.Any = None) -> t.Any:
        self.accessed = True
        return super().get(key, default)

    def setdefault(self, key: str, default: t.Any = None) -> t.Any:
        self.accessed = True
        return super().setdefault(key, default)

    def __contains__(self, key: object) -> bool:
        self.accessed = True
        return super().__contains__(key)

    def __len__(self) -> int:
        self.accessed = True
        return super().__len__()

    def __iter__(self) -> Iterator[str]:
        self.accessed = True
        return super().__iter__()

    def keys(self) -> dict_keys[str, t.Any]:
        self.accessed = True
        return super().keys()

    def values(self) -> dict_values[str, t.Any]:
        self.accessed = True
        return super().values()

    def items(self) -> dict_items[str, t.Any]:
        self.accessed = True
        return super().items()


def _mark_modified(session: SecureCookieSession) -> None:
    """Record a write; called by the dict after every change."""
    session.modified = True
    session.accessed = True


class NullSession(SecureCookieSession):
    """The session used when sessions are unavailable because the application has no secret
    key. It reads as empty, and any attempt to change it raises :exc:`RuntimeError` saying how
    to fix the configuration.

    .. versionadded:: 0.1
    """

    def _fail(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise RuntimeError(
            "The session is unavailable because the application has no secret key, which is"
            " needed to sign the session cookie. Set 'app.secret_key' or the SECRET_KEY config"
            " value to a long random string, for example the output of"
            " 'python -c \"import secrets; print(secrets.token_hex(32))\"', and keep it secret."
        )

    __setitem__ = __delitem__ = clear = pop = popitem = update = setdefault = _fail
    __ior__ = _fail


class SessionInterface:
    """How sessions are loaded from a request and saved into a response.

    Subclass it and implement :meth:`open_session` and :meth:`save_session`, then assign an
    instance to :attr:`Demijohn.session_interface`. The ``get_cookie_*`` methods read the
    ``SESSION_COOKIE_*`` config keys, so subclasses that use a cookie share the configuration.

    When :meth:`open_session` returns ``None`` the application uses :meth:`make_null_session`
    instead, a session that explains on first write why sessions are unavailable.

    .. versionadded:: 0.1
    """

    #: The class :meth:`make_null_session` instantiates.
    null_session_class: type[NullSession] = NullSession

    #: Whether sessions are serialized with pickle. Only informational for extensions.
    pickle_based = False

    def make_null_session(self, app: Demijohn) -> NullSession:
        """Make the session used when :meth:`open_session` could not provide one.

        :param app: the application handling the request.
        """
        return self.null_session_class()

    def is_null_session(self, obj: object) -> bool:
        """Return whether ``obj`` is a null session, which is never saved.

        :param obj: a session object.
        """
        return isinstance(obj, self.null_session_class)

    def get_cookie_name(self, app: Demijohn) -> str:
        """The name of the session cookie, from ``SESSION_COOKIE_NAME``.

        :param app: the application handling the request.
        """
        name: str = app.config["SESSION_COOKIE_NAME"]
        return name

    def get_cookie_domain(self, app: Demijohn) -> str | None:
        """The ``Domain`` of the session cookie, from ``SESSION_COOKIE_DOMAIN``. ``None`` (the
        default) leaves the attribute out, so the cookie is sent only to the exact host.

        :param app: the application handling the request.
        """
        domain: str | None = app.config["SESSION_COOKIE_DOMAIN"]
        return domain or None

    def get_cookie_path(self, app: Demijohn) -> str:
        """The ``Path`` of the session cookie: ``SESSION_COOKIE_PATH``, or
        ``APPLICATION_ROOT`` when that is not set.

        :param app: the application handling the request.
        """
        path: str = app.config["SESSION_COOKIE_PATH"] or app.config["APPLICATION_ROOT"]
        return path

    def get_cookie_httponly(self, app: Demijohn) -> bool:
        """Whether the session cookie is hidden from JavaScript, from
        ``SESSION_COOKIE_HTTPONLY``.

        :param app: the application handling the request.
        """
        return bool(app.config["SESSION_COOKIE_HTTPONLY"])

    def get_cookie_secure(self, app: Demijohn) -> bool:
        """Whether the session cookie is sent only over HTTPS, from ``SESSION_COOKIE_SECURE``.

        :param app: the application handling the request.
        """
        return bool(app.config["SESSION_COOKIE_SECURE"])

    def get_cookie_samesite(self, app: Demijohn) -> str | None:
        """The ``SameSite`` value of the session cookie (``"Strict"``, ``"Lax"`` or
        ``"None"``), from ``SESSION_COOKIE_SAMESITE``; ``None`` leaves the attribute out.

        :param app: the application handling the request.
        """
        samesite: str | None = app.config["SESSION_COOKIE_SAMESITE"]
        return samesite

    def get_cookie_partitioned(self, app: Demijohn) -> bool:
        """Whether the session cookie is ``Partitioned`` (CHIPS), from
        ``SESSION_COOKIE_PARTITIONED``. Browsers then require it to be secure as well.

        :param app: the application handling the request.
        """
        return bool(app.config["SESSION_COOKIE_PARTITIONED"])

    def get_expiration_time(self, app: Demijohn, session: SessionMixin) -> datetime | None:
        """When the session cookie expires: now plus
        :attr:`Demijohn.permanent_session_lifetime` for a permanent session, or ``None`` for a
        cookie that ends with the browser session.

        :param app: the application handling the request.
        :param session: the session being saved.
        """
        if session.permanent:
            return datetime.now(UTC) + app.permanent_session_lifetime
        return None

    def should_set_cookie(self, app: Demijohn, session: SessionMixin) -> bool:
        """Whether :meth:`save_session` should send the cookie again: when the session changed,
        or when it is permanent and ``SESSION_REFRESH_EACH_REQUEST`` asks for its expiry to be
        pushed back on every request.

        :param app: the application handling the request.
        :param session: the session being saved.
        """
        if session.modified:
            return True
        return session.permanent and bool(app.config["SESSION_REFRESH_EACH_REQUEST"])

    def open_session(self, app: Demijohn, request: Request) -> SessionMixin | None:
        """Load the session for ``request``, at the start of the request.

        Return ``None`` when sessions are unavailable (for example because configuration is
        missing); the application then uses :meth:`make_null_session`.

        :param app: the application handling the request.
        :param request: the request being handled.
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement 'open_session', so sessions cannot be"
            " loaded. Override 'open_session' and 'save_session' in the subclass."
        )

    def save_session(self, app: Demijohn, session: SessionMixin, response: Response) -> None:
        """Save ``session`` into ``response``, at the end of the request. Not called for a null
        session.

        :param app: the application handling the request.
        :param session: the session returned by :meth:`open_session`.
        :param response: the response about to be sent.
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement 'save_session', so sessions cannot be"
            " saved. Override 'open_session' and 'save_session' in the subclass."
        )


#: The serializer shared by cookie session interfaces.
session_json_serializer = TaggedJSONSerializer()


class SecureCookieSessionInterface(SessionInterface):
    """The default session interface: the session is stored in a cookie, serialized with
    :class:`~demijohn.json.tag.TaggedJSONSerializer` and signed with :mod:`itsdangerous`.

    The client can read the data but not change it without the secret key. Keys listed in
    ``SECRET_KEY_FALLBACKS`` still verify old cookies, so the secret key can be rotated without
    logging everyone out.

    .. versionadded:: 0.1
    """

    #: Mixed into the signing key so signatures made for other purposes do not verify here.
    salt = "cookie-session"

    #: How the signing key is derived from the secret key; see :mod:`itsdangerous`.
    key_derivation = "hmac"

    #: Turns the session into the cookie payload and back.
    serializer = session_json_serializer

    #: The class of the sessions :meth:`open_session` returns.
    session_class = SecureCookieSession

    @staticmethod
    def digest_method(string: bytes = b"") -> hashlib._Hash:
        """The hash function used for signing: SHA-1 over ``string``.

        :param string: the data to start the hash with.
        """
        # Imported here so the class can be defined on FIPS builds without SHA-1; those
        # applications override this method before any session is signed.
        import hashlib

        return hashlib.sha1(string)

    def get_signing_serializer(self, app: Demijohn) -> URLSafeTimedSerializer | None:
        """Make the serializer that signs and verifies cookies, or return ``None`` when the
        application has no secret key.

        The current secret key signs; it and every key in ``SECRET_KEY_FALLBACKS`` (most recent
        first) verify. Outside debug and testing mode a key that is short or published raises
        :exc:`~demijohn.errors.WeakSecretKeyError` (see :mod:`demijohn.secret_keys`).

        :param app: the application handling the request.
        """
        if not app.secret_key:
            return None
        fallbacks: list[t.Any] = list(app.config.get("SECRET_KEY_FALLBACKS") or ())
        # itsdangerous signs with the last key and tries them from the last to the first.
        keys = [*reversed(fallbacks), app.secret_key]
        check_secret_keys(app, keys)
        return URLSafeTimedSerializer(
            keys,
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )

    def open_session(self, app: Demijohn, request: Request) -> SecureCookieSession | None:
        """Load the session from the request's cookie.

        A missing, tampered or expired cookie gives a new empty session. Returns ``None`` when
        the application has no secret key.

        :param app: the application handling the request.
        :param request: the request being handled.
        """
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data = signer.loads(value, max_age=max_age)
        except BadSignature:
            return self.session_class()
        return self.session_class(data)

    def save_session(self, app: Demijohn, session: SessionMixin, response: Response) -> None:
        """Write the session into the response's ``Set-Cookie`` header.

        A session that was used adds ``Vary: Cookie``. A session emptied during the request
        deletes the cookie; an empty one that was never set sends nothing. Otherwise the cookie
        is sent when :meth:`should_set_cookie` says so.

        Reading the session here (its :attr:`~SessionMixin.permanent` flag, its data) does
        not leave it marked :attr:`~SessionMixin.accessed`: that says whether the request
        used it.

        :param app: the application handling the request.
        :param session: the session returned by :meth:`open_session`.
        :param response: the response about to be sent.
        """
        accessed = session.accessed
        try:
            if accessed:
                response.vary.add("Cookie")
            name = self.get_cookie_name(app)
            options = self._cookie_options(app)
            if not session:
                if session.modified:
                    response.delete_cookie(name, **options)
                    response.vary.add("Cookie")
                return
            if not self.should_set_cookie(app, session):
                return
            value = self._sign(app, session)
            expires = self.get_expiration_time(app, session)
            response.set_cookie(name, value, expires=expires, **options)
            response.vary.add("Cookie")
        finally:
            session.accessed = accessed

    def _cookie_options(self, app: Demijohn) -> dict[str, t.Any]:
        """The cookie attributes shared by setting and deleting the session cookie."""
        return {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "partitioned": self.get_cookie_partitioned(app),
            "samesite": self.get_cookie_samesite(app),
            "httponly": self.get_cookie_httponly(app),
        }

    def _sign(self, app: Demijohn, session: SessionMixin) -> str:
        """Serialize and sign the session for the cookie value."""
        signer = self.get_signing_serializer(app)
        if signer is None:
            raise RuntimeError(
                "The session cannot be saved because the application's secret key was removed"
                " after the session was opened, so the cookie cannot be signed. Set"
                " 'app.secret_key' before handling requests and do not clear it while serving."
            )
        return signer.dumps(dict(session))
