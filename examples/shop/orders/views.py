"""Orders: a :class:`~demijohn.views.RouteClass`, whose methods become the routes under
``/orders/``, all for logged-in users only.

=========  ====  ==========================  ================
method     verb  rule                        endpoint
=========  ====  ==========================  ================
``index``  GET   ``/orders/``                ``orders_index``
``post``   POST  ``/orders/``                ``orders_post``
``get``    GET   ``/orders/<int:order_id>``  ``orders_get``
=========  ====  ==========================  ================

Placing an order has its confirmation sent (:func:`~.services.send_confirmation`) once the
request has succeeded: by a Celery worker when the shop has one, else after the response, in
this process (:func:`~.services.confirm_later`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response as BaseResponse

from demijohn import abort, flash, g, redirect, render_template, session, url_for
from demijohn.i18n import gettext
from demijohn.views import RouteClass, route

from ..accounts import login_required
from ..cart import cart_contents
from .models import Order, OrderLine
from .services import confirm_later


class OrdersView(RouteClass):
    """The logged-in user's orders, and placing a new one from the cart."""

    decorators = [login_required]

    def index(self, db: Session) -> str:
        """The cart, ready to order, and the orders placed before."""
        query = select(Order).where(Order.user_id == g.user.id).order_by(Order.id.desc())
        orders = db.scalars(query.options(selectinload(Order.lines))).all()
        return render_template("orders/index.html", orders=orders, cart=cart_contents())

    # @route replaces the conventional rule (/<order_id>) to give a converter.
    @route("/<int:order_id>")
    def get(self, order_id: int, db: Session) -> str:
        """One order; someone else's is a 404, as if it did not exist."""
        order = db.get(Order, order_id)
        if order is None or order.user_id != g.user.id:
            abort(404, description=gettext("You have no order %(id)d.", id=order_id))
        return render_template("orders/detail.html", order=order, lines=order.lines)

    def post(self, db: Session) -> BaseResponse:
        """Order what is in the cart, at today's prices, and empty the cart."""
        cart = cart_contents()
        if not cart["items"]:
            flash(gettext("Your cart is empty: add products to it first."), "error")
            return redirect(url_for("orders_index"))
        order = Order(user_id=g.user.id)
        order.lines = [
            OrderLine(
                product_id=item["product_id"],
                quantity=item["quantity"],
                price_cents=item["price_cents"],
            )
            for item in cart["items"]
        ]
        db.add(order)
        db.flush()
        session.pop("cart")
        # Committed when the view returns, so the job, which runs after the commit, finds the
        # order.
        confirm_later(order.id)
        flash(gettext("Thank you! Your order %(id)d is placed.", id=order.id), "success")
        return redirect(url_for("orders_get", order_id=order.id))
