"""Sending tasks after the request's database commit: the request's outbox.

A task sent from a request with :func:`send_after_commit` waits in the request's outbox. It
is sent once the response is made and every request-lived value has been torn down (the db
battery commits the request's database session then), and only if the request succeeded:

- a view or hook that raised, even when an error handler answered, drops the outbox;
- a database session that began to flush writes and then ended its transaction without committing
  (a rollback, a commit that failed, the request's session rolled back on error) drops what
  was waiting when it ended; tasks added later still go.

The second rule is watched through SQLAlchemy's session events, on every session of the
process (the db battery's, sync and async, and any other), when SQLAlchemy is installed; a
session outside requests costs a dictionary write per flush and commit.

Outside a request, :func:`send_after_commit` sends at once.
"""

from __future__ import annotations

import logging
import typing as t

from demijohn import has_request_context, request
from demijohn.globals import request_ctx

if t.TYPE_CHECKING:
    from celery.canvas import Signature

__all__ = ["Outbox", "send_after_commit"]

logger = logging.getLogger(__name__)

#: The key of a request's :attr:`~demijohn.Request.state` under which its outbox is kept.
STATE_KEY = "demijohn.celery.outbox"

#: Marks, in a SQLAlchemy session's ``info``, writes flushed and not committed yet.
WROTE_KEY = "demijohn.celery.uncommitted_writes"


class Outbox:
    """The tasks a request sends once it has succeeded and its database work is committed."""

    __slots__ = ("pending",)

    def __init__(self) -> None:
        #: The signatures waiting, in the order they were added.
        self.pending: list[Signature[t.Any]] = []

    def defer(self, exc: BaseException | None) -> None:
        """The first before-response callback: registered when the first task was added,
        possibly after the request's database session was made, so it runs before that
        session's teardown. It hands the sending to a callback registered now, which runs
        after every other one, the database commit included."""
        request_ctx.call_before_response(self.flush)

    def flush(self, exc: BaseException | None) -> None:
        """Send what waits, unless the request failed; failures to send are logged."""
        pending, self.pending = self.pending, []
        if exc is not None:
            if pending:
                logger.info(
                    "Dropped %d task(s) sent after commit: the request failed (%r).",
                    len(pending),
                    exc,
                )
            return
        for signature in pending:
            try:
                signature.apply_async()
            except Exception:
                logger.exception(
                    "The task %s could not be sent after the request's commit; check that the"
                    " broker (CELERY_BROKER_URL) is running and reachable from this host.",
                    signature.task,
                )

    def drop(self, reason: str) -> None:
        if self.pending:
            logger.info("Dropped %d task(s) sent after commit: %s.", len(self.pending), reason)
        self.pending.clear()


def send_after_commit(signature: Signature[t.Any]) -> None:
    """Send ``signature`` once the current request has succeeded and committed its database
    session; at once outside a request.

    :param signature: the task and its arguments, such as ``send_receipt.s(order.id)``.

    .. versionadded:: 0.1
    """
    if not has_request_context():
        signature.apply_async()
        return
    state = request.state
    outbox = state.get(STATE_KEY)
    if outbox is None:
        outbox = state[STATE_KEY] = Outbox()
        request_ctx.call_before_response(outbox.defer)
    outbox.pending.append(signature)


def _current_outbox() -> Outbox | None:
    if not has_request_context():
        return None
    found: Outbox | None = request.state.get(STATE_KEY)
    return found


def watch_sessions() -> None:
    """Listen to SQLAlchemy's session events (once per process; no-op without SQLAlchemy),
    so that an outbox learns of writes that ended uncommitted."""
    global _watching
    if _watching:
        return
    try:
        from sqlalchemy import event
        from sqlalchemy.orm import Session
    except ImportError:  # pragma: no cover - SQLAlchemy is installed with the db extra
        return
    event.listen(Session, "before_flush", _wrote)
    event.listen(Session, "after_commit", _committed)
    event.listen(Session, "after_transaction_end", _ended)
    _watching = True


_watching = False


def _wrote(session: t.Any, flush_context: t.Any, instances: t.Any) -> None:
    session.info[WROTE_KEY] = True


def _committed(session: t.Any) -> None:
    session.info.pop(WROTE_KEY, None)


def _ended(session: t.Any, transaction: t.Any) -> None:
    if transaction.parent is not None or not session.info.pop(WROTE_KEY, False):
        return
    outbox = _current_outbox()
    if outbox is not None:
        outbox.drop("the request's database writes were not committed")
