"""The application of the real-worker test: the test's process serves its requests through
the test client, and a Celery worker process started by the test imports it to run its tasks.
Both make it with :func:`make_app`, from the broker and database the test's environment names."""

from __future__ import annotations

import os

from celery import Celery
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.celery.models import Model, Order, Receipt

from demijohn import Demijohn, current_app
from demijohn.celery import create_celery
from demijohn.db import Database


def make_app() -> tuple[Demijohn, Database, Celery]:
    app = Demijohn("worker_app")
    app.config.update(
        DATABASE_URL=os.environ.get("SHOP_DATABASE_URL", "sqlite://"),
        CELERY_BROKER_URL=os.environ.get("SHOP_BROKER_URL", "memory://"),
        CELERY_RESULT_BACKEND=os.environ.get("SHOP_RESULT_BACKEND", "cache+memory://"),
        CELERY={"broker_connection_retry_on_startup": True},
    )
    db = Database(app, Model)
    celery = create_celery(app)

    @celery.task(name="worker_app.write_receipt", shared=False)
    def write_receipt(item: str, session: Session) -> str:
        order = session.scalars(select(Order).where(Order.item == item)).one()
        session.add(Receipt(item=f"{order.item} by {current_app.name} in pid {os.getpid()}"))
        return order.item

    @app.post("/orders/<item>")
    def order(item: str, session: Session) -> str:
        session.add(Order(item=item))
        write_receipt.enqueue(item)
        return "ordered"

    return app, db, celery


if os.environ.get("SHOP_BROKER_URL"):
    # The worker's process: ``celery -A tests.celery.worker_app:celery worker``.
    app, db, celery = make_app()
