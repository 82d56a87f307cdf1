"""What is particular to each store: Redis's expiry, SQLAlchemy's table and its expired
rows, and the JSON serialisation format."""

from __future__ import annotations

import datetime
import typing as t

import msgspec
import pytest
import redis
from sqlalchemy import inspect, text


@pytest.mark.parametrize("store_kind", ["redis"])
def test_redis_keys_expire_with_the_permanent_session_lifetime(
    app: t.Any, client: t.Any, redis_port: int, session_id: t.Any
) -> None:
    app.permanent_session_lifetime = datetime.timedelta(minutes=10)
    client.get("/set/colour/green")
    with redis.Redis(host="127.0.0.1", port=redis_port) as server:
        ttl = server.ttl("session:" + str(session_id(client)))
    assert 0 < ttl <= 600


@pytest.mark.parametrize("store_kind", ["redis"])
@pytest.mark.parametrize("config", [{"SESSION_SERIALIZATION_FORMAT": "json"}])
def test_the_json_format_stores_json(client: t.Any, redis_port: int, session_id: t.Any) -> None:
    client.get("/set/colour/green")
    with redis.Redis(host="127.0.0.1", port=redis_port) as server:
        raw = server.get("session:" + str(session_id(client)))
    assert msgspec.json.decode(raw) == {"colour": "green", "_permanent": True}
    assert client.get("/get/colour").text == "green"


@pytest.mark.parametrize("store_kind", ["redis"])
@pytest.mark.parametrize("config", [{"SESSION_KEY_PREFIX": "shop:"}])
def test_the_key_prefix_names_the_stored_keys(
    client: t.Any, redis_port: int, session_id: t.Any
) -> None:
    client.get("/set/colour/green")
    with redis.Redis(host="127.0.0.1", port=redis_port) as server:
        assert server.keys("*") == [f"shop:{session_id(client)}".encode()]


@pytest.mark.parametrize("store_kind", ["sqlalchemy"])
def test_sqlalchemy_makes_its_table(app: t.Any) -> None:
    db = app.extensions["sqlalchemy"]
    with app.app_context():
        columns = {column["name"] for column in inspect(db.engine).get_columns("sessions")}
    assert columns == {"id", "session_id", "data", "expiry"}


@pytest.mark.parametrize("store_kind", ["sqlalchemy"])
def test_sqlalchemy_drops_an_expired_session_when_it_is_read(
    app: t.Any, client: t.Any, session_id: t.Any
) -> None:
    client.get("/set/colour/green")
    db = app.extensions["sqlalchemy"]
    key = "session:" + str(session_id(client))
    with app.app_context():
        db.session.execute(
            text("UPDATE sessions SET expiry = :past WHERE session_id = :key"),
            {"past": datetime.datetime(2000, 1, 1), "key": key},
        )
        db.session.commit()
    assert client.get("/get/colour").text == "missing"
    with app.app_context():
        count = db.session.execute(text("SELECT count(*) FROM sessions")).scalar()
    assert count == 0


@pytest.mark.parametrize("store_kind", ["sqlalchemy"])
def test_sqlalchemy_updates_the_row_of_a_session(
    app: t.Any, client: t.Any, session_id: t.Any
) -> None:
    client.get("/set/colour/green")
    client.get("/set/size/large")
    db = app.extensions["sqlalchemy"]
    with app.app_context():
        rows = db.session.execute(text("SELECT session_id, data FROM sessions")).all()
    assert [(key, msgspec.msgpack.decode(data)) for key, data in rows] == [
        (
            "session:" + str(session_id(client)),
            {"colour": "green", "size": "large", "_permanent": True},
        )
    ]
