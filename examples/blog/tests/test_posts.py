from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Comment, Post

from .conftest import AuthActions


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_index_lists_posts(client: FlaskClient) -> None:
    page = client.get("/").text
    assert "<title>Latest posts · Blog</title>" in page
    assert '<a href="/posts/1">Hello</a>' in page
    assert 'by <a href="/users/alice">alice</a>' in page
    assert "1 comment" in page
    assert "Log in" in page


def test_index_shows_the_users_links_when_logged_in(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    page = client.get("/").text
    assert 'href="/posts/new"' in page
    assert 'action="/auth/logout"' in page


def test_detail(client: FlaskClient) -> None:
    page = client.get("/posts/1").text
    assert "<h1>Hello</h1>" in page
    assert "The first post." in page
    assert "Welcome!" in page
    # Strangers see neither the author's buttons nor the comment form.
    assert 'href="/posts/1/edit"' not in page
    assert 'action="/posts/1/comments"' not in page
    assert 'href="/auth/login?next=/posts/1"' in page


def test_the_author_sees_edit_and_delete(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    page = client.get("/posts/1").text
    assert 'href="/posts/1/edit"' in page
    assert 'action="/posts/1/delete"' in page


def test_others_do_not(client: FlaskClient, auth: AuthActions) -> None:
    auth.login("bob")
    page = client.get("/posts/1").text
    assert 'href="/posts/1/edit"' not in page
    assert 'action="/posts/1/delete"' not in page
    assert 'action="/posts/1/comments"' in page


def test_create(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    auth.login()
    assert client.get("/posts/new").status_code == 200
    response = client.post("/posts/new", data={"title": "Second", "body": "More words."})
    assert response.status_code == 302
    assert response.location == "/posts/2"
    page = client.get("/posts/2").text
    assert "Your post is published." in page
    assert "More words." in page
    with app.app_context():
        post = db.session.get(Post, 2)
        assert post is not None
        assert post.author.username == "alice"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "Words."}, "This field is required."),
        ({"title": "Title", "body": ""}, "This field is required."),
        ({"title": "x" * 121, "body": "Words."}, "Field cannot be longer than 120 characters."),
    ],
)
def test_create_validates(
    client: FlaskClient, auth: AuthActions, app: Flask, data: dict[str, str], message: str
) -> None:
    auth.login()
    response = client.post("/posts/new", data=data)
    assert response.status_code == 200
    assert message in response.text
    with app.app_context():
        assert count(Post) == 1


def test_edit(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    auth.login()
    form = client.get("/posts/1/edit").text
    assert 'value="Hello"' in form
    response = client.post("/posts/1/edit", data={"title": "Hello again", "body": "Changed."})
    assert response.location == "/posts/1"
    page = client.get("/posts/1").text
    assert "Your changes are saved." in page
    assert "(edited)" in page
    with app.app_context():
        post = db.session.get(Post, 1)
        assert post is not None
        assert (post.title, post.body) == ("Hello again", "Changed.")
        assert post.edited is not None


def test_delete_takes_the_comments_along(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    auth.login()
    response = client.post("/posts/1/delete")
    assert response.location == "/"
    assert "“Hello” is deleted." in client.get("/").text
    with app.app_context():
        assert count(Post) == 0
        assert count(Comment) == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/posts/1/edit"), ("post", "/posts/1/edit"), ("post", "/posts/1/delete")],
)
def test_only_the_author_may_change_a_post(
    client: FlaskClient, auth: AuthActions, app: Flask, method: str, path: str
) -> None:
    auth.login("bob")
    response = client.open(path, method=method, data={"title": "Mine", "body": "Now."})
    assert response.status_code == 403
    assert "Only the author of a post may change it." in response.text
    with app.app_context():
        post = db.session.get(Post, 1)
        assert post is not None
        assert post.title == "Hello"


@pytest.mark.parametrize("path", ["/posts/new", "/posts/1/edit"])
def test_writing_needs_a_login(client: FlaskClient, app: Flask, path: str) -> None:
    response = client.post(path, data={"title": "Sneaky", "body": "Post."})
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=")
    with app.app_context():
        post = db.session.get(Post, 1)
        assert post is not None
        assert post.title == "Hello"
        assert count(Post) == 1


def test_delete_needs_a_login(client: FlaskClient, app: Flask) -> None:
    assert client.post("/posts/1/delete").status_code == 302
    with app.app_context():
        assert count(Post) == 1


@pytest.mark.parametrize(
    "path", ["/posts/99", "/posts/99/edit", "/posts/99/delete", "/users/nobody"]
)
def test_missing_post_or_author(client: FlaskClient, auth: AuthActions, path: str) -> None:
    auth.login()
    response = client.open(path, method="POST" if path.endswith("delete") else "GET")
    assert response.status_code == 404
    assert "<title>Page not found · Blog</title>" in response.text


def test_comment(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    auth.login("bob")
    response = client.post("/posts/1/comments", data={"body": "Nice one."})
    assert response.location == "/posts/1#comments"
    page = client.get("/posts/1").text
    assert "Thanks for your comment." in page
    assert "Nice one." in page
    with app.app_context():
        post = db.session.get(Post, 1)
        assert post is not None
        assert [c.body for c in post.comments] == ["Welcome!", "Nice one."]


def test_empty_comment_is_refused(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    auth.login("bob")
    response = client.post("/posts/1/comments", data={"body": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    with app.app_context():
        assert count(Comment) == 1


def test_commenting_needs_a_login(client: FlaskClient) -> None:
    response = client.post("/posts/1/comments", data={"body": "Hi."})
    assert response.location == "/auth/login?next=%2Fposts%2F1%2Fcomments"


def test_html_in_posts_is_escaped(client: FlaskClient, auth: AuthActions) -> None:
    auth.login()
    client.post("/posts/new", data={"title": "<b>Bold</b>", "body": "<script>x()</script>"})
    page = client.get("/posts/2").text
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "<script>" not in page
