"""Tests for demijohn.db.engines: what the configuration of each bind gives (URLs, options,
echo, SQLite files in the instance folder, in-memory databases shared), the async URLs
derived from the sync ones, and the mistakes explained."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool
from tests.db.models import Model

from demijohn import Demijohn
from demijohn.db import Database, DatabaseError
from demijohn.db.engines import async_url_of


def test_binds_are_read_from_the_configuration(app: Demijohn, tmp_path: Path) -> None:
    app.config.update(
        DATABASE_URL="sqlite:///shop.sqlite",
        DATABASE_ECHO=True,
        DATABASE_ENGINE_OPTIONS={"pool_pre_ping": True},
        DATABASE_BINDS={
            "reports": f"sqlite:///{tmp_path / 'reports.sqlite'}",
            "archive": {"url": "sqlite:///archive.sqlite", "pool_pre_ping": False},
        },
    )
    app.instance_path = str(tmp_path / "instance")
    db = Database(app, Model)
    assert db.app is app
    assert db.metadata() is Model.metadata
    assert sorted(db.binds) == ["archive", "default", "reports"]
    # A relative SQLite file is in the instance folder, made for it.
    assert db.engine.url.database == str(tmp_path / "instance" / "shop.sqlite")
    assert (tmp_path / "instance").is_dir()
    assert db.engine.echo is True
    assert db.engine.pool._pre_ping is True  # type: ignore[attr-defined]
    assert db.get_engine("archive").pool._pre_ping is False  # type: ignore[attr-defined]
    assert db.get_engine("reports").url.database == str(tmp_path / "reports.sqlite")
    db.close()


def test_without_a_url_the_database_is_a_file_in_the_instance_folder(
    app: Demijohn, tmp_path: Path
) -> None:
    app.instance_path = str(tmp_path)
    db = Database(app)
    assert db.engine.url.database == str(tmp_path / "database.sqlite")


def test_an_in_memory_database_is_one_connection_every_thread_shares(app: Demijohn) -> None:
    app.config["DATABASE_URL"] = "sqlite://"
    db = Database(app, Model)
    db.create_all()
    assert isinstance(db.engine.pool, StaticPool)
    seen: list[bool] = []

    def look() -> None:
        with db.engine.connect() as connection:
            seen.append(sa.inspect(connection).has_table("products"))

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    assert seen == [True]
    db.close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///shop.db", "sqlite+aiosqlite:///shop.db"),
        ("sqlite+aiosqlite:///shop.db", "sqlite+aiosqlite:///shop.db"),
        ("postgresql://u@h/shop", "postgresql+psycopg://u@h/shop"),
        ("postgresql+psycopg2://u@h/shop", "postgresql+psycopg://u@h/shop"),
        ("postgresql+psycopg://u@h/shop", "postgresql+psycopg://u@h/shop"),
        ("postgresql+asyncpg://u@h/shop", "postgresql+asyncpg://u@h/shop"),
        ("mysql+pymysql://u@h/shop", "mysql+aiomysql://u@h/shop"),
    ],
)
def test_the_async_url_swaps_the_driver(url: str, expected: str) -> None:
    assert async_url_of(make_url(url), "default").render_as_string() == expected


def test_a_driver_without_a_known_async_one_asks_for_an_async_url() -> None:
    with pytest.raises(DatabaseError, match="Give it an 'async_url'"):
        async_url_of(make_url("mssql+pyodbc://u@h/shop"), "legacy")


def test_an_async_url_that_is_not_async_is_explained(app: Demijohn) -> None:
    app.config.update(DATABASE_URL="sqlite://", DATABASE_ASYNC_URL="sqlite+pysqlite://")
    db = Database(app)
    with pytest.raises(DatabaseError, match="cannot make an async engine"):
        db.get_async_engine()


@pytest.mark.parametrize(
    ("binds", "message"),
    [
        ({"default": "sqlite://"}, "names a bind 'default'"),
        ({"reports": {"pool_size": 5}}, "it must be a URL, or a dict with a 'url'"),
        ({"reports": 42}, "it must be a URL"),
        ({"reports": "not a url"}, "is not a database URL"),
    ],
)
def test_bind_mistakes_are_explained(app: Demijohn, binds: dict[str, object], message: str) -> None:
    app.config.update(DATABASE_URL="sqlite://", DATABASE_BINDS=binds)
    with pytest.raises(DatabaseError, match=message):
        Database(app)
