"""Protection against cross-site request forgery for forms posted with the session cookie.

Each session gets a random token (:func:`csrf_token`, also a template global) that forms send
back in a ``csrf_token`` field, or scripts in an ``X-CSRF-Token`` header. A request with an
unsafe method (``POST``, ``PUT``, ``PATCH``, ``DELETE``) without the session's token is refused
with a 400 that says why; over HTTPS its ``Origin`` (or, without one, its ``Referer``) must also
be this site or one of ``CSRF_TRUSTED_ORIGINS``. A view or blueprint that authenticates
otherwise (an API with tokens in headers) is exempted with
:meth:`Production.csrf_exempt <demijohn.production.Production.csrf_exempt>`.
"""

from __future__ import annotations

import hmac
import secrets
import typing as t
from urllib.parse import urlsplit

from werkzeug.exceptions import BadRequest

from demijohn import Blueprint, request, session

from .headers import names_blueprint

__all__ = ["FIELD_NAME", "HEADER_NAME", "SESSION_KEY", "CSRFError", "csrf_token"]

#: The session key the token is kept under.
SESSION_KEY = "_csrf_token"
#: The form field a form sends the token in.
FIELD_NAME = "csrf_token"
#: The header a script sends the token in.
HEADER_NAME = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_EXEMPT_ATTRIBUTE = "_demijohn_csrf_exempt"


class CSRFError(BadRequest):
    """The request was refused: its CSRF token is missing or wrong, or it came from another
    site. A 400; handle it with ``app.errorhandler(CSRFError)`` for a page of your own."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The form could not be accepted: {reason}. This protects you from other sites"
            " sending forms in your name. Reload the page and send the form again."
        )
        self.reason = reason


def csrf_token() -> str:
    """The session's CSRF token, made on first use: put it in each form as
    ``<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">``."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = session[SESSION_KEY] = secrets.token_urlsafe(32)
    return token


class CSRFProtection:
    """What is exempt, and the check of each request."""

    def __init__(self) -> None:
        self.exempt_blueprints: set[str] = set()
        self.exempt_endpoints: set[str] = set()
        self.trusted_origins: frozenset[str] = frozenset()
        #: Whether each endpoint is exempt, decided on its first unsafe request.
        self._decided: dict[str | None, bool] = {}

    def exempt(self, target: t.Any) -> None:
        """Exempt ``target``: a blueprint (with those nested in it), an endpoint or a view."""
        self._decided.clear()
        if isinstance(target, Blueprint):
            self.exempt_blueprints.add(target.name)
        elif isinstance(target, str):
            self.exempt_endpoints.add(target)
        else:
            setattr(target, _EXEMPT_ATTRIBUTE, True)

    def _is_exempt(self, view: t.Any) -> bool:
        endpoint = request.endpoint
        try:
            return self._decided[endpoint]
        except KeyError:
            pass
        exempt = (
            getattr(view, _EXEMPT_ATTRIBUTE, False)
            or endpoint in self.exempt_endpoints
            or any(
                names_blueprint(registered, name)
                for registered in request.blueprints
                for name in self.exempt_blueprints
            )
        )
        self._decided[endpoint] = exempt
        return exempt

    def protect(self, view: t.Any) -> None:
        """Refuse the current request when it needs a token and has not the right one."""
        if request.method in SAFE_METHODS or request.url_rule is None or self._is_exempt(view):
            return
        if request.is_secure:
            self._check_origin()
        expected = session.get(SESSION_KEY)
        given = request.headers.get(HEADER_NAME) or request.form.get(FIELD_NAME)
        if not given:
            raise CSRFError("it holds no CSRF token")
        if not isinstance(expected, str) or not hmac.compare_digest(
            given.encode("utf-8", "replace"), expected.encode()
        ):
            raise CSRFError("its CSRF token is not this session's (it may have expired)")

    def _check_origin(self) -> None:
        here = f"https://{request.host}"
        origin = request.headers.get("Origin")
        if origin is None:
            referer = request.headers.get("Referer")
            if not referer:
                raise CSRFError("it was sent over HTTPS without an Origin or Referer header")
            parts = urlsplit(referer)
            origin = f"{parts.scheme}://{parts.netloc}"
        if origin != here and origin not in self.trusted_origins:
            raise CSRFError(f"it was sent from another site ({origin[:100]!r})")
