"""An application that answers with large bodies, for the soak test of the ASGI driver's
memory: ``/large`` (an async view) returns 1 MB, and ``/small`` a few bytes.
"""

from __future__ import annotations

import asyncio

from demijohn import Demijohn, Response

app = Demijohn(__name__)
SIZE = 1_000_000


@app.route("/large")
async def large() -> Response:
    await asyncio.sleep(0.01)  # so that a burst's requests are in flight together
    return Response(b"x" * SIZE)


@app.route("/small")
def small() -> str:
    return "small"
