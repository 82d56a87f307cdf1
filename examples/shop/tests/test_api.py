"""The shop's API: included by import string, owning /api with JSON 404s and 405s."""

from __future__ import annotations

import sys
import typing as t

from click.testing import CliRunner

from demijohn import Demijohn
from demijohn.cli import ScriptInfo, cli
from demijohn.testing import DemijohnClient


def error_of(response: t.Any) -> str:
    return t.cast(str, response.json["error"])


def test_products(client: DemijohnClient) -> None:
    products = t.cast(list[dict[str, t.Any]], client.get("/api/products").json)
    assert [p["name"] for p in products][:1] == ["Cork bung"]
    assert products[0]["url"] == f"/catalog/{products[0]['id']}"


def test_a_browser_gets_json_under_api_and_pages_elsewhere(browser: DemijohnClient) -> None:
    response = browser.get("/api/nothing")
    assert response.status_code == 404
    assert error_of(response) == "Not Found"
    assert browser.get("/nothing").mimetype == "text/html"


def test_a_method_the_api_does_not_allow(client: DemijohnClient) -> None:
    response = client.delete("/api/products")
    assert response.status_code == 405
    assert error_of(response) == "Method Not Allowed"
    assert set(response.allow) == {"GET", "HEAD", "OPTIONS"}
    # The cart is the application's, under /api too: a method it lacks is the API's 405.
    put = client.put("/api/cart")
    assert (put.status_code, error_of(put)) == (405, "Method Not Allowed")
    assert set(put.allow) >= {"GET", "POST", "DELETE"}


def test_the_shop_passes_demijohn_check(app: Demijohn) -> None:
    assert app.run_checks() == []
    assert "examples.shop.api" in sys.modules  # the checks imported the included blueprint
    result = CliRunner().invoke(cli, ["check"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No problems found in 'examples.shop'")


def test_the_openapi_document_lists_the_api(client: DemijohnClient) -> None:
    document = client.get("/api/openapi.json").json
    assert document is not None
    assert document["info"] == {"title": "Demijohn Shop", "version": "1.0"}
    assert sorted(document["paths"]) == [
        "/api/products",
        "/api/products/{product_id}",
        "/api/products/{product_id}/reviews",
    ]
    listing = document["paths"]["/api/products"]["get"]
    assert listing["summary"] == "The products, cheapest first."
    assert {p["name"] for p in listing["parameters"]} == {"max_price_cents", "limit"}
    assert "ProductOut" in document["components"]["schemas"]


def test_the_docs_page(client: DemijohnClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "swagger-ui-bundle.js" in response.get_data(as_text=True)
    # Its scripts are files of the site, so the shop's policy, the same as on every page,
    # lets them run (the browser tests see it work).
    assert (
        response.headers["Content-Security-Policy"]
        == client.get("/").headers["Content-Security-Policy"]
    )
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_query_parameters_are_typed_and_checked(client: DemijohnClient) -> None:
    cheap = t.cast(list[dict[str, t.Any]], client.get("/api/products?max_price_cents=400").json)
    assert [p["name"] for p in cheap] == ["Cork bung", "Airlock"]
    assert len(t.cast(list[t.Any], client.get("/api/products?limit=1").json)) == 1
    refused = client.get("/api/products?limit=0&max_price_cents=cheap")
    assert refused.status_code == 422
    assert refused.mimetype == "application/problem+json"
    errors = refused.get_json(force=True)["errors"]
    assert [e["location"] for e in errors] == ["query.max_price_cents", "query.limit"]
    # Beyond what the price column holds: refused here, never sent to the database.
    assert client.get(f"/api/products?max_price_cents={2**63}").status_code == 422


def test_one_product_and_its_404(client: DemijohnClient) -> None:
    assert client.get("/api/products/2").json == {
        "id": 2,
        "name": "Airlock",
        "price_cents": 350,
        "url": "/catalog/2",
    }
    missing = client.get("/api/products/99")
    assert (missing.status_code, missing.json) == (
        404,
        {"error": "Not Found", "description": "There is no product 99."},
    )
    # An id no integer column holds is as missing as any other, not a database error.
    beyond = client.get(f"/api/products/{2**63}")
    assert (beyond.status_code, beyond.json["error"]) == (404, "Not Found")  # type: ignore[index]


def test_reviewing_through_the_api(client: DemijohnClient) -> None:
    created = client.post("/api/products/1/reviews", json={"stars": 4, "text": "Sturdy."})
    assert (created.status_code, created.json) == (201, {"id": 1, "stars": 4, "text": "Sturdy."})
    assert client.get("/api/products/1/reviews").json == [{"id": 1, "stars": 4, "text": "Sturdy."}]
    refused = client.post("/api/products/1/reviews", json={"stars": 9, "text": ""})
    assert refused.status_code == 422
    locations = [e["location"] for e in refused.get_json(force=True)["errors"]]
    assert locations == ["body.stars", "body.text"]
    assert (
        client.post("/api/products/99/reviews", json={"stars": 1, "text": "?"}).status_code == 404
    )
