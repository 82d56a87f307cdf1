"""The orders' tables: an order of a user, its lines at the prices of the day it was placed,
and when its confirmation was sent (by the background job in ``services.py``)."""

from __future__ import annotations

import datetime as dt
import typing as t

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model

if t.TYPE_CHECKING:
    from ..catalog.models import Product


class Order(Model):
    # ORDER is an SQL keyword, hence the plural.
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    confirmed_at: Mapped[dt.datetime | None]
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan"
    )

    @property
    def count(self) -> int:
        """How many items the order holds."""
        return sum(line.quantity for line in self.lines)

    @property
    def total_cents(self) -> int:
        """What the order costs."""
        return sum(line.quantity * line.price_cents for line in self.lines)


class OrderLine(Model):
    __tablename__ = "order_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int]
    price_cents: Mapped[int]
    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
