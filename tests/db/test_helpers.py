"""Tests for demijohn.db.helpers: a row or 404, with sync and async sessions."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from tests.db.models import Model, Product

from demijohn import Demijohn
from demijohn.db import (
    Database,
    async_first_or_404,
    async_get_or_404,
    async_one_or_404,
    first_or_404,
    get_or_404,
    one_or_404,
)
from demijohn.testing import DemijohnClient

Make = t.Callable[..., Database]


def seed(db: Database) -> None:
    with db.session() as session:
        session.add_all([Product(id=1, name="jam"), Product(id=2, name="tea")])


def by_name(name: str) -> sa.Select[t.Any]:
    return sa.select(Product).where(Product.name == name)


def test_sync_helpers_give_the_row_or_404(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    seed(make_database(Model))

    @app.get("/get/<int:id>")
    def get(id: int, session: Session) -> str:
        return get_or_404(session, Product, id, description="No such product.").name

    @app.get("/first/<prefix>")
    def first(prefix: str, session: Session) -> str:
        statement = sa.select(Product).where(Product.name.startswith(prefix)).order_by(Product.id)
        return first_or_404(session, statement).name

    @app.get("/one/<name>")
    def one(name: str, session: Session) -> str:
        return one_or_404(session, by_name(name)).name

    @app.get("/first-from/<int:id>")
    def first_from(id: int, session: Session) -> str:
        return first_or_404(session, sa.select(Product).where(Product.id >= id)).name

    @app.get("/one-id/<int:id>")
    def one_id(id: int, session: Session) -> str:
        return one_or_404(session, sa.select(Product).where(Product.id == id)).name

    assert client.get("/get/2").text == "tea"
    missing = client.get("/get/3")
    assert missing.status_code == 404
    assert "No such product." in missing.text
    # Beyond the column's integers (PostgreSQL's 32 bits, SQLite's 64): a key no row has.
    beyond = client.get(f"/get/{2**63}")
    assert beyond.status_code == 404
    assert "No such product." in beyond.text
    assert client.get("/first/t").text == "tea"
    assert client.get("/first/x").status_code == 404
    assert client.get("/one/jam").text == "jam"
    assert client.get("/one/honey").status_code == 404
    assert client.get("/first-from/2").text == "tea"
    assert client.get(f"/first-from/{2**63}").status_code == 404
    assert client.get(f"/one-id/{2**64}").status_code == 404


def test_async_helpers_give_the_row_or_404(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    seed(make_database(Model))

    @app.get("/get/<int:id>")
    async def get(id: int, session: AsyncSession) -> str:
        return (await async_get_or_404(session, Product, id)).name

    @app.get("/first/<name>")
    async def first(name: str, session: AsyncSession) -> str:
        return (await async_first_or_404(session, by_name(name))).name

    @app.get("/one/<name>")
    async def one(name: str, session: AsyncSession) -> str:
        return (await async_one_or_404(session, by_name(name))).name

    @app.get("/first-from/<int:id>")
    async def first_from(id: int, session: AsyncSession) -> str:
        statement = sa.select(Product).where(Product.id >= id)
        return (await async_first_or_404(session, statement)).name

    @app.get("/one-id/<int:id>")
    async def one_id(id: int, session: AsyncSession) -> str:
        statement = sa.select(Product).where(Product.id == id)
        return (await async_one_or_404(session, statement)).name

    assert client.get("/get/1").text == "jam"
    assert client.get("/get/3").status_code == 404
    assert client.get(f"/get/{2**31}").status_code == 404
    assert client.get(f"/get/{2**63}").status_code == 404
    assert client.get("/first/tea").text == "tea"
    assert client.get("/first/x").status_code == 404
    assert client.get("/one/jam").text == "jam"
    assert client.get("/one/x").status_code == 404
    assert client.get("/first-from/2").text == "tea"
    assert client.get(f"/first-from/{2**63}").status_code == 404
    assert client.get(f"/one-id/{2**64}").status_code == 404
