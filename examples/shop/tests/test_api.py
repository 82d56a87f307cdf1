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
