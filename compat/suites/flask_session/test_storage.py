"""What Flask-Session keeps in its store, and what the browser keeps: only the session id."""

from __future__ import annotations

import typing as t


def test_values_persist_across_requests(client: t.Any) -> None:
    assert client.get("/set/colour/green").text == "set"
    assert client.get("/get/colour").text == "green"
    assert client.get("/get/size").text == "missing"


def test_the_cookie_holds_only_an_id_and_the_store_holds_the_values(
    client: t.Any, store: t.Any, session_id: t.Any
) -> None:
    client.get("/set/colour/green")
    sid = session_id(client)
    assert sid is not None
    assert "green" not in sid
    # secrets.token_urlsafe(32): 43 URL-safe characters.
    assert len(sid) == 43
    assert store.get(sid) == {"colour": "green", "_permanent": True}


def test_the_store_is_read_at_each_request(client: t.Any, store: t.Any, session_id: t.Any) -> None:
    client.get("/set/colour/green")
    sid = session_id(client)
    assert sid is not None
    store.put(sid, {"colour": "blue", "_permanent": True})
    assert client.get("/get/colour").text == "blue"


def test_an_empty_session_is_neither_stored_nor_sent(
    client: t.Any, store: t.Any, session_id: t.Any
) -> None:
    response = client.get("/get/colour")
    assert response.text == "missing"
    assert "Set-Cookie" not in response.headers
    assert session_id(client) is None


def test_clearing_deletes_the_stored_session_and_the_cookie(
    client: t.Any, store: t.Any, session_id: t.Any
) -> None:
    client.get("/set/colour/green")
    sid = session_id(client)
    assert sid is not None
    response = client.get("/clear")
    assert store.get(sid) is None
    assert response.headers["Set-Cookie"].startswith("session=; Expires=Thu, 01 Jan 1970")
    assert session_id(client) is None
    assert client.get("/get/colour").text == "missing"


def test_regenerating_changes_the_id_and_keeps_the_values(
    client: t.Any, store: t.Any, session_id: t.Any
) -> None:
    client.get("/set/colour/green")
    old = session_id(client)
    assert old is not None
    client.get("/regenerate")
    new = session_id(client)
    assert new is not None
    assert new != old
    assert store.get(old) is None
    assert store.get(new) == {"colour": "green", "_permanent": True}
    assert client.get("/get/colour").text == "green"


def test_an_unknown_session_id_is_replaced_not_adopted(
    client: t.Any, store: t.Any, session_id: t.Any
) -> None:
    planted = "x" * 43
    client.set_cookie("session", planted)
    assert client.get("/get/colour").text == "missing"
    client.get("/set/colour/green")
    sid = session_id(client)
    assert sid is not None
    assert sid != planted
    assert store.get(planted) is None
    assert store.get(sid) == {"colour": "green", "_permanent": True}


def test_two_clients_have_separate_sessions(app: t.Any, session_id: t.Any) -> None:
    first, second = app.test_client(), app.test_client()
    first.get("/set/colour/green")
    second.get("/set/colour/blue")
    assert first.get("/get/colour").text == "green"
    assert second.get("/get/colour").text == "blue"
    assert session_id(first) != session_id(second)


def test_session_transaction_reads_and_writes_the_store(
    client: t.Any, store: t.Any, session_id: t.Any
) -> None:
    with client.session_transaction() as session:
        session["colour"] = "red"
    assert client.get("/get/colour").text == "red"
    client.get("/set/size/large")
    with client.session_transaction() as session:
        assert session["size"] == "large"
        assert session["colour"] == "red"
    sid = session_id(client)
    assert sid is not None
    stored = store.get(sid)
    assert stored is not None
    assert stored["size"] == "large"
