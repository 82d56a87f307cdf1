"""The greenlet runtime of the ASGI driver, seen from outside: what its reused workers keep
between requests, and how many of them it keeps."""

from __future__ import annotations

import asyncio
import gc
import weakref

import greenlet
import pytest

from demijohn import Demijohn, Response
from demijohn.asgi.greenlets import MAX_IDLE_WORKERS

from .harness import DEADLOCK, Client, body, call, get, http_scope


def live_workers() -> list[greenlet.greenlet]:
    """The greenlets alive in the process, but for each thread's main greenlet."""
    gc.collect()
    return [g for g in gc.get_objects() if isinstance(g, greenlet.greenlet) and g.parent]


class TestWhatWorkersKeep:
    """A worker greenlet waiting to serve again holds nothing of the request it served: 200
    concurrent requests for a large response must not keep 200 of them."""

    @pytest.mark.parametrize("kind", ["async", "sync", "streamed"])
    def test_a_finished_request_keeps_no_response_alive(self, app: Demijohn, kind: str) -> None:
        responses: list[weakref.ref[Response]] = []
        gate = asyncio.Event()

        def keep(response: Response) -> Response:
            responses.append(weakref.ref(response))
            return response

        @app.route("/async")
        async def async_view() -> Response:
            await gate.wait()  # every request is in flight at once
            return keep(Response(b"x" * 100_000))

        @app.route("/sync")
        def sync_view() -> Response:
            return keep(Response(b"x" * 100_000))

        @app.route("/streamed")
        async def streamed() -> Response:
            await gate.wait()
            return keep(Response(iter([b"x" * 100_000])))

        async def main() -> list[Client]:
            clients = [Client(body(b"")) for _ in range(20)]
            tasks = [call(app, c, http_scope(f"/{kind}")) for c in clients]
            await asyncio.sleep(0)
            gate.set()
            await asyncio.wait_for(asyncio.gather(*tasks), DEADLOCK)
            return clients

        clients = asyncio.run(main())
        assert all(client.body == b"x" * 100_000 for client in clients)
        gc.collect()
        assert len(responses) == 20
        assert [ref() for ref in responses] == [None] * 20


class TestHowManyWorkersWait:
    def test_idle_workers_are_bounded(self, app: Demijohn) -> None:
        gate = asyncio.Event()

        @app.route("/")
        async def wait() -> str:
            await gate.wait()
            return "done"

        async def main() -> int:
            clients = [Client(body(b"")) for _ in range(MAX_IDLE_WORKERS + 50)]
            tasks = [call(app, c, http_scope()) for c in clients]
            await asyncio.sleep(0)
            in_flight = len(live_workers())
            gate.set()
            await asyncio.wait_for(asyncio.gather(*tasks), DEADLOCK)
            assert all(client.body == b"done" for client in clients)
            return in_flight

        in_flight = asyncio.run(main())
        assert in_flight >= MAX_IDLE_WORKERS + 50
        assert len(live_workers()) <= MAX_IDLE_WORKERS

    def test_workers_are_reused(self, app: Demijohn) -> None:
        app.add_url_rule("/", "index", lambda: "hello")

        async def main() -> None:
            for _ in range(3):
                await get(app, "/")

        asyncio.run(main())
        before = {id(g) for g in live_workers()}
        asyncio.run(main())
        assert {id(g) for g in live_workers()} == before
