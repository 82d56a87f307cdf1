"""Tests for demijohn.db.testing: requests in a test see each other's writes, and none is left
when the test ends, also after a commit that failed; on SQLite and PostgreSQL."""

from __future__ import annotations

import typing as t

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from tests.db.models import Model, Product

from demijohn import Demijohn
from demijohn.db import Database
from demijohn.db.testing import rolled_back
from demijohn.testing import DemijohnClient

Make = t.Callable[..., Database]

pytest_plugins = ["pytester"]


def count(db: Database) -> int:
    with db.engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(Product)) or 0


def add_views(app: Demijohn) -> None:
    @app.post("/products/<name>")
    def add(name: str, session: Session) -> str:
        session.add(Product(name=name))
        return name

    @app.get("/products")
    def listed(session: Session) -> list[str]:
        return list(session.scalars(sa.select(Product.name).order_by(Product.name)))


def test_writes_in_the_block_are_seen_by_later_requests_and_rolled_back(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model, PROPAGATE_EXCEPTIONS=False)
    add_views(app)
    with rolled_back(db) as connections:
        assert client.post("/products/jam").status_code == 200
        # A failed commit goes back to its savepoint: the test's transaction goes on.
        assert client.post("/products/jam").status_code == 500
        assert client.post("/products/tea").status_code == 200
        assert client.get("/products").json == ["jam", "tea"]
        with db.session() as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(Product)) == 2
        assert connections["default"].scalar(sa.select(sa.func.count()).select_from(Product))
    assert count(db) == 0
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    # The database's own sessions again: this write is committed.
    client.post("/products/kept")
    assert count(db) == 1


def test_the_fixture_rolls_the_test_back(pytester: pytest.Pytester, tmp_path: t.Any) -> None:
    pytester.makeconftest(
        """
        pytest_plugins = ["demijohn.db.testing"]
        """
    )
    pytester.makepyfile(
        f"""
        import pytest
        import sqlalchemy as sa
        from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

        from demijohn import Demijohn
        from demijohn.db import Database

        class Model(DeclarativeBase):
            pass

        class Note(Model):
            __tablename__ = "notes"
            id: Mapped[int] = mapped_column(primary_key=True)

        @pytest.fixture(scope="module")
        def app():
            app = Demijohn("notes")
            app.config["DATABASE_URL"] = "sqlite:///{tmp_path / "notes.sqlite"}"
            db = Database(app, Model)
            db.create_all()

            @app.post("/")
            def add(session: Session):
                session.add(Note())
                return "ok"

            return app

        @pytest.mark.parametrize("run", [1, 2])
        def test_each_run_starts_empty(app, rolled_back_database, run):
            app.test_client().post("/")
            with rolled_back_database.session() as session:
                assert session.scalar(sa.select(sa.func.count()).select_from(Note)) == 1
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_async_sessions_can_be_rolled_back_too(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model, PROPAGATE_EXCEPTIONS=False)

    @app.post("/products/<name>")
    async def add(name: str, session: AsyncSession) -> str:
        session.add(Product(name=name))
        return name

    @app.get("/products")
    async def listed(session: AsyncSession) -> list[str]:
        return list(await session.scalars(sa.select(Product.name).order_by(Product.name)))

    with rolled_back(db, async_sessions=True):
        assert client.post("/products/jam").status_code == 200
        assert client.post("/products/jam").status_code == 500
        assert client.post("/products/tea").status_code == 200
        assert client.get("/products").json == ["jam", "tea"]
    assert count(db) == 0
    client.post("/products/kept")
    assert count(db) == 1
