"""The cart: a :class:`~demijohn.views.MethodView` at ``/api/cart`` over the signed session
cookie, one method per HTTP verb.

The cart lives in the session as ``{"<product id>": quantity}``; the ids are text because the
session is JSON, whose keys are always text.

It takes JSON only, which guards it against cross-site request forgery without a CSRF token
(the application exempts it): a form on another site can only send form encodings, which
``request.get_json()`` answers with a 415, and a script there cannot send JSON here without the
shop's consent (CORS).
"""

from __future__ import annotations

import typing as t

from demijohn import Request, abort, session
from demijohn.db import get_or_404
from demijohn.views import MethodView

from .catalog.models import Product
from .db import get_db

#: The most of one product a cart holds.
MAX_QUANTITY = 99


def cart_contents() -> dict[str, t.Any]:
    """The products in the session's cart, with their quantities and the total."""
    items = []
    for product_id, quantity in session.get("cart", {}).items():
        product = get_db().get(Product, int(product_id))
        if product is not None:
            items.append(
                {
                    "product_id": product.id,
                    "name": product.name,
                    "price_cents": product.price_cents,
                    "quantity": quantity,
                }
            )
    return {
        "items": items,
        "count": sum(item["quantity"] for item in items),
        "total_cents": sum(item["price_cents"] * item["quantity"] for item in items),
    }


class CartAPI(MethodView):
    """``GET`` shows the cart, ``POST {"product_id": 1, "quantity": 2}`` adds to it, and
    ``DELETE`` empties it."""

    def get(self) -> dict[str, t.Any]:
        return cart_contents()

    def post(self, request: Request) -> dict[str, t.Any]:
        data = request.get_json()
        product_id = data.get("product_id") if isinstance(data, dict) else None
        quantity = data.get("quantity", 1) if isinstance(data, dict) else None
        if not isinstance(product_id, int) or not isinstance(quantity, int) or quantity < 1:
            abort(400, description="Send {'product_id': <id>, 'quantity': <1 or more>}.")
        get_or_404(get_db(), Product, product_id, description=f"There is no product {product_id}.")
        cart: dict[str, int] = session.get("cart", {})
        key = str(product_id)
        cart[key] = min(cart.get(key, 0) + quantity, MAX_QUANTITY)
        # Assign the dict back: the session sees assignments, not changes inside its values.
        session["cart"] = cart
        return cart_contents()

    def delete(self) -> tuple[str, int]:
        session.pop("cart", None)
        return "", 204
