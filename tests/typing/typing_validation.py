"""Typed uses of demijohn.validation; checked by mypy, not run by pytest: a bound parameter has
its annotation's type in the view (the marker lives in Annotated's metadata, which type
checkers ignore), and operation keeps the decorated view's type."""

from __future__ import annotations

import typing as t
from typing import Annotated

from pydantic import BaseModel
from werkzeug.datastructures import FileStorage

from demijohn import Demijohn
from demijohn.typing import ResponseReturnValue
from demijohn.validation import (
    APIBlueprint,
    Body,
    Cookie,
    File,
    Form,
    Header,
    Query,
    Validation,
    ValidationError,
    operation,
)

app = Demijohn(__name__)
validation = Validation(app, title="Shop", version="1.0")
api = APIBlueprint("api", __name__, url_prefix="/api")


class Item(BaseModel):
    name: str
    price: float


@api.get("/items")
def list_items(
    page: Annotated[int, Query(ge=1)] = 1,
    tags: Annotated[list[str] | None, Query(alias="tag")] = None,
    token: Annotated[str | None, Header(alias="X-Token")] = None,
    session: Annotated[str, Cookie()] = "",
) -> list[Item]:
    t.assert_type(page, int)
    t.assert_type(tags, list[str] | None)
    return [Item(name=f"{page}", price=1.0)]


@api.post("/items")
@operation(status=201)
async def create_item(item: Item, note: Annotated[str, Body()] = "") -> Item:
    t.assert_type(item, Item)
    return item


@app.post("/upload")
@operation
def upload(title: Annotated[str, Form()], photo: Annotated[FileStorage, File()]) -> Item:
    return Item(name=f"{title} {photo.filename}", price=0)


@app.get("/health")
@operation(tags=["ops"])
async def health() -> dict[str, str]:
    return {"status": "ok"}


def call_upload(photo: FileStorage) -> ResponseReturnValue:
    # operation makes a view return a response value, to type checkers too: the route
    # decorators above accept it.
    return upload("title", photo)


@app.errorhandler(ValidationError)
def invalid(error: ValidationError) -> tuple[dict[str, t.Any], int]:
    return {"fields": [e["location"] for e in error.errors]}, 422


app.register_blueprint(api)
document: dict[str, t.Any] = validation.document(app)
