"""Errors and helpers that explain common mistakes in debug mode.

They are raised only when ``app.debug`` is on, where a clearer message is worth more than the
plain HTTP error a client would otherwise get.
"""

from __future__ import annotations

import typing as t

from werkzeug.routing import RequestRedirect

if t.TYPE_CHECKING:
    from .wrappers import Request


class UnexpectedUnicodeError(AssertionError, UnicodeError):
    """Raised in debug mode where demijohn expected bytes and got text, or the reverse."""


class FormDataRoutingRedirect(AssertionError):
    """Raised in debug mode when the routing system would redirect a request that carries a
    body (a POST to a URL missing its trailing slash, for example): the browser would drop the
    body on the redirect."""

    def __init__(self, request: Request) -> None:
        exc = t.cast(RequestRedirect, request.routing_exception)
        buf = [
            (
                f"A request was sent to '{request.url}', but routing issued a redirect to the"
                f" canonical URL '{exc.new_url}'."
            )
        ]
        if f"{request.base_url}/" == exc.new_url.partition("?")[0]:
            buf.append(
                " The URL was defined with a trailing slash. demijohn redirects to the URL"
                " with a trailing slash when it is accessed without one."
            )
        buf.append(
            " Send requests to the canonical URL, or use 307 or 308 for routing redirects."
            " Otherwise, browsers will drop form data.\n\nThis exception is only raised in"
            " debug mode."
        )
        super().__init__("".join(buf))
