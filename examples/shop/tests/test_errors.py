"""The shop's 404 and 500: pages on the layout for browsers, JSON for API clients."""

from __future__ import annotations

import logging

import pytest

from demijohn import Demijohn
from demijohn.testing import DemijohnClient

NAV = ('href="/"', 'href="/catalog/"', 'href="/orders/"', 'href="/accounts/login"')


@pytest.fixture
def failing_app(app: Demijohn) -> Demijohn:
    """The shop with a view that fails, answered with the 500 page as in production: testing
    mode would let the exception reach the test instead."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/broken")
    def broken() -> str:
        raise RuntimeError("the cellar flooded")

    return app


def test_unknown_url_gets_the_404_page_on_the_layout(browser: DemijohnClient) -> None:
    response = browser.get("/nowhere")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<title>Page not found · Demijohn Shop</title>" in page
    assert "<h1>Page not found</h1>" in page
    assert '<link rel="stylesheet" href="/static/shop.css">' in page
    for link in NAV:
        assert link in page


def test_a_views_404_shows_its_description(browser: DemijohnClient) -> None:
    response = browser.get("/catalog/999")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<title>Page not found · Demijohn Shop</title>" in page
    assert "<p>There is no product 999.</p>" in page


def test_api_clients_get_the_404_as_json(client: DemijohnClient) -> None:
    response = client.get("/catalog/999")
    assert response.status_code == 404
    assert response.json == {"error": "Not Found", "description": "There is no product 999."}
    assert "Accept" in response.vary


def test_a_failing_view_gets_the_500_page_on_the_layout(
    failing_app: Demijohn, protocol: str, caplog: pytest.LogCaptureFixture
) -> None:
    browser = failing_app.test_client(protocol=protocol)
    browser.environ_base["HTTP_ACCEPT"] = "text/html"
    with caplog.at_level(logging.ERROR, logger=failing_app.logger.name):
        response = browser.get("/broken")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "<title>Something went wrong · Demijohn Shop</title>" in page
    for link in NAV:
        assert link in page
    assert "the cellar flooded" not in page
    # The page says the error was logged: it was, with the exception.
    (record,) = caplog.records
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "the cellar flooded"


def test_api_clients_get_the_500_as_json(failing_app: Demijohn, protocol: str) -> None:
    response = failing_app.test_client(protocol=protocol).get("/broken")
    assert response.status_code == 500
    assert response.json is not None
    assert response.json["error"] == "Internal Server Error"
    assert "the cellar flooded" not in response.get_data(as_text=True)
