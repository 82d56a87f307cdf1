"""The engines of an application: what each bind's configuration says (its URL, pool options,
echo), and the sync and async engines made from it.

Configuration keys, read when :class:`~demijohn.db.Database` is set up:

- ``DATABASE_URL``: the default bind's URL; ``sqlite:///<instance folder>/database.sqlite``
  when unset. A relative SQLite path is relative to the application's instance folder, as
  Flask-SQLAlchemy has it.
- ``DATABASE_ASYNC_URL``: the default bind's URL for async sessions, when the one derived
  from ``DATABASE_URL`` (below) will not do.
- ``DATABASE_BINDS``: the other binds, by name: a URL, or a dict of ``url``, ``async_url`` and
  engine options (``pool_size``, ``pool_recycle``, ``pool_pre_ping``, ...).
- ``DATABASE_ENGINE_OPTIONS``: engine options for every bind (a bind's own win).
- ``DATABASE_ECHO``: log every statement (SQLAlchemy's ``echo``).

The async engines of a bind use ``async_url`` when given, else the URL with its driver
swapped for the async one (``sqlite`` → ``sqlite+aiosqlite``, ``postgresql`` and
``postgresql+psycopg`` → ``postgresql+psycopg``, whose dialect is async under
:func:`~sqlalchemy.ext.asyncio.create_async_engine`). It is made on first use, so an
application that never asks for an :class:`~sqlalchemy.ext.asyncio.AsyncSession` needs no
async driver.

SQLite engines get SQLAlchemy's recipe for real transactions (the driver's own handling is
turned off and ``BEGIN`` is emitted when a transaction begins), so that savepoints work and a
test can run in a transaction rolled back at its end; an in-memory database is one connection
shared by every thread, so that all sessions see the same data.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import typing as t

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool, StaticPool

from .errors import DatabaseError

if t.TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from demijohn import Demijohn

__all__ = ["DEFAULT_BIND", "Bind", "read_binds"]

#: The name of the bind ``DATABASE_URL`` configures.
DEFAULT_BIND = "default"

#: The async driver of each sync dialect and driver, for binds without an ``async_url``.
ASYNC_DRIVERS = {
    ("sqlite", "pysqlite"): "sqlite+aiosqlite",
    ("postgresql", "psycopg2"): "postgresql+psycopg",
    ("postgresql", "psycopg"): "postgresql+psycopg",
    ("postgresql", "asyncpg"): "postgresql+asyncpg",
    ("mysql", "mysqldb"): "mysql+aiomysql",
    ("mysql", "pymysql"): "mysql+aiomysql",
}


#: Engine options that configure a pool, left out for an engine without one.
POOL_OPTIONS = frozenset(
    {"pool_size", "max_overflow", "pool_timeout", "pool_recycle", "pool_pre_ping", "pool_use_lifo"}
)


@dataclasses.dataclass
class Bind:
    """One bind: its name, URLs and engine options, and its engines once made.

    :param name: the bind's name (:data:`DEFAULT_BIND` for ``DATABASE_URL``).
    :param url: the URL of the sync engine.
    :param async_url: the URL of the async engine, or ``None`` to derive it from ``url``.
    :param options: keyword arguments of :func:`sqlalchemy.create_engine`.
    """

    name: str
    url: URL
    async_url: URL | None
    options: dict[str, t.Any]
    _engine: Engine | None = None
    _async_engine: AsyncEngine | None = None
    _unpooled_async_engine: AsyncEngine | None = None
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    @property
    def engine(self) -> Engine:
        """The sync engine, made on first use."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = self._create_engine()
        return self._engine

    @property
    def async_engine(self) -> AsyncEngine:
        """The async engine for an ASGI server's event loop, made on first use."""
        if self._async_engine is None:
            with self._lock:
                if self._async_engine is None:
                    self._async_engine = self._create_async_engine(pooled=True)
        return self._async_engine

    @property
    def unpooled_async_engine(self) -> AsyncEngine:
        """The async engine for code with no server loop (WSGI, scripts): SQLAlchemy's async
        pools belong to one event loop and are not safe across threads, and there each
        coroutine runs in an event loop of its own, so this one opens a connection per session
        and closes it after."""
        if self._unpooled_async_engine is None:
            with self._lock:
                if self._unpooled_async_engine is None:
                    self._unpooled_async_engine = self._create_async_engine(pooled=False)
        return self._unpooled_async_engine

    def _create_engine(self) -> Engine:
        engine = sa.create_engine(self.url, **_sqlite_options(self.url, self.options))
        if engine.dialect.name == "sqlite":
            _real_sqlite_transactions(engine)
        return engine

    def _create_async_engine(self, *, pooled: bool) -> AsyncEngine:
        from sqlalchemy.ext.asyncio import create_async_engine

        url = self.async_url or async_url_of(self.url, self.name)
        options = _sqlite_options(url, self.options)
        if not pooled and options.get("poolclass") is not StaticPool:
            options = {key: value for key, value in options.items() if key not in POOL_OPTIONS}
            options["poolclass"] = NullPool
        try:
            engine = create_async_engine(url, **options)
        except sa.exc.InvalidRequestError as e:
            raise DatabaseError(
                f"The bind {self.name!r} cannot make an async engine from {_shown(url)}: {e}."
                " Give it an 'async_url' with an async driver (in DATABASE_BINDS, or"
                " DATABASE_ASYNC_URL for the default bind)."
            ) from None
        if engine.dialect.name == "sqlite":
            _real_sqlite_transactions(engine.sync_engine)
        return engine

    def dispose(self) -> None:
        """Close the sync engine's pooled connections (the async engine's are closed by
        :meth:`dispose_async`)."""
        if self._engine is not None:
            self._engine.dispose()

    async def dispose_async(self) -> None:
        for engine in (self._async_engine, self._unpooled_async_engine):
            if engine is not None:
                await engine.dispose()


