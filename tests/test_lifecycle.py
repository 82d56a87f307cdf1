"""The serving lifecycle: before_serving and after_serving functions, starting on the first
request when no ASGI lifespan ran, and background tasks inside and outside requests.

Most tests run through the ``client`` fixture, over WSGI and ASGI. Those that need to see the
ASGI messages themselves (when a task ran relative to what was sent, a lifespan, two requests
at once) drive ``app.asgi`` directly with :class:`ASGIServer`. Shutting down when the process
exits, without a lifespan, is tested in ``test_lifecycle_exit.py``.
"""

from __future__ import annotations

import asyncio
import collections.abc as cabc
import logging
import threading
import typing as t

import pytest

from demijohn import (
    Demijohn,
    appcontext_pushed,
    copy_current_request_context,
    current_app,
    g,
    has_app_context,
    has_request_context,
    send_file,
    stream_with_context,
)
from demijohn.errors import SetupError
from demijohn.testing import DemijohnClient

Message = dict[str, t.Any]


class ASGIServer:
    """A minimal ASGI server for one event loop: it runs the lifespan protocol and serves GET
    requests, recording every message the application sends."""

    def __init__(self, app: Demijohn) -> None:
        self.app = app
        self._lifespan_in: asyncio.Queue[Message] = asyncio.Queue()
        self._lifespan_out: asyncio.Queue[Message] = asyncio.Queue()
        self._lifespan: asyncio.Task[None] | None = None

    async def lifespan(self, phase: str) -> str:
        """Send ``lifespan.<phase>`` and return the type of the application's answer."""
        if self._lifespan is None:
            self._lifespan = asyncio.ensure_future(
                self.app.asgi(
                    {"type": "lifespan", "asgi": {"version": "3.0"}},
                    self._lifespan_in.get,
                    self._lifespan_out.put,
                )
            )
        await self._lifespan_in.put({"type": f"lifespan.{phase}"})
        answer = await self._lifespan_out.get()
        return t.cast(str, answer["type"])

    async def get(self, path: str, sent: list[Message] | None = None) -> list[Message]:
        """Serve ``GET path`` and return the messages the application sent, also appending
        them to ``sent`` as they are sent when it is given."""
        if sent is None:
            sent = []
        requested = False

        async def receive() -> Message:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # the client stays connected
            raise AssertionError("unreachable")

        async def send(message: t.MutableMapping[str, t.Any]) -> None:
            sent.append(dict(message))

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "query_string": b"",
            "headers": [(b"host", b"localhost")],
        }
        await self.app.asgi(scope, receive, send)
        return sent


def body_of(sent: list[Message]) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


# -- before_serving and after_serving ---------------------------------------------------------


