"""Registering, logging in and out on the signed-cookie session, CSRF on every form, and the
pages that need a user."""

from __future__ import annotations

import typing as t

import pytest
from examples.shop.accounts.auth import is_local_url
from examples.shop.accounts.models import User
from examples.shop.db import get_db
from sqlalchemy import select

from demijohn import Demijohn
from demijohn.production.testing import csrf_token
from demijohn.providers import Providers
from demijohn.testing import DemijohnClient


def _log_in(client: DemijohnClient, password: str = "demo", next_url: str = "") -> str:
    """Post the login form; return where it redirects to, or the page it shows again."""
    data = {"username": "demo", "password": password, "next": next_url}
    response = client.post("/accounts/login", data={**data, "csrf_token": csrf_token(client)})
    return response.location or response.get_data(as_text=True)


def _user_id(client: DemijohnClient) -> object:
    with client.session_transaction() as session:
        return session.get("user_id")


def test_login_page(browser: DemijohnClient) -> None:
    page = browser.get("/accounts/login?next=/orders/").get_data(as_text=True)
    assert "<title>Log in · Demijohn Shop</title>" in page
    assert '<input type="hidden" name="next" value="/orders/">' in page
    assert f'<input type="hidden" name="csrf_token" value="{csrf_token(browser)}">' in page


def test_login_sets_the_session_and_greets(browser: DemijohnClient) -> None:
    assert _log_in(browser) == "/"
    assert _user_id(browser) == 1
    page = browser.get("/").get_data(as_text=True)
    assert '<li class="flash-success">Welcome, demo!</li>' in page
    assert 'action="/accounts/logout"' in page
    assert 'href="/accounts/login"' not in page


@pytest.mark.parametrize("username", ["demo", "nobody"])
def test_login_failure_shows_the_form_again(browser: DemijohnClient, username: str) -> None:
    data = {"username": username, "password": "no", "csrf_token": csrf_token(browser)}
    response = browser.post("/accounts/login", data=data)
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
    token = csrf_token(logged_in)
    response = logged_in.post("/accounts/logout", data={"csrf_token": token}, follow_redirects=True)
    assert response.request.path == "/"
    assert '<li class="flash-info">You are logged out.</li>' in response.get_data(as_text=True)
    with logged_in.session_transaction() as session:
        # Only the token of the page shown after, a new one: the old one went with the rest.
        assert set(session) == {"_csrf_token"}
        assert session["_csrf_token"] != token
    assert logged_in.get("/orders/").status_code == 302


def test_logout_is_a_post(logged_in: DemijohnClient) -> None:
    assert logged_in.get("/accounts/logout").status_code == 405
    assert _user_id(logged_in) == 1


def test_a_deleted_user_is_logged_out(browser: DemijohnClient) -> None:
    with browser.session_transaction() as session:
        session["user_id"] = 99
    assert browser.get("/orders/").status_code == 302


def test_forms_without_the_csrf_token_are_refused(logged_in: DemijohnClient) -> None:
    # A form on another site can make the browser post here with the session cookie, but
    # cannot read the token: the post is refused, on the layout, and changes nothing.
    response = logged_in.post("/accounts/logout")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>The form was refused · Demijohn Shop</title>" in page
    assert "holds no CSRF token" in page
    assert _user_id(logged_in) == 1
    wrong = logged_in.post("/accounts/logout", data={"csrf_token": "guessed"})
    assert wrong.status_code == 400
    assert "not this session" in wrong.get_data(as_text=True)
    assert _user_id(logged_in) == 1


def _register(client: DemijohnClient, username: str, password: str, confirm: str = "") -> t.Any:
    data = {"username": username, "password": password, "confirm": confirm or password}
    return client.post("/accounts/register", data={**data, "csrf_token": csrf_token(client)})


def test_registering_makes_a_user_with_a_hashed_password(
    app: Demijohn, browser: DemijohnClient
) -> None:
    page = browser.get("/accounts/register").get_data(as_text=True)
    assert "<title>Sign up · Demijohn Shop</title>" in page
    assert 'name="csrf_token"' in page
    response = _register(browser, "Ada_L", "correct horse")
    assert response.location == "/"
    page = browser.get("/").get_data(as_text=True)
    assert "Welcome, ada_l! Your account is ready." in page
    assert '<span class="username">ada_l</span>' in page
    with app.app_context(), Providers.of(app).scope():
        user = get_db().scalar(select(User).where(User.username == "ada_l"))
        assert user is not None
        user_id, password_hash = user.id, user.password_hash
    assert _user_id(browser) == user_id
    assert "correct horse" not in password_hash
    assert password_hash.startswith("scrypt:")
    # The new account logs in like any other.
    browser.post("/accounts/logout", data={"csrf_token": csrf_token(browser)})
    data = {"username": "ada_l", "password": "correct horse", "csrf_token": csrf_token(browser)}
    assert browser.post("/accounts/login", data=data).location == "/"


@pytest.mark.parametrize(
    ("username", "password", "confirm", "message"),
    [
        ("a", "long enough", "", "Choose a user name of 3 to 40"),
        ("demo", "long enough", "", "That user name is taken"),
        ("newbie", "short", "", "Choose a password of at least 8 characters."),
        ("newbie", "long enough", "different", "The two passwords differ"),
    ],
)
def test_a_refused_registration_says_why(
    browser: DemijohnClient, username: str, password: str, confirm: str, message: str
) -> None:
    response = _register(browser, username, password, confirm)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<li class="flash-error">{message}' in page
    assert f'value="{username}"' in page  # the name is kept in the form
    assert _user_id(browser) is None
