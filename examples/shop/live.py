"""The shop's live side: a coroutine view, two WebSockets and server-sent events. Imported on
the first request to one of them (see ``urls.py``).

Each view is a coroutine function: under ASGI it runs on the server's event loop, under WSGI in
an event loop of its own. Blocking work (the database) goes to a thread with
:func:`asyncio.to_thread`, which carries the context over, so ``g`` and ``current_app`` work
there. The WebSockets need an ASGI server; under WSGI their URLs answer 426, and the product
page, whose new reviews arrive over ``/ws/reviews/<id>``, polls the reviews' JSON instead
(``static/shop.js``). New reviews are found in the database, so every worker's connections see
those written through any other.
"""

from __future__ import annotations

import asyncio
import collections.abc as cabc
import json
import typing as t

from sqlalchemy import func, select

from demijohn import Request, Response, current_app, request, stream_with_context
from demijohn.db import Database
from demijohn.streaming import ServerSentEvent, event_stream
from demijohn.websocket import WebSocket

from .catalog.models import Product, Review
from .catalog.reviews import review_json, reviews_after
from .db import release_request_session


async def stats() -> dict[str, t.Any]:
    """Totals over the catalog, from a view that awaits."""
    products, reviews, average = await asyncio.to_thread(_totals)
    return {"products": products, "reviews": reviews, "average_price_cents": average}


def _totals() -> tuple[int, int, int]:
    with Database.of(current_app).session() as session:
        products, total = session.execute(
            select(func.count(Product.id), func.coalesce(func.sum(Product.price_cents), 0))
        ).one()
        reviews = session.scalar(select(func.count(Review.id))) or 0
    return products, reviews, total // products if products else 0


async def prices(websocket: WebSocket) -> None:
    """Look prices up over one WebSocket: each text message ``{"product_id": 1}`` is answered
    with that product (or ``{"error": ...}``), until the client closes the connection."""
    release_request_session()
    await websocket.accept()
    async for message in websocket:
        await websocket.send_json(await _answer(message))


async def _answer(message: str | bytes) -> dict[str, t.Any]:
    try:
        product_id = json.loads(message)["product_id"]
    except (ValueError, TypeError, KeyError):
        return {"error": 'Send {"product_id": <id>} as JSON.'}
    if not isinstance(product_id, int):
        return {"error": "'product_id' must be a whole number."}
    product = await asyncio.to_thread(_product, product_id)
    if product is None:
        return {"error": f"There is no product {product_id}."}
    return product


def _product(product_id: int) -> dict[str, t.Any] | None:
    with Database.of(current_app).session() as session:
        product = session.get(Product, product_id)
        if product is None:
            return None
        return {"id": product.id, "name": product.name, "price_cents": product.price_cents}


async def reviews(websocket: WebSocket, product_id: int) -> None:
    """Send each new review of a product as it is written (``?after=<id>``: the newest the
    page shows), looking every ``LIVE_INTERVAL_SECONDS``, until the client goes."""
    after = request.args.get("after", 0, type=int)
    interval = float(current_app.config["LIVE_INTERVAL_SECONDS"])
    release_request_session()
    await websocket.accept()
    # The client sends nothing; listening is how its leaving is noticed.
    gone = asyncio.ensure_future(_until_closed(websocket))
    try:
        while not gone.done():
            for review in await asyncio.to_thread(_new_reviews, product_id, after):
                await websocket.send_json(review)
                after = review["id"]
            await asyncio.wait([gone], timeout=interval)
    finally:
        gone.cancel()


async def _until_closed(websocket: WebSocket) -> None:
    async for _ in websocket:
        pass


def _new_reviews(product_id: int, after: int) -> list[dict[str, t.Any]]:
    with Database.of(current_app).session() as session:
        return [review_json(review) for review in reviews_after(session, product_id, after)]


async def price_events(request: Request) -> Response:
    """Every product's price as server-sent ``prices`` events, ``?ticks=`` times (10 by
    default), ``PRICE_TICK_SECONDS`` apart; a browser's ``EventSource`` reconnects after."""
    ticks = min(max(request.args.get("ticks", 10, type=int), 1), 100)
    interval = float(current_app.config["PRICE_TICK_SECONDS"])
    release_request_session()
    # stream_with_context keeps the request open while the events are sent, long after this
    # function returned.
    return event_stream(stream_with_context(_ticks(ticks, interval)))


async def _ticks(ticks: int, interval: float) -> cabc.AsyncIterator[ServerSentEvent]:
    for tick in range(ticks):
        if tick:
            await asyncio.sleep(interval)
        rows = await asyncio.to_thread(_prices)
        yield ServerSentEvent(data=rows, event="prices", id=str(tick))


def _prices() -> list[dict[str, int]]:
    with Database.of(current_app).session() as session:
        rows = session.execute(select(Product.id, Product.price_cents).order_by(Product.id))
        return [{"id": row.id, "price_cents": row.price_cents} for row in rows]
