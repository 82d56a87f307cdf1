"""The ASGI driver, called the way a server calls it: hand-made scopes, and receive and send
callables that play the server's side of the connection."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import typing as t

import pytest

from demijohn import (
    Demijohn,
    Response,
    asgi,
    current_app,
    g,
    request,
    stream_with_context,
    url_for,
)
from demijohn.asgi import ClientDisconnected
from demijohn.calling import run_blocking
from demijohn.testing import DemijohnClient

Message = t.MutableMapping[str, t.Any]


def http_scope(
    path: str = "/",
    *,
    method: str = "GET",
    query: bytes = b"",
    headers: t.Sequence[tuple[str, str]] = (),
    root_path: str = "",
    **extra: t.Any,
) -> dict[str, t.Any]:
    """An ``http`` scope as a server builds it; ``extra`` adds or replaces keys."""
    scope: dict[str, t.Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": root_path,
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    scope.update(extra)
    return scope


def chunk(data: bytes, more: bool = False) -> Message:
    return {"type": "http.request", "body": data, "more_body": more}


DISCONNECT: Message = {"type": "http.disconnect"}


class Peer:
    """The server's side of one ASGI call: ``receive`` hands out ``incoming`` in order, then
    waits like a connected client that has nothing more to say (or keeps answering
    ``http.disconnect`` once the client has gone); ``send`` records what the app sends.

    :param incoming: the messages the client sends.
    """

    def __init__(self, incoming: list[Message]) -> None:
        self.incoming = incoming
        self.sent: list[Message] = []
        self.receive_calls = 0
        self.gone = asyncio.Event()

    async def receive(self) -> Message:
        self.receive_calls += 1
        if self.incoming:
            message = self.incoming.pop(0)
            if message["type"] == "http.disconnect":
                self.gone.set()
            return message
        await self.gone.wait()
        return DISCONNECT

    async def send(self, message: Message) -> None:
        self.sent.append(message)

    @property
    def status(self) -> int:
        assert self.sent[0]["type"] == "http.response.start"
        return t.cast(int, self.sent[0]["status"])

    def header(self, name: str) -> list[bytes]:
        return [v for k, v in self.sent[0]["headers"] if k == name.encode()]

    @property
    def chunks(self) -> list[bytes]:
        return [m["body"] for m in self.sent[1:] if m["type"] == "http.response.body"]

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


async def exchange(app: Demijohn, scope: dict[str, t.Any], *incoming: Message) -> Peer:
    peer = Peer(list(incoming) if incoming else [chunk(b"")])
    await app.asgi(scope, peer.receive, peer.send)
    return peer


def serve(app: Demijohn, scope: dict[str, t.Any], *incoming: Message) -> Peer:
    """Run one ASGI call in a fresh event loop and return the server's record of it."""
    return asyncio.run(exchange(app, scope, *incoming))


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


class TestEntryPoints:
    def test_the_app_answers_asgi3_and_asgi2_calls(self, app: Demijohn) -> None:
        app.add_url_rule("/", "index", lambda: "served")
        three, two = Peer([chunk(b"")]), Peer([chunk(b"")])
        asyncio.run(app(http_scope(), three.receive, three.send))
        asyncio.run(app(http_scope())(two.receive, two.send))
        assert (three.status, three.body) == (two.status, two.body) == (200, b"served")

    def test_other_argument_counts_are_refused(self, app: Demijohn) -> None:
        with pytest.raises(TypeError, match="WSGI servers call it with"):
            app(1, 2, 3, 4)

    def test_unsupported_scope_type(self, app: Demijohn) -> None:
        peer = Peer([])
        with pytest.raises(ValueError, match="'webtransport'"):
            asyncio.run(app.asgi({"type": "webtransport"}, peer.receive, peer.send))
        assert peer.sent == []


