from __future__ import annotations

from flask.testing import FlaskClient


def test_404_page(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "<title>Page not found · Blog</title>" in response.text
    assert "There is nothing at <code>/no/such/page</code>." in response.text
    # The error page keeps the site's layout.
    assert 'href="/static/style.css"' in response.text


def test_static_files(client: FlaskClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    response.close()
