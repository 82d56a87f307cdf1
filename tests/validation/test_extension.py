"""Tests for demijohn.validation.extension: the document and the docs page served where
configured, with Swagger UI's files from their package."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel

from demijohn import Demijohn
from demijohn.providers import Providers
from demijohn.testing import DemijohnClient
from demijohn.validation import EXTENSION_KEY, Validation, operation


def test_the_document_and_the_docs_page(app: Demijohn, client: DemijohnClient) -> None:
    validation = Validation(app, title="Shop <API>")

    @app.get("/health")
    @operation
    def health(verbose: bool = False) -> dict[str, str]:
        return {}

    assert app.extensions[EXTENSION_KEY] is validation
    response = client.get("/openapi.json")
    assert response.mimetype == "application/json"
    doc = response.get_json()
    validate(doc)
    assert list(doc["paths"]) == ["/health"]
    page = client.get("/docs")
    assert page.mimetype == "text/html"
    assert "<title>Shop &lt;API&gt;: API</title>" in page.text
    assert 'href="/docs/swagger-ui.css"' in page.text
    assert 'data-openapi-url="/openapi.json"' in page.text
    # No inline script, so that a Content-Security-Policy of 'self' lets the page work.
    assert "<script>" not in page.text
    assert '<script src="/docs/demijohn-start.js"></script>' in page.text
    start = client.get("/docs/demijohn-start.js")
    assert start.mimetype == "text/javascript"
    assert "url: root.dataset.openapiUrl" in start.text
    script = client.get("/docs/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.data
    script.close()
    assert client.get("/docs/missing.js").status_code == 404


def test_other_urls(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app, openapi_url="/api/spec.json", docs_url="/api/docs/", version="3")
    assert client.get("/api/spec.json").get_json()["info"] == {
        "title": "demijohn_test_app",
        "version": "3",
    }
    page = client.get("/api/docs/").text
    assert 'data-openapi-url="/api/spec.json"' in page
    assert '<script src="/api/docs/demijohn-start.js"></script>' in page
    assert client.get("/openapi.json").status_code == 404


def test_no_urls(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app, openapi_url=None, docs_url=None)
    assert "openapi" not in app.blueprints
    assert client.get("/openapi.json").status_code == 404


def test_docs_need_the_document(app: Demijohn) -> None:
    with pytest.raises(ValueError, match="openapi_url is None"):
        Validation(app, openapi_url=None)


def test_init_app_later(app: Demijohn) -> None:
    validation = Validation()
    validation.init_app(app)
    with app.app_context():
        assert validation.document()["info"]["title"] == "demijohn_test_app"


def test_a_document_without_docs(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app, docs_url=None)
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 404


class Review(BaseModel):
    stars: int


def test_the_checks_leave_url_values_to_the_rule(app: Demijohn, client: DemijohnClient) -> None:
    # demijohn check (or CHECK_ON_START) reads each view's parameters before any request; the
    # URL value must still come from the URL then, not be looked for in the query string.
    Validation(app)
    Providers(app)

    @app.post("/products/<int:product_id>/reviews")
    def add_review(product_id: int, review: Review) -> dict[str, int]:
        return {"product_id": product_id, "stars": review.stars}

    assert app.run_checks() == []
    created = client.post("/products/7/reviews", json={"stars": 4})
    assert (created.status_code, created.json) == (200, {"product_id": 7, "stars": 4})
