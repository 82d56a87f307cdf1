"""HTTP requests under the ASGI driver, through the raw harness: request bodies sent in many
messages while the response streams, clients that leave mid-body and mid-stream, async and
sync bodies streamed at once beyond the thread pool's size, and the context variables a view
leaves for the hooks after it."""

from __future__ import annotations

import asyncio
import threading
import typing as t

import pytest

from demijohn import Demijohn, request, stream_with_context
from demijohn.views import MethodView, View

from .harness import DEADLOCK, DISCONNECT, Client, body, call, get, http_scope, turns


def forever() -> asyncio.Event:
    """An event nobody sets: what an idle stream (a quiet SSE channel) waits for."""
    return asyncio.Event()


@pytest.fixture
def blocked(app: Demijohn) -> t.Iterator[threading.Event]:
    """A sync view at ``/block`` that holds its pool thread until the test ends (or the
    returned event is set)."""
    release = threading.Event()

    @app.route("/block")
    def block() -> str:
        release.wait(DEADLOCK)
        return "unblocked"

    yield release
    release.set()


class TestAsyncBodies:
    """An async generator body is produced on the event loop: an idle stream holds no thread."""

    def test_idle_async_streams_beyond_the_pool_leave_sync_views_answering(
        self, app: Demijohn
    ) -> None:
        app.config["ASGI_THREADS"] = 4

        @app.route("/events")
        async def events() -> t.AsyncIterator[str]:
            yield "hello"
            await forever().wait()

        app.add_url_rule("/sync", "sync", lambda: "answered")

        async def main() -> None:
            streams = [Client(body(b"")) for _ in range(6)]
            tasks = [call(app, stream, http_scope("/events")) for stream in streams]
            for stream in streams:
                assert await stream.next_chunk() == b"hello"
            assert (await get(app, "/sync")).body == b"answered"
            for stream in streams:
                stream.say(DISCONNECT)
            await asyncio.wait_for(asyncio.gather(*tasks), DEADLOCK)

        asyncio.run(main())

    def test_an_async_body_streams_while_every_thread_is_busy(
        self, app: Demijohn, blocked: threading.Event
    ) -> None:
        app.config["ASGI_THREADS"] = 1

        @app.route("/count")
        async def count() -> t.AsyncIterator[bytes]:
            for n in range(3):
                await asyncio.sleep(0)
                yield str(n).encode()

        async def main() -> None:
            blocking = call(app, Client(body(b"")), http_scope("/block"))
            await turns()
            assert (await get(app, "/count")).chunks == [b"0", b"1", b"2"]
            blocked.set()
            await asyncio.wait_for(blocking, DEADLOCK)

        asyncio.run(main())

    def test_sync_bodies_stream_while_more_async_bodies_than_threads_wait(
        self, app: Demijohn
    ) -> None:
        app.config["ASGI_THREADS"] = 2
        go = asyncio.Event()

        @app.route("/async/<int:n>")
        async def async_body(n: int) -> t.AsyncIterator[str]:
            yield f"a{n} waits "
            await go.wait()
            yield f"a{n} ends"

        @app.route("/sync/<int:n>")
        def sync_body(n: int) -> t.Iterator[str]:
            for i in range(3):
                yield f"s{n}.{i} "

        async def main() -> tuple[list[bytes], list[bytes]]:
            waiting = [Client(body(b"")) for _ in range(4)]
            tasks = [call(app, c, http_scope(f"/async/{n}")) for n, c in enumerate(waiting)]
            for client in waiting:
                await client.next_chunk()
            synced = await asyncio.gather(*(get(app, f"/sync/{n}") for n in range(4)))
            go.set()
            await asyncio.wait_for(asyncio.gather(*tasks), DEADLOCK)
            return [c.body for c in waiting], [c.body for c in synced]

        waited, synced = asyncio.run(main())
        assert waited == [f"a{n} waits a{n} ends".encode() for n in range(4)]
        assert synced == [f"s{n}.0 s{n}.1 s{n}.2 ".encode() for n in range(4)]

    def test_a_client_gone_mid_stream_cancels_the_async_body_where_it_waits(
        self, app: Demijohn
    ) -> None:
        events: list[str] = []

        @app.route("/events")
        async def stream() -> t.AsyncIterator[str]:
            async def generate() -> t.AsyncIterator[str]:
                try:
                    yield "first"
                    await forever().wait()
                    yield "never"
                finally:
                    events.append("generator closed")

            return stream_with_context(generate())  # type: ignore[no-any-return]

        app.teardown_request(lambda exc: events.append("teardown"))

        async def main() -> Client:
            client = Client(body(b""))
            task = call(app, client, http_scope("/events"))
            assert await client.next_chunk() == b"first"
            client.say(DISCONNECT)
            await asyncio.wait_for(task, DEADLOCK)
            return client

        client = asyncio.run(main())
        assert client.body == b"first"
        assert events == ["generator closed", "teardown"]

    def test_the_server_cancelling_an_idle_async_stream_closes_it(self, app: Demijohn) -> None:
        events: list[str] = []

        @app.route("/events")
        async def stream() -> t.AsyncIterator[str]:
            try:
                yield "first"
                await forever().wait()
            finally:
                events.append("generator closed")

        async def main() -> None:
            client = Client(body(b""))
            task = call(app, client, http_scope("/events"))
            await client.next_chunk()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(task, DEADLOCK)

        asyncio.run(main())
        assert events == ["generator closed"]

    @pytest.mark.parametrize("kind", ["View", "MethodView"])
    def test_async_class_based_views_answer_while_every_thread_is_busy(
        self, app: Demijohn, blocked: threading.Event, kind: str
    ) -> None:
        app.config["ASGI_THREADS"] = 1

        class Dispatch(View):
            async def dispatch_request(self) -> str:
                await asyncio.sleep(0)
                return "dispatched"

        class Methods(MethodView):
            async def get(self) -> str:
                await asyncio.sleep(0)
                return "dispatched"

        view = (Dispatch if kind == "View" else Methods).as_view("classy")
        app.add_url_rule("/classy", view_func=view)

        async def main() -> None:
            blocking = call(app, Client(body(b"")), http_scope("/block"))
            await turns()
            assert (await get(app, "/classy")).body == b"dispatched"
            blocked.set()
            await asyncio.wait_for(blocking, DEADLOCK)

        asyncio.run(main())


