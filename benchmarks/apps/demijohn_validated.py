"""The ``json_model`` case for demijohn: a 10-field pydantic model bound from the JSON body
and returned through the same model as the response, with ``demijohn.validation``. Its own
module, imported only by that case's factories, so that no other case loads pydantic."""

from __future__ import annotations

import typing as t

from pydantic import BaseModel

from demijohn import Demijohn
from demijohn.validation import Validation, operation


class Product(BaseModel):
    name: str
    sku: str
    price: float
    quantity: int
    in_stock: bool
    tags: list[str]
    weight: float
    color: str | None
    rating: int
    description: str


def create_app() -> tuple[Demijohn, t.Callable[..., t.Any]]:
    """The application, with no view yet, and the decorator that registers one."""
    app = Demijohn(__name__)
    Validation(app, openapi_url=None, docs_url=None)

    def register(view: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        return app.post("/products")(operation(view))

    return app, register


def create_sync() -> Demijohn:
    app, register = create_app()

    @register
    def echo(product: Product) -> Product:
        return product

    return app


def create_async() -> Demijohn:
    app, register = create_app()

    @register
    async def echo(product: Product) -> Product:
        return product

    return app
