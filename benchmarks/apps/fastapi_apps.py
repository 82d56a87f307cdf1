"""The benchmark cases as FastAPI's documentation writes them: path operations with typed
parameters, pydantic models for ``json_model``, ``Depends`` with a ``yield`` dependency for
``hello_di``, ``Jinja2Templates`` and Starlette's ``SessionMiddleware``."""

from __future__ import annotations

import typing as t
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from starlette.middleware.sessions import SessionMiddleware

from .data import FILLER_ROUTES, ROWS, SECRET_KEY

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _app() -> FastAPI:
    # No documentation routes: the others serve none either.
    return FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


def create_hello() -> FastAPI:
    app = _app()

    @app.get("/", response_class=PlainTextResponse)
    async def hello() -> str:
        return "Hello, World!"

    return app


class Greeter:
    """The value the ``hello_di`` path operation is given: one per request."""

    text = "Hello, World!"


async def greeter() -> t.AsyncIterator[Greeter]:
    yield Greeter()


def create_hello_di() -> FastAPI:
    app = _app()

    @app.get("/", response_class=PlainTextResponse)
    async def hello(greeter: t.Annotated[Greeter, Depends(greeter)]) -> str:
        return greeter.text

    return app


def _create_routed() -> FastAPI:
    app = _app()

    async def filler(a: int, b: str) -> dict[str, t.Any]:
        return {"a": a, "b": b}

    for i in range(FILLER_ROUTES):
        app.add_api_route(f"/filler{i}/{{a}}/{{b}}", filler)

    @app.get("/users/{user_id}/posts/{slug}")
    async def post(user_id: int, slug: str) -> dict[str, t.Any]:
        return {"user_id": user_id, "slug": slug}

    return app


def create_params() -> FastAPI:
    return _create_routed()


def create_not_found() -> FastAPI:
    return _create_routed()


def create_json() -> FastAPI:
    app = _app()

    @app.post("/echo")
    async def echo(request: Request) -> t.Any:
        return await request.json()

    return app


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


def create_json_model() -> FastAPI:
    app = _app()

    @app.post("/products")
    async def echo(product: Product) -> Product:
        return product

    return app


def create_template() -> FastAPI:
    app = _app()

    @app.get("/rows")
    async def rows(request: Request) -> t.Any:
        return templates.TemplateResponse(request, "rows.html", {"title": "Rows", "rows": ROWS})

    return app


def create_session() -> FastAPI:
    app = _app()
    app.add_middleware(SessionMiddleware, secret_key=SECRET_KEY)

    @app.get("/session")
    async def visit(request: Request) -> dict[str, int]:
        request.session["count"] = request.session.get("count", 0) + 1
        return {"count": request.session["count"]}

    return app


def create_db_read() -> FastAPI:
    # Imported here: the other cases do not load SQLAlchemy.
    from .fastapi_db import create_app

    return create_app()


def create_db_insert() -> FastAPI:
    from .fastapi_db import create_app

    return create_app()
