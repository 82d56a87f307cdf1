"""Sessions in the application's SQL database (SQLite and PostgreSQL), under both protocols."""

from __future__ import annotations

import typing as t
from datetime import timedelta

import pytest
import sqlalchemy as sa

from demijohn import Demijohn, session
from demijohn.db import Database
from demijohn.server_sessions import DatabaseStore, ServerSessions, regenerate_session
from demijohn.server_sessions.store import record_key
from demijohn.testing import DemijohnClient


@pytest.fixture
def store(app: Demijohn, database_url: str) -> t.Iterator[DatabaseStore]:
    app.config["DATABASE_URL"] = database_url
    db = Database(app)
    store = DatabaseStore(db)
    store.create_table()
    yield store
    db.close()


@pytest.fixture
def app(app: Demijohn) -> Demijohn:
    @app.post("/set/<value>")
    def set_value(value: str) -> str:
        session["value"] = value
        return "set"

    @app.get("/get")
    def get_value() -> str:
        return str(session.get("value"))

    @app.post("/login")
    def login() -> str:
        regenerate_session()
        return "in"

    return app


@pytest.fixture
def client(app: Demijohn, store: DatabaseStore, protocol: str) -> DemijohnClient:
    ServerSessions(app, store)
    return app.test_client(protocol=protocol)


def _rows(store: DatabaseStore) -> list[sa.Row[t.Any]]:
    with store.engine.connect() as connection:
        return list(connection.execute(sa.select(store.table)))


def _session_id(app: Demijohn, client: DemijohnClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    signer = app.session_interface.get_signing_serializer(app)
    return t.cast(str, signer.loads(cookie.value))


def test_a_session_is_one_row_under_the_hash_of_its_id(
    app: Demijohn, client: DemijohnClient, store: DatabaseStore
) -> None:
    app.permanent_session_lifetime = timedelta(hours=1)
    client.post("/set/marmalade")
    [row] = _rows(store)
    assert row.key == record_key(_session_id(app, client))
    assert "marmalade" in row.data
    assert client.get("/get").text == "marmalade"
    client.post("/set/jam")
    [row] = _rows(store)
    assert "jam" in row.data


def test_an_expired_row_is_not_loaded_and_is_purged(
    client: DemijohnClient, store: DatabaseStore
) -> None:
    client.post("/set/jam")
    with store.engine.begin() as connection:
        connection.execute(sa.update(store.table).values(expires_at=sa.func.current_timestamp()))
        connection.execute(
            sa.update(store.table).values(expires_at=store.table.c.expires_at - timedelta(days=1))
        )
    assert client.get("/get").text == "None"
    assert store.purge_expired() == 1
    assert _rows(store) == []


def test_regenerate_replaces_the_row(
    app: Demijohn, client: DemijohnClient, store: DatabaseStore
) -> None:
    client.post("/set/basket")
    before = _session_id(app, client)
    client.post("/login")
    [row] = _rows(store)
    assert row.key == record_key(_session_id(app, client)) != record_key(before)
    assert client.get("/get").text == "basket"


def test_a_missing_table_says_how_to_make_it(
    app: Demijohn, client: DemijohnClient, store: DatabaseStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.table.drop(store.engine)
    response = client.post("/set/jam")
    assert response.status_code == 503
    assert "DatabaseStore.create_table()" in caplog.text


def test_the_table_can_join_the_models_metadata_for_migrations() -> None:
    metadata = sa.MetaData()
    store = DatabaseStore(sa.create_engine("sqlite://"), metadata=metadata, table_name="sessions")
    assert metadata.tables["sessions"] is store.table
    assert "sqlite://" in store.description
