"""schemathesis against a small API of the validation battery: requests generated from its
OpenAPI document, valid and not, over WSGI and ASGI, must get no 5xx and no response the
document does not describe (status, content type, body schema)."""

from __future__ import annotations

import enum
import typing as t
from typing import Annotated

import schemathesis
from hypothesis import HealthCheck, settings
from pydantic import BaseModel, Field

from demijohn import Demijohn, abort
from demijohn.validation import APIBlueprint, Header, Query, Validation, operation


class Kind(enum.Enum):
    tea = "tea"
    coffee = "coffee"


class NewProduct(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    kind: Kind
    price: float = Field(gt=0, le=1000)
    tags: list[str] = Field(default=[], max_length=5)


class Product(NewProduct):
    id: int


def create_app() -> tuple[Demijohn, Validation]:
    app = Demijohn(__name__)
    app.config["TESTING"] = True
    validation = Validation(app, title="Products", version="1")
    api = APIBlueprint("products", __name__, url_prefix="/products")
    products: dict[int, Product] = {}

    @api.get("/")
    def list_products(
        kind: Kind | None = None,
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
        tag: list[str] = [],  # noqa: B006 (pydantic copies a default for each request)
    ) -> list[Product]:
        """The products, of one kind or all."""
        found = [p for p in products.values() if kind in (None, p.kind)]
        return [p for p in found if set(tag) <= set(p.tags)][:limit]

    @api.post("/")
    @operation(status=201)
    def create_product(
        product: NewProduct, request_id: Annotated[str | None, Header(alias="X-Request-Id")] = None
    ) -> Product:
        """Add a product."""
        created = Product(id=len(products) + 1, **product.model_dump())
        products[created.id] = created
        return created

    @api.get("/<int:product_id>")
    @operation(responses={404: "No such product"})
    def get_product(product_id: int) -> Product:
        """One product."""
        if product_id not in products:
            abort(404)
        return products[product_id]

    app.register_blueprint(api)
    return app, validation


APP, VALIDATION = create_app()
with APP.app_context():
    schema = schemathesis.openapi.from_dict(VALIDATION.document())


@schema.parametrize()
# No example database: nothing is written into the checkout, and each run draws afresh.
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    # The same examples at each run: CI gates on it, so a failure must be reproducible.
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_the_api_keeps_to_its_document(case: t.Any, protocol: str) -> None:
    # The test client is a Werkzeug client, which schemathesis's WSGI transport drives; over
    # ASGI, the client sends each request through the application's ASGI side.
    case.call_and_validate(app=APP, session=APP.test_client(protocol=protocol))
