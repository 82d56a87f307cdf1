"""Orders: a RouteClass whose methods are the routes under /orders/, for logged-in users."""

from __future__ import annotations

import logging
import pathlib
import typing as t

import pytest
from celery.signals import task_success
from examples.shop import create_app
from examples.shop import settings as shop_settings
from examples.shop.accounts.models import User
from examples.shop.db import get_db
from examples.shop.orders.models import Order
from examples.shop.orders.services import CONFIRMATION_TASK, send_confirmation
from examples.shop.tests.conftest import settings_for

from demijohn import Demijohn
from demijohn.celery import celery_of
from demijohn.production.testing import csrf_token
from demijohn.providers import Providers
from demijohn.testing import DemijohnClient


def _place_order(client: DemijohnClient) -> str:
    client.post("/api/cart", json={"product_id": 1})
    client.post("/api/cart", json={"product_id": 3, "quantity": 2})
    response = client.post("/orders/", data={"csrf_token": csrf_token(client)})
    # Closing the response is what a server does once it has sent it: the background job
    # runs then.
    response.close()
    return response.location or ""


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
    response = browser.open(path, method=method, data={"csrf_token": csrf_token(browser)})
    assert response.status_code == 302
    assert response.location == f"/accounts/login?next={path}"


def test_the_orders_page_shows_the_cart(logged_in: DemijohnClient) -> None:
    logged_in.post("/api/cart", json={"product_id": 2, "quantity": 2})
    page = logged_in.get("/orders/").get_data(as_text=True)
    assert "<title>Your orders · Demijohn Shop</title>" in page
    assert "2 &times; Airlock" in page
    assert '<th class="price">€7.00</th>' in page
    assert "No orders yet." in page


def test_placing_an_order(logged_in: DemijohnClient) -> None:
    assert _place_order(logged_in) == "/orders/1"
    page = logged_in.get("/orders/1").get_data(as_text=True)
    assert '<li class="flash-success">Thank you! Your order 1 is placed.</li>' in page
    assert "1 &times; Demijohn, 5 l" in page
    assert "2 &times; Cork bung" in page
    assert logged_in.get("/api/cart").json == {"items": [], "count": 0, "total_cents": 0}
    page = logged_in.get("/orders/").get_data(as_text=True)
    assert '<a href="/orders/1">Order 1</a>:\n        3 items, €26.40' in page


def test_an_empty_cart_cannot_be_ordered(logged_in: DemijohnClient) -> None:
    data = {"csrf_token": csrf_token(logged_in)}
    response = logged_in.post("/orders/", data=data, follow_redirects=True)
    assert response.request.path == "/orders/"
    assert '<li class="flash-error">Your cart is empty' in response.get_data(as_text=True)


def test_other_users_orders_are_404(app: Demijohn, logged_in: DemijohnClient) -> None:
    _place_order(logged_in)
    # Outside a request, a provider scope gives the same connection a view would get.
    with app.app_context(), Providers.of(app).scope():
        get_db().add(User(username="eve", password_hash="-"))
    with logged_in.session_transaction() as session:
        session["user_id"] = 2
    assert logged_in.get("/orders/1").status_code == 404
    assert "No orders yet." in logged_in.get("/orders/").get_data(as_text=True)


def test_placing_an_order_sends_its_confirmation_in_the_background(
    logged_in: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="examples.shop.orders.services"):
        location = _place_order(logged_in)
    # The job ran after the response was sent: the order's page says so.
    assert [record.getMessage() for record in caplog.records] == [
        "Confirmation of order 1 sent to demo: 3 items, 2640 cents"
    ]
    assert "Confirmation sent." in logged_in.get(location).get_data(as_text=True)


def test_the_confirmation_is_sent_once(app: Demijohn, logged_in: DemijohnClient) -> None:
    _place_order(logged_in)
    with app.app_context():
        with Providers.of(app).scope():
            confirmed = get_db().get(Order, 1)
            assert confirmed is not None
            first = confirmed.confirmed_at
        assert first is not None
        send_confirmation(1)  # again, as a retrying task queue might
        send_confirmation(99)  # an order that is gone: nothing to do
        with Providers.of(app).scope():
            again = get_db().get(Order, 1)
            assert again is not None
            assert again.confirmed_at == first


def test_with_a_broker_the_confirmation_is_a_celery_task(
    tmp_path: pathlib.Path, protocol: str
) -> None:
    app = create_app(shop_settings.Testing, settings_for(tmp_path, CELERY_BROKER_URL="memory://"))
    # Eager: the task runs where it is sent, once the request's session is committed, as a
    # worker would run it then.
    celery_of(app).conf.task_always_eager = True
    ran: list[str] = []

    def record(sender: t.Any, **kwargs: t.Any) -> None:
        ran.append(sender.name)

    task_success.connect(record, weak=False)
    try:
        client = app.test_client(protocol=protocol)
        with client.session_transaction() as session:
            session["user_id"] = 1
        location = _place_order(client)
    finally:
        task_success.disconnect(record)
    assert ran == [CONFIRMATION_TASK]
    assert "Confirmation sent." in client.get(location).get_data(as_text=True)
