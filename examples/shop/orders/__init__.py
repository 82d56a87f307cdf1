"""Orders: the logged-in user's orders and placing one from the cart (``views``), their tables
(``models``), and the confirmation sent after an order is placed (``services``)."""

from __future__ import annotations

from .views import OrdersView

__all__ = ["OrdersView"]
