"""The application logger and its default handler.

``app.logger`` is ``logging.getLogger(app.name)``. demijohn adds its handler only when nothing
else would show the logger's records, so logging configured by the application wins.
"""

from __future__ import annotations

import logging
import sys
import typing as t

from werkzeug.local import LocalProxy

from .globals import _cv_request

if t.TYPE_CHECKING:
    from .app import Demijohn


def _wsgi_errors_stream() -> t.TextIO:
    ctx = _cv_request.get(None)
    if ctx is not None:
        return t.cast(t.TextIO, ctx.request.environ["wsgi.errors"])
    return sys.stderr


#: The error stream of the current request (``wsgi.errors``), or :data:`sys.stderr` outside
#: a request.
wsgi_errors_stream: t.TextIO = LocalProxy(_wsgi_errors_stream)  # type: ignore[assignment]


def has_level_handler(logger: logging.Logger) -> bool:
    """Whether some handler on ``logger`` or its ancestors (as far as propagation goes) shows
    records at the logger's effective level.

    :param logger: the logger to check.
    """
    level = logger.getEffectiveLevel()
    current: logging.Logger | None = logger
    while current is not None:
        if any(handler.level <= level for handler in current.handlers):
            return True
        if not current.propagate:
            break
        current = current.parent
    return False


#: The handler demijohn adds to an application's logger when nothing else would show its
#: records: it writes to :data:`wsgi_errors_stream`.
default_handler = logging.StreamHandler(wsgi_errors_stream)
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s")
)


def create_logger(app: Demijohn) -> logging.Logger:
    """Return the logger named after ``app.name``, set to DEBUG in debug mode when no level is
    set, with :data:`default_handler` added when no handler covers its level.

    :param app: the application.
    """
    logger = logging.getLogger(app.name)
    if app.debug and not logger.level:
        logger.setLevel(logging.DEBUG)
    if not has_level_handler(logger):
        logger.addHandler(default_handler)
    return logger
