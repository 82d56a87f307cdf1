from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from blog.extensions import db
from blog.models import Post, User


def test_list_posts(client: FlaskClient) -> None:
    response = client.get("/api/posts")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["total"] == 1
    assert (data["page"], data["pages"], data["next"], data["prev"]) == (1, 1, None, None)
    (post,) = data["posts"]
    assert post["title"] == "Hello"
    assert post["author"] == "alice"
    assert post["comments"] == 1
    assert post["edited"] is None
    # Times are UTC, and say so.
    assert post["created"].endswith("+00:00")


def test_list_posts_pages(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        alice = db.session.get(User, 1)
        db.session.add_all(Post(title=f"Post {n}", body=".", author=alice) for n in range(4))
        db.session.commit()
    data = client.get("/api/posts?per_page=2").get_json()
    assert [p["title"] for p in data["posts"]] == ["Post 3", "Post 2"]
    assert data["pages"] == 3
    assert data["next"] == "http://localhost/api/posts?page=2&per_page=2"

    data = client.get(data["next"]).get_json()
    assert [p["title"] for p in data["posts"]] == ["Post 1", "Post 0"]
    assert data["prev"] == "http://localhost/api/posts?page=1&per_page=2"


def test_per_page_has_a_ceiling(client: FlaskClient, app: Flask) -> None:
    app.config["API_MAX_PER_PAGE"] = 2
    assert client.get("/api/posts?per_page=1000").get_json()["pages"] == 1
    with app.app_context():
        alice = db.session.get(User, 1)
        db.session.add_all(Post(title=f"Post {n}", body=".", author=alice) for n in range(4))
        db.session.commit()
    data = client.get("/api/posts?per_page=1000").get_json()
    assert len(data["posts"]) == 2
    assert data["pages"] == 3


def test_get_post(client: FlaskClient) -> None:
    data = client.get("/api/posts/1").get_json()
    assert data["title"] == "Hello"
    assert data["body"] == "The first post."
    assert data["url"] == "http://localhost/posts/1"
    (comment,) = data["comments"]
    assert (comment["id"], comment["author"], comment["body"]) == (1, "bob", "Welcome!")
    assert comment["created"].endswith("+00:00")


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.get("/api/posts/99")
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"

    response = client.get("/api/posts?page=9")
    assert response.status_code == 404
    assert response.mimetype == "application/json"


def test_api_is_read_only(client: FlaskClient) -> None:
    response = client.post("/api/posts", json={"title": "No"})
    assert response.status_code == 405
    assert response.allow.as_set() == {"get", "head", "options"}
