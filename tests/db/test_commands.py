"""Tests for demijohn.db.commands and demijohn.db.checks: the migration commands from init to
downgrade, and what ``demijohn check`` says of migrations not applied and models that differ;
on SQLite and PostgreSQL."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from click.testing import Result
from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from demijohn import Demijohn
from demijohn.db import NAMING_CONVENTION, Database, DatabaseError


def models(with_price: bool, long_names: bool = False) -> type[DeclarativeBase]:
    """The shop's models: products, in the second version with their price, in the third
    with longer names and an index on them."""

    class Model(DeclarativeBase):
        metadata = MetaData(naming_convention=NAMING_CONVENTION)

    class Product(Model):
        __tablename__ = "products"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(120 if long_names else 80), unique=True)
        if long_names:
            code: Mapped[str | None] = mapped_column(String(10), index=True)
        if with_price:
            price: Mapped[int | None] = mapped_column()

    return Model


class Project:
    """One application's database and commands, in a project folder of the test's own."""

    def __init__(self, url: str, with_price: bool = False, long_names: bool = False) -> None:
        self.app = Demijohn("shop")
        self.app.config["DATABASE_URL"] = url
        self.db = Database(self.app, models(with_price, long_names))

    def run(self, *args: str) -> Result:
        return self.app.test_cli_runner().invoke(args=["db", *args])

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.exit_code == 0, result.output
        return result.output

    def tables(self) -> set[str]:
        with self.db.engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names())

    def columns(self, table: str) -> set[str]:
        with self.db.engine.connect() as connection:
            return {column["name"] for column in sa.inspect(connection).get_columns(table)}

    def problems(self) -> list[str]:
        return [str(p) for p in self.app.run_checks() if p.check.startswith("db.")]


@pytest.fixture
def project(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> t.Iterator[t.Callable[..., Project]]:
    monkeypatch.chdir(tmp_path)
    made: list[Project] = []

    def make(with_price: bool = False, long_names: bool = False) -> Project:
        made.append(Project(database_url, with_price, long_names))
        return made[-1]

    yield make
    for each in made:
        each.db.close()


def test_migrations_from_init_to_downgrade(project: t.Callable[..., Project]) -> None:
    shop = project()
    assert "Wrote the migration environment in migrations" in shop.ok("init")
    assert Path("migrations/env.py").is_file()
    assert Path("migrations/versions").is_dir()
    (problem,) = shop.problems()  # no migration yet, but a model
    assert "[db.models] The models differ from the migrations' head: add_table products" in problem
    written = shop.ok("revision", "--autogenerate", "-m", "add products", "--rev-id", "first")
    assert "Wrote migrations/versions/first_add_products.py (first)." in written
    assert "op.create_table('products'" in Path(written.split()[1]).read_text()
    (problem,) = shop.problems()
    assert "1 migration is not applied (head: first)" in problem
    not_yet = shop.run("check")
    assert not_yet.exit_code == 1
    assert "Target database is not up to date" in not_yet.output
    assert "demijohn db upgrade" in problem

    assert shop.ok("upgrade") == "The database is at head.\n"
    assert "products" in shop.tables()
    assert "first (head)" in shop.ok("current")
    assert "add products" in shop.ok("history")
    assert shop.ok("check") == "No new upgrade operations detected.\n"
    assert shop.problems() == []
    empty = shop.ok("revision", "--autogenerate", "-m", "nothing")
    assert "do not differ: no migration was written" in empty

    assert shop.ok("downgrade", "base") == "The database is at base.\n"
    assert "products" not in shop.tables()
    assert "CREATE TABLE products" in shop.ok("upgrade", "--sql")
    assert "products" not in shop.tables()
    shop.ok("stamp", "first")
    assert "first (head)" in shop.ok("current")


def test_models_that_differ_from_the_head_are_reported(
    project: t.Callable[..., Project],
) -> None:
    before = project()
    before.ok("init")
    before.ok("revision", "--autogenerate", "-m", "add products", "--rev-id", "first")
    before.ok("upgrade")
    after = project(with_price=True)
    (problem,) = after.problems()
    assert "[db.models]" in problem
    assert "add_column products.price" in problem
    refused = after.run("check")
    assert refused.exit_code == 1
    assert "The models differ from the migrations: " in refused.output
    assert "products" in refused.output
    assert "price" in refused.output
    after.ok("revision", "--autogenerate", "-m", "add price", "--rev-id", "second")
    after.ok("upgrade")
    assert "price" in after.columns("products")
    assert after.problems() == []
    (changed,) = project(with_price=True, long_names=True).problems()
    assert "add_column products.code" in changed
    assert "add_index ix_products_code" in changed
    assert "modify_type products.name" in changed
    after.ok("downgrade")
    assert "price" not in after.columns("products")
    assert "first" in after.ok("current")


def test_commands_without_a_migrations_folder_say_how_to_make_one(
    project: t.Callable[..., Project],
) -> None:
    shop = project()
    assert shop.problems() == []  # no migrations folder: not a project that migrates
    result = shop.run("upgrade")
    assert result.exit_code == 1
    assert "There are no migrations in migrations (no env.py)" in result.output
    assert "demijohn db init" in result.output
    shop.ok("init")
    refused = shop.run("init")
    assert refused.exit_code == 1
    assert "demijohn db init --env-only" in refused.output
    Path("migrations/env.py").write_text("broken")
    assert "Wrote the migration environment" in shop.ok("init", "--env-only")
    assert "run_migrations()" in Path("migrations/env.py").read_text()
    unknown = shop.run("upgrade", "nowhere")
    assert unknown.exit_code == 1
    assert "nowhere" in unknown.output


def test_an_unreachable_database_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shop = Project(f"sqlite:///{tmp_path / 'missing' / 'shop.sqlite'}")
    assert shop.ok("init")
    (problem,) = shop.problems()
    assert "The database could not be reached" in problem


def test_alembic_run_without_demijohn_says_to_use_the_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Project("sqlite://").ok("init")
    config = Config()
    config.set_main_option("script_location", "migrations")
    with pytest.raises(DatabaseError, match="Run them with 'demijohn db upgrade'"):
        command.upgrade(config, "head")


def test_models_on_several_binds_migrate_each_in_its_database(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    class AuditModel(DeclarativeBase):
        metadata = MetaData(naming_convention=NAMING_CONVENTION)

    class Entry(AuditModel):
        __tablename__ = "entries"
        id: Mapped[int] = mapped_column(primary_key=True)

    app = Demijohn("shop")
    app.config.update(
        DATABASE_URL=database_url,
        DATABASE_BINDS={"audit": f"sqlite:///{tmp_path / 'audit.sqlite'}"},
    )
    db = Database(app, models(with_price=False), binds={"audit": AuditModel})
    cli = app.test_cli_runner()

    def ok(*args: str) -> str:
        result = cli.invoke(args=["db", *args])
        assert result.exit_code == 0, result.output
        return result.output

    def tables(bind: str) -> set[str]:
        with db.get_engine(bind).connect() as connection:
            return set(sa.inspect(connection).get_table_names())

    def problems() -> list[str]:
        return [str(p) for p in app.run_checks() if p.check.startswith("db.")]

    try:
        ok("init")
        assert "run_migrations(multiple_binds=True)" in Path("migrations/env.py").read_text()
        script = Path(ok("revision", "--autogenerate", "-m", "start", "--rev-id", "one").split()[1])
        code = script.read_text()
        assert "def upgrade_default() -> None:\n    # ### commands auto" in code
        assert "op.create_table('entries'" in code.split("def upgrade_audit")[1]
        assert len(problems()) == 2  # each bind is behind
        assert "(bind 'audit')" in problems()[1]
        ok("upgrade")
        assert {"products", "alembic_version"} <= tables("default")
        assert {"entries", "alembic_version"} <= tables("audit")
        assert "entries" not in tables("default")
        assert problems() == []
        assert "No new upgrade operations detected." in ok("check")
        assert "no migration was written" in ok("revision", "--autogenerate", "-m", "again")
        ok("downgrade", "base")
        assert "entries" not in tables("audit")
        assert "products" not in tables("default")
    finally:
        db.close()
