"""Fixtures for the shop's tests: a fresh application (the testing settings) on a database in
a temporary folder, and its test client, once over WSGI and once over ASGI."""

from __future__ import annotations

import pathlib
import typing as t

import pytest
from examples.shop import create_app
from examples.shop.settings import Testing

from demijohn import Demijohn
from demijohn.production.testing import csrf_token
from demijohn.testing import DemijohnClient


def settings_for(folder: pathlib.Path, **overrides: t.Any) -> dict[str, t.Any]:
    """The overrides of a test's application: its database and development key in
    ``folder``, not in the checkout's instance folder."""
    return {
        "DATABASE_URL": f"sqlite:///{folder / 'shop.sqlite3'}",
        "SECRET_KEY_FILE": str(folder / "secret-key"),
        "LIVE_INTERVAL_SECONDS": 0.01,
        **overrides,
    }


@pytest.fixture
def app(tmp_path: pathlib.Path) -> Demijohn:
    return create_app(Testing, settings_for(tmp_path))


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


class FormPoster(t.Protocol):
    def __call__(self, client: DemijohnClient, path: str, **data: t.Any) -> t.Any: ...


@pytest.fixture
def post_form() -> FormPoster:
    """Post a form with the session's CSRF token, as the shop's pages do:
    ``post_form(client, "/accounts/login", username="demo", password="demo")``."""

    def post(client: DemijohnClient, path: str, **data: t.Any) -> t.Any:
        return client.post(path, data={"csrf_token": csrf_token(client), **data})

    return post
