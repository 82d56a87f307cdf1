"""Product views."""

from __future__ import annotations

import collections.abc as cabc
import csv
import io
import sqlite3
import typing as t

from demijohn import Request, Response, abort, current_app, url_for

from ..db import connect
from ..responses import html_or_json


def list_products(request: Request, db: sqlite3.Connection) -> Response:
    """All products, cheapest first: a page for browsers, a JSON list for API clients."""
    rows = db.execute("SELECT * FROM product ORDER BY price_cents").fetchall()
    products = [_product(row) for row in rows]
    return html_or_json(request, products, "catalog/list.html", products=products)


def show_product(product_id: int, request: Request, db: sqlite3.Connection) -> Response:
    """One product (with its reviews, on the page), or 404."""
    product = _find_product(db, product_id)
    reviews = db.execute(
        "SELECT stars, text FROM review WHERE product_id = ? ORDER BY id", (product_id,)
    )
    return html_or_json(
        request, product, "catalog/detail.html", product=product, reviews=reviews.fetchall()
    )


def create_product(
    request: Request, db: sqlite3.Connection
) -> tuple[dict[str, t.Any], int, dict[str, str]]:
    """Add a product from a JSON body ``{"name": ..., "price_cents": ...}``."""
    data = request.get_json()
    if not isinstance(data, dict):
        abort(400, description="Send a JSON object with 'name' and 'price_cents'.")
    name, price = data.get("name"), data.get("price_cents")
    if not isinstance(name, str) or not name or not isinstance(price, int) or price < 0:
        abort(400, description="'name' must be text and 'price_cents' a whole number >= 0.")
    cursor = db.execute("INSERT INTO product (name, price_cents) VALUES (?, ?)", (name, price))
    db.commit()
    product_id = t.cast(int, cursor.lastrowid)
    location = url_for(".show_product", product_id=product_id)
    return _find_product(db, product_id), 201, {"Location": location}


def export_csv() -> Response:
    """Every product as CSV, streamed a row at a time straight from the database cursor, so
    a large catalog never sits in memory. The stream outlives the request's connection (which
    is closed before the response is sent), so it opens one of its own."""
    body = _csv_rows(current_app.config["DATABASE"])
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=catalog.csv"},
    )


def _csv_rows(database: str) -> cabc.Iterator[str]:
    yield _csv_line(["id", "name", "price_cents"])
    conn = connect(database)
    try:
        for row in conn.execute("SELECT id, name, price_cents FROM product ORDER BY id"):
            yield _csv_line([row["id"], row["name"], row["price_cents"]])
    finally:
        conn.close()


def _csv_line(values: list[t.Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def _find_product(db: sqlite3.Connection, product_id: int) -> dict[str, t.Any]:
    row = db.execute("SELECT * FROM product WHERE id = ?", (product_id,)).fetchone()
    if row is None:
        abort(404, description=f"There is no product {product_id}.")
    return _product(row)


def _product(row: t.Any) -> dict[str, t.Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "price_cents": row["price_cents"],
        "url": url_for("catalog.show_product", product_id=row["id"]),
        "reviews": url_for("catalog.reviews.list_reviews", product_id=row["id"]),
    }
