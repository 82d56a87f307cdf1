"""Sessions in the application's SQL database (the db battery's, or any SQLAlchemy engine):
one row per session, with the time it expires.

The table is ``demijohn_sessions`` unless named otherwise. Make it with
:meth:`DatabaseStore.create_table`, or give the store the metadata of the application's
models so that the table is part of them and ``demijohn db revision --autogenerate`` writes
its migration. Expired rows are never returned; :meth:`DatabaseStore.purge_expired` deletes
them (run it from a scheduled job).

The calls block, so under ASGI they run in the thread pool
(:func:`demijohn.calling.run_blocking`), as the db battery's sync sessions do.
"""

from __future__ import annotations

import typing as t
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from demijohn.calling import run_blocking

from .errors import SessionStoreError

if t.TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import timedelta

    from sqlalchemy import Connection, Engine

__all__ = ["DatabaseStore"]

T = t.TypeVar("T")


class _HasEngine(t.Protocol):
    @property
    def engine(self) -> Engine: ...  # pragma: no cover


class DatabaseStore:
    """A :class:`~demijohn.server_sessions.SessionStore` in a SQL table.

    :param database: the application's :class:`~demijohn.db.Database` (its default bind's
        engine is used, made when first needed), or an :class:`~sqlalchemy.engine.Engine`.
    :param table_name: the table's name.
    :param metadata: the metadata to define the table in, such as ``Model.metadata``, so that
        migrations include it; by default a metadata of the store's own.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        database: _HasEngine | Engine,
        *,
        table_name: str = "demijohn_sessions",
        metadata: sa.MetaData | None = None,
    ) -> None:
        self._database = database
        self.metadata = metadata if metadata is not None else sa.MetaData()
        #: The table of sessions: the key, the serialized session, when it expires (UTC).
        self.table = sa.Table(
            table_name,
            self.metadata,
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("data", sa.Text, nullable=False),
            sa.Column("expires_at", sa.DateTime, nullable=False, index=True),
        )

    def __repr__(self) -> str:
        return f"<DatabaseStore {self.description}>"

    @property
    def engine(self) -> Engine:
        """The engine the store talks to."""
        if isinstance(self._database, sa.Engine):
            return self._database
        return self._database.engine

    @property
    def description(self) -> str:
        """Where the store is, for messages: the table and the URL without its password."""
        url = self.engine.url.render_as_string(hide_password=True)
        return f"the table {self.table.name!r} of the database {url}"

    def create_table(self) -> None:
        """Create the table if it does not exist (for a database without migrations)."""
        self.table.create(self.engine, checkfirst=True)

    def load(self, key: str) -> str | None:
        table = self.table
        query = sa.select(table.c.data).where(table.c.key == key, table.c.expires_at > _now())

        def load(connection: Connection) -> str | None:
            return connection.execute(query).scalar_one_or_none()

        return self._run(load)

    def save(self, key: str, payload: str, lifetime: timedelta) -> None:
        table = self.table
        values = {"data": payload, "expires_at": _now() + lifetime}

        def save(connection: Connection) -> None:
            updated = connection.execute(
                sa.update(table).where(table.c.key == key).values(values)
            ).rowcount
            if not updated:
                connection.execute(sa.insert(table).values(key=key, **values))

        try:
            self._run(save)
        except SessionStoreError as e:
            if not isinstance(e.__cause__, IntegrityError):
                raise
            # Another request inserted the same new session first: this time it updates.
            self._run(save)

    def delete(self, key: str) -> None:
        table = self.table
        self._run(lambda connection: connection.execute(sa.delete(table).where(table.c.key == key)))

    def purge_expired(self) -> int:
        """Delete the rows of expired sessions; how many were deleted."""
        table = self.table

        def purge(connection: Connection) -> int:
            return connection.execute(sa.delete(table).where(table.c.expires_at <= _now())).rowcount

        return self._run(purge)

    def close(self) -> None:
        """Nothing to do: the engine's pool belongs to whoever made the engine."""

    def _run(self, work: Callable[[Connection], T]) -> T:
        def in_transaction() -> T:
            with self.engine.begin() as connection:
                return work(connection)

        try:
            return run_blocking(in_transaction)
        except SQLAlchemyError as e:
            raise SessionStoreError(
                f"The session store ({self.description}) failed:"
                f" {type(e).__name__}: {_sentence(e)}."
                " Check that the database is running and reachable, and that the table"
                " exists (DatabaseStore.create_table(), or the migration that makes it)."
            ) from e


def _now() -> datetime:
    """Now in UTC, without a timezone: the column stores naive UTC times on every database."""
    return datetime.now(UTC).replace(tzinfo=None)


def _sentence(exc: BaseException) -> str:
    """The exception's message without its full stop, to go inside a sentence."""
    return str(exc).rstrip(".")
