"""The shop's 404, 405 and 500: pages on the layout for browsers, JSON for API clients; and
what every response carries: a request ID (in the logs too) and the security headers."""

from __future__ import annotations

import logging
import pathlib

import pytest
from examples.shop import create_app, settings
from examples.shop.tests.conftest import settings_for

from demijohn import Demijohn
from demijohn.logging import default_handler
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


def test_a_method_a_page_does_not_allow_gets_the_405_page(browser: DemijohnClient) -> None:
    response = browser.delete("/catalog/")
    assert response.status_code == 405
    assert set(response.allow) >= {"GET", "POST"}
    page = response.get_data(as_text=True)
    assert "<title>Method not allowed · Demijohn Shop</title>" in page
    assert "This page does not answer DELETE requests." in page
    for link in NAV:
        assert link in page


def test_error_pages_speak_german(browser: DemijohnClient) -> None:
    browser.set_cookie("locale", "de")
    page = browser.get("/nowhere").get_data(as_text=True)
    assert "<h1>Seite nicht gefunden</h1>" in page
    assert '<html lang="de">' in page


def test_every_response_has_the_security_headers(browser: DemijohnClient) -> None:
    response = browser.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    # No inline script on the pages, so no nonce is needed, and none runs.
    assert "'unsafe-inline'" not in policy
    assert "<script>" not in response.get_data(as_text=True)


def test_request_ids_are_in_the_logs(
    tmp_path: pathlib.Path, protocol: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings.Testing, settings_for(tmp_path, ACCESS_LOG=True))
    with caplog.at_level(logging.INFO, logger="demijohn.access"):
        response = app.test_client(protocol=protocol).get("/catalog/")
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    (record,) = [r for r in caplog.records if r.name == "demijohn.access"]
    assert record.request_id == request_id  # type: ignore[attr-defined]  # set by the battery
    # The lines the shop's log handler writes show it.
    formatter = default_handler.formatter
    assert formatter is not None
    assert f"INFO {request_id} in logs: GET /catalog/ 200" in formatter.format(record)
