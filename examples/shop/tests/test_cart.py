"""The cart: a MethodView over the session cookie, which the test client keeps between
requests under either protocol."""

from __future__ import annotations

import typing as t

import pytest

from demijohn import Demijohn
from demijohn.testing import DemijohnClient

EMPTY = {"items": [], "count": 0, "total_cents": 0}


def test_a_new_visitor_has_an_empty_cart(client: DemijohnClient) -> None:
    assert client.get("/api/cart").json == EMPTY


def test_adding_to_the_cart(client: DemijohnClient) -> None:
    client.post("/api/cart", json={"product_id": 2})
    response = client.post("/api/cart", json={"product_id": 2, "quantity": 2})
    assert response.status_code == 200
    assert response.json == {
        "items": [{"product_id": 2, "name": "Airlock", "price_cents": 350, "quantity": 3}],
        "count": 3,
        "total_cents": 1050,
    }
    assert client.get("/api/cart").json == response.json


def test_the_cart_is_kept_in_the_session(client: DemijohnClient) -> None:
    client.post("/api/cart", json={"product_id": 3, "quantity": 1000})
    with client.session_transaction() as session:
        assert session["cart"] == {"3": 99}


def test_each_visitor_has_a_cart(app: Demijohn, client: DemijohnClient, protocol: str) -> None:
    client.post("/api/cart", json={"product_id": 1})
    assert app.test_client(protocol=protocol).get("/api/cart").json == EMPTY


@pytest.mark.parametrize("body", [{}, [], {"product_id": "1"}, {"product_id": 1, "quantity": 0}])
def test_invalid_items_are_400(client: DemijohnClient, body: t.Any) -> None:
    assert client.post("/api/cart", json=body).status_code == 400


def test_a_missing_product_is_404(client: DemijohnClient) -> None:
    assert client.post("/api/cart", json={"product_id": 99}).status_code == 404


def test_forms_are_refused(client: DemijohnClient) -> None:
    # What a form on another site would send: refused, so it cannot fill a visitor's cart.
    assert client.post("/api/cart", data={"product_id": "1"}).status_code == 415


def test_emptying_the_cart(client: DemijohnClient) -> None:
    client.post("/api/cart", json={"product_id": 1})
    response = client.delete("/api/cart")
    assert response.status_code == 204
    assert client.get("/api/cart").json == EMPTY


def test_methods_come_from_the_class(client: DemijohnClient) -> None:
    response = client.options("/api/cart")
    assert set(response.allow) == {"GET", "HEAD", "POST", "DELETE", "OPTIONS"}
    assert client.put("/api/cart", json={}).status_code == 405


def test_the_nav_counts_the_cart(browser: DemijohnClient) -> None:
    browser.post("/api/cart", json={"product_id": 1, "quantity": 2})
    assert "<span data-cart-count>2</span>" in browser.get("/").get_data(as_text=True)
