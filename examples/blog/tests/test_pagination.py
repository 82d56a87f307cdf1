from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from blog.extensions import db
from blog.models import Post, User


@pytest.fixture
def many_posts(app: Flask) -> None:
    """Eleven posts, "Hello" by alice from the fixture and ten by bob: pages of 3, 3, 3, 2."""
    with app.app_context():
        bob = db.session.get(User, 2)
        db.session.add_all(Post(title=f"Post {n}", body="Text.", author=bob) for n in range(10))
        db.session.commit()


def titles(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/posts/\d+">([^<]+)</a></h2>', page)


@pytest.mark.usefixtures("many_posts")
def test_newest_first_three_a_page(client: FlaskClient) -> None:
    first = client.get("/").text
    assert titles(first) == ["Post 9", "Post 8", "Post 7"]
    assert "Page 1 of 4" in first
    assert 'rel="next" href="/?page=2"' in first
    assert 'rel="prev"' not in first

    last = client.get("/?page=4").text
    assert titles(last) == ["Post 0", "Hello"]
    assert 'rel="prev" href="/?page=3"' in last
    assert 'rel="next"' not in last


@pytest.mark.usefixtures("many_posts")
@pytest.mark.parametrize("page", ["5", "0", "two"])
def test_pages_that_do_not_exist(client: FlaskClient, page: str) -> None:
    response = client.get(f"/?page={page}")
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.usefixtures("many_posts")
def test_posts_by_one_author(client: FlaskClient) -> None:
    page = client.get("/users/alice").text
    assert "<title>Posts by alice · Blog</title>" in page
    assert titles(page) == ["Hello"]
    assert "Page 1 of" not in page

    page = client.get("/users/bob?page=2").text
    assert titles(page) == ["Post 6", "Post 5", "Post 4"]
    assert 'rel="next" href="/users/bob?page=3"' in page


def test_a_single_page_has_no_pager(client: FlaskClient) -> None:
    assert 'class="pager"' not in client.get("/").text


def test_nothing_yet(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        db.session.delete(db.session.get(Post, 1))
        db.session.commit()
    assert "Nothing here yet." in client.get("/").text