class TestServingFunctions:
    def test_sync_and_async_functions_run_once_in_an_app_context(self, app: Demijohn) -> None:
        events: list[str] = []

        @app.before_serving
        def open_pool() -> None:
            events.append(f"open in {current_app.name}")

        @app.before_serving
        async def warm_cache() -> None:
            await asyncio.sleep(0)
            events.append(f"warm in {current_app.name}")

        @app.after_serving
        async def flush() -> None:
            await asyncio.sleep(0)
            events.append("flush")

        @app.after_serving
        def close_pool() -> None:
            g.closing = True
            events.append(f"close in {current_app.name}")

        app.startup()
        app.startup()
        assert events == ["open in demijohn_test_app", "warm in demijohn_test_app"]
        app.shutdown()
        app.shutdown()
        assert events[2:] == ["close in demijohn_test_app", "flush"]

    def test_after_serving_functions_run_newest_first(self, app: Demijohn) -> None:
        events: list[int] = []
        for number in (1, 2, 3):
            app.after_serving(lambda number=number: events.append(number))
        app.startup()
        app.shutdown()
        assert events == [3, 2, 1]

    def test_every_after_serving_function_runs_when_some_fail(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        events: list[str] = []

        @app.after_serving
        def registered_first() -> None:
            events.append("first")
            raise ValueError("first registered")

        @app.after_serving
        def registered_second() -> None:
            events.append("second")
            raise KeyError("second registered")

        @app.after_serving
        def registered_last() -> None:
            events.append("last")

        app.startup()
        with (
            caplog.at_level(logging.ERROR, logger=app.name),
            pytest.raises(KeyError, match="second registered"),
        ):
            app.shutdown()
        assert events == ["last", "second", "first"]
        logged = [r for r in caplog.records if r.name == app.name]
        assert [r.getMessage() for r in logged] == ["An after_serving function failed"]
        assert logged[0].exc_info is not None
        assert isinstance(logged[0].exc_info[1], ValueError)

    def test_no_app_context_is_pushed_without_functions(self, app: Demijohn) -> None:
        pushed: list[Demijohn] = []
        with appcontext_pushed.connected_to(lambda sender: pushed.append(sender), app):
            app.startup()
            app.shutdown()
            assert pushed == []
            app.before_serving(lambda: None)
            app.after_serving(lambda: None)
            app.startup()
            app.shutdown()
        assert pushed == [app, app]

    def test_failed_startup_is_tried_again(self, app: Demijohn) -> None:
        attempts: list[int] = []

        @app.before_serving
        def connect() -> None:
            attempts.append(len(attempts))
            if len(attempts) == 1:
                raise ConnectionError("database not up yet")

        with pytest.raises(ConnectionError):
            app.startup()
        app.startup()
        app.startup()
        assert attempts == [0, 1]

    def test_setup_methods_are_refused_after_the_first_request(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/", "index", lambda: "ok")
        client.get("/")
        with pytest.raises(SetupError, match="before_serving"):
            app.before_serving(lambda: None)
        with pytest.raises(SetupError, match="after_serving"):
            app.after_serving(lambda: None)


class TestStartingOnTheFirstRequest:
    def test_first_request_starts_the_app_once(self, app: Demijohn, client: DemijohnClient) -> None:
        events: list[str] = []

        @app.before_serving
        async def start() -> None:
            events.append("before_serving")

        @app.after_serving
        def stop() -> None:
            events.append("after_serving")

        @app.before_request
        def before() -> None:
            events.append("before_request")

        app.add_url_rule("/", "index", lambda: "ok")
        client.get("/")
        client.get("/")
        assert events == ["before_serving", "before_request", "before_request"]
        # Without a lifespan, after_serving runs at exit; shutdown() is what exit calls.
        app.shutdown()
        assert events[-1] == "after_serving"

    def test_a_lifespan_start_is_not_repeated_by_requests(self, app: Demijohn) -> None:
        events: list[str] = []
        app.before_serving(lambda: events.append("before_serving"))
        app.after_serving(lambda: events.append("after_serving"))
        app.add_url_rule("/", "index", lambda: "ok")

        async def serve() -> list[str]:
            server = ASGIServer(app)
            answers = [await server.lifespan("startup")]
            assert body_of(await server.get("/")) == b"ok"
            assert body_of(await server.get("/")) == b"ok"
            answers.append(await server.lifespan("shutdown"))
            return answers

        assert asyncio.run(serve()) == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
        assert events == ["before_serving", "after_serving"]

    def test_a_failing_lifespan_start_is_reported_to_the_server(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        @app.before_serving
        async def start() -> None:
            raise ConnectionError("no database")

        async def serve() -> str:
            return await ASGIServer(app).lifespan("startup")

        with caplog.at_level(logging.ERROR, logger="demijohn.asgi"):
            assert asyncio.run(serve()) == "lifespan.startup.failed"
        assert "startup hooks failed" in caplog.text

    def test_concurrent_first_requests_over_asgi_start_once(self, app: Demijohn) -> None:
        """A second request arriving while an async before_serving function waits must wait
        without blocking the event loop the first one needs to finish."""
        events: list[str] = []
        waiting = asyncio.Event()
        release = asyncio.Event()

        @app.before_serving
        async def start() -> None:
            waiting.set()
            await release.wait()
            events.append("started")

        @app.route("/<name>")
        def view(name: str) -> str:
            events.append(name)
            return name

        async def second(server: ASGIServer) -> list[Message]:
            await waiting.wait()
            return await server.get("/second")

        async def releaser() -> None:
            await waiting.wait()
            release.set()

        async def serve() -> list[list[Message]]:
            server = ASGIServer(app)
            first, second_sent, _ = await asyncio.gather(
                server.get("/first"), second(server), releaser()
            )
            return [first, second_sent]

        result: list[list[list[Message]]] = []
        # A thread, so that a regression (a blocked event loop) fails instead of hanging.
        thread = threading.Thread(target=lambda: result.append(asyncio.run(serve())), daemon=True)
        thread.start()
        thread.join(timeout=10)
        assert result, "the two first requests deadlocked"
        assert [body_of(sent) for sent in result[0]] == [b"first", b"second"]
        assert events[0] == "started"
        assert sorted(events[1:]) == ["first", "second"]


# -- background tasks inside a request --------------------------------------------------------


class TestBackgroundTasksInARequest:
    def test_task_runs_after_the_streamed_body(
        self, app: Demijohn, client: DemijohnClient, protocol: str
    ) -> None:
        events: list[str] = []

        @app.route("/")
        def index() -> cabc.Iterator[str]:
            app.add_background_task(events.append, "task")

            def generate() -> cabc.Iterator[str]:
                events.append("chunk 1")
                yield "a"
                events.append("chunk 2")
                yield "b"

            return generate()

        response = client.get("/")
        if protocol == "wsgi":
            # The WSGI server runs the task when it closes the response, after sending it.
            assert "task" not in events
            assert response.get_data() == b"ab"
            assert "task" not in events
            response.close()
        else:
            assert response.get_data() == b"ab"
        assert events == ["chunk 1", "chunk 2", "task"]

    def test_task_runs_off_the_event_loop_after_the_last_message(self, app: Demijohn) -> None:
        seen: list[tuple[list[t.Any], bool]] = []
        sent: list[Message] = []

        def task() -> None:
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                on_loop = False
            else:
                on_loop = True
            seen.append(([(m["type"], m.get("more_body")) for m in sent], on_loop))

        @app.route("/")
        def index() -> str:
            app.add_background_task(task)
            return "done"

        asyncio.run(ASGIServer(app).get("/", sent))
        assert body_of(sent) == b"done"
        (messages, on_loop), *rest = seen
        assert rest == []
        assert messages[0][0] == "http.response.start"
        assert messages[-1] == ("http.response.body", False)
        assert not on_loop

    def test_task_gets_arguments_an_app_context_and_g(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        seen: list[t.Any] = []

        def task(order_id: int, *, email: str) -> None:
            g.sent_to = email
            seen.append(
                (
                    order_id,
                    g.sent_to,
                    current_app._get_current_object(),  # type: ignore[attr-defined]
                    has_app_context(),
                    has_request_context(),
                )
            )

        @app.route("/")
        def index() -> str:
            g.from_view = True
            app.add_background_task(task, 7, email="a@example.test")
            return "ok"

        client.get("/").close()
        assert seen == [(7, "a@example.test", app, True, False)]

    def test_async_task(self, app: Demijohn, client: DemijohnClient) -> None:
        seen: list[str] = []

        async def task(name: str) -> None:
            await asyncio.sleep(0)
            seen.append(f"{name} in {current_app.name}")

        @app.route("/")
        async def index() -> str:
            app.add_background_task(task, "async task")
            return "ok"

        response = client.get("/")
        assert response.get_data() == b"ok"
        response.close()
        assert seen == ["async task in demijohn_test_app"]

    def test_failing_task_is_logged_and_the_others_still_run(
        self, app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        events: list[str] = []

        def broken() -> None:
            raise RuntimeError("mail server down")

        @app.route("/")
        def index() -> str:
            app.add_background_task(broken)
            app.add_background_task(events.append, "second task")
            return "ok"

        with caplog.at_level(logging.ERROR, logger=app.name):
            response = client.get("/")
            assert response.status_code == 200
            assert response.get_data() == b"ok"
            response.close()
        assert events == ["second task"]
        (record,) = [r for r in caplog.records if r.name == app.name]
        assert record.getMessage().startswith("A background task failed")
        assert record.exc_info is not None
        assert isinstance(record.exc_info[1], RuntimeError)


# -- background tasks outside a request -------------------------------------------------------


class TestBackgroundTasksOutsideARequest:
    def test_task_runs_in_a_thread_and_shutdown_waits_for_it(self, app: Demijohn) -> None:
        events: list[t.Any] = []
        started = threading.Event()
        release = threading.Event()

        def task() -> None:
            started.set()
            release.wait(timeout=10)
            events.append(("task", threading.current_thread() is threading.main_thread()))
            events.append(("app context", current_app.name))

        app.after_serving(lambda: events.append("after_serving"))
        app.startup()
        app.add_background_task(task)
        assert started.wait(timeout=10)
        release.set()
        app.shutdown()
        assert events == [
            ("task", False),
            ("app context", "demijohn_test_app"),
            "after_serving",
        ]

    def test_shutdown_waits_even_when_the_app_never_started(self, app: Demijohn) -> None:
        events: list[str] = []
        release = threading.Event()

        def task() -> None:
            release.wait(timeout=10)
            events.append("task")

        app.add_background_task(task)
        release.set()
        app.shutdown()
        assert events == ["task"]

    def test_async_task_and_failures(self, app: Demijohn, caplog: pytest.LogCaptureFixture) -> None:
        events: list[str] = []

        async def task() -> None:
            await asyncio.sleep(0)
            events.append(f"async in {current_app.name}")

        def broken() -> None:
            raise ValueError("bad input")

        with caplog.at_level(logging.ERROR, logger=app.name):
            app.add_background_task(task)
            app.add_background_task(broken)
            app.shutdown()
        assert events == ["async in demijohn_test_app"]
        assert "A background task failed" in caplog.text


# -- background tasks added after the view returned -------------------------------------------


class TestLateBackgroundTasks:
    """Tasks added once the response exists (by teardown functions, by a streamed body's
    generator) run after the response was sent, like the others."""

    def test_task_added_by_a_teardown_function(
        self, app: Demijohn, client: DemijohnClient, protocol: str
    ) -> None:
        events: list[str] = []
        app.add_url_rule("/", "index", lambda: "ok")

        @app.teardown_request
        def clean_up(exc: BaseException | None) -> None:
            events.append("teardown")
            app.add_background_task(events.append, "task")

        response = client.get("/")
        assert response.get_data() == b"ok"
        if protocol == "wsgi":
            assert events == ["teardown"]  # the server has not closed the response yet
        response.close()
        assert events == ["teardown", "task"]

    def test_tasks_added_before_and_by_teardown_run_once_each(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []

        @app.route("/")
        def index() -> str:
            app.add_background_task(events.append, "from the view")
            return "ok"

        app.teardown_request(lambda exc: app.add_background_task(events.append, "from teardown"))
        client.get("/").close()
        assert events == ["from the view", "from teardown"]

    def test_task_added_while_a_streamed_body_is_generated(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []

        @app.route("/")
        def index() -> t.Any:
            @stream_with_context
            def generate() -> cabc.Iterator[str]:
                yield "a"
                app.add_background_task(events.append, "task")
                events.append("body done")
                yield "b"

            return generate()

        app.teardown_request(lambda exc: events.append("teardown"))
        response = client.get("/")
        assert response.get_data() == b"ab"
        response.close()
        assert events == ["body done", "teardown", "task"]

    def test_task_added_by_an_async_generator_and_its_teardown(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []

        @app.route("/")
        def index() -> t.Any:
            @stream_with_context
            async def generate() -> cabc.AsyncIterator[str]:
                yield "a"
                app.add_background_task(events.append, "from the body")

            return generate()

        app.teardown_request(lambda exc: app.add_background_task(events.append, "from teardown"))
        response = client.get("/")
        assert response.get_data() == b"a"
        response.close()
        assert events == ["from the body", "from teardown"]

    def test_task_of_a_file_response(
        self, app: Demijohn, client: DemijohnClient, tmp_path: t.Any
    ) -> None:
        events: list[str] = []
        (tmp_path / "report.txt").write_bytes(b"report")

        @app.route("/")
        def index() -> t.Any:
            app.add_background_task(events.append, "task")
            return send_file(tmp_path / "report.txt")

        response = client.get("/")
        assert response.get_data() == b"report"
        response.close()
        assert events == ["task"]

    def test_task_added_by_teardown_runs_after_the_last_message_over_asgi(
        self, app: Demijohn
    ) -> None:
        sent: list[Message] = []
        seen: list[tuple[str, t.Any]] = []
        app.add_url_rule("/", "index", lambda: "done")

        @app.teardown_request
        def clean_up(exc: BaseException | None) -> None:
            app.add_background_task(lambda: seen.append((sent[-1]["type"], sent[-1]["more_body"])))

        asyncio.run(ASGIServer(app).get("/", sent))
        assert body_of(sent) == b"done"
        assert seen == [("http.response.body", False)]

    def test_task_added_through_a_copied_context_while_the_view_runs(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        events: list[str] = []

        @app.route("/")
        def index() -> str:
            @copy_current_request_context
            def work() -> None:
                app.add_background_task(events.append, "from the thread")

            thread = threading.Thread(target=work)
            thread.start()
            thread.join(timeout=10)
            return "ok"

        response = client.get("/")
        assert response.get_data() == b"ok"
        response.close()
        assert events == ["from the thread"]


# -- requests during and after shutdown -------------------------------------------------------


class TestShuttingDown:
    """Once shutdown has begun, requests are still answered, but serving never starts again
    by itself: the server is stopping."""

    @pytest.fixture
    def events(self, app: Demijohn) -> list[str]:
        events: list[str] = []
        app.before_serving(lambda: events.append("before_serving"))
        app.after_serving(lambda: events.append("after_serving"))
        app.add_url_rule("/", "index", lambda: "ok")
        return events

    def test_request_after_shutdown(
        self, app: Demijohn, client: DemijohnClient, events: list[str]
    ) -> None:
        client.get("/").close()
        app.shutdown()
        response = client.get("/")
        assert response.get_data() == b"ok"
        response.close()
        app.shutdown()
        assert events == ["before_serving", "after_serving"]

    def test_request_made_by_an_after_serving_function(
        self, app: Demijohn, client: DemijohnClient, events: list[str]
    ) -> None:
        @app.after_serving
        def last_request() -> None:
            events.append(client.get("/").get_data(as_text=True))

        client.get("/").close()
        app.shutdown()
        assert events == ["before_serving", "ok", "after_serving"]

    def test_explicit_startup_serves_again(self, app: Demijohn, events: list[str]) -> None:
        app.startup()
        app.shutdown()
        app.startup()
        app.shutdown()
        assert events == ["before_serving", "after_serving"] * 2

    def test_request_while_a_lifespan_shutdown_waits_is_served(
        self, app: Demijohn, events: list[str]
    ) -> None:
        """The request neither starts serving again nor waits for the shutdown, which here
        waits for it."""

        async def serve() -> list[str]:
            server = ASGIServer(app)
            answers = [await server.lifespan("startup")]

            @app.after_serving
            async def drain() -> None:
                events.append(body_of(await server.get("/")).decode())

            answers.append(await server.lifespan("shutdown"))
            return answers

        assert asyncio.run(serve()) == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
        assert events == ["before_serving", "ok", "after_serving"]

    def test_first_request_that_waited_while_shutdown_began_does_not_start(
        self, app: Demijohn, events: list[str]
    ) -> None:
        """A first request waiting for the serving lock when shutdown begins."""
        lock = SignallingLock()
        app._serving_lock = lock  # type: ignore[assignment]  # the same interface, observable
        responses: list[bytes] = []
        with lock:
            request = threading.Thread(
                target=lambda: responses.append(app.test_client(protocol="wsgi").get("/").data)
            )
            request.start()
            assert lock.waiting.acquire(timeout=10)  # the request waits for the lock
            shutdown = threading.Thread(target=app.shutdown)
            shutdown.start()
            assert lock.waiting.acquire(timeout=10)  # so does shutdown, which has begun
        request.join(timeout=10)
        shutdown.join(timeout=10)
        assert responses == [b"ok"]
        assert events == []


class SignallingLock:
    """A lock that tells, through a semaphore, each time a caller starts waiting for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.waiting = threading.Semaphore(0)

    def acquire(self, blocking: bool = True) -> bool:
        if not blocking:
            return self._lock.acquire(blocking=False)
        if self._lock.acquire(blocking=False):
            return True
        self.waiting.release()
        return self._lock.acquire()

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> SignallingLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._lock.release()
