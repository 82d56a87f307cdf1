"""Tests for demijohn.validation.responses: response models from the decorator or the return
annotation, Flask's return conventions, and a view whose value its model refuses."""

from __future__ import annotations

import dataclasses
import logging
import typing as t

import pytest
from pydantic import BaseModel

from demijohn import Demijohn, Response
from demijohn.testing import DemijohnClient
from demijohn.validation import Operation, ResponseValidationError, Validation, operation
from demijohn.validation.responses import operation_of, response_model, return_annotation
from demijohn.views import MethodView


class Item(BaseModel):
    name: str
    price: float


class PricedItem(Item):
    cost: float


@dataclasses.dataclass
class Row:
    """An object the model reads attributes of, as an ORM row."""

    name: str
    price: float
    secret: str


@pytest.fixture(autouse=True)
def validation(app: Demijohn) -> Validation:
    return Validation(app)


def test_the_return_annotation_filters_fields(app: Demijohn, client: DemijohnClient) -> None:
    @app.get("/dict")
    @operation
    def from_dict() -> Item:
        return {"name": "a", "price": "1.5", "secret": "s"}  # type: ignore[return-value]

    @app.get("/subclass")
    @operation
    def from_subclass() -> Item:
        return PricedItem(name="b", price=2, cost=1)

    @app.get("/rows")
    @operation
    def from_rows() -> list[Item]:
        return [Row("c", 3, "s")]  # type: ignore[list-item]

    assert client.get("/dict").get_json() == {"name": "a", "price": 1.5}
    assert client.get("/subclass").get_json() == {"name": "b", "price": 2.0}
    assert client.get("/rows").get_json() == [{"name": "c", "price": 3.0}]


def test_status_and_headers_as_in_flask(app: Demijohn, client: DemijohnClient) -> None:
    item = {"name": "a", "price": 1}

    @app.post("/created")
    @operation(status=201)
    def created() -> Item:
        return Item(**item)

    @app.post("/tuple")
    @operation
    def with_status() -> tuple[Item, int, dict[str, str]]:
        return Item(**item), 202, {"X-Id": "7"}

    @app.post("/headers")
    @operation(status=201)
    def with_headers() -> tuple[Item, dict[str, str]]:
        return Item(**item), {"Location": "/items/a"}

    @app.post("/response")
    @operation(response=Item)
    def a_response() -> Response:
        return Response("as it is", 204)

    response = client.post("/created")
    assert (response.status_code, response.mimetype) == (201, "application/json")
    response = client.post("/tuple")
    assert (response.status_code, response.headers["X-Id"]) == (202, "7")
    assert response.get_json() == {"name": "a", "price": 1.0}
    response = client.post("/headers")
    assert (response.status_code, response.headers["Location"]) == (201, "/items/a")
    assert client.post("/response").status_code == 204


def test_the_status_without_a_response_model(app: Demijohn, client: DemijohnClient) -> None:
    # No model to validate the value, but the operation's status all the same.
    @app.post("/plain")
    @operation(status=201)
    def plain() -> dict[str, int]:
        return {"id": 1}

    @app.post("/plain-async")
    @operation(status=201)
    async def plain_async() -> dict[str, int]:
        return {"id": 2}

    @app.post("/with-headers")
    @operation(status=201)
    def with_headers() -> t.Any:
        return {"id": 3}, {"Location": "/items/3"}

    @app.post("/own-status")
    @operation(status=201)
    def own_status() -> t.Any:
        return {"id": 4}, 202

    @app.post("/a-response")
    @operation(status=201)
    def a_response() -> Response:
        return Response("as it is", 204)

    assert (client.post("/plain").status_code, client.post("/plain").json) == (201, {"id": 1})
    assert client.post("/plain-async").status_code == 201
    located = client.post("/with-headers")
    assert (located.status_code, located.headers["Location"]) == (201, "/items/3")
    assert client.post("/own-status").status_code == 202
    assert client.post("/a-response").status_code == 204


def test_an_async_view(app: Demijohn, client: DemijohnClient) -> None:
    @app.get("/")
    @operation(response=list[Item])
    async def items() -> t.Any:
        return [{"name": "a", "price": 1, "more": 1}]

    assert client.get("/").get_json() == [{"name": "a", "price": 1.0}]


def test_a_refused_value_is_a_server_error(
    app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.testing = False

    @app.get("/")
    @operation
    def broken() -> Item:
        return {"name": "a"}  # type: ignore[return-value]

    with caplog.at_level(logging.ERROR):
        assert client.get("/").status_code == 500
    (record,) = caplog.records
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ResponseValidationError)
    assert "refuses" in str(record.exc_info[1])


def test_class_based_views_methods(app: Demijohn, client: DemijohnClient) -> None:
    class Items(MethodView):
        @operation
        def get(self) -> Item:
            return {"name": "a", "price": 1, "x": 1}  # type: ignore[return-value]

    app.add_url_rule("/", view_func=Items.as_view("items"))
    assert client.get("/").get_json() == {"name": "a", "price": 1.0}


def test_which_annotations_are_models() -> None:
    assert response_model(Item) is Item
    assert response_model(list[Item]) == list[Item]
    assert response_model(Item | None) == Item | None
    assert response_model(tuple[Item, int]) is Item
    assert response_model(dict[str, Item]) == dict[str, Item]
    for other in (str, dict[str, int], tuple[int, ...], Response, None, t.Any):
        assert response_model(other) is None


def test_operations_without_a_model_are_only_marked() -> None:
    def view() -> str:
        return ""

    assert operation(view) is view
    assert operation_of(view) == Operation()
    assert operation_of(operation(summary="s")(lambda: "")) == Operation(summary="s")


def test_a_refused_list_names_its_model(app: Demijohn) -> None:
    @app.get("/")
    @operation(response=list[Item])
    def items() -> t.Any:
        return [{"name": "a"}]

    with pytest.raises(ResponseValidationError, match=r"list\[.*Item\]"):
        app.test_client().get("/")


def test_annotations_that_cannot_be_read() -> None:
    def view() -> Missing:  # type: ignore[name-defined]  # noqa: F821
        return None

    assert return_annotation(view) is None
    assert operation_of(operation(view)) == Operation()
    assert Operation().serialise is None
