"""Answering browsers with a page and API clients with JSON, at the same URL."""

from __future__ import annotations

import typing as t

from demijohn import Request, Response, jsonify, make_response, render_template


def wants_html(request: Request) -> bool:
    """Whether the client prefers HTML to JSON. Browsers ask for ``text/html`` first; API
    clients ask for JSON, for anything (``*/*``, as curl does) or send no ``Accept`` at all,
    and get JSON."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html"


def html_or_json(request: Request, data: t.Any, template: str, **context: t.Any) -> Response:
    """Render ``template`` with ``context`` for browsers, or send ``data`` as JSON.

    The response says it varies with ``Accept``, so that caches keep the two apart.
    """
    if wants_html(request):
        response = make_response(render_template(template, **context))
    else:
        response = jsonify(data)
    response.vary.add("Accept")
    return response
