"""Top-level pages. Imported on the first request to one of them (see ``urls.py``)."""

from __future__ import annotations

import logging
import typing as t

from werkzeug.wrappers import Response as BaseResponse

from demijohn import Request, Response, abort, current_app, redirect, url_for

from .accounts.auth import is_local_url
from .responses import html_or_json

logger = logging.getLogger(__name__)

#: How long a chosen language is remembered: a year.
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


def index(request: Request) -> Response:
    """The home page for browsers; for API clients, the entry point of the API: where
    things are."""
    links = {
        "products": url_for("catalog.list_products"),
        "export": url_for("catalog.export_csv"),
        "api": url_for("openapi.docs"),
        "openapi": url_for("openapi.document"),
        "health": url_for("production.healthz"),
        "ready": url_for("production.readyz"),
        "stats": url_for("stats"),
        "events": url_for("price_events"),
        "prices": url_for("prices"),
    }
    return html_or_json(request, links, "index.html", links=links)


def language(request: Request) -> BaseResponse:
    """Remember the language chosen with the switch in the layout (a cookie that
    :mod:`demijohn.i18n` reads), and go back to the page it was chosen on."""
    locale = request.form.get("locale", "")
    if locale not in current_app.config["I18N_LOCALES"]:
        abort(400, description=f"The shop speaks {', '.join(current_app.config['I18N_LOCALES'])}.")
    back = request.form.get("next", "")
    response = redirect(back if is_local_url(back) else url_for("index"))
    response.set_cookie(
        current_app.config.get("I18N_LOCALE_COOKIE", "locale"),
        locale,
        max_age=LANGUAGE_COOKIE_SECONDS,
        samesite="Lax",
        secure=bool(current_app.config.get("SECURE_HTTPS")),
        httponly=True,
    )
    return response


def echo(request: Request) -> dict[str, t.Any]:
    """Say back what was sent. The request arrives as an argument, not through a global."""
    logger.debug("echo %s", request.method)
    return {
        "method": request.method,
        "args": request.args.to_dict(),
        "json": request.get_json(silent=True),
    }
