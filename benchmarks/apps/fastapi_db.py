"""The ``db_read`` and ``db_insert`` cases for FastAPI, as its documentation writes a SQL
database with SQLAlchemy, made async to match demijohn's ASGI applications: an
``AsyncSession`` per request from a ``yield`` dependency, over aiosqlite, on the same table.

A module of its own: FastAPI's environment has no demijohn, so the model cannot come from
:mod:`benchmarks.apps.db_models`. No ``from __future__ import annotations``: FastAPI reads the
path operations' annotations at run time, and ``SessionDep`` is local to :func:`create_app`.
"""

import tempfile
import typing as t
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from sqlalchemy import String, create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Model(DeclarativeBase):
    pass


class Product(Model):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


def create_app() -> FastAPI:
    path = Path(tempfile.mkdtemp(prefix="fastapi-bench-")) / "shop.sqlite"
    # The table and its row are made before serving, without an event loop.
    setup = create_engine(f"sqlite:///{path}")
    Model.metadata.create_all(setup)
    with Session(setup) as session, session.begin():
        session.add(Product(id=1, name="jam"))
    setup.dispose()

    engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
    sessions = async_sessionmaker(engine, expire_on_commit=False)

    async def get_session() -> t.AsyncIterator[AsyncSession]:
        async with sessions() as session:
            yield session

    SessionDep = t.Annotated[AsyncSession, Depends(get_session)]

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/products/{id}")
    async def read(id: int, session: SessionDep) -> dict[str, t.Any]:
        product = await session.get(Product, id)
        if product is None:
            raise HTTPException(status_code=404, detail="Product not found")
        return {"id": product.id, "name": product.name}

    @app.post("/products", response_class=PlainTextResponse, status_code=201)
    async def insert(session: SessionDep) -> str:
        session.add(Product(name="tea"))
        await session.commit()
        return "created"

    return app
