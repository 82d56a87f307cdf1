"""The shop's live side: a coroutine view, a WebSocket and server-sent events. Imported on the
first request to one of them (see ``urls.py``).

Each view is a coroutine function: under ASGI it runs on the server's event loop, under WSGI in
an event loop of its own. Blocking work (here, SQLite) goes to a thread with
:func:`asyncio.to_thread`, which carries the context over, so ``g`` and ``current_app`` work
there. The WebSocket needs an ASGI server; the other two work under both protocols.
"""

from __future__ import annotations

import asyncio
import collections.abc as cabc
import json
import typing as t

from demijohn import Request, Response, current_app, stream_with_context
from demijohn.streaming import ServerSentEvent, event_stream
from demijohn.websocket import WebSocket

from .db import get_db


async def stats() -> dict[str, t.Any]:
    """Totals over the catalog, from a view that awaits."""
    products, reviews, average = await asyncio.to_thread(_totals)
    return {"products": products, "reviews": reviews, "average_price_cents": average}


def _totals() -> tuple[int, int, int]:
    conn = get_db()
    products, total = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(price_cents), 0) FROM product"
    ).fetchone()
    reviews = conn.execute("SELECT COUNT(*) FROM review").fetchone()[0]
    return products, reviews, total // products if products else 0


async def prices(websocket: WebSocket) -> None:
    """Look prices up over one WebSocket: each text message ``{"product_id": 1}`` is answered
    with that product (or ``{"error": ...}``), until the client closes the connection."""
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
    row = (
        get_db()
        .execute("SELECT id, name, price_cents FROM product WHERE id = ?", (product_id,))
        .fetchone()
    )
    return None if row is None else dict(row)


async def price_events(request: Request) -> Response:
    """Every product's price as server-sent ``prices`` events, ``?ticks=`` times (10 by
    default), ``PRICE_TICK_SECONDS`` apart; a browser's ``EventSource`` reconnects after."""
    ticks = min(max(request.args.get("ticks", 10, type=int), 1), 100)
    interval = float(current_app.config["PRICE_TICK_SECONDS"])
    # stream_with_context keeps the request (and its database connection) open while the
    # events are sent, long after this function returned.
    return event_stream(stream_with_context(_ticks(ticks, interval)))


async def _ticks(ticks: int, interval: float) -> cabc.AsyncIterator[ServerSentEvent]:
    for tick in range(ticks):
        if tick:
            await asyncio.sleep(interval)
        rows = await asyncio.to_thread(_prices)
        yield ServerSentEvent(data=rows, event="prices", id=str(tick))


def _prices() -> list[dict[str, int]]:
    rows = get_db().execute("SELECT id, price_cents FROM product ORDER BY id")
    return [{"id": row["id"], "price_cents": row["price_cents"]} for row in rows]
