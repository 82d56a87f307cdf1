from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from blog.auth import is_safe_next
from blog.extensions import db
from blog.models import User

from .conftest import PASSWORD, AuthActions


def register(
    client: FlaskClient, username: str, password: str, confirm: str | None = None
) -> TestResponse:
    data = {"username": username, "password": password, "confirm": confirm or password}
    return client.post("/auth/register", data=data)


def test_register_page(client: FlaskClient) -> None:
    page = client.get("/auth/register").text
    assert "<title>Register · Blog</title>" in page
    assert 'name="confirm"' in page


def test_register_creates_the_user_and_logs_in(client: FlaskClient, app: Flask) -> None:
    response = register(client, "carol", "a long password")
    assert response.status_code == 302
    assert response.location == "/"
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="carol"))
        assert user is not None
        assert user.password_hash != "a long password"
        assert user.check_password("a long password")
    page = client.get("/").text
    assert "Welcome, carol! Your account is ready." in page
    assert "Write a post" in page


@pytest.mark.parametrize(
    ("username", "password", "confirm", "message"),
    [
        ("", "a long password", None, "This field is required."),
        ("ab", "a long password", None, "Field must be between 3 and 40 characters long."),
        ("no spaces", "a long password", None, "Use letters, digits"),
        ("carol", "short", None, "Field must be at least 8 characters long."),
        ("carol", "a long password", "another password", "The passwords differ."),
        ("alice", "a long password", None, "That username is taken."),
    ],
)
def test_register_validates(
    client: FlaskClient, username: str, password: str, confirm: str | None, message: str
) -> None:
    response = register(client, username, password, confirm)
    assert response.status_code == 200
    assert message in response.text


def test_login_and_logout(client: FlaskClient, auth: AuthActions) -> None:
    response = auth.login()
    assert response.status_code == 302
    assert response.location == "/"
    with client.session_transaction() as session:
        assert session["_user_id"] == "1"
    assert "Hello again, alice." in client.get("/").text

    response = auth.logout()
    assert response.location == "/"
    with client.session_transaction() as session:
        assert "_user_id" not in session
    page = client.get("/").text
    assert "You are logged out." in page
    assert "Log in" in page


@pytest.mark.parametrize(("username", "password"), [("alice", "wrong"), ("nobody", PASSWORD)])
def test_login_failure_does_not_say_which_part_was_wrong(
    client: FlaskClient, auth: AuthActions, username: str, password: str
) -> None:
    response = auth.login(username, password)
    assert response.status_code == 200
    assert "Wrong username or password." in response.text
    with client.session_transaction() as session:
        assert "_user_id" not in session


@pytest.mark.parametrize("remember", [True, False])
def test_remember_me_outlives_the_session(client: FlaskClient, remember: bool) -> None:
    data = {"username": "alice", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    client.post("/auth/login", data=data)
    assert (client.get_cookie("remember_token") is not None) is remember
    # The browser is closed: the session cookie goes, the remember cookie stays.
    client.delete_cookie("session")
    assert ('action="/auth/logout"' in client.get("/").text) is remember


def test_a_deleted_user_is_logged_out(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    auth.login("bob")
    with app.app_context():
        db.session.delete(db.session.get(User, 2))
        db.session.commit()
    assert client.get("/posts/new").status_code == 302


def test_following_the_redirects(client: FlaskClient) -> None:
    data = {"username": "alice", "password": PASSWORD}
    response = client.post("/auth/login?next=/posts/1", data=data, follow_redirects=True)
    assert [r.status_code for r in response.history] == [302]
    assert response.request.path == "/posts/1"
    assert "Hello again, alice." in response.text


def test_logged_in_users_skip_the_forms(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    assert client.get("/auth/login").location == "/"
    assert client.get("/auth/register").location == "/"


def test_logout_needs_a_post(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    assert client.get("/auth/logout").status_code == 405


def test_login_required_sends_to_login_and_back(client: FlaskClient) -> None:
    response = client.get("/posts/new")
    assert response.status_code == 302
    assert response.location == "/auth/login?next=%2Fposts%2Fnew"
    assert "Please log in to see that page." in client.get(response.location).text

    response = client.post(response.location, data={"username": "alice", "password": PASSWORD})
    assert response.location == "/posts/new"


def test_login_ignores_a_next_on_another_site(client: FlaskClient) -> None:
    data = {"username": "alice", "password": PASSWORD}
    response = client.post("/auth/login?next=https://evil.example/", data=data)
    assert response.location == "/"


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/posts/1", True),
        ("/?page=2", True),
        (None, False),
        ("", False),
        ("posts/1", False),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("https://evil.example/", False),
        ("javascript:alert(1)", False),
    ],
)
def test_is_safe_next(target: str | None, safe: bool) -> None:
    assert is_safe_next(target) is safe
