from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from blog import create_app
from blog.extensions import db
from blog.models import Comment, Post, User

PASSWORD = "correct horse"


@pytest.fixture(scope="session")
def password_hash() -> str:
    # Hashing is slow on purpose; hash once for the whole run.
    return generate_password_hash(PASSWORD)


@pytest.fixture
def app(tmp_path: Path, password_hash: str) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'blog.sqlite'}",
            "WTF_CSRF_ENABLED": False,
            "POSTS_PER_PAGE": 3,
        }
    )
    with app.app_context():
        db.create_all()
        alice = User(username="alice", password_hash=password_hash)
        bob = User(username="bob", password_hash=password_hash)
        post = Post(title="Hello", body="The first post.", author=alice)
        db.session.add_all([alice, bob, post, Comment(body="Welcome!", post=post, author=bob)])
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, username: str = "alice", password: str = PASSWORD) -> TestResponse:
        return self._client.post("/auth/login", data={"username": username, "password": password})

    def logout(self) -> TestResponse:
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
