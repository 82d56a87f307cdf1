"""Logs for operations: a JSON formatter, and the access log (one line per request).

:class:`JSONFormatter` writes each record as one JSON object: time, level, logger, message,
the request ID and, for a record made in a request, its method, path and endpoint; an access
line adds the status and the duration in milliseconds.
"""

from __future__ import annotations

import json
import logging
import time
import typing as t

from demijohn import has_request_context, request

from .requestid import record_request_id

__all__ = ["ACCESS_LOGGER", "JSONFormatter"]

#: The name of the logger access lines go to.
ACCESS_LOGGER = "demijohn.access"

_ACCESS_FIELDS = ("method", "path", "endpoint", "status", "duration_ms")


class JSONFormatter(logging.Formatter):
    """Format each record as one line of JSON.

    Use it in a logging configuration (``"()": "demijohn.production.JSONFormatter"``), or set
    ``LOG_JSON`` for demijohn's default handler.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, t.Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": record_request_id(record),
        }
        fields = record.__dict__
        if "status" in fields and "duration_ms" in fields:
            entry.update((name, fields[name]) for name in _ACCESS_FIELDS)
        elif has_request_context():
            entry.update(method=request.method, path=request.path, endpoint=request.endpoint)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def log_access(
    logger: logging.Logger, method: str, path: str, endpoint: str | None, status: int, ms: float
) -> None:
    """Write the access line of one request."""
    logger.info(
        "%s %s %s %.1fms",
        method,
        path,
        status,
        ms,
        extra={
            "method": method,
            "path": path,
            "endpoint": endpoint,
            "status": status,
            "duration_ms": round(ms, 3),
        },
    )
