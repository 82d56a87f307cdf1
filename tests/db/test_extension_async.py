"""Tests for demijohn.db.extension's async sessions (aiosqlite and psycopg's async driver) in
async views, on the same models as the sync sessions; and a client that leaves mid-request
under ASGI, whose session is rolled back."""

from __future__ import annotations

import asyncio
import typing as t

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from tests.db.models import Model, Product

from demijohn import Demijohn, abort, request
from demijohn.db import Database, DatabaseError
from demijohn.testing import DemijohnClient

Make = t.Callable[..., Database]


def names(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(sa.select(Product.name).order_by(Product.name)))


def test_an_async_view_gets_an_async_session_committed_on_success(
    app: Demijohn, client: DemijohnClient, protocol: str, make_database: Make
) -> None:
    db = make_database(Model)
    # Counted by engine, as a pool may keep none (SQLAlchemy 2.0's aiosqlite pool) or some.
    held: dict[str, list[int]] = {"pooled": [], "unpooled": []}
    bind = db.binds["default"]
    for name, engine in (("pooled", bind.async_engine), ("unpooled", bind.unpooled_async_engine)):
        sa.event.listen(engine.sync_engine, "checkout", lambda *args, n=name: held[n].append(1))
        sa.event.listen(engine.sync_engine, "checkin", lambda *args, n=name: held[n].append(-1))

    @app.post("/products/<name>")
    async def add(name: str, session: AsyncSession) -> dict[str, t.Any]:
        session.add(Product(name=name))
        await session.flush()
        if name == "refused":
            abort(422)
        count = await session.scalar(sa.select(sa.func.count()).select_from(Product))
        return {"count": count}

    @app.get("/products")
    def listed(session: Session) -> list[str]:
        # A sync view beside the async ones, on the same models and tables.
        return list(session.scalars(sa.select(Product.name).order_by(Product.name)))

    assert client.post("/products/jam").json == {"count": 1}
    assert client.post("/products/refused").status_code == 422
    assert client.post("/products/tea").json == {"count": 2}
    assert client.get("/products").json == ["jam", "tea"]
    # Under ASGI the server's loop shares a pool; under WSGI each session connects anew.
    used, unused = ("pooled", "unpooled") if protocol == "asgi" else ("unpooled", "pooled")
    assert held[used]
    assert sum(held[used]) == 0
    assert held[unused] == []


def test_an_async_commit_that_fails_is_a_500(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model, PROPAGATE_EXCEPTIONS=False)

    @app.post("/products/<name>")
    async def add(name: str, session: AsyncSession) -> str:
        session.add(Product(name=name))
        return "added"

    assert client.post("/products/jam").text == "added"
    assert client.post("/products/jam").status_code == 500
    assert names(db) == ["jam"]


Message = dict[str, t.Any]


def test_a_client_that_leaves_mid_body_has_its_session_rolled_back(
    app: Demijohn, make_database: Make
) -> None:
    db = make_database(Model)

    @app.post("/")
    def upload(session: Session) -> str:
        session.add(Product(name="half"))
        session.flush()
        request.get_data()  # the client leaves here
        raise AssertionError  # pragma: no cover - the read fails

    incoming: list[Message] = [
        {"type": "http.request", "body": b"part", "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        if incoming:
            return incoming.pop(0)
        await asyncio.Event().wait()
        raise AssertionError  # pragma: no cover - never resumed

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"test")],
        "client": ("127.0.0.1", 1234),
        "server": ("test", 80),
    }
    asyncio.run(app.asgi(scope, receive, send))
    assert sent[0]["status"] == 400
    assert names(db) == []
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_an_async_session_is_not_committed_when_commit_on_success_is_off(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    db = make_database(Model, DATABASE_COMMIT_ON_SUCCESS=False)

    @app.post("/products/<name>")
    async def add(name: str, session: AsyncSession) -> str:
        session.add(Product(name=name))
        if name == "kept":
            await session.commit()
        return name

    client.post("/products/kept")
    client.post("/products/dropped")
    assert names(db) == ["kept"]


def test_an_async_session_under_a_threaded_wsgi_server_is_refused(
    app: Demijohn, make_database: Make
) -> None:
    make_database(Model)

    @app.get("/")
    async def index(session: AsyncSession) -> str:
        raise AssertionError  # pragma: no cover - refused before

    client = app.test_client(protocol="wsgi")
    with pytest.raises(DatabaseError, match="Serve the application over ASGI"):
        client.get("/", environ_overrides={"wsgi.multithread": True})


def test_an_async_session_under_asgi_makes_no_environ(app: Demijohn, make_database: Make) -> None:
    make_database(Model)

    @app.get("/")
    async def index(session: AsyncSession) -> str:
        await session.scalar(sa.select(sa.func.count()).select_from(Product))
        return str(request.has_environ)

    assert app.test_client(protocol="asgi").get("/").text == "False"
