"""Server-side sessions in Redis through the application, under both protocols: what the
browser holds, what the store holds, laziness, rotation, expiry and a store that is down."""

from __future__ import annotations

import logging
import typing as t
from datetime import timedelta

import pytest
import redis

from demijohn import Demijohn, flash, get_flashed_messages, session
from demijohn.server_sessions import RedisStore, ServerSessions, regenerate_session
from demijohn.server_sessions.store import record_key
from demijohn.testing import DemijohnClient

from ..redis_server import free_port


class CountingStore(RedisStore):
    """A Redis store that counts the calls the application makes to it."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.calls: list[str] = []

    def load(self, key: str) -> str | None:
        self.calls.append("load")
        return super().load(key)

    def save(self, key: str, payload: str, lifetime: timedelta) -> None:
        self.calls.append("save")
        super().save(key, payload, lifetime)

    def delete(self, key: str) -> None:
        self.calls.append("delete")
        super().delete(key)


@pytest.fixture
def store(redis_url: str) -> t.Iterator[CountingStore]:
    store = CountingStore(redis_url)
    yield store
    store.close()


@pytest.fixture
def redis_client(redis_url: str) -> t.Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def app(app: Demijohn, store: CountingStore) -> Demijohn:
    ServerSessions(app, store)

    @app.post("/set/<value>")
    def set_value(value: str) -> str:
        session["value"] = value
        return "set"

    @app.get("/get")
    def get_value() -> str:
        return str(session.get("value"))

    @app.get("/untouched")
    def untouched() -> str:
        return "nothing to do with the session"

    @app.post("/login")
    def login() -> str:
        regenerate_session()
        session["user"] = "ada"
        return "in"

    @app.post("/logout")
    def logout() -> str:
        session.clear()
        return "out"

    return app


def _cookie(client: DemijohnClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _session_id(app: Demijohn, client: DemijohnClient) -> str:
    signer = app.session_interface.get_signing_serializer(app)
    return t.cast(str, signer.loads(_cookie(client)))


def test_the_data_is_in_redis_and_the_cookie_holds_only_a_signed_id(
    app: Demijohn, client: DemijohnClient, redis_client: redis.Redis
) -> None:
    client.post("/set/marmalade")
    assert "marmalade" not in _cookie(client)
    key = "session:" + record_key(_session_id(app, client))
    assert "marmalade" in t.cast(str, redis_client.get(key))
    assert client.get("/get").text == "marmalade"


def test_a_cookie_with_a_forged_id_is_a_new_session(
    client: DemijohnClient, store: CountingStore
) -> None:
    client.post("/set/jam")
    client.set_cookie("session", "someone-elses-id.forged")
    assert client.get("/get").text == "None"
    assert "load" not in store.calls[1:]


def test_a_view_that_never_touches_the_session_makes_no_round_trip(
    app: Demijohn, client: DemijohnClient, store: CountingStore
) -> None:
    client.post("/set/jam")
    store.calls.clear()
    for _ in range(3):
        assert client.get("/untouched").status_code == 200
    assert store.calls == []
    assert client.get("/get").text == "jam"
    assert store.calls == ["load"]


def test_a_permanent_session_refreshed_each_request_still_costs_nothing_untouched(
    app: Demijohn, client: DemijohnClient, store: CountingStore
) -> None:
    @app.post("/remember")
    def remember() -> str:
        session.permanent = True
        session["value"] = "kept"
        return "ok"

    client.post("/remember")
    store.calls.clear()
    response = client.get("/untouched")
    assert store.calls == []
    assert "Set-Cookie" not in response.headers
    client.get("/get")
    assert store.calls == ["load", "save"]


def test_reading_alone_does_not_write_a_browser_session_back(
    client: DemijohnClient, store: CountingStore
) -> None:
    client.post("/set/jam")
    store.calls.clear()
    response = client.get("/get")
    assert response.text == "jam"
    assert store.calls == ["load"]
    assert "Set-Cookie" not in response.headers
    assert response.headers["Vary"] == "Cookie"


def test_regenerate_rotates_the_id_and_deletes_the_old_record(
    app: Demijohn, client: DemijohnClient, redis_client: redis.Redis
) -> None:
    client.post("/set/basket")
    before_cookie = _cookie(client)
    before = _session_id(app, client)
    client.post("/login")
    after = _session_id(app, client)
    assert after != before
    assert redis_client.exists("session:" + record_key(before)) == 0
    assert client.get("/get").text == "basket"
    # The id from before the login no longer opens the logged-in session.
    client.set_cookie("session", before_cookie)
    assert client.get("/get").text == "None"


def test_logging_out_deletes_the_record_and_the_cookie(
    app: Demijohn, client: DemijohnClient, redis_client: redis.Redis
) -> None:
    client.post("/login")
    key = "session:" + record_key(_session_id(app, client))
    response = client.post("/logout")
    assert redis_client.exists(key) == 0
    assert "session=;" in response.headers["Set-Cookie"]
    assert client.get_cookie("session") is None


def test_the_record_expires_in_redis_after_the_session_lifetime(
    app: Demijohn, client: DemijohnClient, redis_client: redis.Redis
) -> None:
    app.permanent_session_lifetime = timedelta(minutes=5)
    client.post("/set/jam")
    ttl = redis_client.ttl("session:" + record_key(_session_id(app, client)))
    assert 0 < ttl <= 300


def test_an_expired_record_is_a_new_session_under_a_new_id(
    app: Demijohn, client: DemijohnClient, redis_client: redis.Redis
) -> None:
    client.post("/set/jam")
    old = _session_id(app, client)
    redis_client.delete("session:" + record_key(old))  # what Redis's expiry does
    response = client.get("/get")
    assert response.text == "None"
    # The stale cookie is deleted, so that the id is not looked up again.
    assert "session=;" in response.headers["Set-Cookie"]
    assert client.get_cookie("session") is None
    client.post("/set/tea")
    assert _session_id(app, client) != old


def test_flashes_survive_the_redirect(app: Demijohn, client: DemijohnClient) -> None:
    @app.post("/order")
    def order() -> tuple[str, int, dict[str, str]]:
        flash("Thank you for your order")
        return "", 303, {"Location": "/done"}

    @app.get("/done")
    def done() -> str:
        return " | ".join(get_flashed_messages())

    assert client.post("/order", follow_redirects=True).text == "Thank you for your order"
    assert client.get("/done").text == ""


def test_sessions_are_shared_by_applications_on_the_same_store(
    app: Demijohn, client: DemijohnClient, redis_url: str, protocol: str
) -> None:
    # Two workers (or hosts) of one application: no sticky sessions needed.
    other = Demijohn("other_worker")
    other.config.update(TESTING=True, SECRET_KEY="test key")
    ServerSessions(other, RedisStore(redis_url))

    @other.get("/get")
    def get_value() -> str:
        return str(session.get("value"))

    client.post("/set/shared")
    other_client = other.test_client(protocol=protocol)
    other_client.set_cookie("session", _cookie(client))
    assert other_client.get("/get").text == "shared"
    t.cast(RedisStore, other.session_interface.store).close()  # type: ignore[attr-defined]


def test_a_redis_that_is_down_gives_a_503_and_a_log_line_saying_what_to_check(
    protocol: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = Demijohn("down")
    app.config.update(TESTING=True, SECRET_KEY="test key")
    url = f"redis://127.0.0.1:{free_port()}/0"
    ServerSessions(app, RedisStore(url))

    @app.get("/get")
    def get_value() -> str:
        return str(session.get("value"))

    client = app.test_client(protocol=protocol)
    signer = app.session_interface.get_signing_serializer(app)
    client.set_cookie("session", signer.dumps("an-id-issued-before-redis-went-down"))
    with caplog.at_level(logging.ERROR, "demijohn.server_sessions"):
        response = client.get("/get")
    assert response.status_code == 503
    assert "Traceback" not in response.text
    assert "try again" in response.text
    [record] = [r for r in caplog.records if r.name.startswith("demijohn.server_sessions")]
    assert f"Redis at {url}" in record.getMessage()
    assert "Check that Redis is running" in record.getMessage()


def test_a_failed_save_is_a_503_too(
    app: Demijohn, client: DemijohnClient, store: CountingStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.url = f"redis://127.0.0.1:{free_port()}/0"
    store.close()  # the clients are made again, on the dead address
    with caplog.at_level(logging.ERROR, "demijohn.server_sessions"):
        response = client.post("/set/jam")
    assert response.status_code == 503
    assert "Sessions are unavailable" in caplog.text


def test_without_a_store_the_redis_url_comes_from_the_configuration(redis_url: str) -> None:
    app = Demijohn("configured")
    app.config.update(SECRET_KEY="test key", SESSION_REDIS_URL=redis_url)
    ServerSessions(app)
    store = app.session_interface.store  # type: ignore[attr-defined]
    assert isinstance(store, RedisStore)
    assert store.url == redis_url


def test_without_a_store_or_a_url_the_error_says_how_to_give_one() -> None:
    with pytest.raises(RuntimeError, match="SESSION_REDIS_URL"):
        ServerSessions(Demijohn("unconfigured"))


def test_the_password_stays_out_of_messages() -> None:
    store = RedisStore("redis://:hunter2@cache:6379/0")
    assert store.description == "Redis at redis://cache:6379/0"
    assert "hunter2" not in repr(store)


def test_async_views_use_the_session_too(app: Demijohn, client: DemijohnClient) -> None:
    @app.post("/async/<value>")
    async def set_async(value: str) -> str:
        session["value"] = value
        return "set"

    @app.get("/async")
    async def get_async() -> str:
        return str(session.get("value"))

    client.post("/async/quince")
    assert client.get("/async").text == "quince"
    assert client.get("/get").text == "quince"


def test_regenerating_a_cookie_session_says_how_to_set_up_server_sessions() -> None:
    app = Demijohn("cookies")
    app.config.update(TESTING=True, SECRET_KEY="test key")
    with app.test_request_context(), pytest.raises(RuntimeError, match="ServerSessions"):
        regenerate_session()
