"""The shop's error pages: 404 and 500 on the shop's layout for browsers, JSON for API clients.

Other errors (400, 405, ...) keep Werkzeug's pages; the views that raise them say what went
wrong in their description, which those pages show.
"""

from __future__ import annotations

from werkzeug.exceptions import HTTPException

from demijohn import Demijohn, Response, request

from .responses import html_or_json


def show_error(error: HTTPException) -> Response:
    """Answer ``error`` with ``templates/errors/<code>.html``, or with its name and
    description as JSON.

    A 500 is an ``InternalServerError`` whose ``original_exception`` the application has
    logged already; neither the page nor the JSON shows it.
    """
    data = {"error": error.name, "description": error.description}
    response = html_or_json(request, data, f"errors/{error.code}.html", error=error)
    response.status_code = error.code or 500
    return response


def register_error_handlers(app: Demijohn) -> None:
    """Register the shop's error pages on ``app`` (not on a blueprint, whose handlers would
    miss the URLs that match no route)."""
    app.register_error_handler(404, show_error)
    app.register_error_handler(500, show_error)
