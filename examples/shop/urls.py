"""Every URL of the shop that lives outside the catalog and accounts blueprints.

Function views are named by import string: nothing here imports their modules, each is imported
on the first request that needs it, so this module can be read as the table of contents of the
application. Class-based views are imported, since registering a class asks it for its routes.
The API blueprint is included by import string, so it is imported on first use too.
``/healthz`` and ``/readyz`` come from :class:`~demijohn.production.Production`, ``/api/docs``
and ``/api/openapi.json`` from :class:`~demijohn.validation.Validation`.
"""

from __future__ import annotations

from demijohn import Demijohn
from demijohn.urls import URLs

urls = URLs("examples.shop")
# Owns /api: a URL under it that matches nothing answers JSON from the API's own handler.
urls.include(".api:api", url_prefix="/api", owns_url_space=True)


def register_urls(app: Demijohn) -> None:
    """Add the shop's top-level routes to ``app``."""
    from .cart import CartAPI
    from .orders import OrdersView

    app.add_url_rule("/", view_func="examples.shop.pages:index")
    app.add_url_rule("/language", view_func="examples.shop.pages:language", methods=["POST"])
    app.add_url_rule("/echo", view_func="examples.shop.pages:echo", methods=["GET", "POST"])
    app.add_url_rule("/stats", view_func="examples.shop.live:stats")
    app.add_url_rule("/events", view_func="examples.shop.live:price_events")
    # What @app.websocket("/ws/prices") does, by import string.
    app.add_url_rule(
        "/ws/prices",
        view_func="examples.shop.live:prices",
        websocket=True,
        provide_automatic_options=False,
    )
    # New reviews of a product as they are written; browsers without a WebSocket (or served
    # over WSGI) poll the reviews' JSON instead.
    app.add_url_rule(
        "/ws/reviews/<int:product_id>",
        view_func="examples.shop.live:reviews",
        websocket=True,
        provide_automatic_options=False,
    )
    # A MethodView: one view function, its methods (GET, POST, DELETE) taken from the class.
    app.add_url_rule("/api/cart", view_func=CartAPI.as_view("cart"))
    # A RouteClass: /orders/ and /orders/<int:order_id>, endpoints orders_index, ...
    OrdersView.register(app)
    urls.init_app(app)
