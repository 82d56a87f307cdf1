"""Reviews of a product: a blueprint nested in the catalog (endpoints ``catalog.reviews.*``).

Its views are registered with decorators, the style most Flask applications use; both styles
live side by side. ``GET ?after=<id>`` lists only the reviews newer than ``id``: what a page
polls for news when it cannot keep a WebSocket open.
"""

from __future__ import annotations

import typing as t

from sqlalchemy import select
from sqlalchemy.orm import Session

from demijohn import Blueprint, Request, abort

from ..db import get_db
from .models import Product, Review

reviews = Blueprint("reviews", __name__)


@reviews.url_value_preprocessor
def check_product(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
    """Answer 404 for reviews of a product that does not exist, before any view runs."""
    product_id = (values or {}).get("product_id")
    if not isinstance(product_id, int) or get_db().get(Product, product_id) is None:
        abort(404, description=f"There is no product {product_id}.")


def review_json(review: Review) -> dict[str, t.Any]:
    """A review as the JSON views and the live updates send it."""
    return {"id": review.id, "stars": review.stars, "text": review.text}


def reviews_after(db: Session, product_id: int, after: int = 0) -> list[Review]:
    """The reviews of a product newer than the review ``after``, oldest first."""
    query = select(Review).where(Review.product_id == product_id, Review.id > after)
    return list(db.scalars(query.order_by(Review.id)))


@reviews.get("/")
def list_reviews(product_id: int, request: Request, db: Session) -> list[dict[str, t.Any]]:
    """The reviews of one product (``?after=<id>``: only those newer than ``id``)."""
    after = request.args.get("after", 0, type=int)
    return [review_json(review) for review in reviews_after(db, product_id, after)]


@reviews.post("/")
def add_review(product_id: int, request: Request, db: Session) -> tuple[dict[str, t.Any], int]:
    """Add a review from a JSON body ``{"stars": 1-5, "text": ...}``."""
    data = request.get_json()
    stars = data.get("stars") if isinstance(data, dict) else None
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(stars, int) or not 1 <= stars <= 5 or not isinstance(text, str):
        abort(400, description="Send {'stars': 1 to 5, 'text': '...'}.")
    review = Review(product_id=product_id, stars=stars, text=text)
    db.add(review)
    db.flush()
    return review_json(review), 201
