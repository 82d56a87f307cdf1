"""SQLAlchemy built in: engines from the configuration, sessions with request lifetimes given
to views by type, helpers views need, a test fixture that rolls back, and Alembic migrations.

::

    from sqlalchemy import MetaData, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

    from demijohn import Demijohn
    from demijohn.db import NAMING_CONVENTION, Database, get_or_404

    class Model(DeclarativeBase):
        metadata = MetaData(naming_convention=NAMING_CONVENTION)

    class Product(Model):
        __tablename__ = "products"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(80))

    app = Demijohn(__name__)
    app.config["DATABASE_URL"] = "sqlite:///shop.db"
    db = Database(app, Model)

    @app.get("/products/<int:id>")
    def product(id: int, session: Session):
        return {"name": get_or_404(session, Product, id).name}

The session is a provider of :mod:`demijohn.providers`: made on first use in a request,
committed when the request succeeds and rolled back when it failed, then closed, all before
the response is sent. Async views ask for an :class:`~sqlalchemy.ext.asyncio.AsyncSession`
instead, on the same models, through an async driver (aiosqlite, psycopg 3).

``demijohn db init | revision | upgrade | downgrade | current | history | check`` manage the
migrations, and ``demijohn check`` reports migrations not applied and models that differ
from the migrations' head.

This module is a battery: it uses only demijohn's public API, and nothing in the core imports
it. It needs the ``db`` extra (``pip install demijohn[db]``), and a driver for an async
session.

.. versionadded:: 0.1
"""

from __future__ import annotations

from .engines import DEFAULT_BIND
from .errors import DatabaseError
from .extension import EXTENSION_KEY, Database
from .helpers import (
    async_first_or_404,
    async_get_or_404,
    async_one_or_404,
    first_or_404,
    get_or_404,
    one_or_404,
)
from .pagination import Page, async_paginate, paginate

#: Names for constraints and indexes, so that migrations can refer to them (SQLite and
#: PostgreSQL alike): ``ix_products_name``, ``uq_products_name``, ``fk_orders_product_id_products``.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

__all__ = [
    "DEFAULT_BIND",
    "EXTENSION_KEY",
    "NAMING_CONVENTION",
    "Database",
    "DatabaseError",
    "Page",
    "async_first_or_404",
    "async_get_or_404",
    "async_one_or_404",
    "async_paginate",
    "first_or_404",
    "get_or_404",
    "one_or_404",
    "paginate",
]
