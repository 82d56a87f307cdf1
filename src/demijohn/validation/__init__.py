"""Typed request binding and validation, response models, and the application's OpenAPI 3.1
document with an interactive docs page.

::

    from typing import Annotated

    from pydantic import BaseModel

    from demijohn import Demijohn
    from demijohn.validation import APIBlueprint, Query, Validation

    class Item(BaseModel):
        name: str
        price: float

    app = Demijohn("shop")
    Validation(app, title="Shop", version="1.0")
    api = APIBlueprint("items", __name__, url_prefix="/items")

    @api.get("/")
    def list_items(page: Annotated[int, Query(ge=1)] = 1) -> list[Item]:
        ...

    @api.post("/")
    def create_item(item: Item) -> tuple[Item, int]:
        ...

    app.register_blueprint(api)

A view's parameters are filled from their types, worked out once when the view is first
prepared: a model (pydantic, dataclass, ``TypedDict``) is the JSON body, a scalar, enum or list
of them a query value, and a marker says where else a value comes from (:class:`Query`,
:class:`Header`, :class:`Cookie`, :class:`Form`, :class:`File`, :class:`Body`). They are
validated together: a request that fails gets a 422 listing every field that is wrong
(:class:`ValidationError`, RFC 9457 problem details), an unreadable body a 400. Views
without such parameters run exactly as before.

The views of an :class:`APIBlueprint`, and views decorated with :func:`operation`, are the
API's operations: their return annotation (or the decorator's ``response``) is the response
model that validates and serialises what they return, and they make up the OpenAPI document,
served at ``/openapi.json`` with Swagger UI at ``/docs`` and written by ``demijohn openapi``.

This module is a battery: it uses only demijohn's public API (the parameter binders of
:mod:`demijohn.binding`, blueprints, the command line), and nothing in the core imports it. It
needs the ``validation`` extra (pydantic, and Swagger UI's files for the docs page).

.. versionadded:: 0.1
"""

from __future__ import annotations

from .binder import translated_message
from .blueprint import APIBlueprint
from .errors import (
    PROBLEM_MEDIA_TYPE,
    FieldError,
    InvalidBody,
    ProblemDetails,
    UnsupportedBody,
    ValidationError,
)
from .extension import Validation
from .markers import Body, Cookie, File, Form, Header, Param, Query
from .plan import MessageFormatter
from .responses import Operation, ResponseValidationError, operation
from .state import EXTENSION_KEY

__all__ = [
    "EXTENSION_KEY",
    "PROBLEM_MEDIA_TYPE",
    "APIBlueprint",
    "Body",
    "Cookie",
    "FieldError",
    "File",
    "Form",
    "Header",
    "InvalidBody",
    "MessageFormatter",
    "Operation",
    "Param",
    "ProblemDetails",
    "Query",
    "ResponseValidationError",
    "UnsupportedBody",
    "Validation",
    "ValidationError",
    "operation",
    "translated_message",
]
