"""Reviews of a product: a blueprint nested in the catalog (endpoints ``catalog.reviews.*``).

Its views are registered with decorators, the style most Flask applications use; both styles
live side by side.
"""

from __future__ import annotations

import sqlite3
import typing as t

from demijohn import Blueprint, Request, abort

from ..db import get_db

reviews = Blueprint("reviews", __name__)


@reviews.url_value_preprocessor
def check_product(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
    """Answer 404 for reviews of a product that does not exist, before any view runs."""
    product_id = (values or {}).get("product_id")
    if get_db().execute("SELECT 1 FROM product WHERE id = ?", (product_id,)).fetchone() is None:
        abort(404, description=f"There is no product {product_id}.")


@reviews.get("/")
def list_reviews(product_id: int, db: sqlite3.Connection) -> list[dict[str, t.Any]]:
    """The reviews of one product."""
    rows = db.execute(
        "SELECT stars, text FROM review WHERE product_id = ? ORDER BY id", (product_id,)
    )
    return [{"stars": row["stars"], "text": row["text"]} for row in rows]


@reviews.post("/")
def add_review(
    product_id: int, request: Request, db: sqlite3.Connection
) -> tuple[dict[str, t.Any], int]:
    """Add a review from a JSON body ``{"stars": 1-5, "text": ...}``."""
    data = request.get_json()
    stars = data.get("stars") if isinstance(data, dict) else None
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(stars, int) or not 1 <= stars <= 5 or not isinstance(text, str):
        abort(400, description="Send {'stars': 1 to 5, 'text': '...'}.")
    db.execute(
        "INSERT INTO review (product_id, stars, text) VALUES (?, ?, ?)",
        (product_id, stars, text),
    )
    db.commit()
    return {"stars": stars, "text": text}, 201
