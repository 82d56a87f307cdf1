"""The catalog: products, with reviews nested inside (``catalog.reviews``).

The blueprint names its views by import string, like the top-level URL module.
"""

from __future__ import annotations

from decimal import Decimal

from demijohn import Blueprint, current_app
from demijohn.i18n import format_currency

from .reviews import reviews

catalog = Blueprint("catalog", __name__)
catalog.add_url_rule("/", view_func="examples.shop.catalog.views:list_products")
catalog.add_url_rule("/", view_func="examples.shop.catalog.views:create_product", methods=["POST"])
catalog.add_url_rule("/<int:product_id>", view_func="examples.shop.catalog.views:show_product")
catalog.add_url_rule(
    "/<int:product_id>/review",
    view_func="examples.shop.catalog.views:review_form",
    methods=["POST"],
)
catalog.add_url_rule("/export.csv", view_func="examples.shop.catalog.views:export_csv")
catalog.register_blueprint(reviews, url_prefix="/<int:product_id>/reviews")


@catalog.app_template_filter("price")
def format_price(cents: int) -> str:
    """Show a price kept in cents (exact, unlike floats) in the shop's currency, the way the
    request's language writes it: ``{{ 2400|price }}`` is ``€24.00`` in English and
    ``24,00 €`` in German. Registered on the application, so every template has it."""
    return format_currency(Decimal(cents) / 100, current_app.config["CURRENCY"])
