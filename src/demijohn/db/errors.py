"""The errors of the database battery."""

from __future__ import annotations

from demijohn.errors import DemijohnError

__all__ = ["DatabaseError"]


class DatabaseError(DemijohnError, RuntimeError):
    """The database battery is set up wrongly: a bind's configuration, a model base given to
    two binds, a migrations folder that is missing. The message says which and what to do.

    .. versionadded:: 0.1
    """