class TestBodyWhileStreaming:
    """A response that streams while the view still reads the request body (an echo, a
    proxy): the driver awaits one ``receive`` at a time, and the body messages it receives
    while watching for a disconnect are kept for the body's reader."""

    @pytest.fixture(params=["sync", "async"])
    def echo(self, app: Demijohn, request: pytest.FixtureRequest) -> str:
        if request.param == "sync":

            @app.post("/echo")
            def sync_echo() -> t.Any:
                def generate() -> t.Iterator[bytes]:
                    while data := request_stream().read(4):
                        yield data

                return stream_with_context(generate())

        else:

            @app.post("/echo")
            async def async_echo() -> t.Any:
                async def generate() -> t.AsyncIterator[bytes]:
                    while data := request_stream().read(4):
                        yield data

                return stream_with_context(generate())

        return t.cast(str, request.param)

    def test_every_chunk_comes_back(self, app: Demijohn, echo: str) -> None:
        async def main() -> Client:
            client = Client(body(b"ping", more=True))
            task = call(app, client, http_scope("/echo", method="POST"))
            for n in range(1, 5):
                await client.next_chunk()
                client.say(body(f"pin{n}".encode(), more=n < 4))
            await asyncio.wait_for(task, DEADLOCK)
            return client

        client = asyncio.run(main())
        assert client.body == b"pingpin1pin2pin3pin4"
        assert client.finished

    def test_a_client_gone_mid_body_ends_the_stream(self, app: Demijohn, echo: str) -> None:
        events: list[str] = []
        app.teardown_request(lambda exc: events.append(f"teardown {type(exc).__name__}"))

        async def main() -> Client:
            client = Client(body(b"ping", more=True))
            task = call(app, client, http_scope("/echo", method="POST"))
            await client.next_chunk()
            client.say(DISCONNECT)
            await asyncio.wait_for(task, DEADLOCK)
            return client

        client = asyncio.run(main())
        assert client.body == b"ping"
        assert events == ["teardown ClientDisconnected"]

    def test_unread_body_is_kept_only_up_to_a_bound(self, app: Demijohn) -> None:
        """A view that streams without reading the body: the watcher keeps what arrives up
        to its bound, then stops receiving until the body is read."""
        received: list[int] = []
        release = asyncio.Event()

        @app.post("/")
        async def index() -> t.Any:
            async def generate() -> t.AsyncIterator[bytes]:
                yield b"started"
                await release.wait()
                yield str(len(request_stream().read())).encode()

            return stream_with_context(generate())

        async def main() -> Client:
            client = Client(*(body(b"x" * 16384, more=True) for _ in range(8)), body(b""))
            receive = client.receive

            async def counting_receive() -> t.Any:
                message = await receive()
                received.append(len(message.get("body", b"")))
                return message

            task = asyncio.ensure_future(
                app.asgi(http_scope("/", method="POST"), counting_receive, client.send)
            )
            await client.next_chunk()
            await turns(50)
            assert sum(received) == 65536
            release.set()
            await client.next_chunk()
            client.say(DISCONNECT)
            await asyncio.wait_for(task, DEADLOCK)
            return client

        client = asyncio.run(main())
        assert client.chunks == [b"started", str(8 * 16384).encode()]


def request_stream() -> t.Any:
    return request.stream
