"""The model and the SQLite file of the ``db_read`` and ``db_insert`` cases, for demijohn's
applications (Flask-SQLAlchemy's are written as its documentation writes them)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from demijohn.db import NAMING_CONVENTION


class Model(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Product(Model):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


def database_url() -> str:
    """A SQLite file of its own for one benchmark process."""
    return f"sqlite:///{Path(tempfile.mkdtemp(prefix='demijohn-bench-')) / 'shop.sqlite'}"
