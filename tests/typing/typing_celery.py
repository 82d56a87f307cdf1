"""Typed tasks of the Celery battery under mypy's strict mode; checked by mypy, not run by
pytest."""

from __future__ import annotations

from sqlalchemy.orm import Session

from demijohn import Demijohn
from demijohn.celery import SentTask, create_celery, send_after_commit, task

app = Demijohn(__name__)
celery = create_celery(app)


@task(celery, name="typing.receipt")
def send_receipt(order_id: int, session: Session) -> str:
    return f"receipt for {order_id}"


typed: SentTask[str] = send_receipt
result: str = send_receipt(1, Session())
send_receipt.enqueue(1)


@app.post("/orders")
def order() -> str:
    send_after_commit(send_receipt.s(2))
    return "ok"
