"""The shop's error pages: 404, 405 and 500 (and the 400 of a form refused for its CSRF
token) on the shop's layout for browsers, JSON for API clients. Under ``/api`` the API's own
handler answers first.
"""

from __future__ import annotations

from werkzeug.exceptions import HTTPException

from demijohn import Demijohn, Response, request
from demijohn.production import CSRFError

from .responses import html_or_json

#: The codes with a page of their own in ``templates/errors/``.
CODES = (404, 405, 500)


def show_error(error: HTTPException) -> Response:
    """Answer ``error`` with ``templates/errors/<code>.html``, or with its name and
    description as JSON.

    A 500 is an ``InternalServerError`` whose ``original_exception`` the application has
    logged already; neither the page nor the JSON shows it. A 405 keeps its ``Allow`` header.
    """
    data = {"error": error.name, "description": error.description}
    response = html_or_json(request, data, f"errors/{error.code}.html", error=error)
    response.status_code = error.code or 500
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def register_error_handlers(app: Demijohn) -> None:
    """Register the shop's error pages on ``app`` (not on a blueprint, whose handlers would
    miss the URLs that match no route)."""
    for code in CODES:
        app.register_error_handler(code, show_error)
    # A form refused for its CSRF token (a 400) explains itself on the layout too.
    app.register_error_handler(CSRFError, show_error)
