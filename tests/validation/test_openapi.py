"""Tests for demijohn.validation.openapi: the document of an application's operations, checked
with openapi-spec-validator, and what it says of each."""

from __future__ import annotations

import enum
import typing as t
from typing import Annotated

import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel, Field
from werkzeug.datastructures import FileStorage
from werkzeug.routing import Rule

from demijohn import Blueprint, Demijohn, Request
from demijohn.validation import (
    APIBlueprint,
    Body,
    Cookie,
    File,
    Form,
    Header,
    Query,
    Validation,
    operation,
)
from demijohn.views import MethodView, RouteClass


class Color(enum.Enum):
    red = "red"
    blue = "blue"


class Item(BaseModel):
    name: str = Field(examples=["kettle"])
    price: float
    color: Color = Color.red


class Filters(BaseModel):
    q: str = ""
    tag: list[str] = []


def document(app: Demijohn, **options: t.Any) -> dict[str, t.Any]:
    validation = Validation(app, title="Shop", version="2.0", **options)
    doc = validation.document(app)
    validate(doc)  # type: ignore[arg-type]
    return doc


@pytest.fixture
def shop(app: Demijohn) -> Demijohn:
    api = APIBlueprint("items", __name__, url_prefix="/items")
    pages = Blueprint("pages", __name__)

    @api.get("/")
    def list_items(
        page: Annotated[int, Query(ge=1, description="The page, from 1.")] = 1,
        color: Color | None = None,
        x_request_id: Annotated[str | None, Header(deprecated=True)] = None,
    ) -> list[Item]:
        """List the items.

        Ordered by name."""
        return []

    @api.post("/")
    @operation(status=201, responses={409: "An item of that name exists"})
    def create_item(item: Item) -> Item:
        return item

    @api.get("/<int:item_id>")
    def get_item(item_id: int, session: Annotated[str, Cookie()]) -> Item:
        return Item(name="a", price=1)

    @api.post("/upload")
    def upload(
        title: Annotated[str, Form()], photo: Annotated[FileStorage, File()]
    ) -> dict[str, str]:
        return {}

    @api.get("/search")
    def search(filters: Annotated[Filters, Query()]) -> list[Item]:
        return []

    @pages.get("/")
    def home() -> str:
        return "<h1>Shop</h1>"

    @app.get("/health")
    @operation(tags=["ops"], operation_id="health", deprecated=True)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.register_blueprint(api)
    app.register_blueprint(pages)
    return app


def test_only_operations_are_documented(shop: Demijohn) -> None:
    doc = document(shop)
    assert doc["openapi"] == "3.1.0"
    assert doc["info"] == {"title": "Shop", "version": "2.0"}
    assert sorted(doc["paths"]) == [
        "/health",
        "/items/",
        "/items/search",
        "/items/upload",
        "/items/{item_id}",
    ]


def test_operations_ids_tags_and_docstrings(shop: Demijohn) -> None:
    listing = document(shop)["paths"]["/items/"]["get"]
    assert listing["operationId"] == "items.list_items"
    assert listing["tags"] == ["items"]
    assert listing["summary"] == "List the items."
    assert listing["description"] == "Ordered by name."


def test_parameters(shop: Demijohn) -> None:
    paths = document(shop)["paths"]
    page, color, request_id = paths["/items/"]["get"]["parameters"]
    assert page == {
        "name": "page",
        "in": "query",
        "required": False,
        "schema": {
            "type": "integer",
            "minimum": 1,
            "default": 1,
            "description": "The page, from 1.",
        },
        "description": "The page, from 1.",
    }
    assert (color["name"], color["in"], color["required"]) == ("color", "query", False)
    assert request_id["name"] == "x-request-id"
    assert request_id["in"] == "header"
    assert request_id["deprecated"] is True
    item_id, session = paths["/items/{item_id}"]["get"]["parameters"]
    assert item_id == {
        "name": "item_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
    }
    assert (session["name"], session["in"], session["required"]) == ("session", "cookie", True)
    q, tag = paths["/items/search"]["get"]["parameters"]
    assert (q["name"], tag["name"], tag["schema"]["type"]) == ("q", "tag", "array")


def test_bodies_and_responses(shop: Demijohn) -> None:
    doc = document(shop)
    create = doc["paths"]["/items/"]["post"]
    assert create["requestBody"] == {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
    }
    assert sorted(create["responses"]) == ["201", "400", "409", "415", "422"]
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Item"
    }
    problem = create["responses"]["422"]["content"]["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/ValidationProblem"}
    schemas = doc["components"]["schemas"]
    assert {"Item", "Color", "ValidationProblem"} <= set(schemas)
    assert schemas["Item"]["properties"]["name"]["examples"] == ["kettle"]
    upload = doc["paths"]["/items/upload"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"] == {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "photo": {"type": "string", "format": "binary"},
        },
        "required": ["title", "photo"],
    }
    listing = doc["paths"]["/items/"]["get"]["responses"]["200"]
    assert listing["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Item"},
    }


