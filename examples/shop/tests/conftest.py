"""Fixtures for the shop's tests: a fresh application on a database in a temporary folder, and
its test client, once over WSGI and once over ASGI."""

from __future__ import annotations

import pathlib
import typing as t

import pytest
from examples.shop import create_app

from demijohn import Demijohn
from demijohn.testing import DemijohnClient


@pytest.fixture
def app(tmp_path: pathlib.Path) -> Demijohn:
    # The development key is made in the test's folder, not in the checkout's instance folder.
    return create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "shop.sqlite3"),
            "SECRET_KEY_FILE": str(tmp_path / "secret-key"),
        }
    )


@pytest.fixture(params=["wsgi", "asgi"])
def protocol(request: pytest.FixtureRequest) -> str:
    """Each test that uses the client runs once over WSGI and once over ASGI."""
    return t.cast(str, request.param)


@pytest.fixture
def client(app: Demijohn, protocol: str) -> DemijohnClient:
    return app.test_client(protocol=protocol)


@pytest.fixture
def browser(client: DemijohnClient) -> DemijohnClient:
    """The client, asking for HTML first as browsers do, so it gets the pages."""
    client.environ_base["HTTP_ACCEPT"] = "text/html,application/xhtml+xml,*/*;q=0.8"
    return client


@pytest.fixture
def logged_in(browser: DemijohnClient) -> DemijohnClient:
    """The browser, logged in as the demo user by writing the session directly: faster than
    posting the login form, whose password check is slow on purpose."""
    with browser.session_transaction() as session:
        session["user_id"] = 1
    return browser
