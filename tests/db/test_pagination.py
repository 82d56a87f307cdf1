"""Tests for demijohn.db.pagination: pages of a query, their numbers and links, read from the
query string, for templates and JSON; sync and async."""

from __future__ import annotations

import typing as t

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from tests.db.models import Model, Product

from demijohn import Demijohn, render_template_string
from demijohn.db import Database, Page, async_paginate, paginate
from demijohn.testing import DemijohnClient

Make = t.Callable[..., Database]
ORDERED = sa.select(Product).order_by(Product.id)


def seed(db: Database, how_many: int) -> None:
    with db.session() as session:
        session.add_all([Product(id=n, name=f"p{n}") for n in range(1, how_many + 1)])


def test_pages_as_json_with_links_that_keep_the_query_string(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    seed(make_database(Model), 45)

    @app.get("/<kind>/products")
    def products(kind: str, session: Session) -> dict[str, t.Any]:
        return paginate(session, ORDERED).to_dict(lambda product: product.name)

    first = client.get("/jams/products?sort=name").json
    assert first["items"] == [f"p{n}" for n in range(1, 21)]
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 20, 45, 3)
    assert first["prev"] is None
    assert first["next"] == "/jams/products?sort=name&page=2"
    last = client.get(first["next"].replace("page=2", "page=3")).json
    assert last["items"] == [f"p{n}" for n in range(41, 46)]
    assert last["next"] is None
    assert last["prev"] == "/jams/products?sort=name&page=2"
    small = client.get("/jams/products?per_page=10&page=2").json
    assert small["items"][0] == "p11"
    assert small["pages"] == 5


@pytest.mark.parametrize(
    ("query", "status"),
    [("page=0", 400), ("page=two", 400), ("per_page=-1", 400), ("page=4", 404)],
)
def test_bad_page_numbers_are_client_errors(
    app: Demijohn, client: DemijohnClient, make_database: Make, query: str, status: int
) -> None:
    seed(make_database(Model), 45)

    @app.get("/")
    def products(session: Session) -> dict[str, t.Any]:
        return paginate(session, ORDERED).to_dict(lambda product: product.id)

    assert client.get(f"/?{query}").status_code == status


def test_the_page_size_is_capped_and_an_empty_result_is_one_empty_page(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    seed(make_database(Model), 5)

    @app.get("/")
    def products(session: Session) -> dict[str, t.Any]:
        page = paginate(session, ORDERED.where(Product.id > 100), max_per_page=3)
        return {"size": page.per_page, "pages": page.pages, "first": page.first, "n": len(page)}

    @app.get("/capped")
    def capped(session: Session) -> dict[str, t.Any]:
        page = paginate(session, ORDERED, per_page=1000)
        return {"size": page.per_page, "last": page.last}

    assert client.get("/?per_page=50").json == {"size": 3, "pages": 0, "first": 0, "n": 0}
    assert client.get("/capped").json == {"size": 100, "last": 5}


def test_a_template_renders_a_pager(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    seed(make_database(Model), 200)

    @app.get("/")
    def products(session: Session) -> str:
        page = paginate(session, ORDERED, per_page=10)
        return render_template_string(
            "{% for n in page.iter_pages() %}{{ '…' if n is none else n }} {% endfor %}"
            "| {{ page.items[0].name }} {{ page }}",
            page=page,
        )

    assert client.get("/?page=10").text == (
        "1 2 … 8 9 10 11 12 13 14 … 19 20 | p91 &lt;Page 10 of 20 (10 of 200 items)&gt;"
    )


def test_an_async_view_paginates_with_its_async_session(
    app: Demijohn, client: DemijohnClient, make_database: Make
) -> None:
    seed(make_database(Model), 3)

    @app.get("/")
    async def products(session: AsyncSession) -> dict[str, t.Any]:
        page = await async_paginate(session, ORDERED, per_page=2)
        return page.to_dict(lambda product: product.id)

    assert client.get("/?page=2").json == {
        "items": [3],
        "page": 2,
        "per_page": 2,
        "total": 3,
        "pages": 2,
        "prev": "/?page=1",
        "next": None,
    }


def test_a_page_made_outside_a_request_has_numbers_but_no_links() -> None:
    page = Page(["a", "b"], page=2, per_page=2, total=5)
    assert list(page) == ["a", "b"]
    assert (page.prev_num, page.next_num, page.has_prev, page.has_next) == (1, 3, True, True)
    assert page.to_dict()["next"] is None
    with pytest.raises(RuntimeError, match="made outside a request"):
        page.url(1)
