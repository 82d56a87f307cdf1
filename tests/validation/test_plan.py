"""Tests for demijohn.validation.plan: parameters read from each source, validated together,
with every field error reported at its location, over both protocols."""

from __future__ import annotations

import dataclasses
import enum
import io
import typing as t
from typing import Annotated

import pytest
from pydantic import BaseModel, Field
from typing_extensions import TypedDict
from werkzeug.datastructures import FileStorage

from demijohn import Demijohn
from demijohn.errors import SetupError
from demijohn.testing import DemijohnClient
from demijohn.validation import Body, Cookie, File, Form, Header, Query, Validation


class Color(enum.Enum):
    red = "red"
    green = "green"


class Item(BaseModel):
    name: str
    price: float = Field(gt=0)


class Order(BaseModel):
    items: list[Item]


@dataclasses.dataclass
class Point:
    x: int
    y: int


# typing_extensions' TypedDict: pydantic reads typing's only from Python 3.12.
class Movie(TypedDict):
    title: str
    year: int


class Filters(BaseModel):
    q: str = ""
    tag: list[str] = []
    limit: int = Field(10, alias="page[size]")


@pytest.fixture(autouse=True)
def validation(app: Demijohn) -> Validation:
    return Validation(app)


def errors(response: t.Any) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return [(e["location"], e["type"]) for e in response.get_json(force=True)["errors"]]


def test_scalars_come_from_the_query_converted(app: Demijohn, client: DemijohnClient) -> None:
    @app.get("/")
    def index(page: int, ratio: float = 0.5, flag: bool = False, name: str | None = None) -> str:
        return repr((page, ratio, flag, name))

    assert client.get("/?page=3&flag=yes").text == "(3, 0.5, True, None)"
    assert client.get("/?page=1&ratio=2&name=x").text == "(1, 2.0, False, 'x')"


def test_enums_lists_and_literals(app: Demijohn, client: DemijohnClient) -> None:
    @app.get("/")
    def index(
        color: Color = Color.red,
        tag: list[int] = [],  # noqa: B006 (pydantic copies a default for each request)
        mode: t.Literal["a", "b"] = "a",
    ) -> str:
        return repr((color, tag, mode))

    assert (
        client.get("/?color=green&tag=1&tag=2&mode=b").text
        == "(<Color.green: 'green'>, [1, 2], 'b')"
    )
    assert client.get("/").text == "(<Color.red: 'red'>, [], 'a')"
    assert errors(client.get("/?color=blue&tag=x&mode=c")) == [
        ("query.color", "enum"),
        ("query.tag[0]", "int_parsing"),
        ("query.mode", "literal_error"),
    ]


def test_every_failing_field_is_reported(app: Demijohn, client: DemijohnClient) -> None:
    @app.get("/")
    def index(
        page: Annotated[int, Query(ge=1)],
        size: Annotated[int, Query(alias="page[size]", le=50)] = 10,
        token: Annotated[str, Header(alias="X-Token")] = "",
    ) -> str:
        return f"{page} {size}"

    assert client.get("/?page=2&page[size]=20").text == "2 20"
    response = client.get("/?page=0&page[size]=100")
    assert errors(response) == [
        ("query.page", "greater_than_equal"),
        ("query.page[size]", "less_than_equal"),
    ]
    body = response.get_json(force=True)
    assert body["status"] == 422
    assert body["title"] == "Unprocessable Entity"
    assert body["errors"][0]["message"] == "Input should be greater than or equal to 1"
    assert errors(client.get("/")) == [("query.page", "missing")]


def test_headers_and_cookies(app: Demijohn, client: DemijohnClient) -> None:
    @app.get("/")
    def index(
        user_agent: Annotated[str, Header()],
        session_id: Annotated[int, Cookie()],
        accept: Annotated[list[str], Header()] = [],  # noqa: B006
    ) -> str:
        return f"{user_agent} {session_id}"

    client.set_cookie("session_id", "42")
    assert client.get("/", headers={"User-Agent": "probe"}).text == "probe 42"
    client.set_cookie("session_id", "abc")
    assert errors(client.get("/")) == [("cookie.session_id", "int_parsing")]


def test_a_model_is_the_json_body(app: Demijohn, client: DemijohnClient) -> None:
    @app.post("/")
    def create(order: Order) -> str:
        return ",".join(f"{i.name}={i.price}" for i in order.items)

    assert client.post("/", json={"items": [{"name": "a", "price": "2"}]}).text == "a=2.0"
    bad = {"items": [{"name": "a", "price": 1}, {"name": "b", "price": 1}, {"price": -1}]}
    assert errors(client.post("/", json=bad)) == [
        ("body.items[2].name", "missing"),
        ("body.items[2].price", "greater_than"),
    ]
    assert errors(client.post("/")) == [("body", "missing")]


