"""Security headers: the defaults every response gets, a Content-Security-Policy with a
nonce per request for inline scripts, and changes per blueprint or view.

The header list of each endpoint is worked out once, on its first request, from the
defaults, the overrides of its blueprints (outermost first) and its view's; a response then
gets each header it does not set itself. The only other work per request is putting the
request's nonce into the policy, when the policy asks for one and the request used it.
"""

from __future__ import annotations

import collections.abc as cabc
import secrets
import typing as t

from demijohn import Blueprint, request

__all__ = ["NONCE", "csp_nonce", "format_policy"]

#: A source in a Content-Security-Policy directive that stands for the request's nonce:
#: ``{"script-src": ["'self'", NONCE]}``.
NONCE = "'nonce'"
#: Where the request's nonce is kept in its :attr:`~demijohn.Request.state`, once made.
NONCE_STATE_KEY = "demijohn.csp_nonce"
_PLACEHOLDER = "'nonce-{nonce}'"
#: The attribute a view's header changes are kept in.
_VIEW_ATTRIBUTE = "_demijohn_security_headers"

#: A header's value: text, ``None`` to send no such header, or (for the policy) directives.
HeaderValue = str | None | cabc.Mapping[str, str | cabc.Sequence[str]]


def csp_nonce() -> str:
    """The current request's nonce (made on first use), for ``<script nonce="...">``; the
    ``Content-Security-Policy`` header then allows it where the policy lists :data:`NONCE`.
    In templates: ``{{ csp_nonce() }}``."""
    state = request.state
    nonce = state.get(NONCE_STATE_KEY)
    if nonce is None:
        nonce = state[NONCE_STATE_KEY] = secrets.token_urlsafe(16)
    return t.cast(str, nonce)


def format_policy(policy: str | cabc.Mapping[str, str | cabc.Sequence[str]]) -> str:
    """The header value of a Content-Security-Policy given as directives: each name with
    its source (text) or sources (a list), :data:`NONCE` where the nonce goes."""
    if isinstance(policy, str):
        return policy
    parts = []
    for directive, sources in policy.items():
        listed = [sources] if isinstance(sources, str) else list(sources)
        parts.append(" ".join([directive, *(_PLACEHOLDER if s == NONCE else s for s in listed)]))
    return "; ".join(parts)


def default_headers(
    https: bool, hsts_seconds: int, include_subdomains: bool, policy: t.Any
) -> dict[str, str | None]:
    """The headers every response gets unless changed."""
    headers: dict[str, str | None] = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if policy is not None:
        text = format_policy(policy)
        if "frame-ancestors" not in text:
            text = f"{text}; frame-ancestors 'none'" if text else "frame-ancestors 'none'"
        headers["Content-Security-Policy"] = text
    if https and hsts_seconds > 0:
        value = f"max-age={hsts_seconds}"
        headers["Strict-Transport-Security"] = (
            f"{value}; includeSubDomains" if include_subdomains else value
        )
    return headers


class SecurityHeaders:
    """The defaults, the changes per blueprint and view, and each endpoint's prepared list."""

    def __init__(self) -> None:
        self.defaults: dict[str, str | None] = {}
        self.blueprints: dict[str, dict[str, str | None]] = {}
        self.endpoints: dict[str, dict[str, str | None]] = {}
        self._prepared: dict[str | None, tuple[tuple[str, str], ...]] = {}

    def prepare(self, defaults: dict[str, str | None]) -> None:
        """Start from ``defaults``, forgetting the lists worked out so far."""
        self.defaults = defaults
        self._prepared.clear()

    def change(self, target: t.Any, headers: cabc.Mapping[str, HeaderValue]) -> None:
        """Record changes for ``target``: a blueprint, an endpoint's name or a view."""
        changes = {name: _value(value) for name, value in headers.items()}
        if isinstance(target, Blueprint):
            self.blueprints.setdefault(target.name, {}).update(changes)
        elif isinstance(target, str):
            self.endpoints.setdefault(target, {}).update(changes)
        else:
            own = getattr(target, _VIEW_ATTRIBUTE, None)
            if own is None:
                own = {}
                setattr(target, _VIEW_ATTRIBUTE, own)
            own.update(changes)
        self._prepared.clear()

    def for_request(self, view: t.Any) -> tuple[tuple[str, str], ...]:
        """The headers the current request's responses get."""
        endpoint = request.endpoint
        try:
            return self._prepared[endpoint]
        except KeyError:
            pass
        merged = dict(self.defaults)
        for name in reversed(request.blueprints):
            for changed, changes in self.blueprints.items():
                if names_blueprint(name, changed):
                    merged.update(changes)
        merged.update(getattr(view, _VIEW_ATTRIBUTE, None) or {})
        if endpoint is not None:
            merged.update(self.endpoints.get(endpoint, {}))
        listed = tuple((name, value) for name, value in merged.items() if value is not None)
        self._prepared[endpoint] = listed
        return listed


def names_blueprint(registered: str, name: str) -> bool:
    """Whether ``registered``, a blueprint's dotted name as registered (``outer.inner``), is
    the blueprint named ``name`` (``inner``), wherever it is nested."""
    return registered == name or registered.endswith(f".{name}")


def _value(value: HeaderValue) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return format_policy(value)


def apply(headers: t.Any, listed: tuple[tuple[str, str], ...], nonce: str | None) -> None:
    """Give a response each listed header it does not set itself, the nonce put in."""
    for name, value in listed:
        if name not in headers:
            if _PLACEHOLDER in value:
                value = (
                    value.replace(_PLACEHOLDER, f"'nonce-{nonce}'")
                    if nonce is not None
                    else value.replace(f" {_PLACEHOLDER}", "")
                )
            headers[name] = value
