"""The shop's JSON API under ``/api`` (:mod:`demijohn.validation`): typed parameters, response
models, and an OpenAPI document at ``/api/openapi.json`` with its docs page at ``/api/docs``.

The blueprint owns its URL space: a URL under ``/api`` that matches no rule, or a method no
rule there allows, is answered here, in JSON, as an API client expects, whatever its ``Accept``
header says; the rest of the shop keeps its pages. The URL module includes the blueprint by
import string, so this module is imported on the first request under ``/api`` (or the first
URL built for one of its endpoints).
"""

from __future__ import annotations

import typing as t

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from demijohn import url_for
from demijohn.db import get_or_404
from demijohn.validation import APIBlueprint, Query, operation

from .catalog.models import Product, Review

api = APIBlueprint("api", __name__)

#: The largest value an ``integer`` column holds on PostgreSQL (SQLite's hold more): a filter
#: beyond it is refused with a 422 that says so, not sent to the database to fail there.
MAX_INTEGER = 2**31 - 1


class ProductOut(BaseModel):
    """A product, its price in cents and the URL of its page."""

    id: int
    name: str
    price_cents: int
    url: str


class ReviewIn(BaseModel):
    """A new review: 1 to 5 stars and some words."""

    stars: int = Field(ge=1, le=5)
    text: str = Field(min_length=1, max_length=2000)


class ReviewOut(ReviewIn):
    """A review, with its id."""

    id: int


def _product_out(product: Product) -> ProductOut:
    url = url_for("catalog.show_product", product_id=product.id)
    return ProductOut(id=product.id, name=product.name, price_cents=product.price_cents, url=url)


@api.get("/products")
def products(
    db: Session,
    max_price_cents: t.Annotated[int | None, Query(ge=0, le=MAX_INTEGER)] = None,
    limit: t.Annotated[int, Query(ge=1, le=100)] = 100,
) -> list[ProductOut]:
    """The products, cheapest first."""
    query = select(Product).order_by(Product.price_cents, Product.id).limit(limit)
    if max_price_cents is not None:
        query = query.where(Product.price_cents <= max_price_cents)
    return [_product_out(product) for product in db.scalars(query)]


@api.get("/products/<int:product_id>")
@operation(responses={404: "No such product"})
def product(product_id: int, db: Session) -> ProductOut:
    """One product."""
    return _product_out(_find(db, product_id))


@api.get("/products/<int:product_id>/reviews")
@operation(responses={404: "No such product"})
def reviews(product_id: int, db: Session) -> list[ReviewOut]:
    """The reviews of a product, oldest first."""
    return [
        ReviewOut.model_validate(review, from_attributes=True)
        for review in _find(db, product_id).reviews
    ]


@api.post("/products/<int:product_id>/reviews")
@operation(status=201, responses={404: "No such product"})
def add_review(product_id: int, review: ReviewIn, db: Session) -> ReviewOut:
    """Review a product. The body is JSON only, so no CSRF token is needed."""
    row = Review(product=_find(db, product_id), stars=review.stars, text=review.text)
    db.add(row)
    db.flush()
    return ReviewOut.model_validate(row, from_attributes=True)


def _find(db: Session, product_id: int) -> Product:
    return get_or_404(db, Product, product_id, description=f"There is no product {product_id}.")


@api.errorhandler(404)
@api.errorhandler(405)
def api_error(error: HTTPException) -> tuple[dict[str, t.Any], int]:
    """Any 404 or 405 under ``/api``, in JSON. demijohn adds ``Allow`` to a 405."""
    return {"error": error.name, "description": error.description}, error.code or 500