def test_what_the_decorator_says(shop: Demijohn) -> None:
    health = document(shop)["paths"]["/health"]["get"]
    assert health["operationId"] == "health"
    assert health["tags"] == ["ops"]
    assert health["deprecated"] is True
    assert "422" not in health["responses"]


def test_class_based_views(app: Demijohn) -> None:
    api = APIBlueprint("api", __name__)

    class Items(MethodView):
        def get(self, page: int = 1) -> list[Item]:
            """The items."""
            return []

        def post(self, item: Item) -> Item:
            return item

    class Orders(RouteClass):
        def index(self, status: str = "open") -> list[Item]:
            return []

    api.add_url_rule("/items", view_func=Items.as_view("items"))
    Orders.register(api)
    app.register_blueprint(api)
    paths = document(app)["paths"]
    assert paths["/items"]["get"]["summary"] == "The items."
    assert paths["/items"]["get"]["operationId"] == "api.items"
    assert paths["/items"]["post"]["operationId"] == "api.items.post"
    assert paths["/items"]["post"]["requestBody"]["required"] is True
    assert paths["/orders/"]["get"]["parameters"][0]["name"] == "status"


def test_several_body_members_and_forms(app: Demijohn) -> None:
    @app.post("/a")
    @operation
    def a(item: Item, note: Annotated[str, Body()] = "") -> str:
        return ""

    @app.post("/b")
    @operation
    def b(title: Annotated[str, Form()] = "") -> str:
        return ""

    paths = document(app)["paths"]
    schema = paths["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["item"]
    assert sorted(schema["properties"]) == ["item", "note"]
    form = paths["/b"]["post"]["requestBody"]
    assert form["required"] is False
    assert "application/x-www-form-urlencoded" in form["content"]


def test_document_level_members(app: Demijohn) -> None:
    doc = document(
        app,
        description="The shop's API.",
        servers=[{"url": "https://shop.example"}],
        security_schemes={"bearer": {"type": "http", "scheme": "bearer"}},
        security=[{"bearer": []}],
    )
    assert doc["info"]["description"] == "The shop's API."
    assert doc["servers"] == [{"url": "https://shop.example"}]
    assert doc["security"] == [{"bearer": []}]
    assert doc["components"]["securitySchemes"] == {"bearer": {"type": "http", "scheme": "bearer"}}


class Account(BaseModel):
    name: str


def test_what_stays_out_and_what_cannot_be_described(app: Demijohn) -> None:
    api = APIBlueprint("api", __name__)

    class Reports(MethodView):
        # Answers GET only; the rule allows POST too, which no method handles.
        def get(self, request: Request) -> list[Account]:
            return []

    api.add_url_rule("/reports", view_func=Reports.as_view("reports"), methods=["GET", "POST"])

    @api.get("/accounts/<token>")
    def account(token: Annotated[int, "not a type pydantic reads"] | Opaque) -> Account:
        return Account(name="a")

    @app.get("/secret")
    @operation(security=[{"token": []}])
    def secret() -> Account:
        return Account(name="s")

    class Pages(MethodView):
        def get(self) -> str:
            return ""

    app.add_url_rule("/pages", view_func=Pages.as_view("pages"))
    app.view_functions["unrouted"] = secret
    app.url_map.add(Rule("/no-view", endpoint="no_view"))

    @app.get("/untyped/<key>")
    @operation
    def untyped(key, other: Undefined = None):  # type: ignore[no-untyped-def, name-defined]  # noqa: F821
        return ""

    app.register_blueprint(api)
    paths = document(app)["paths"]
    assert sorted(paths) == ["/accounts/{token}", "/reports", "/secret", "/untyped/{key}"]
    # Neither annotated nor readable: the converter's type, and no other parameter.
    assert paths["/untyped/{key}"]["get"]["parameters"] == [
        {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert list(paths["/reports"]) == ["get"]
    assert "parameters" not in paths["/reports"]["get"]
    # The converter's type, when the annotation is not one pydantic describes.
    token = paths["/accounts/{token}"]["get"]["parameters"][0]
    assert token["schema"] == {"type": "string"}
    assert paths["/secret"]["get"]["security"] == [{"token": []}]


class Opaque:
    """A type pydantic cannot describe."""


def test_operation_ids_stay_unique(app: Demijohn) -> None:
    @operation
    def view() -> str:
        return ""

    for n in range(3):
        app.add_url_rule(f"/v{n}", "view", view, methods=["GET"])
    ids = [operation["get"]["operationId"] for operation in document(app)["paths"].values()]
    assert ids == ["view", "view.get", "view.get2"]