def test_dataclasses_and_typed_dicts_are_bodies(app: Demijohn, client: DemijohnClient) -> None:
    @app.post("/point")
    def point(point: Point) -> str:
        return f"{point.x},{point.y}"

    @app.post("/movie")
    def movie(movie: Movie) -> str:
        return f"{movie['title']} ({movie['year']})"

    assert client.post("/point", json={"x": 1, "y": "2"}).text == "1,2"
    assert client.post("/movie", json={"title": "M", "year": 1931}).text == "M (1931)"
    assert errors(client.post("/movie", json={"title": "M"})) == [("body.year", "missing")]


def test_several_body_parameters_are_members(app: Demijohn, client: DemijohnClient) -> None:
    @app.post("/")
    def create(item: Item, note: Annotated[str, Body()], count: Annotated[int, Body()] = 1) -> str:
        return f"{item.name} {note} {count}"

    assert client.post("/", json={"item": {"name": "a", "price": 1}, "note": "n"}).text == "a n 1"
    assert errors(client.post("/", json={"item": {"name": "a", "price": 0}})) == [
        ("body.item.price", "greater_than"),
        ("body.note", "missing"),
    ]
    assert errors(client.post("/", json=[1])) == [("body", "dict_type")]


def test_an_unreadable_body_is_a_400(app: Demijohn, client: DemijohnClient) -> None:
    @app.post("/")
    def create(item: Item) -> str:
        return item.name

    response = client.post("/", data="{", content_type="application/json")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "not valid JSON" in response.get_json(force=True)["detail"]
    response = client.post("/", data="name=a", content_type="text/plain")
    assert response.status_code == 415
    assert "application/json" in response.get_json(force=True)["detail"]


def test_form_fields_and_files(app: Demijohn, client: DemijohnClient) -> None:
    @app.post("/")
    def upload(
        title: Annotated[str, Form(min_length=1)],
        upload: Annotated[FileStorage, File()],
        tags: Annotated[list[str], Form()] = [],  # noqa: B006
        extra: Annotated[list[FileStorage], File()] = [],  # noqa: B006
    ) -> str:
        return f"{title} {tags} {upload.filename}={upload.read().decode()} {len(extra)}"

    data = {"title": "t", "tags": ["a", "b"], "upload": (io.BytesIO(b"hi"), "a.txt")}
    assert client.post("/", data=data).text == "t ['a', 'b'] a.txt=hi 0"
    assert errors(client.post("/", data={"title": ""})) == [
        ("form.title", "string_too_short"),
        ("file.upload", "missing"),
    ]


def test_a_model_can_gather_query_values(app: Demijohn, client: DemijohnClient) -> None:
    @app.get("/")
    def search(filters: Annotated[Filters, Query()]) -> str:
        return repr((filters.q, filters.tag, filters.limit))

    assert client.get("/?q=x&tag=a&tag=b&page[size]=5").text == "('x', ['a', 'b'], 5)"
    assert errors(client.get("/?page[size]=z")) == [("query.page[size]", "int_parsing")]


def test_only_pydantic_models_gather_flat_values(app: Demijohn) -> None:
    @app.get("/")
    def search(point: Annotated[Point, Query()]) -> str:
        return ""

    with pytest.raises(SetupError, match="not a pydantic model"):
        app.test_client().get("/")


class Opaque:
    """A type pydantic knows nothing of."""


def test_a_type_pydantic_cannot_validate_is_a_setup_error(app: Demijohn) -> None:
    @app.get("/")
    def index(value: Annotated[Opaque, Query()]) -> str:
        return ""

    with pytest.raises(SetupError, match="cannot validate"):
        app.test_client().get("/")


def test_a_body_and_form_fields_are_refused(app: Demijohn) -> None:
    @app.post("/")
    def create(item: Item, title: Annotated[str, Form()]) -> str:
        return ""

    with pytest.raises(SetupError, match="one body"):
        app.test_client().post("/")


def test_names_that_clash_with_pydantic_are_fine(app: Demijohn, client: DemijohnClient) -> None:
    @app.get("/")
    def index(json: str = "", schema: int = 0, model_config: str = "") -> str:
        return f"{json} {schema} {model_config}"

    assert client.get("/?json=j&schema=2&model_config=m").text == "j 2 m"


def test_markers_take_no_default() -> None:
    with pytest.raises(TypeError, match="give the parameter one"):
        Query(default=1)


def test_an_optional_body(app: Demijohn, client: DemijohnClient) -> None:
    @app.post("/")
    def create(item: Item | None = None) -> str:
        return "none" if item is None else item.name

    assert client.post("/").text == "none"
    assert client.post("/", json={"name": "a", "price": 1}).text == "a"
    assert client.post("/", json={"name": "a"}).status_code == 422
