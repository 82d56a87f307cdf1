"""Tests for demijohn.db.extension: the request's session, its lifetime (committed before the
response, rolled back on error, closed), several binds, sessions outside requests; on SQLite
and PostgreSQL, over WSGI and ASGI."""

from __future__ import annotations

import typing as t

import click
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from tests.db.models import Line, Model, Product, ReportModel

from demijohn import Demijohn, abort, request
from demijohn.db import Database, DatabaseError
from demijohn.providers import Providers
from demijohn.testing import DemijohnClient

Make = t.Callable[..., Database]


def names(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(sa.select(Product.name).order_by(Product.name)))


def add_views(app: Demijohn) -> None:
    @app.post("/products")
    def add(session: Session) -> tuple[dict[str, str], int]:
        name = request.form["name"]
        session.add(Product(name=name))
        if name == "refused":
            abort(422)
        return {"added": name}, 201


def test_a_view_gets_the_session_and_its_writes_are_committed(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model)
    add_views(app)
    assert client.post("/products", data={"name": "jam"}).status_code == 201
    assert client.post("/products", data={"name": "tea"}).status_code == 201
    assert names(db) == ["jam", "tea"]
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_an_error_rolls_the_session_back(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model)
    add_views(app)
    assert client.post("/products", data={"name": "refused"}).status_code == 422
    assert names(db) == []


def test_a_commit_that_fails_is_a_500_not_a_lost_write(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model, PROPAGATE_EXCEPTIONS=False)
    add_views(app)
    assert client.post("/products", data={"name": "jam"}).status_code == 201
    # The duplicate is only sent at commit, after the view returned: the client must not see
    # the view's 201.
    response = client.post("/products", data={"name": "jam"})
    assert response.status_code == 500
    assert names(db) == ["jam"]
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_commit_on_success_can_be_turned_off(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model, DATABASE_COMMIT_ON_SUCCESS=False)

    @app.post("/products/<name>")
    def add(name: str, session: Session) -> str:
        session.add(Product(name=name))
        if name == "kept":
            session.commit()
        return name

    client.post("/products/kept")
    client.post("/products/dropped")
    assert names(db) == ["kept"]


def test_hooks_and_the_view_share_one_session_closed_after_the_request(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    make_database(Model)
    seen: list[Session] = []

    @app.before_request
    def remember(session: Session) -> None:
        seen.append(session)
        session.add(Product(name=f"from the hook {len(seen)}"))

    @app.get("/")
    def index(session: Session) -> str:
        seen.append(session)
        return str(session.scalar(sa.select(sa.func.count()).select_from(Product)))

    assert client.get("/").text == "1"  # the hook's row, flushed before the query
    assert seen[0] is seen[1]
    assert not seen[0].in_transaction()
    assert client.get("/").text == "2"
    assert seen[2] is not seen[0]


def test_a_request_that_asks_for_no_session_opens_none(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model)
    checkouts: list[object] = []
    sa.event.listen(db.engine, "checkout", lambda *args: checkouts.append(args))

    @app.get("/")
    def index() -> str:
        return "ok"

    assert client.get("/").text == "ok"
    assert checkouts == []


def test_models_of_another_bind_go_to_its_engine(
    app: Demijohn, client: DemijohnClient, database_url: str, tmp_path: t.Any
) -> None:
    app.config.update(
        DATABASE_URL=database_url,
        DATABASE_BINDS={"reports": {"url": f"sqlite:///{tmp_path / 'reports.sqlite'}"}},
    )
    db = Database(app, Model, binds={"reports": ReportModel})
    db.create_all()

    @app.post("/")
    def add(session: Session) -> str:
        session.add(Product(name="jam"))
        session.add(Line(text="jam added"))
        return "ok"

    try:
        client.post("/")
        with db.get_engine("reports").connect() as connection:
            assert connection.scalar(sa.select(Line.text)) == "jam added"
            assert not sa.inspect(connection).has_table("products")
        with db.engine.connect() as connection:
            assert connection.scalar(sa.select(Product.name)) == "jam"
            assert not sa.inspect(connection).has_table("lines")
        db.drop_all()
        with db.get_engine("reports").connect() as connection:
            assert not sa.inspect(connection).has_table("lines")
    finally:
        db.close()


def test_a_command_gets_a_session_committed_when_it_ends(
    app: Demijohn, make_database: Make
) -> None:
    db = make_database(Model)
    providers = Providers.of(app)

    @app.cli.command("add")
    @click.argument("name")
    @providers.inject
    def add(name: str, session: Session) -> None:
        session.add(Product(name=name))

    result = app.test_cli_runner().invoke(args=["add", "jam"])
    assert result.exit_code == 0, result.output
    assert names(db) == ["jam"]


def test_a_script_gets_a_session_from_a_scope_rolled_back_on_error(
    app: Demijohn, make_database: Make
) -> None:
    db = make_database(Model)
    providers = Providers.of(app)

    def add(name: str, session: Session) -> None:
        session.add(Product(name=name))
        if name == "bad":
            raise ValueError(name)

    providers.call(add, "jam")
    with pytest.raises(ValueError, match="bad"):
        providers.call(add, "bad")

    def add_in_a_block_of_its_own() -> None:
        with db.session() as session:
            session.add(Product(name="also bad"))
            raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        add_in_a_block_of_its_own()
    assert names(db) == ["jam"]


def test_the_database_reuses_the_providers_the_app_has(app: Demijohn) -> None:
    providers = Providers(app)
    app.config["DATABASE_URL"] = "sqlite://"
    db = Database(app)
    assert db.providers is providers
    assert Database.of(app) is db
    assert [provider.provides.__name__ for provider in providers.providers] == [
        "Session",
        "AsyncSession",
    ]


def test_a_database_made_twice_for_one_app_is_refused(app: Demijohn) -> None:
    Database(app)
    with pytest.raises(DatabaseError, match="already has its Database"):
        Database(app)


def test_an_app_without_a_database_says_how_to_make_one(app: Demijohn) -> None:
    with pytest.raises(DatabaseError, match=r"Database\(app, Model\)"):
        Database.of(app)
    with pytest.raises(DatabaseError, match="not set up for an application"):
        _ = Database().app


def test_models_for_an_undeclared_bind_are_refused(app: Demijohn) -> None:
    with pytest.raises(DatabaseError, match="DATABASE_BINDS does not declare it"):
        Database(app, Model, binds={"reports": ReportModel})


def test_an_unknown_bind_and_missing_models_are_explained(app: Demijohn) -> None:
    db = Database(app)
    with pytest.raises(DatabaseError, match="There is no bind 'reports'"):
        db.get_engine("reports")
    with pytest.raises(DatabaseError, match="No models were given for the bind 'default'"):
        db.metadata()
