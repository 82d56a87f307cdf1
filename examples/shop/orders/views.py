"""Orders: a :class:`~demijohn.views.RouteClass`, whose methods become the routes under
``/orders/``, all for logged-in users only.

=========  ====  ==========================  ================
method     verb  rule                        endpoint
=========  ====  ==========================  ================
``index``  GET   ``/orders/``                ``orders_index``
``post``   POST  ``/orders/``                ``orders_post``
``get``    GET   ``/orders/<int:order_id>``  ``orders_get``
=========  ====  ==========================  ================
"""

from __future__ import annotations

import sqlite3

from werkzeug.wrappers import Response as BaseResponse

from demijohn import abort, flash, g, redirect, render_template, session, url_for
from demijohn.views import RouteClass, route

from .accounts import login_required
from .cart import cart_contents

ORDER_TOTALS = """
    SELECT o.id, SUM(l.quantity) AS count, SUM(l.quantity * l.price_cents) AS total
    FROM orders o JOIN order_line l ON l.order_id = o.id
    WHERE o.user_id = ? GROUP BY o.id ORDER BY o.id DESC
"""


class OrdersView(RouteClass):
    """The logged-in user's orders, and placing a new one from the cart."""

    decorators = [login_required]

    def index(self, db: sqlite3.Connection) -> str:
        """The cart, ready to order, and the orders placed before."""
        orders = db.execute(ORDER_TOTALS, (g.user["id"],)).fetchall()
        return render_template("orders/index.html", orders=orders, cart=cart_contents())

    # @route replaces the conventional rule (/<order_id>) to give a converter.
    @route("/<int:order_id>")
    def get(self, order_id: int, db: sqlite3.Connection) -> str:
        """One order; someone else's is a 404, as if it did not exist."""
        order = db.execute(
            "SELECT id FROM orders WHERE id = ? AND user_id = ?", (order_id, g.user["id"])
        ).fetchone()
        if order is None:
            abort(404, description=f"You have no order {order_id}.")
        lines = db.execute(
            "SELECT p.name, l.quantity, l.price_cents FROM order_line l"
            " JOIN product p ON p.id = l.product_id WHERE l.order_id = ?",
            (order_id,),
        ).fetchall()
        return render_template("orders/detail.html", order=order, lines=lines)

    def post(self, db: sqlite3.Connection) -> BaseResponse:
        """Order what is in the cart, at today's prices, and empty the cart."""
        cart = cart_contents()
        if not cart["items"]:
            flash("Your cart is empty: add products to it first.", "error")
            return redirect(url_for("orders_index"))
        order_id = db.execute("INSERT INTO orders (user_id) VALUES (?)", (g.user["id"],)).lastrowid
        db.executemany(
            "INSERT INTO order_line (order_id, product_id, quantity, price_cents)"
            " VALUES (?, ?, ?, ?)",
            [(order_id, i["product_id"], i["quantity"], i["price_cents"]) for i in cart["items"]],
        )
        db.commit()
        session.pop("cart")
        flash(f"Thank you! Your order {order_id} is placed.", "success")
        return redirect(url_for("orders_get", order_id=order_id))
