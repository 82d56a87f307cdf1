"""Models the database tests share: products on the default bind, report lines on another."""

from __future__ import annotations

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from demijohn.db import NAMING_CONVENTION


class Model(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Product(Model):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class ReportModel(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Line(ReportModel):
    __tablename__ = "lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))
