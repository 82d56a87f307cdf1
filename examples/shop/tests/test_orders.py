"""Orders: a RouteClass whose methods are the routes under /orders/, for logged-in users."""

from __future__ import annotations

import pytest
from examples.shop.db import get_db

from demijohn import Demijohn
from demijohn.providers import Providers
from demijohn.testing import DemijohnClient


def _place_order(client: DemijohnClient) -> str:
    client.post("/api/cart", json={"product_id": 1})
    client.post("/api/cart", json={"product_id": 3, "quantity": 2})
    return client.post("/orders/").location or ""


def test_the_methods_are_routes(app: Demijohn) -> None:
    rules = {
        (rule.rule, rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("orders_")
        for method in rule.methods or ()
        if method in ("GET", "POST")
    }
    assert rules == {
        ("/orders/", "orders_index", "GET"),
        ("/orders/", "orders_post", "POST"),
        ("/orders/<int:order_id>", "orders_get", "GET"),
    }


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/orders/"), ("POST", "/orders/"), ("GET", "/orders/1")]
)
def test_every_route_needs_a_user(browser: DemijohnClient, method: str, path: str) -> None:
    response = browser.open(path, method=method)
    assert response.status_code == 302
    assert response.location == f"/accounts/login?next={path}"


def test_the_orders_page_shows_the_cart(logged_in: DemijohnClient) -> None:
    logged_in.post("/api/cart", json={"product_id": 2, "quantity": 2})
    page = logged_in.get("/orders/").get_data(as_text=True)
    assert "<title>Your orders · Demijohn Shop</title>" in page
    assert "2 &times; Airlock" in page
    assert '<th class="price">7.00</th>' in page
    assert "No orders yet." in page


def test_placing_an_order(logged_in: DemijohnClient) -> None:
    assert _place_order(logged_in) == "/orders/1"
    page = logged_in.get("/orders/1").get_data(as_text=True)
    assert '<li class="flash-success">Thank you! Your order 1 is placed.</li>' in page
    assert "1 &times; Demijohn, 5 l" in page
    assert "2 &times; Cork bung" in page
    assert logged_in.get("/api/cart").json == {"items": [], "count": 0, "total_cents": 0}
    page = logged_in.get("/orders/").get_data(as_text=True)
    assert '<a href="/orders/1">Order 1</a>:\n        3 items, 26.40' in page


def test_an_empty_cart_cannot_be_ordered(logged_in: DemijohnClient) -> None:
    response = logged_in.post("/orders/", follow_redirects=True)
    assert response.request.path == "/orders/"
    assert '<li class="flash-error">Your cart is empty' in response.get_data(as_text=True)


def test_other_users_orders_are_404(app: Demijohn, logged_in: DemijohnClient) -> None:
    _place_order(logged_in)
    # Outside a request, a provider scope gives the same connection a view would get.
    with app.app_context(), Providers.of(app).scope():
        get_db().execute("INSERT INTO users (username, password_hash) VALUES ('eve', '-')")
        get_db().commit()
    with logged_in.session_transaction() as session:
        session["user_id"] = 2
    assert logged_in.get("/orders/1").status_code == 404
    assert "No orders yet." in logged_in.get("/orders/").get_data(as_text=True)
