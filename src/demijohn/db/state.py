"""Where an application keeps its :class:`~demijohn.db.Database`, and finding it there; apart
from the extension so that the commands and checks it registers need not import it."""

from __future__ import annotations

import typing as t

from .errors import DatabaseError

if t.TYPE_CHECKING:
    from demijohn import Demijohn

    from .extension import Database

__all__ = ["EXTENSION_KEY", "database_of"]

#: The key of ``app.extensions`` under which the application's database is kept.
EXTENSION_KEY = "demijohn.db"


def database_of(app: Demijohn) -> Database:
    """The database of ``app``.

    :raises DatabaseError: the application has none.
    """
    found = app.extensions.get(EXTENSION_KEY)
    if found is None:
        raise DatabaseError(
            f"The application {app.name!r} has no Database. Make one with"
            " 'Database(app, Model)' where the application is made."
        )
    return t.cast("Database", found)
