"""The :class:`Database` extension: an application's binds and their engines, the session
factories, and the :class:`~sqlalchemy.orm.Session` and
:class:`~sqlalchemy.ext.asyncio.AsyncSession` providers with their request lifetime.

A session is request-lived: made the first time a view, hook or handler of the request asks
for it, and finished when the response is made, **before it is sent**, by the providers'
teardown. On success it is committed (unless ``DATABASE_COMMIT_ON_SUCCESS`` is false); when
the view or a hook raised, even if an error handler answered, or the client left, it is
rolled back; then it is closed. A commit that fails therefore becomes the error response (a
500, or the application's handler), never a 200 for a write that was lost.
"""

from __future__ import annotations

import collections.abc as cabc
import contextlib
import typing as t

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from demijohn import has_request_context, request
from demijohn.calling import on_server_loop, run_blocking, run_coroutine
from demijohn.providers import Provider, Providers
from demijohn.providers.registry import EXTENSION_KEY as PROVIDERS_KEY

from .checks import check_migrations
from .commands import db_command
from .engines import DEFAULT_BIND, Bind, read_binds
from .errors import DatabaseError
from .state import EXTENSION_KEY, database_of

if t.TYPE_CHECKING:
    from sqlalchemy import Engine, MetaData
    from sqlalchemy.ext.asyncio import AsyncEngine

    from demijohn import Demijohn

__all__ = ["EXTENSION_KEY", "Database"]

ModelBase = type[DeclarativeBase]


