"""The other tests switch CSRF protection off; these switch it back on."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Post

from .conftest import PASSWORD


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def csrf_token(client: FlaskClient, path: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF token in the form at {path}"
    return match.group(1)


def log_in(client: FlaskClient) -> None:
    token = csrf_token(client, "/auth/login")
    data = {"username": "alice", "password": PASSWORD, "csrf_token": token}
    assert client.post("/auth/login", data=data).status_code == 302


def test_a_post_without_a_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/auth/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.text
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_a_wrong_token_is_refused(client: FlaskClient, app: Flask) -> None:
    log_in(client)
    response = client.post("/posts/1/delete", data={"csrf_token": "forged"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Post)) == 1


def test_forms_with_their_token_work(client: FlaskClient, app: Flask) -> None:
    log_in(client)
    token = csrf_token(client, "/posts/new")
    data = {"title": "Guarded", "body": "Posted with a token.", "csrf_token": token}
    assert client.post("/posts/new", data=data).location == "/posts/2"
    # The buttons outside the form classes (delete, log out) carry the token too.
    page = client.get("/posts/2").text
    assert re.search(r'action="/posts/2/delete">\s*<input type="hidden" name="csrf_token"', page)
    assert client.post("/posts/2/delete", data={"csrf_token": token}).location == "/"
    assert client.post("/auth/logout", data={"csrf_token": token}).location == "/"
