"""The ASGI driver under faults, called the way a server calls it: requests the server
cancels while their code runs or waits for a thread, and an application served from inside
another's view. Clients that leave mid-body and mid-stream, bodies sent in many messages while
the response streams, and more streams than the thread pool has threads are in
:mod:`tests.asgi.test_http`.

The client's side is played by :class:`~tests.asgi.harness.Client`.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from demijohn import Demijohn, request

from .harness import DEADLOCK, Client, body, call, http_scope, in_thread, turns


class TestCancellation:
    """A server cancels the application's task when the client goes away (hypercorn does, and
    so do timeouts): code still running for the request must finish before its teardown."""

    def test_teardown_waits_for_a_sync_view_still_running(self, app: Demijohn) -> None:
        started, release = threading.Event(), threading.Event()
        events: list[str] = []
        resource = {"open": True}

        @app.route("/")
        def slow() -> str:
            started.set()
            release.wait(DEADLOCK)
            events.append(f"view ends, resource {'open' if resource['open'] else 'closed'}")
            return "late"

        @app.teardown_request
        def close(exc: BaseException | None) -> None:
            resource["open"] = False
            events.append(f"teardown after {type(exc).__name__}")

        async def main() -> None:
            task = call(app, Client(body(b"")))
            await in_thread(started)
            task.cancel()
            await turns()
            events.append("cancelled")
            release.set()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        assert events == [
            "cancelled",
            "view ends, resource open",
            "teardown after CancelledError",
        ]

    def test_a_view_still_waiting_for_a_thread_never_runs(self, app: Demijohn) -> None:
        app.config["ASGI_THREADS"] = 1
        started, release = threading.Event(), threading.Event()
        ran: list[str] = []

        @app.route("/block")
        def block() -> str:
            started.set()
            release.wait(DEADLOCK)
            return "blocked"

        @app.route("/queued")
        def queued() -> str:
            ran.append("queued")
            return "queued"

        async def main() -> None:
            blocking = Client(body(b""))
            first = call(app, blocking, http_scope("/block"))
            await in_thread(started)
            second = call(app, Client(body(b"")), http_scope("/queued"))
            await turns()
            second.cancel()
            with pytest.raises(asyncio.CancelledError):
                await second
            release.set()
            await first
            assert blocking.body == b"blocked"

        asyncio.run(main())
        assert ran == []

    def test_an_async_view_is_cancelled_where_it_waits(self, app: Demijohn) -> None:
        events: list[str] = []

        @app.route("/")
        async def waits() -> str:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                events.append("view cancelled")
                raise
            return "never"

        app.teardown_request(lambda exc: events.append(f"teardown after {type(exc).__name__}"))

        async def main() -> None:
            task = call(app, Client(body(b"")))
            await turns()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        assert events == ["view cancelled", "teardown after CancelledError"]


class TestNestedApplications:
    """An application served from inside another's async view (a mounted sub-application, a
    test that calls an app from a view) runs in greenlets of its own under the view's."""

    @pytest.fixture
    def outer(self, app: Demijohn) -> Demijohn:
        inner = Demijohn("inner")

        @inner.route("/sync")
        def sync_view() -> str:
            return f"inner sync {request.path}"

        @inner.route("/async")
        async def async_view() -> str:
            await asyncio.sleep(0)
            return f"inner async {request.path}"

        @app.route("/mount/<path:rest>")
        async def mount(rest: str) -> bytes:
            client = Client(body(b""))
            await inner.asgi(http_scope(f"/{rest}"), client.receive, client.send)
            return f"{request.path} got ".encode() + client.body

        @app.route("/plain")
        async def plain() -> str:
            await asyncio.sleep(0)
            return "plain"

        return app

    def test_nested_calls_answer_once_the_workers_are_warm(self, outer: Demijohn) -> None:
        async def main() -> list[bytes]:
            # Requests at once leave several idle workers, made outside any view.
            await asyncio.gather(
                *(call(outer, Client(body(b"")), http_scope("/plain")) for _ in range(4))
            )
            answers = []
            for path in ["/mount/sync", "/mount/async"] * 3:
                client = Client(body(b""))
                await call(outer, client, http_scope(path))
                answers.append(client.body)
            return answers

        assert (
            asyncio.run(main())
            == [
                b"/mount/sync got inner sync /sync",
                b"/mount/async got inner async /async",
            ]
            * 3
        )

    def test_concurrent_nested_calls(self, outer: Demijohn) -> None:
        async def main() -> list[bytes]:
            clients = [Client(body(b"")) for _ in range(8)]
            paths = ["/mount/sync", "/mount/async"] * 4
            await asyncio.gather(
                *(call(outer, c, http_scope(p)) for c, p in zip(clients, paths, strict=True))
            )
            return [client.body for client in clients]

        assert set(asyncio.run(main())) == {
            b"/mount/sync got inner sync /sync",
            b"/mount/async got inner async /async",
        }
