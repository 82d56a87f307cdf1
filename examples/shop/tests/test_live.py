"""The shop's live side: the coroutine view, server-sent events and the WebSocket."""

from __future__ import annotations

import json
import typing as t

import pytest

from demijohn import Demijohn
from demijohn.testing import DemijohnClient, WebSocketClosed


@pytest.fixture
def app(app: Demijohn) -> Demijohn:
    app.config["PRICE_TICK_SECONDS"] = 0
    return app


def test_stats_from_a_coroutine_view(client: DemijohnClient) -> None:
    client.post("/catalog/1/reviews/", json={"stars": 4, "text": "Big."})
    assert client.get("/stats").json == {
        "products": 3,
        "reviews": 1,
        "average_price_cents": (2400 + 350 + 120) // 3,
    }


def _events(text: str) -> list[dict[str, t.Any]]:
    events = []
    for block in text.split("\n\n"):
        if block:
            fields = dict(line.split(": ", 1) for line in block.splitlines())
            events.append({**fields, "data": json.loads(fields["data"])})
    return events


def test_price_events_are_server_sent(client: DemijohnClient) -> None:
    response = client.get("/events?ticks=3")
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    events = _events(response.get_data(as_text=True))
    assert [(e["event"], e["id"]) for e in events] == [
        ("prices", "0"),
        ("prices", "1"),
        ("prices", "2"),
    ]
    assert events[0]["data"][0] == {"id": 1, "price_cents": 2400}


@pytest.mark.parametrize(("ticks", "sent"), [("0", 1), ("1000", 100), ("many", 10)])
def test_price_events_are_bounded(client: DemijohnClient, ticks: str, sent: int) -> None:
    response = client.get(f"/events?ticks={ticks}")
    assert len(_events(response.get_data(as_text=True))) == sent


def test_prices_over_a_websocket(app: Demijohn) -> None:
    with app.test_client().websocket("/ws/prices") as ws:
        ws.send_json({"product_id": 2})
        assert ws.receive_json() == {"id": 2, "name": "Airlock", "price_cents": 350}
        ws.send_json({"product_id": 99})
        assert ws.receive_json() == {"error": "There is no product 99."}
        ws.send_json({"product_id": "2"})
        assert ws.receive_json() == {"error": "'product_id' must be a whole number."}
        ws.send(b"not json")
        assert "error" in ws.receive_json()
        ws.close()


def test_websocket_closed_by_the_client_ends_the_handler(app: Demijohn) -> None:
    client = app.test_client()
    with client.websocket("/ws/prices") as ws:
        ws.close(1001)
        with pytest.raises(WebSocketClosed):
            ws.receive()
    # The handler's database connection was closed with the app context; the app still serves.
    assert client.get("/healthz").status_code == 200


def test_websocket_url_over_plain_http_is_426(client: DemijohnClient) -> None:
    response = client.get("/ws/prices")
    assert response.status_code == 426
    assert b"WebSocket client" in response.data


def _review(client: t.Any, text: str, product_id: int = 1) -> None:
    client.post(f"/catalog/{product_id}/reviews/", json={"stars": 4, "text": text})


def test_new_reviews_arrive_over_the_websocket(app: Demijohn) -> None:
    client = app.test_client()
    _review(client, "First.")
    with client.websocket("/ws/reviews/1?after=1") as ws:
        _review(client, "Second.")
        assert ws.receive_json() == {"id": 2, "stars": 4, "text": "Second."}
        _review(client, "Third.")
        assert ws.receive_json() == {"id": 3, "stars": 4, "text": "Third."}
        ws.close()
    # The handler noticed the client leave and ended; the app still serves.
    assert client.get("/healthz").status_code == 200


def test_a_page_without_reviews_gets_them_all(app: Demijohn) -> None:
    client = app.test_client()
    with client.websocket("/ws/reviews/2") as ws:
        _review(client, "Only.", product_id=2)
        assert ws.receive_json()["text"] == "Only."
        ws.close()


def test_the_reviews_websocket_over_plain_http_is_426(client: DemijohnClient) -> None:
    # What a WSGI server answers the browser's handshake with: the page polls instead.
    assert client.get("/ws/reviews/1").status_code == 426
