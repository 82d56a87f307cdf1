"""Top-level pages. Imported on the first request to one of them (see ``urls.py``)."""

from __future__ import annotations

import logging
import sqlite3
import typing as t

from demijohn import Request, Response, url_for

from .responses import html_or_json

logger = logging.getLogger(__name__)


def index(request: Request) -> Response:
    """The home page for browsers; for API clients, the entry point of the API: where
    things are."""
    links = {
        "products": url_for("catalog.list_products"),
        "export": url_for("catalog.export_csv"),
        "health": url_for("health"),
        "stats": url_for("stats"),
        "events": url_for("price_events"),
        "prices": url_for("prices"),
    }
    return html_or_json(request, links, "index.html", links=links)


def health(db: sqlite3.Connection) -> dict[str, t.Any]:
    """Liveness check that also proves the database answers."""
    count = db.execute("SELECT COUNT(*) FROM product").fetchone()[0]
    return {"status": "ok", "products": count}


def echo(request: Request) -> dict[str, t.Any]:
    """Say back what was sent. The request arrives as an argument, not through a global."""
    logger.debug("echo %s", request.method)
    return {
        "method": request.method,
        "args": request.args.to_dict(),
        "json": request.get_json(silent=True),
    }
