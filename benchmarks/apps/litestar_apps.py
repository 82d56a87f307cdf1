"""The benchmark cases as Litestar's documentation writes them: route handlers with typed
path parameters, ``data`` bound to a msgspec ``Struct`` for ``json_model`` (Litestar's own
modelling library), ``Provide`` with a generator dependency for ``hello_di``, a Jinja
``TemplateConfig`` and the client-side (cookie) session backend."""

from __future__ import annotations

import typing as t
from pathlib import Path

import msgspec
from litestar import Litestar, MediaType, Request, get, post
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.di import Provide
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.response import Template
from litestar.template.config import TemplateConfig

from .data import FILLER_ROUTES, ROWS, SECRET_KEY

# No OpenAPI routes: the others serve none either.
_OPTIONS: dict[str, t.Any] = {"openapi_config": None}


def create_hello() -> Litestar:
    @get("/", media_type=MediaType.TEXT)
    async def hello() -> str:
        return "Hello, World!"

    return Litestar([hello], **_OPTIONS)


class Greeter:
    """The value the ``hello_di`` handler is given: one per request."""

    text = "Hello, World!"


async def greeter() -> t.AsyncGenerator[Greeter, None]:
    yield Greeter()


def create_hello_di() -> Litestar:
    @get("/", media_type=MediaType.TEXT, dependencies={"greeter": Provide(greeter)})
    async def hello(greeter: Greeter) -> str:
        return greeter.text

    return Litestar([hello], **_OPTIONS)


def _create_routed() -> Litestar:
    async def filler(a: int, b: str) -> dict[str, t.Any]:
        return {"a": a, "b": b}

    handlers: list[t.Any] = [
        get(f"/filler{i}/{{a:int}}/{{b:str}}", name=f"filler{i}")(filler)
        for i in range(FILLER_ROUTES)
    ]

    @get("/users/{user_id:int}/posts/{slug:str}")
    async def post_view(user_id: int, slug: str) -> dict[str, t.Any]:
        return {"user_id": user_id, "slug": slug}

    handlers.append(post_view)
    return Litestar(handlers, **_OPTIONS)


def create_params() -> Litestar:
    return _create_routed()


def create_not_found() -> Litestar:
    return _create_routed()


def create_json() -> Litestar:
    @post("/echo", status_code=200)
    async def echo(data: dict[str, t.Any]) -> dict[str, t.Any]:
        return data

    return Litestar([echo], **_OPTIONS)


class Product(msgspec.Struct):
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


def create_json_model() -> Litestar:
    @post("/products", status_code=200)
    async def echo(data: Product) -> Product:
        return data

    return Litestar([echo], **_OPTIONS)


def create_template() -> Litestar:
    @get("/rows")
    async def rows() -> Template:
        return Template(template_name="rows.html", context={"title": "Rows", "rows": ROWS})

    config = TemplateConfig(
        directory=Path(__file__).parent / "templates", engine=JinjaTemplateEngine
    )
    return Litestar([rows], template_config=config, **_OPTIONS)


def create_session() -> Litestar:
    @get("/session")
    async def visit(request: Request[t.Any, t.Any, t.Any]) -> dict[str, int]:
        count = request.session.get("count", 0) + 1
        request.set_session({"count": count})
        return {"count": count}

    # The cookie backend wants an AES key of 16, 24 or 32 bytes.
    secret = SECRET_KEY.encode()[:32].ljust(32, b"-")
    sessions = CookieBackendConfig(secret=secret)
    return Litestar([visit], middleware=[sessions.middleware], **_OPTIONS)