class TestTranslation:
    def test_status_headers_and_body(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> tuple[str, int, dict[str, str]]:
            return "created", 201, {"X-Thing": "A Value"}

        peer = serve(app, http_scope())
        assert peer.status == 201
        assert peer.header("x-thing") == [b"A Value"]
        assert peer.header("content-length") == [b"7"]
        assert peer.body == b"created"
        assert peer.sent[-1] == {
            "type": "http.response.body",
            "body": b"created",
            "more_body": False,
        }
        assert len(peer.sent) == 2

    def test_a_body_of_several_chunks_ends_with_an_empty_message(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> Response:
            response = Response()
            response.response = [b"one", b"", b"two"]
            response.headers["Content-Length"] = "6"
            return response

        peer = serve(app, http_scope())
        assert peer.chunks == [b"one", b"two", b""]
        assert peer.sent[-1]["more_body"] is False

    def test_each_set_cookie_is_its_own_header(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> Response:
            response = Response("ok")
            response.set_cookie("a", "1")
            response.set_cookie("b", "2")
            return response

        cookies = serve(app, http_scope()).header("set-cookie")
        assert [c.split(b";")[0] for c in cookies] == [b"a=1", b"b=2"]

    def test_header_values_are_latin_1_both_ways(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> tuple[str, dict[str, str]]:
            return request.headers["X-Name"], {"X-Reply": "caf\u00e9"}

        peer = serve(app, http_scope(headers=[("X-Name", "na\u00efve")]))
        assert peer.header("x-reply") == [b"caf\xe9"]
        assert peer.body == "na\u00efve".encode()

    def test_root_path_becomes_the_script_name(self, app: Demijohn) -> None:
        @app.route("/where")
        def where() -> str:
            return f"{request.script_root} {request.path} {url_for('where')}"

        peer = serve(app, http_scope("/mount/where", root_path="/mount"))
        assert peer.body == b"/mount /where /mount/where"

    def test_path_outside_the_root_path_is_kept(self, app: Demijohn) -> None:
        app.add_url_rule("/other", "other", lambda: request.path)
        assert serve(app, http_scope("/other", root_path="/mount")).body == b"/other"

    def test_non_ascii_path(self, app: Demijohn) -> None:
        @app.route("/<name>")
        def show(name: str) -> str:
            return f"{name} {request.path}"

        assert serve(app, http_scope("/caf\u00e9")).body == "caf\u00e9 /caf\u00e9".encode()

    def test_query_string(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> str:
            return f"{request.args.getlist('a')} {request.args['q']}"

        peer = serve(app, http_scope(query=b"a=1&a=2&q=%C3%A9"))
        assert peer.body == "['1', '2'] \u00e9".encode()

    def test_server_client_scheme_and_version(self, app: Demijohn) -> None:
        app.add_url_rule("/", "index", lambda: f"{request.host} {request.remote_addr}")
        app.add_url_rule(
            "/more", "more", lambda: f"{request.scheme} {request.environ['SERVER_PROTOCOL']}"
        )
        scope = http_scope(server=("example.org", 8443), client=("10.0.0.9", 5555))
        assert serve(app, scope).body == b"example.org:8443 10.0.0.9"
        assert (
            serve(app, http_scope("/more", scheme="https", http_version="2")).body
            == b"https HTTP/2"
        )
        del scope["server"], scope["client"]
        assert serve(app, scope).body == b"localhost "

    def test_repeated_headers_are_joined(self, app: Demijohn) -> None:
        @app.route("/")
        def index() -> str:
            cookies = sorted(request.cookies.items())
            return f"{cookies} {request.headers['X-Tag']}"

        headers = [("Cookie", "a=1"), ("Cookie", "b=2"), ("X-Tag", "x"), ("X-Tag", "y")]
        peer = serve(app, http_scope(headers=headers))
        assert peer.body == b"[('a', '1'), ('b', '2')] x, y"

    def test_content_type_and_length_headers(self, app: Demijohn) -> None:
        app.add_url_rule(
            "/",
            "index",
            lambda: f"{request.mimetype} {request.content_length}",
            methods=["POST"],
        )
        headers = [("Content-Type", "text/plain"), ("Content-Length", "2")]
        peer = serve(app, http_scope(method="POST", headers=headers), chunk(b"hi"))
        assert peer.body == b"text/plain 2"

    def test_header_names_keep_translating_past_the_remembered_limit(
        self, app: Demijohn, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(asgi.environ, "_MAX_ENVIRON_KEYS", 2)
        monkeypatch.setattr(asgi.environ, "_environ_keys", {})

        @app.route("/")
        def index() -> str:
            return ",".join(request.headers.get(f"X-{i}", "-") for i in range(4))

        for _ in range(2):
            headers = [(f"X-{i}", str(i)) for i in range(4)]
            assert serve(app, http_scope(headers=headers)).body == b"0,1,2,3"
        assert len(asgi.environ._environ_keys) <= 2

    def test_one_runner_per_loop_and_pool(self, app: Demijohn) -> None:
        async def runner_of_this_loop() -> t.Any:
            return app.asgi.make_runner()

        async def twice() -> tuple[t.Any, t.Any]:
            return app.asgi.make_runner(), app.asgi.make_runner()

        first, second = asyncio.run(twice())
        assert first is second
        assert asyncio.run(runner_of_this_loop()) is not first


class TestRequestBody:
    @pytest.fixture
    def echo_app(self, app: Demijohn) -> Demijohn:
        @app.post("/sync")
        def sync_echo() -> bytes:
            return request.get_data()

        @app.post("/async")
        async def async_echo() -> bytes:
            await asyncio.sleep(0)
            return request.get_data()

        return app

    @pytest.mark.parametrize("path", ["/sync", "/async"])
    def test_body_in_several_messages(self, echo_app: Demijohn, path: str) -> None:
        parts = [chunk(b"one ", True), chunk(b"", True), chunk(b"two ", True), chunk(b"three")]
        peer = serve(echo_app, http_scope(path, method="POST"), *parts)
        assert (peer.status, peer.body) == (200, b"one two three")

    def test_form_in_several_messages(self, app: Demijohn) -> None:
        app.add_url_rule("/", "form", lambda: dict(request.form), methods=["POST"])
        scope = http_scope(
            method="POST", headers=[("Content-Type", "application/x-www-form-urlencoded")]
        )
        peer = serve(app, scope, chunk(b"name=ad", True), chunk(b"a&lang=py"))
        assert peer.body == b'{"lang":"py","name":"ada"}\n'

    def test_stream_read_by_lines_and_sizes(self, app: Demijohn) -> None:
        @app.post("/")
        def lines() -> list[str]:
            stream = request.stream
            parts = [stream.readline(3), stream.readline(), stream.read(2), *stream]
            return [part.decode() for part in parts]

        parts = [chunk(b"alpha\nbe", True), chunk(b"ta\ngam", True), chunk(b"ma")]
        peer = serve(app, http_scope(method="POST"), *parts)
        assert peer.body == b'["alp","ha\\n","be","ta\\n","gamma"]\n'

    def test_a_body_never_read_is_never_waited_for(self, app: Demijohn) -> None:
        app.add_url_rule("/", "index", lambda: "answered", methods=["POST"])
        peer = Peer([])

        asyncio.run(app.asgi(http_scope(method="POST"), peer.receive, peer.send))
        assert (peer.status, peer.body) == (200, b"answered")
        assert peer.receive_calls == 0

    @pytest.mark.parametrize("path", ["/sync", "/async"])
    def test_chunked_body_over_the_limit_is_413_without_waiting_for_the_rest(
        self, echo_app: Demijohn, path: str
    ) -> None:
        echo_app.config["MAX_CONTENT_LENGTH"] = 5
        # The client is still sending when the limit is passed; the rest never arrives.
        peer = serve(
            echo_app, http_scope(path, method="POST"), chunk(b"abc", True), chunk(b"def", True)
        )
        assert peer.status == 413
        assert peer.sent[-1]["more_body"] is False

    def test_body_exactly_at_the_limit_is_accepted(self, echo_app: Demijohn) -> None:
        echo_app.config["MAX_CONTENT_LENGTH"] = 6
        parts = [chunk(b"abc", True), chunk(b"def", True), chunk(b"")]
        peer = serve(echo_app, http_scope("/sync", method="POST"), *parts)
        assert (peer.status, peer.body) == (200, b"abcdef")

    def test_one_byte_past_the_limit_is_413(self, echo_app: Demijohn) -> None:
        echo_app.config["MAX_CONTENT_LENGTH"] = 6
        parts = [chunk(b"abc", True), chunk(b"def", True), chunk(b"g")]
        assert serve(echo_app, http_scope("/sync", method="POST"), *parts).status == 413

    def test_limit_set_by_the_view_applies(self, app: Demijohn) -> None:
        @app.post("/")
        def small() -> bytes:
            request.max_content_length = 2
            return request.get_data()

        assert serve(app, http_scope(method="POST"), chunk(b"abc")).status == 413

    def test_declared_length_over_the_limit_is_413_before_the_body_arrives(
        self, echo_app: Demijohn
    ) -> None:
        echo_app.config["MAX_CONTENT_LENGTH"] = 5
        peer = Peer([])
        scope = http_scope("/sync", method="POST", headers=[("Content-Length", "10")])

        asyncio.run(echo_app.asgi(scope, peer.receive, peer.send))
        assert peer.status == 413
        assert peer.sent[-1]["more_body"] is False

    @pytest.mark.parametrize("path", ["/sync", "/async"])
    @pytest.mark.parametrize("limit", [None, 100])
    def test_client_leaving_mid_body_is_a_400_not_a_logged_error(
        self, echo_app: Demijohn, path: str, limit: int | None, caplog: pytest.LogCaptureFixture
    ) -> None:
        echo_app.config.update(TESTING=False, MAX_CONTENT_LENGTH=limit)
        torn_down: list[BaseException | None] = []
        echo_app.teardown_request(torn_down.append)

        peer = serve(echo_app, http_scope(path, method="POST"), chunk(b"part", True), DISCONNECT)
        assert peer.status == 400
        assert errors_logged(caplog) == []
        assert torn_down == [None]

    def test_view_may_catch_the_disconnect(self, app: Demijohn) -> None:
        seen: list[str] = []

        @app.post("/")
        def careful() -> str:
            try:
                request.get_data()
            except ConnectionError as e:
                seen.append(type(e).__name__)
            return "done"

        serve(app, http_scope(method="POST"), chunk(b"x", True), DISCONNECT)
        assert seen == [ClientDisconnected.__name__]


class TestWhereCodeRuns:
    def test_async_view_awaits_on_the_server_loop_and_sees_the_request(self, app: Demijohn) -> None:
        seen: dict[str, t.Any] = {}

        @app.before_request
        def remember() -> None:
            g.user = "ada"

        @app.route("/")
        async def index() -> str:
            seen["loop"] = asyncio.get_running_loop()
            queue: asyncio.Queue[str] = asyncio.Queue()
            task = asyncio.create_task(queue.put(request.args["word"]))
            word = await queue.get()
            await task
            return f"{word} {g.user}"

        async def main() -> None:
            peer = await exchange(app, http_scope(query=b"word=hello"))
            assert peer.body == b"hello ada"
            assert seen["loop"] is asyncio.get_running_loop()

        asyncio.run(main())

    @pytest.mark.parametrize("in_threads", [True, False])
    def test_sync_view_in_a_worker_thread_unless_turned_off(
        self, app: Demijohn, in_threads: bool
    ) -> None:
        app.config["ASGI_SYNC_VIEWS_IN_THREADS"] = in_threads
        app.add_url_rule("/", "index", lambda: threading.current_thread().name)
        name = serve(app, http_scope()).body.decode()
        assert (name == threading.current_thread().name) is not in_threads
        assert name.startswith(f"demijohn-{app.name}") is in_threads

    def test_sync_view_waits_for_a_coroutine_on_the_server_loop(self, app: Demijohn) -> None:
        seen: dict[str, t.Any] = {}

        async def helper(word: str) -> str:
            seen["loop"] = asyncio.get_running_loop()
            await asyncio.sleep(0)
            return f"{word} {request.path}"

        @app.route("/")
        def index() -> str:
            seen["thread"] = threading.current_thread()
            return t.cast(str, app.ensure_sync(helper)("hello"))

        async def main() -> None:
            peer = await exchange(app, http_scope())
            assert peer.body == b"hello /"
            assert seen["loop"] is asyncio.get_running_loop()

        asyncio.run(main())
        assert seen["thread"] is not threading.current_thread()

    def test_blocking_calls_leave_the_loop_and_stay_in_a_worker(self, app: Demijohn) -> None:
        def same_thread() -> str:
            return str(run_blocking(threading.current_thread) is threading.current_thread())

        async def from_async() -> str:
            return same_thread()

        app.add_url_rule("/sync", "sync", same_thread)
        app.add_url_rule("/async", "async", from_async)
        assert serve(app, http_scope("/sync")).body == b"True"
        assert serve(app, http_scope("/async")).body == b"False"

    def test_errors_of_awaited_work_reach_the_coroutine(self, app: Demijohn) -> None:
        async def fail() -> None:
            raise LookupError("missing")

        @app.route("/")
        async def index() -> str:
            try:
                await asyncio.create_task(fail())
            except LookupError as e:
                return f"caught {e}"
            return "not caught"

        assert serve(app, http_scope()).body == b"caught missing"

    def test_async_hooks_handlers_and_teardown_run_on_the_server_loop(self, app: Demijohn) -> None:
        loops: list[tuple[str, asyncio.AbstractEventLoop]] = []

        async def note(name: str) -> None:
            await asyncio.sleep(0)
            loops.append((name, asyncio.get_running_loop()))

        @app.before_request
        async def before() -> None:
            await note("before")

        @app.route("/")
        async def index() -> str:
            raise KeyError("k")

        @app.errorhandler(KeyError)
        async def handle(e: KeyError) -> tuple[str, int]:
            await note("handler")
            return "handled", 409

        @app.after_request
        async def after(response: Response) -> Response:
            await note("after")
            return response

        @app.teardown_request
        async def teardown(exc: BaseException | None) -> None:
            await note("teardown")

        async def main() -> None:
            peer = await exchange(app, http_scope())
            assert (peer.status, peer.body) == (409, b"handled")
            on_loop = [name for name, seen in loops if seen is asyncio.get_running_loop()]
            assert on_loop == ["before", "handler", "after", "teardown"]

        asyncio.run(main())

    def test_waiting_outside_a_request_greenlet_is_refused(self, app: Demijohn) -> None:
        async def work() -> int:
            return 1

        async def main() -> None:
            runner = app.asgi.make_runner()
            with pytest.raises(RuntimeError, match="not running inside a request greenlet"):
                runner.run_coroutine(work())
            future = asyncio.get_running_loop().create_future()
            with pytest.raises(RuntimeError, match="Await it instead"):
                runner.run_coroutine(future)

        asyncio.run(main())


class TestConcurrency:
    def test_a_waiting_request_does_not_block_the_loop(self, app: Demijohn) -> None:
        @app.route("/wait")
        async def wait() -> str:
            await app.config["EVENT"].wait()
            return "woken"

        @app.route("/set")
        async def set_() -> str:
            app.config["EVENT"].set()
            return "set"

        async def main() -> None:
            app.config["EVENT"] = asyncio.Event()
            waiting = asyncio.create_task(exchange(app, http_scope("/wait")))
            setter = await exchange(app, http_scope("/set"))
            assert setter.body == b"set"
            assert (await waiting).body == b"woken"

        asyncio.run(main())

    def test_a_blocked_sync_view_does_not_block_the_loop(self, app: Demijohn) -> None:
        release = threading.Event()

        @app.route("/block")
        def block() -> str:
            release.wait()
            return "released"

        @app.route("/release")
        async def release_() -> str:
            release.set()
            return "set"

        async def main() -> None:
            blocked = asyncio.create_task(exchange(app, http_scope("/block")))
            assert (await exchange(app, http_scope("/release"))).body == b"set"
            assert (await blocked).body == b"released"

        asyncio.run(main())

    def test_context_does_not_leak_between_concurrent_requests(self, app: Demijohn) -> None:
        @app.before_request
        def load() -> None:
            g.name = request.args["name"]

        @app.route("/")
        async def index() -> str:
            events = app.config["EVENTS"]
            mine, other = events[g.name], events["b" if g.name == "a" else "a"]
            other.set()
            await mine.wait()
            return f"{g.name} {request.args['name']}"

        async def main() -> None:
            app.config["EVENTS"] = {"a": asyncio.Event(), "b": asyncio.Event()}
            a, b = await asyncio.gather(
                exchange(app, http_scope(query=b"name=a")),
                exchange(app, http_scope(query=b"name=b")),
            )
            assert (a.body, b.body) == (b"a a", b"b b")

        asyncio.run(main())


class TestStreamedResponses:
    def test_generators_arrive_in_several_messages(self, app: Demijohn) -> None:
        def generate() -> t.Iterator[str]:
            yield from ("one", "", "two")

        async def agenerate() -> t.AsyncIterator[str]:
            for word in ("one", "", "two"):
                await asyncio.sleep(0)
                yield word

        app.add_url_rule("/sync", "sync", generate)
        app.add_url_rule("/async", "async", agenerate)
        for path in ("/sync", "/async"):
            peer = serve(app, http_scope(path))
            assert peer.header("content-length") == []
            assert [(m["body"], m["more_body"]) for m in peer.sent[1:]] == [
                (b"one", True),
                (b"two", True),
                (b"", False),
            ]

    def test_empty_chunks_of_a_body_in_memory_are_not_sent(self, app: Demijohn) -> None:
        app.add_url_rule("/", "index", lambda: Response([b"a", b"", b"b"]))
        assert serve(app, http_scope()).chunks == [b"a", b"b", b""]

    def test_body_messages_the_view_did_not_read_do_not_stop_the_stream(
        self, app: Demijohn
    ) -> None:
        drained = threading.Event()

        @app.post("/")
        def index() -> t.Iterator[str]:
            drained.wait()  # until the server has handed out the whole body
            yield "streamed"

        async def main() -> Peer:
            peer = Peer([chunk(b"unread", True), chunk(b"too")])

            async def receive() -> Message:
                message = await peer.receive()
                if not peer.incoming:
                    drained.set()
                return message

            await app.asgi(http_scope(method="POST"), receive, peer.send)
            return peer

        peer = asyncio.run(main())
        assert (peer.status, peer.body) == (200, b"streamed")

    @pytest.mark.parametrize("how", ["disconnect", "send fails"])
    def test_client_gone_mid_stream_closes_the_generator(self, app: Demijohn, how: str) -> None:
        events: list[str] = []

        @app.route("/")
        def index() -> t.Iterator[str]:
            def generate() -> t.Iterator[str]:
                try:
                    while True:
                        yield "tick"
                finally:
                    events.append("closed")

            return stream_with_context(generate())

        app.teardown_request(lambda exc: events.append("teardown"))

        async def main() -> None:
            peer = Peer([chunk(b"")])

            async def send(message: Message) -> None:
                if message.get("body") == b"tick" and how == "send fails":
                    raise OSError("connection reset")
                await peer.send(message)
                if message.get("body") == b"tick":
                    peer.incoming.append(DISCONNECT)
                    peer.gone.set()

            # Either way the client's departure is no error of the application's.
            await app.asgi(http_scope(), peer.receive, send)
            if how == "disconnect":
                assert b"tick" in peer.chunks

        asyncio.run(main())
        assert events == ["closed", "teardown"]


class TestLifespan:
    def run_lifespan(self, app: Demijohn, *phases: str) -> list[Message]:
        peer = Peer([{"type": f"lifespan.{phase}"} for phase in phases])
        asyncio.run(app.asgi({"type": "lifespan"}, peer.receive, peer.send))
        return peer.sent

    def test_serving_hooks_run_at_startup_and_shutdown_on_the_server_loop(
        self, app: Demijohn
    ) -> None:
        calls: list[tuple[str, t.Any]] = []

        def sync_hook(name: str) -> t.Callable[[], None]:
            return lambda: calls.append((name, current_app.name))

        def async_hook(name: str) -> t.Callable[[], t.Awaitable[None]]:
            async def hook() -> None:
                await asyncio.sleep(0)
                calls.append((name, asyncio.get_running_loop()))

            return hook

        app.before_serving(sync_hook("sync start"))
        app.before_serving(async_hook("async start"))
        app.after_serving(async_hook("async stop"))
        app.after_serving(sync_hook("sync stop"))

        async def main() -> list[Message]:
            peer = Peer([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
            await app.asgi({"type": "lifespan"}, peer.receive, peer.send)
            loop = asyncio.get_running_loop()
            assert [(name, seen in (app.name, loop)) for name, seen in calls] == [
                ("sync start", True),
                ("async start", True),
                ("sync stop", True),
                ("async stop", True),
            ]
            return peer.sent

        sent = asyncio.run(main())
        assert sent == [
            {"type": "lifespan.startup.complete"},
            {"type": "lifespan.shutdown.complete"},
        ]

    def test_failing_startup_is_reported(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        @app.before_serving
        def broken() -> None:
            raise OSError("no database")

        sent = self.run_lifespan(app, "startup")
        assert sent == [{"type": "lifespan.startup.failed", "message": "OSError('no database')"}]
        assert "startup hooks failed" in caplog.text

    def test_failing_shutdown_is_reported_after_every_hook_ran(self, app: Demijohn) -> None:
        calls: list[str] = []

        @app.after_serving
        def still_runs() -> None:
            calls.append("still runs")

        @app.after_serving
        def broken() -> None:
            raise OSError("flush failed")

        sent = self.run_lifespan(app, "startup", "shutdown")
        assert sent[1] == {"type": "lifespan.shutdown.failed", "message": "OSError('flush failed')"}
        assert calls == ["still runs"]

    def test_requests_are_served_again_after_a_shutdown(self, app: Demijohn) -> None:
        app.add_url_rule("/", "index", lambda: threading.current_thread().name)
        assert serve(app, http_scope()).status == 200
        self.run_lifespan(app, "startup", "shutdown")
        assert serve(app, http_scope()).body.startswith(b"demijohn-")


def _writes(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    start_response("200 OK", [])(b"the old way")
    return []


class TestMiddleware:
    @pytest.fixture
    def wrapped(self, app: Demijohn) -> Demijohn:
        inner = app.wsgi_app

        def middleware(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
            def start(status: str, headers: list[tuple[str, str]], exc_info: t.Any = None) -> t.Any:
                return start_response(status, [*headers, ("X-Wrapped", "yes")], exc_info)

            return inner(environ, start)

        app.wsgi_app = middleware  # type: ignore[method-assign]
        app.add_url_rule("/", "index", lambda: "inner")
        return app

    def test_middleware_applies_under_both_protocols(
        self, wrapped: Demijohn, client: DemijohnClient
    ) -> None:
        response = client.get("/")
        assert (response.data, response.headers["X-Wrapped"]) == (b"inner", "yes")

    def test_middleware_applies_to_raw_asgi_calls(self, wrapped: Demijohn) -> None:
        peer = serve(wrapped, http_scope())
        assert (peer.body, peer.header("x-wrapped")) == (b"inner", [b"yes"])

    def test_middleware_may_answer_an_error_with_exc_info(self, app: Demijohn) -> None:
        inner = app.wsgi_app

        def shield(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
            try:
                return inner(environ, start_response)
            except LookupError:
                start_response("503 SERVICE UNAVAILABLE", [], sys.exc_info())
                return [b"try later"]

        def index() -> str:
            raise LookupError("no such thing")

        app.wsgi_app = shield  # type: ignore[method-assign]
        app.add_url_rule("/", "index", index)
        peer = serve(app, http_scope())
        assert (peer.status, peer.body) == (503, b"try later")

    @pytest.mark.parametrize(
        ("middleware", "error"),
        [
            (lambda environ, start_response: [b"body"], "without calling start_response"),
            (_writes, "'write' callable is not supported"),
        ],
    )
    def test_misbehaving_middleware(
        self, app: Demijohn, middleware: t.Callable[..., t.Any], error: str
    ) -> None:
        app.wsgi_app = middleware  # type: ignore[method-assign]
        with pytest.raises(RuntimeError, match=error):
            serve(app, http_scope())

    def test_exc_info_before_the_body_replaces_status_and_headers(self, app: Demijohn) -> None:
        """PEP 3333: until the headers are sent, a call with exc_info starts over."""

        def replaces(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
            start_response("200 OK", [("X-First", "yes")])
            try:
                raise LookupError("late failure")
            except LookupError:
                start_response("502 BAD GATEWAY", [("X-Second", "yes")], sys.exc_info())
            return [b"upstream failed"]

        app.wsgi_app = replaces  # type: ignore[method-assign]
        peer = serve(app, http_scope())
        assert (peer.status, peer.body) == (502, b"upstream failed")
        assert (peer.header("x-first"), peer.header("x-second")) == ([], [b"yes"])

    def test_exc_info_after_the_body_started_is_raised(self, app: Demijohn) -> None:
        """Once the status has gone, the middleware's exc_info is raised to the server, which
        can only cut the response short."""
        inner = app.wsgi_app

        @app.route("/")
        def index() -> t.Any:
            def generate() -> t.Iterator[str]:
                yield "first"
                raise LookupError("late failure")

            return generate()

        def middleware(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
            body = inner(environ, start_response)

            def chunks() -> t.Iterator[bytes]:
                try:
                    yield from body
                except LookupError:
                    start_response("500 INTERNAL SERVER ERROR", [], sys.exc_info())
                    yield b"never sent"

            return chunks()

        app.wsgi_app = middleware  # type: ignore[method-assign]
        peer = Peer([chunk(b"")])
        with pytest.raises(LookupError, match="late failure"):
            asyncio.run(app.asgi(http_scope(), peer.receive, peer.send))
        assert (peer.status, peer.chunks) == (200, [b"first"])


class TestBadInput:
    """What a client controls never makes the driver fail: a 4xx, or a request served."""

    @pytest.fixture
    def echo(self, app: Demijohn) -> Demijohn:
        @app.route("/", methods=["GET", "POST"])
        def index() -> dict[str, t.Any]:
            return {
                "args": request.args.to_dict(),
                "header": request.headers.get("X-Note"),
                "url": request.url,
                "remote": request.remote_addr,
            }

        return app

    def test_header_bytes_outside_ascii_are_read_as_latin_1(self, echo: Demijohn) -> None:
        scope = http_scope(headers=[("X-Note", "")])
        scope["headers"] = [(b"x-note", b"caf\xc3\xa9 \xff"), (b"x-\xff", b"odd name")]
        peer = serve(echo, scope)
        assert (peer.status, peer.body.count(b"caf\\u00c3\\u00a9 \\u00ff")) == (200, 1)

    def test_query_bytes_outside_ascii_are_percent_encoded(self, echo: Demijohn) -> None:
        peer = serve(echo, http_scope(query=b"name=caf\xc3\xa9&raw=\xff&ok=%41"))
        assert peer.status == 200
        assert b'"name":"caf\\u00e9"' in peer.body
        assert b'"ok":"A"' in peer.body
        # A byte that is not UTF-8 stays percent-encoded, as Werkzeug leaves %FF.
        assert b'"raw":"%FF"' in peer.body

    @pytest.mark.parametrize("path", ["/\udcff", "/caf\u00e9", "/\ud800x"])
    def test_paths_that_match_no_route_are_404(self, echo: Demijohn, path: str) -> None:
        assert serve(echo, http_scope() | {"path": path}).status == 404

    def test_optional_scope_keys_may_be_missing(self, echo: Demijohn) -> None:
        scope = {"type": "http", "path": "/"}
        peer = serve(echo, scope)
        assert peer.status == 200
        assert b'"url":"http://localhost/"' in peer.body
        assert b'"remote":""' in peer.body

    def test_client_and_server_may_be_none(self, echo: Demijohn) -> None:
        peer = serve(echo, http_scope(client=None, server=None, headers=[("Host", "a.test")]))
        assert (peer.status, b'"url":"http://a.test/"' in peer.body) == (200, True)

    def test_body_over_the_limit_in_many_chunks_stops_reading(self, app: Demijohn) -> None:
        app.config["MAX_CONTENT_LENGTH"] = 100
        app.add_url_rule("/", "echo", lambda: request.get_data(), methods=["POST"])
        parts = [chunk(b"x" * 10, True) for _ in range(50)]
        peer = Peer([*parts, chunk(b"")])
        asyncio.run(app.asgi(http_scope(method="POST"), peer.receive, peer.send))
        assert peer.status == 413
        # Reading stopped at the first message past the limit; the rest was never waited for.
        assert peer.receive_calls == 11


class TestLifespanFailures:
    def test_failed_shutdown_still_ends_the_thread_pool(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        threads: list[threading.Thread] = []

        @app.route("/")
        def index() -> str:
            threads.append(threading.current_thread())
            return "ok"

        @app.after_serving
        def broken() -> None:
            raise OSError("flush failed")

        async def main() -> tuple[bytes, list[Message]]:
            incoming: asyncio.Queue[Message] = asyncio.Queue()
            sent: asyncio.Queue[Message] = asyncio.Queue()
            lifespan = asyncio.ensure_future(app.asgi({"type": "lifespan"}, incoming.get, sent.put))
            await incoming.put({"type": "lifespan.startup"})
            answers = [await sent.get()]
            body = (await exchange(app, http_scope())).body
            await incoming.put({"type": "lifespan.shutdown"})
            answers.append(await sent.get())
            await lifespan
            return body, answers

        body, answers = asyncio.run(main())
        assert body == b"ok"
        assert answers == [
            {"type": "lifespan.startup.complete"},
            {"type": "lifespan.shutdown.failed", "message": "OSError('flush failed')"},
        ]
        assert "shutdown hooks failed" in caplog.text
        (pool_thread,) = threads
        assert pool_thread is not threading.main_thread()
        assert not pool_thread.is_alive()
