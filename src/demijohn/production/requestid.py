"""Request IDs: one per request, read from the proxy in front or made here, echoed in the
response and put into every log record made while the request is handled.

The ID lives in the request's :attr:`~demijohn.Request.state` (:data:`STATE_KEY`), so it
follows the request
wherever demijohn's request context does (a thread under WSGI, a greenlet under ASGI, with
concurrent requests each seeing their own). Log records get it as ``record.request_id``
through a log record factory, installed once per process: a module needs nothing but
``logging.getLogger(__name__)``.
"""

from __future__ import annotations

import logging
import re
import typing as t
import uuid

from demijohn import has_request_context, request

if t.TYPE_CHECKING:
    from demijohn import Request

__all__ = ["NO_REQUEST", "STATE_KEY", "RequestIDFilter", "make_request_id", "request_id"]

#: Where the request's ID is kept in its :attr:`~demijohn.Request.state`.
STATE_KEY = "demijohn.request_id"
#: ``record.request_id`` of a record made outside any request.
NO_REQUEST = "-"
#: An ID a proxy may give: visible ASCII, at most 200 characters (anything else is replaced,
#: so that a client cannot write arbitrary text into the logs).
_ACCEPTED = re.compile(r"[\x21-\x7e]{1,200}")


def request_id() -> str | None:
    """The current request's ID, or ``None`` outside a request (or in an application that
    does not use :class:`~demijohn.production.Production`)."""
    if not has_request_context():
        return None
    return t.cast("str | None", request.state.get(STATE_KEY))


def make_request_id(request: Request, header: str | None) -> str:
    """Give ``request`` its ID: the one in the header ``header`` (such as ``X-Request-ID``)
    when given and well formed, else a new one.

    :param request: the request.
    :param header: the name of the trusted header, or ``None`` to trust none.
    """
    given = request.headers.get(header) if header is not None else None
    rid = given if given is not None and _ACCEPTED.fullmatch(given) else uuid.uuid4().hex
    request.state[STATE_KEY] = rid
    return rid


def record_request_id(record: logging.LogRecord) -> str:
    """The ID of the request ``record`` belongs to: the current one, else the request the
    record names (``extra={"request": request}``, as demijohn logs a failed stream)."""
    rid = getattr(record, "request_id", NO_REQUEST)
    if rid == NO_REQUEST:
        named = record.__dict__.get("request")
        state = getattr(named, "state", None)
        if state is not None:
            rid = state.get(STATE_KEY, NO_REQUEST)
    return t.cast(str, rid)


class RequestIDFilter(logging.Filter):
    """A filter for handlers configured by hand (``logging.config.dictConfig``): sets
    ``record.request_id`` on every record, so that a format can use ``%(request_id)s``.
    Records made in a request have it already; this fills it in for the others."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = record_request_id(record)
        return True


_installed = False


def install_record_factory() -> None:
    """Make every log record carry ``request_id`` (:data:`NO_REQUEST` outside requests),
    by wrapping the process's log record factory once."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: t.Any, **kwargs: t.Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        rid = None
        if has_request_context():
            rid = request.state.get(STATE_KEY)
        record.request_id = rid or NO_REQUEST
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