def read_binds(app: Demijohn) -> dict[str, Bind]:
    """The binds the application's configuration declares, default first.

    :raises DatabaseError: a bind's configuration is not a URL or a dict with one.
    """
    config = app.config
    common = dict(config.get("DATABASE_ENGINE_OPTIONS") or {})
    if config.get("DATABASE_ECHO"):
        common.setdefault("echo", True)
    url = config.get("DATABASE_URL") or "sqlite:///database.sqlite"
    declared: dict[str, t.Any] = {
        DEFAULT_BIND: {"url": url, "async_url": config.get("DATABASE_ASYNC_URL")}
    }
    for name, value in (config.get("DATABASE_BINDS") or {}).items():
        if name == DEFAULT_BIND:
            raise DatabaseError(
                f"DATABASE_BINDS names a bind {DEFAULT_BIND!r}, the name of the one DATABASE_URL"
                " configures. Give it another name, or set DATABASE_URL."
            )
        declared[name] = value
    return {name: _bind(app, name, value, common) for name, value in declared.items()}


def _bind(app: Demijohn, name: str, value: t.Any, common: dict[str, t.Any]) -> Bind:
    if isinstance(value, (str, URL)):
        value = {"url": value}
    if not isinstance(value, dict) or not value.get("url"):
        raise DatabaseError(
            f"The bind {name!r} is configured as {value!r}; it must be a URL, or a dict with a"
            " 'url' and engine options, such as {'url': 'postgresql://...', 'pool_size': 10}."
        )
    options = {**common, **value}
    url = _parse(app, name, options.pop("url"))
    async_value = options.pop("async_url", None)
    async_url = _parse(app, name, async_value) if async_value else None
    return Bind(name, url, async_url, options)


def _parse(app: Demijohn, name: str, value: str | URL) -> URL:
    try:
        url = make_url(value)
    except sa.exc.ArgumentError:
        raise DatabaseError(
            f"The URL of the bind {name!r}, {value!r}, is not a database URL. Write it as"
            " 'dialect+driver://user:password@host/database', 'sqlite:///file.db' for SQLite."
        ) from None
    return _in_instance_folder(app, url)


def _in_instance_folder(app: Demijohn, url: URL) -> URL:
    """A relative SQLite file, placed in the application's instance folder (made if need be)."""
    if url.get_backend_name() != "sqlite" or _is_memory(url):
        return url
    database = url.database or ""
    if os.path.isabs(database):
        return url
    os.makedirs(app.instance_path, exist_ok=True)
    return url.set(database=os.path.join(app.instance_path, database))


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or (url.query.get("mode") == "memory")


def _sqlite_options(url: URL, options: dict[str, t.Any]) -> dict[str, t.Any]:
    """An in-memory SQLite database shared by every thread: one connection, any thread."""
    if url.get_backend_name() != "sqlite" or not _is_memory(url) or "poolclass" in options:
        return options
    connect_args = {"check_same_thread": False, **options.get("connect_args", {})}
    return {**options, "poolclass": StaticPool, "connect_args": connect_args}


def async_url_of(url: URL, name: str) -> URL:
    """The URL of the async engine of a bind whose configuration gives only ``url``.

    :raises DatabaseError: no async driver is known for its driver.
    """
    backend, driver = url.get_backend_name(), url.get_driver_name()
    found = ASYNC_DRIVERS.get((backend, driver))
    if found is None:
        if driver in ("aiosqlite", "asyncpg", "aiomysql", "asyncmy", "aioodbc"):
            return url
        raise DatabaseError(
            f"The bind {name!r} ({_shown(url)}) has no async driver demijohn knows of for"
            f" {backend}+{driver}. Give it an 'async_url' naming one."
        )
    return url.set(drivername=found)


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _real_sqlite_transactions(engine: Engine) -> None:
    """SQLAlchemy's recipe for SQLite transactions that behave: savepoints and transactional
    DDL, which the driver's own transaction handling breaks."""

    @event.listens_for(engine, "connect")
    def no_driver_transactions(dbapi_connection: t.Any, record: t.Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")
