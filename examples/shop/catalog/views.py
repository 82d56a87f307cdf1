"""Product views."""

from __future__ import annotations

import collections.abc as cabc
import csv
import io
import typing as t

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from demijohn import Request, Response, abort, current_app, flash, redirect, url_for
from demijohn.db import Database, get_or_404
from demijohn.i18n import gettext

from ..responses import html_or_json
from .models import Product, Review
from .reviews import review_json


def list_products(request: Request, db: Session) -> Response:
    """All products, cheapest first: a page for browsers, a JSON list for API clients."""
    rows = db.scalars(select(Product).order_by(Product.price_cents, Product.id))
    products = [product_json(row) for row in rows]
    return html_or_json(request, products, "catalog/list.html", products=products)


def show_product(product_id: int, request: Request, db: Session) -> Response:
    """One product (with its reviews and the form to add one, on the page), or 404."""
    product = _find_product(db, product_id)
    return html_or_json(
        request,
        product_json(product),
        "catalog/detail.html",
        product=product,
        reviews=[review_json(review) for review in product.reviews],
    )


def review_form(product_id: int, request: Request, db: Session) -> BaseResponse:
    """Add a review from the product page's form, then show the page again."""
    product = _find_product(db, product_id)
    stars = request.form.get("stars", type=int)
    text = request.form.get("text", "").strip()
    if stars is None or not 1 <= stars <= 5 or not text:
        flash(gettext("Give 1 to 5 stars and a few words."), "error")
    else:
        db.add(Review(product=product, stars=stars, text=text[:2000]))
        flash(gettext("Thank you for your review!"), "success")
    return redirect(url_for("catalog.show_product", product_id=product_id))


def create_product(request: Request, db: Session) -> tuple[dict[str, t.Any], int, dict[str, str]]:
    """Add a product from a JSON body ``{"name": ..., "price_cents": ...}``."""
    data = request.get_json()
    if not isinstance(data, dict):
        abort(400, description="Send a JSON object with 'name' and 'price_cents'.")
    name, price = data.get("name"), data.get("price_cents")
    if not isinstance(name, str) or not name or not isinstance(price, int) or price < 0:
        abort(400, description="'name' must be text and 'price_cents' a whole number >= 0.")
    product = Product(name=name, price_cents=price)
    db.add(product)
    db.flush()
    location = url_for(".show_product", product_id=product.id)
    return product_json(product), 201, {"Location": location}


def export_csv() -> Response:
    """Every product as CSV, streamed a row at a time straight from the database cursor, so
    a large catalog never sits in memory. The stream outlives the request's session (which
    is closed before the response is sent), so it opens a connection of its own."""
    body = _csv_rows(Database.of(current_app))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=catalog.csv"},
    )


def _csv_rows(database: Database) -> cabc.Iterator[str]:
    yield _csv_line(["id", "name", "price_cents"])
    columns = select(Product.id, Product.name, Product.price_cents).order_by(Product.id)
    with database.engine.connect() as connection:
        for row in connection.execute(columns):
            yield _csv_line(list(row))


def _csv_line(values: list[t.Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def _find_product(db: Session, product_id: int) -> Product:
    return get_or_404(db, Product, product_id, description=f"There is no product {product_id}.")


def product_json(product: Product) -> dict[str, t.Any]:
    """A product as the JSON views send it."""
    return {
        "id": product.id,
        "name": product.name,
        "price_cents": product.price_cents,
        "url": url_for("catalog.show_product", product_id=product.id),
        "reviews": url_for("catalog.reviews.list_reviews", product_id=product.id),
    }
