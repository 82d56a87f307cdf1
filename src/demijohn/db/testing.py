"""Tests that each run in a transaction rolled back at their end: fast isolation, on SQLite
and PostgreSQL alike, with no tables to empty or databases to make.

:func:`rolled_back` is the block; the ``rolled_back_database`` fixture runs a whole test in
it. Load the fixture from a ``conftest.py``::

    pytest_plugins = ["demijohn.db.testing"]

    def test_add(client, rolled_back_database):
        client.post("/products", data={"name": "jam"})
        assert client.get("/products").json == ["jam"]
    # the product is gone: the next test starts from the same database

In the block each bind's engine gives one connection, in a transaction begun when the block
starts and rolled back when it ends. Every sync session the :class:`~demijohn.db.Database`
makes (the requests', :meth:`~demijohn.db.Database.session` blocks') joins it through a
savepoint: a request's commit releases its savepoint and a rollback goes back to it, so the
application behaves as it does against a real database, a failed commit included. With
``async_sessions=True`` the async sessions are joined too, into transactions of their own.

It is a plugin of its own, rather than part of demijohn's pytest plugin, because that one is
loaded by every test run wherever demijohn is installed, and this battery stays out of the
core.

.. versionadded:: 0.1
"""

from __future__ import annotations

import collections.abc as cabc
import contextlib
import typing as t

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, async_sessionmaker
from sqlalchemy.orm import sessionmaker

from demijohn.calling import run_coroutine

from .engines import DEFAULT_BIND
from .extension import Database

if t.TYPE_CHECKING:
    from sqlalchemy import Connection

    from demijohn import Demijohn

__all__ = ["rolled_back", "rolled_back_database"]


@contextlib.contextmanager
def rolled_back(
    db: Database, *, async_sessions: bool = False
) -> cabc.Iterator[dict[str, Connection]]:
    """Join every sync session ``db`` makes in the block into one transaction per bind,
    rolled back when the block ends; gives the connections, by bind name.

    :param db: the application's database.
    :param async_sessions: join the async sessions too, each bind's into a transaction of
        its own on an async connection (so they do not see what the sync sessions write in
        the block, nor these theirs); needs the bind's async driver.
    """
    with contextlib.ExitStack() as stack:
        connections: dict[str, Connection] = {}
        for name in db.binds:
            connection = stack.enter_context(db.get_engine(name).connect())
            # Rolled back (below) before the stack closes the connection.
            connection.begin()
            connections[name] = connection
        joined = sessionmaker(
            bind=connections[DEFAULT_BIND],
            binds={base: connections[name] for name, base in db.models.items()},
            join_transaction_mode="create_savepoint",
            **db.session_options,
        )
        previous = db._session_factory
        db._session_factory = joined
        if async_sessions:
            stack.enter_context(_async_rolled_back(db))
        try:
            yield connections
        finally:
            db._session_factory = previous
            for connection in connections.values():
                connection.rollback()


@contextlib.contextmanager
def _async_rolled_back(db: Database) -> cabc.Iterator[None]:
    """The async half of :func:`rolled_back`: one async connection per bind, without a pool
    (it is used from the event loop of each request), in a transaction rolled back at the
    end."""
    connections = run_coroutine(_connect(db))
    joined = async_sessionmaker(
        bind=connections[DEFAULT_BIND],
        binds={base: connections[name] for name, base in db.models.items()},
        join_transaction_mode="create_savepoint",
        **{"expire_on_commit": False, **db.session_options},
    )
    previous = dict(db._async_session_factories)
    db._async_session_factories.update({True: joined, False: joined})
    try:
        yield
    finally:
        db._async_session_factories.clear()
        db._async_session_factories.update(previous)
        run_coroutine(_disconnect(connections))


async def _connect(db: Database) -> dict[str, AsyncConnection]:
    connections = {}
    for name, bind in db.binds.items():
        connection = await bind.unpooled_async_engine.connect()
        await connection.begin()
        connections[name] = connection
    return connections


async def _disconnect(connections: dict[str, AsyncConnection]) -> None:
    for connection in connections.values():
        await connection.rollback()
        await connection.close()


@pytest.fixture
def rolled_back_database(request: pytest.FixtureRequest) -> cabc.Iterator[Database]:
    """Run the test in :func:`rolled_back` for the database of the application the test's
    ``app`` fixture returns; gives that :class:`~demijohn.db.Database`."""
    app = t.cast("Demijohn", request.getfixturevalue("app"))
    db = Database.of(app)
    with rolled_back(db):
        yield db
