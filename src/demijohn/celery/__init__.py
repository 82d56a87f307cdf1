"""Jobs on Celery: a Celery application made from the application's configuration, tasks
that run inside the application (its context, its providers, its settings), and sending
after the request's database commit.

::

    from demijohn import Demijohn
    from demijohn.celery import create_celery

    app = Demijohn(__name__)
    app.config["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/1"
    app.config["CELERY_RESULT_BACKEND"] = "redis://127.0.0.1:6379/2"
    celery = create_celery(app)

    @celery.task
    def send_receipt(order_id: int) -> None: ...

    @app.post("/orders")
    def order(session: Session):
        order = Order(...)
        session.add(order)
        session.flush()
        send_receipt.enqueue(order.id)     # sent once the order is committed
        return "thanks"

Under mypy's strict mode, decorate with ``@task(celery)`` instead of ``@celery.task``: Celery
is untyped, and :func:`task` gives the task a type. Run a worker with
``celery -A shop.app:celery worker``. In tests, set
``CELERY_TASK_ALWAYS_EAGER`` and tasks run where they are sent, after the commit.

:meth:`~demijohn.Demijohn.add_background_task` stays for small in-process work after the
response; docs/scaling.md says when to use which.

This module is a battery: it uses only demijohn's public API, and nothing in the core imports
it. It needs the ``celery`` extra (``pip install demijohn[celery]``).

.. versionadded:: 0.1
"""

from __future__ import annotations

from .extension import EXTENSION_KEY, ApplicationTask, SentTask, celery_of, create_celery, task
from .outbox import send_after_commit

__all__ = [
    "EXTENSION_KEY",
    "ApplicationTask",
    "SentTask",
    "celery_of",
    "create_celery",
    "send_after_commit",
    "task",
]
