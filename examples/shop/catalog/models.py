"""The catalog's tables: products and their reviews. Prices are whole cents, exact as floats
are not."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model


class Product(Model):
    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    price_cents: Mapped[int]
    reviews: Mapped[list[Review]] = relationship(
        back_populates="product", order_by="Review.id", cascade="all, delete-orphan"
    )


class Review(Model):
    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    stars: Mapped[int]
    text: Mapped[str] = mapped_column(String(2000))
    product: Mapped[Product] = relationship(back_populates="reviews")
