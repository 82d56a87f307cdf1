"""Tests for demijohn.validation.structs: msgspec Structs as bodies and response models,
validated by msgspec, with their errors at their locations and their schemas in the
document."""

from __future__ import annotations

import sys
import typing as t
from typing import Annotated

import msgspec
import pytest
from openapi_spec_validator import validate

from demijohn import Demijohn
from demijohn.errors import SetupError
from demijohn.testing import DemijohnClient
from demijohn.validation import Body, Query, ResponseValidationError, Validation, operation
from demijohn.validation.structs import refusals, split_error


class Line(msgspec.Struct):
    sku: str
    quantity: int


class Order(msgspec.Struct):
    lines: list[Line]
    note: str = ""


class Receipt(msgspec.Struct):
    count: int


@pytest.fixture
def validation(app: Demijohn) -> Validation:
    return Validation(app)


def test_a_struct_is_the_body(
    app: Demijohn, client: DemijohnClient, validation: Validation
) -> None:
    @app.post("/")
    @operation
    def create(order: Order, dry_run: bool = False) -> Receipt:
        return Receipt(count=sum(line.quantity for line in order.lines))

    sent = client.post("/?dry_run=1", json={"lines": [{"sku": "a", "quantity": "2"}]})
    assert sent.get_json() == {"count": 2}
    refused = client.post(
        "/?dry_run=x", json={"lines": [{"sku": "a", "quantity": 1}, {"sku": "b", "quantity": []}]}
    )
    assert refused.status_code == 422
    assert refused.get_json(force=True)["errors"] == [
        {
            "location": "query.dry_run",
            "message": "Input should be a valid boolean, unable to interpret input",
            "type": "bool_parsing",
        },
        {
            "location": "body.lines[1].quantity",
            "message": "Expected `int`, got `array`",
            "type": "msgspec",
        },
    ]
    missing = client.post("/").get_json(force=True)["errors"]
    assert missing == [{"location": "body", "message": "Field required", "type": "missing"}]


def test_struct_members_and_defaults(
    app: Demijohn, client: DemijohnClient, validation: Validation
) -> None:
    @app.post("/")
    def create(line: Line, extra: Annotated[Line | None, Body()] = None) -> str:
        return f"{line.sku} {extra}"

    assert client.post("/", json={"line": {"sku": "a", "quantity": 1}}).text == "a None"
    refused = client.post("/", json={"line": {"sku": "a"}}).get_json(force=True)["errors"]
    assert refused == [
        {
            "location": "body.line",
            "message": "Object missing required field `quantity`",
            "type": "msgspec",
        }
    ]


def test_structs_from_the_query_are_refused(app: Demijohn, validation: Validation) -> None:
    @app.get("/")
    def index(line: Annotated[Line, Query()]) -> str:
        return ""

    with pytest.raises(SetupError, match="JSON body only"):
        app.test_client().get("/")


def test_a_refused_struct_response(app: Demijohn, validation: Validation) -> None:
    @app.get("/")
    @operation(response=list[Receipt])
    def receipts() -> t.Any:
        return [{"count": "many"}]

    with pytest.raises(ResponseValidationError, match="refuses"):
        app.test_client().get("/")


def test_struct_schemas_in_the_document(app: Demijohn, validation: Validation) -> None:
    @app.post("/")
    @operation
    def create(order: Order) -> list[Receipt]:
        return []

    doc = validation.document(app)
    validate(doc)  # type: ignore[arg-type]
    post = doc["paths"]["/"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Order"}
    assert post["responses"]["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Receipt"},
    }
    assert {"Order", "Line", "Receipt"} <= set(doc["components"]["schemas"])


def test_split_error() -> None:
    assert split_error("Expected `int`, got `str` - at `$.a[0]`") == (
        "Expected `int`, got `str`",
        ".a[0]",
    )
    assert split_error("Object missing required field `x`") == (
        "Object missing required field `x`",
        "",
    )


def test_refusals_without_msgspec(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusals() == (msgspec.ValidationError,)
    monkeypatch.delitem(sys.modules, "msgspec")
    assert refusals() == ()
