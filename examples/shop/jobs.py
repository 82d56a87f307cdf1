"""The shop's jobs on Celery, when ``CELERY_BROKER_URL`` is set: the Celery application, made
from the shop's settings, with its tasks, which a worker runs
(``celery -A examples.shop.worker:celery worker``). Without a broker the same jobs run in the
serving process, after the response (:func:`~.orders.services.confirm_later` chooses).

Imported only when Celery is configured: ``make run`` installs no broker client.
"""

from __future__ import annotations

from celery import Celery

from demijohn import Demijohn
from demijohn.celery import create_celery, task

from .orders.services import CONFIRMATION_TASK, send_confirmation


def init_celery(app: Demijohn) -> Celery:
    """The shop's Celery application, with its tasks, made from ``app``'s settings."""
    celery = create_celery(app)
    task(celery, name=CONFIRMATION_TASK)(send_confirmation)
    return celery
