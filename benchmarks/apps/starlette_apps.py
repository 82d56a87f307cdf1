"""The benchmark cases as Starlette's documentation writes them: ``Route`` lists, response
classes, ``Jinja2Templates`` and ``SessionMiddleware``."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from .data import FILLER_ROUTES, ROWS, SECRET_KEY

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


async def hello(request):
    return PlainTextResponse("Hello, World!")


async def filler(request):
    return JSONResponse({"a": request.path_params["a"], "b": request.path_params["b"]})


async def post(request):
    params = request.path_params
    return JSONResponse({"user_id": params["user_id"], "slug": params["slug"]})


async def echo(request):
    return JSONResponse(await request.json())


async def rows(request):
    return templates.TemplateResponse(request, "rows.html", {"title": "Rows", "rows": ROWS})


async def visit(request):
    request.session["count"] = request.session.get("count", 0) + 1
    return JSONResponse({"count": request.session["count"]})


def create_hello():
    return Starlette(routes=[Route("/", hello)])


def _create_routed():
    routes = [Route(f"/filler{i}/{{a:int}}/{{b}}", filler) for i in range(FILLER_ROUTES)]
    routes.append(Route("/users/{user_id:int}/posts/{slug}", post))
    return Starlette(routes=routes)


def create_params():
    return _create_routed()


def create_not_found():
    return _create_routed()


def create_json():
    return Starlette(routes=[Route("/echo", echo, methods=["POST"])])


def create_template():
    return Starlette(routes=[Route("/rows", rows)])


def create_session():
    return Starlette(
        routes=[Route("/session", visit)],
        middleware=[Middleware(SessionMiddleware, secret_key=SECRET_KEY)],
    )
