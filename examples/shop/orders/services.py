"""The order confirmation: a background job, run after the response of the request that
placed the order has been sent.

It is a plain function of an order id, with a session of its own, so that a task queue can run
it as well as the application's background tasks do
(``current_app.add_background_task(send_confirmation, order.id)``). The shop has no mail
server: "sending" logs the confirmation and records when it was sent, which the order's page
shows.
"""

from __future__ import annotations

import datetime as dt
import logging

from demijohn import current_app
from demijohn.db import Database

from ..accounts.models import User
from .models import Order

logger = logging.getLogger(__name__)


def send_confirmation(order_id: int) -> None:
    """Confirm the order ``order_id`` to its user, once; an order confirmed already, or gone,
    is left alone."""
    with Database.of(current_app).session() as session:
        order = session.get(Order, order_id)
        if order is None or order.confirmed_at is not None:
            logger.info("Order %s needs no confirmation", order_id)
            return
        user = session.get(User, order.user_id)
        logger.info(
            "Confirmation of order %s sent to %s: %d items, %d cents",
            order.id,
            user.username if user else "?",
            order.count,
            order.total_cents,
        )
        order.confirmed_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
