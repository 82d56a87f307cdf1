"""Logging in and out on the signed-cookie session, and the pages that need a user."""

from __future__ import annotations

import pytest
from examples.shop.accounts.auth import is_local_url

from demijohn.testing import DemijohnClient


def _log_in(client: DemijohnClient, password: str = "demo", next_url: str = "") -> str:
    """Post the login form; return where it redirects to, or the page it shows again."""
    data = {"username": "demo", "password": password, "next": next_url}
    response = client.post("/accounts/login", data=data)
    return response.location or response.get_data(as_text=True)


def _user_id(client: DemijohnClient) -> object:
    with client.session_transaction() as session:
        return session.get("user_id")


def test_login_page(browser: DemijohnClient) -> None:
    page = browser.get("/accounts/login?next=/orders/").get_data(as_text=True)
    assert "<title>Log in · Demijohn Shop</title>" in page
    assert '<input type="hidden" name="next" value="/orders/">' in page


def test_login_sets_the_session_and_greets(browser: DemijohnClient) -> None:
    assert _log_in(browser) == "/"
    assert _user_id(browser) == 1
    page = browser.get("/").get_data(as_text=True)
    assert '<li class="flash-success">Welcome, demo!</li>' in page
    assert 'action="/accounts/logout"' in page
    assert 'href="/accounts/login"' not in page


@pytest.mark.parametrize("username", ["demo", "nobody"])
def test_login_failure_shows_the_form_again(browser: DemijohnClient, username: str) -> None:
    response = browser.post("/accounts/login", data={"username": username, "password": "no"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The same message either way, so that it does not tell which user names exist.
    assert '<li class="flash-error">Wrong user name or password.</li>' in page
    assert _user_id(browser) is None


def test_protected_page_sends_to_login_and_back(browser: DemijohnClient) -> None:
    response = browser.get("/orders/?page=2")
    assert response.status_code == 302
    assert response.location == "/accounts/login?next=/orders/?page%3D2"
    assert _log_in(browser, next_url="/orders/?page=2") == "/orders/?page=2"


def test_login_refuses_to_redirect_off_the_site(browser: DemijohnClient) -> None:
    assert _log_in(browser, next_url="https://evil.example/") == "/"
    assert _user_id(browser) == 1


@pytest.mark.parametrize(
    ("target", "local"),
    [
        ("/orders/", True),
        ("/catalog/?q=//x", True),
        ("", False),
        ("orders", False),
        ("https://evil.example/", False),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("/\t/evil.example", False),
        ("javascript:alert(1)", False),
    ],
)
def test_only_local_paths_are_redirect_targets(target: str, local: bool) -> None:
    assert is_local_url(target) is local


def test_logout_clears_the_session(logged_in: DemijohnClient) -> None:
    logged_in.post("/api/cart", json={"product_id": 1})
    response = logged_in.post("/accounts/logout", follow_redirects=True)
    assert response.request.path == "/"
    assert '<li class="flash-info">You are logged out.</li>' in response.get_data(as_text=True)
    with logged_in.session_transaction() as session:
        assert dict(session) == {}
    assert logged_in.get("/orders/").status_code == 302


def test_logout_is_a_post(logged_in: DemijohnClient) -> None:
    assert logged_in.get("/accounts/logout").status_code == 405
    assert _user_id(logged_in) == 1


def test_a_deleted_user_is_logged_out(browser: DemijohnClient) -> None:
    with browser.session_transaction() as session:
        session["user_id"] = 99
    assert browser.get("/orders/").status_code == 302
