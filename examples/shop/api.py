"""The shop's JSON API under ``/api``: a blueprint that owns its URL space.

A URL under ``/api`` that matches no rule, or a method no rule there allows, is answered here,
in JSON, as an API client expects, whatever its ``Accept`` header says; the rest of the shop
keeps its pages. The URL module includes the blueprint by import string, so this module is
imported on the first request under ``/api`` (or the first URL built for one of its endpoints).
"""

from __future__ import annotations

import sqlite3
import typing as t

from werkzeug.exceptions import HTTPException

from demijohn import Blueprint, url_for

api = Blueprint("api", __name__)


@api.get("/products")
def products(db: sqlite3.Connection) -> list[dict[str, t.Any]]:
    """Every product, cheapest first, with the URL of its page."""
    rows = db.execute("SELECT id, name, price_cents FROM product ORDER BY price_cents")
    return [
        {**dict(row), "url": url_for("catalog.show_product", product_id=row["id"])} for row in rows
    ]


@api.errorhandler(404)
@api.errorhandler(405)
def api_error(error: HTTPException) -> tuple[dict[str, t.Any], int]:
    """Any 404 or 405 under ``/api``, in JSON. demijohn adds ``Allow`` to a 405."""
    return {"error": error.name, "description": error.description}, error.code or 500
