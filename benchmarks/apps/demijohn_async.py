"""The benchmark cases for demijohn served over ASGI (``app.asgi``), with ``async def`` views as
the Falcon-ASGI and Starlette applications have."""

from __future__ import annotations

import typing as t

from demijohn import Demijohn, render_template, request, session
from demijohn.asgi import ASGIApp

from .data import FILLER_ROUTES, ROWS, SECRET_KEY


def create_hello() -> ASGIApp:
    app = Demijohn(__name__)

    @app.route("/")
    async def hello() -> str:
        return "Hello, World!"

    return app.asgi


class Greeter:
    """The value the ``hello_di`` view is given: one per request."""

    text = "Hello, World!"


def create_hello_di() -> ASGIApp:
    # Imported here: the other cases' processes, the guarded ones among them, do not load
    # the battery, whose modules would change their counts.
    from demijohn.providers import Providers

    app = Demijohn(__name__)
    providers = Providers(app)

    @providers.provide
    def greeter() -> t.Iterator[Greeter]:
        yield Greeter()

    @app.route("/")
    async def hello(greeter: Greeter) -> str:
        return greeter.text

    return app.asgi


def _create_db() -> ASGIApp:
    # Imported here, as for hello_di: the other cases do not load SQLAlchemy.
    from sqlalchemy.ext.asyncio import AsyncSession

    from demijohn.db import Database

    from .db_models import Model, Product, database_url

    app = Demijohn(__name__)
    app.config["DATABASE_URL"] = database_url()  # async: sqlite+aiosqlite
    db = Database(app, Model)
    db.create_all()
    with db.session() as session:
        session.add(Product(id=1, name="jam"))

    @app.get("/products/<int:id>")
    async def read(id: int, session: AsyncSession) -> dict[str, t.Any]:
        product = await session.get(Product, id)
        return {"id": product.id, "name": product.name}  # type: ignore[union-attr]

    @app.post("/products")
    async def insert(session: AsyncSession) -> tuple[str, int]:
        session.add(Product(name="tea"))
        return "created", 201

    return app.asgi


def create_db_read() -> ASGIApp:
    return _create_db()


def create_db_insert() -> ASGIApp:
    return _create_db()


async def _filler(a: int, b: str) -> dict[str, t.Any]:
    return {"a": a, "b": b}


def _create_routed() -> ASGIApp:
    app = Demijohn(__name__)
    for i in range(FILLER_ROUTES):
        app.add_url_rule(f"/filler{i}/<int:a>/<b>", f"filler{i}", _filler)

    @app.route("/users/<int:user_id>/posts/<slug>")
    async def post(user_id: int, slug: str) -> dict[str, t.Any]:
        return {"user_id": user_id, "slug": slug}

    return app.asgi


def create_params() -> ASGIApp:
    return _create_routed()


def create_not_found() -> ASGIApp:
    return _create_routed()


def create_json() -> ASGIApp:
    app = Demijohn(__name__)

    @app.post("/echo")
    async def echo() -> t.Any:
        return await request.aget_json()

    return app.asgi


def create_json_model() -> ASGIApp:
    # Imported here: the other cases' processes do not load the battery nor pydantic.
    from .demijohn_validated import create_async

    return create_async().asgi


def create_template() -> ASGIApp:
    app = Demijohn(__name__)

    @app.route("/rows")
    async def rows() -> str:
        return render_template("rows.html", title="Rows", rows=ROWS)

    return app.asgi


def create_session() -> ASGIApp:
    app = Demijohn(__name__)
    app.secret_key = SECRET_KEY

    @app.route("/session")
    async def visit() -> dict[str, t.Any]:
        session["count"] = session.get("count", 0) + 1
        return {"count": session["count"]}

    return app.asgi