class Database:
    """SQLAlchemy for one application: engines from its configuration, a request-lived
    :class:`~sqlalchemy.orm.Session` (and :class:`~sqlalchemy.ext.asyncio.AsyncSession`)
    given to every function that asks for one by type, and the ``demijohn db`` migration
    commands.

    ::

        class Model(DeclarativeBase):
            metadata = MetaData(naming_convention=NAMING_CONVENTION)

        db = Database(app, Model)

        @app.get("/products/<int:id>")
        def product(id: int, session: Session):
            return get_or_404(session, Product, id).name

    :param app: the application, or ``None`` to call :meth:`init_app` later.
    :param model: the declarative base of the default bind's models.
    :param binds: the declarative bases of other binds' models, by bind name (each named in
        ``DATABASE_BINDS``); a session writes each model to its base's bind.

    The sessions are registered with the application's providers, which are made if it has
    none.

    Configuration keys besides those of the engines (:mod:`demijohn.db.engines`):

    - ``DATABASE_COMMIT_ON_SUCCESS`` (``True``): commit a request's session when the request
      succeeded; when false, only what the view commits itself is kept.
    - ``DATABASE_SESSION_OPTIONS`` (``{}``): keyword arguments of the session factories
      (:class:`~sqlalchemy.orm.sessionmaker`), such as ``expire_on_commit``.
    - ``DATABASE_MIGRATIONS`` (``"migrations"``): the Alembic folder, relative to the
      current folder, as Flask-Migrate has it.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        app: Demijohn | None = None,
        model: ModelBase | None = None,
        *,
        binds: cabc.Mapping[str, ModelBase] | None = None,
    ) -> None:
        self.models: dict[str, ModelBase] = {}
        if model is not None:
            self.models[DEFAULT_BIND] = model
        for name, base in (binds or {}).items():
            self.models[name] = base
        self.binds: dict[str, Bind] = {}
        self.commit_on_success = True
        self._session_factory: sessionmaker[Session] | None = None
        self._async_session_factories: dict[bool, async_sessionmaker[AsyncSession]] = {}
        self._app: Demijohn | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Demijohn) -> None:
        """Read the configuration, register the session providers and the ``db`` commands,
        and add the migration checks to ``demijohn check``.

        :raises DatabaseError: the configuration is wrong, or a model base names a bind the
            configuration does not declare.
        """
        if EXTENSION_KEY in app.extensions:
            raise DatabaseError(
                f"The application {app.name!r} already has its Database. Make it once, where"
                " the application is made, and find it with 'Database.of(app)'."
            )
        config = app.config
        self.binds = read_binds(app)
        unknown = sorted(set(self.models) - set(self.binds))
        if unknown:
            raise DatabaseError(
                f"The models of the bind {unknown[0]!r} were given, but DATABASE_BINDS does not"
                f" declare it (it declares {sorted(set(self.binds) - {DEFAULT_BIND})}). Add"
                f" its URL to DATABASE_BINDS, or correct the name."
            )
        self.commit_on_success = bool(config.get("DATABASE_COMMIT_ON_SUCCESS", True))
        self.session_options = dict(config.get("DATABASE_SESSION_OPTIONS") or {})
        self.migrations_directory = str(config.get("DATABASE_MIGRATIONS") or "migrations")
        self._app = app
        app.extensions[EXTENSION_KEY] = self
        providers = app.extensions.get(PROVIDERS_KEY)
        if not isinstance(providers, Providers):
            providers = Providers(app)
        self.providers = providers
        providers.add(Provider(self.session_provider, provides=Session))
        providers.add(Provider(self.async_session_provider, provides=AsyncSession))
        app.after_serving(self.close)
        app.cli.add_command(db_command)
        app.add_check(check_migrations)

    @classmethod
    def of(cls, app: Demijohn) -> Database:
        """The :class:`Database` of ``app``.

        :raises DatabaseError: the application has none.
        """
        return database_of(app)

    @property
    def app(self) -> Demijohn:
        if self._app is None:
            raise DatabaseError(
                "This Database is not set up for an application yet: pass the application to"
                " Database() or call init_app(app)."
            )
        return self._app

    # -- engines ---------------------------------------------------------------------------

    def _bind(self, name: str) -> Bind:
        try:
            return self.binds[name]
        except KeyError:
            raise DatabaseError(
                f"There is no bind {name!r}; the configuration declares {sorted(self.binds)}."
                " Declare it in DATABASE_BINDS."
            ) from None

    @property
    def engine(self) -> Engine:
        """The default bind's engine."""
        return self.get_engine()

    def get_engine(self, bind: str = DEFAULT_BIND) -> Engine:
        """The sync engine of ``bind``, made on first use."""
        return self._bind(bind).engine

    def get_async_engine(self, bind: str = DEFAULT_BIND) -> AsyncEngine:
        """The async engine of ``bind`` for the code running now, made on first use: under
        ASGI, on the server's event loop, one with a pool; elsewhere (WSGI, scripts), where
        each coroutine runs in an event loop of its own, one without (see
        :mod:`demijohn.db.engines`)."""
        found = self._bind(bind)
        return found.async_engine if on_server_loop() else found.unpooled_async_engine

    def metadata(self, bind: str = DEFAULT_BIND) -> MetaData:
        """The metadata of ``bind``'s models.

        :raises DatabaseError: no model base was given for it.
        """
        base = self.models.get(bind)
        if base is None:
            raise DatabaseError(
                f"No models were given for the bind {bind!r}. Pass the declarative base to"
                " Database(app, Model), or in binds={name: Base} for another bind."
            )
        return base.metadata

    def create_all(self) -> None:
        """Create every table of every bind's models that does not exist (for tests and
        small scripts; migrations are for databases that last)."""
        for name, base in self.models.items():
            base.metadata.create_all(self.get_engine(name))

    def drop_all(self) -> None:
        """Drop every table of every bind's models."""
        for name, base in self.models.items():
            base.metadata.drop_all(self.get_engine(name))

    def close(self) -> None:
        """Close the pooled connections of every engine (the application does when it stops
        serving). Engines open new ones if used again."""
        for bind in self.binds.values():
            bind.dispose()
        if any(
            bind._async_engine is not None or bind._unpooled_async_engine is not None
            for bind in self.binds.values()
        ):
            run_coroutine(self._dispose_async())

    async def _dispose_async(self) -> None:
        for bind in self.binds.values():
            await bind.dispose_async()

    # -- sessions --------------------------------------------------------------------------

    def _session_binds(self, engine_of: t.Callable[[str], t.Any]) -> dict[str, t.Any]:
        binds = {base: engine_of(name) for name, base in self.models.items()}
        return {"bind": engine_of(DEFAULT_BIND), "binds": binds}

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """What makes the sync sessions: bound to the default engine, each model base's
        models to its bind's."""
        if self._session_factory is None:
            self._session_factory = sessionmaker(
                **self._session_binds(self.get_engine), **self.session_options
            )
        return self._session_factory

    @property
    def async_session_factory(self) -> async_sessionmaker[AsyncSession]:
        """What makes the async sessions of the code running now, on the async engines
        :meth:`get_async_engine` gives it."""
        pooled = on_server_loop()
        factory = self._async_session_factories.get(pooled)
        if factory is None:
            options = {"expire_on_commit": False, **self.session_options}
            factory = self._async_session_factories[pooled] = async_sessionmaker(
                **self._session_binds(self.get_async_engine), **options
            )
        return factory

    def session_provider(self) -> cabc.Iterator[Session]:
        """The provider of the request's :class:`~sqlalchemy.orm.Session`: committed on
        success, rolled back on error, closed; before the response is sent."""
        session = self.session_factory()
        try:
            yield session
        except BaseException as e:
            if _busy(session):
                run_blocking(_finish, session, e, False)
            else:
                session.close()
            raise
        if _busy(session):
            run_blocking(_finish, session, None, self.commit_on_success)
        else:
            session.close()

    async def async_session_provider(self) -> cabc.AsyncIterator[AsyncSession]:
        """The provider of the request's :class:`~sqlalchemy.ext.asyncio.AsyncSession`, with
        the lifetime of :meth:`session_provider`.

        :raises DatabaseError: the request is served by a threaded WSGI server, where async
            database drivers are not safe to use (each coroutine runs in an event loop of its
            own, in any of the server's threads).
        """
        # The server loop first: under ASGI, reading the environ would make one.
        if (
            not on_server_loop()
            and has_request_context()
            and request.environ.get("wsgi.multithread")
        ):
            raise DatabaseError(
                "An async view asked for an AsyncSession under a threaded WSGI server. There"
                " each coroutine runs in an event loop of its own, in one of the server's"
                " threads, and async database drivers are not safe to use that way. Serve the"
                " application over ASGI (uvicorn, hypercorn, granian), or have the view ask"
                " for a Session."
            )
        session = self.async_session_factory()
        try:
            yield session
        except BaseException:
            try:
                await session.rollback()
            finally:
                await session.close()
            raise
        try:
            if self.commit_on_success:
                await session.commit()
        finally:
            await session.close()

    @contextlib.contextmanager
    def session(self) -> cabc.Iterator[Session]:
        """A session of its own for a block, outside the request's (a script, a job):
        committed when the block succeeds, rolled back when it raises, then closed."""
        session = self.session_factory()
        try:
            yield session
        except BaseException as e:
            _finish(session, e, False)
            raise
        _finish(session, None, True)


def _busy(session: Session) -> bool:
    """Whether finishing ``session`` may talk to the database."""
    return session.in_transaction() or bool(session.new or session.dirty or session.deleted)


def _finish(session: Session, exc: BaseException | None, commit: bool) -> None:
    """Commit or roll back ``session``, then close it; in one call, so that under ASGI the
    work goes to the thread pool in one step."""
    try:
        if exc is not None:
            session.rollback()
        elif commit:
            session.commit()
    finally:
        session.close()
