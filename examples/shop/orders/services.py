"""The order confirmation: a job, run once the request that placed the order has succeeded.

It is a plain function of an order id, with a session of its own, so that a Celery worker can
run it as well as the application's background tasks do. :func:`confirm_later` chooses: on
Celery when the shop has it (``CELERY_BROKER_URL``, :mod:`examples.shop.jobs`), sent once the
request's session is committed; else in the serving process, after the response, which needs
no server. The shop has no mail server: "sending" logs the confirmation and records when it was
sent, which the order's page shows.
"""

from __future__ import annotations

import datetime as dt
import logging

from demijohn import current_app
from demijohn.db import Database

from ..accounts.models import User
from .models import Order

logger = logging.getLogger(__name__)

#: The name of the confirmation's Celery task.
CONFIRMATION_TASK = "shop.send_confirmation"
#: Where :mod:`demijohn.celery` keeps the Celery application in ``app.extensions``.
_CELERY_KEY = "demijohn.celery"


def confirm_later(order_id: int) -> None:
    """Have the order ``order_id`` confirmed once the current request has succeeded."""
    if _CELERY_KEY in current_app.extensions:
        # Imported only when configured: ``make run`` installs no Celery.
        from demijohn.celery import celery_of

        celery_of(current_app).tasks[CONFIRMATION_TASK].enqueue(order_id)
    else:
        current_app.add_background_task(send_confirmation, order_id)


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
