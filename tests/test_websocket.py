"""WebSocket handlers: the handshake, messages both ways, closing, rejecting, hooks and routing.

Most tests talk through the test client's WebSocket sessions; those about what goes over the
wire (close codes, the denial extension) drive the ASGI application with hand-made scopes.
"""

from __future__ import annotations

import asyncio
import logging
import typing as t

import pytest

from demijohn import Blueprint, Demijohn, abort, g, request, url_for
from demijohn.testing import DemijohnClient, WebSocketClosed, WebSocketRejected
from demijohn.websocket import WebSocket, WebSocketDisconnect, WebSocketError

Message = t.MutableMapping[str, t.Any]
CONNECT: Message = {"type": "websocket.connect"}


def ws_scope(path: str, *, denial: bool = True, subprotocols: t.Sequence[str] = ()) -> Message:
    """A ``websocket`` scope as a server builds it; ``denial`` offers the extension that
    lets a rejected handshake be answered with an HTTP response."""
    return {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "subprotocols": list(subprotocols),
        "extensions": {"websocket.http.response": {}} if denial else {},
    }


def converse(app: Demijohn, scope: Message, *incoming: Message) -> list[Message]:
    """Run one WebSocket connection on which the client sends ``incoming``, and return what
    the application sent. Receiving more than the client sent fails the test."""
    sent: list[Message] = []
    messages = list(incoming)

    async def receive() -> Message:
        if messages:
            return messages.pop(0)
        raise AssertionError("the application waited for a message the client never sends")

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app.asgi(scope, receive, send))
    return sent


def bare_socket(*incoming: Message) -> tuple[WebSocket, list[Message]]:
    """A WebSocket outside any application, whose client sends ``incoming``; and the list of
    what is sent to the client."""
    messages, sent = list(incoming), []

    async def receive() -> Message:
        return messages.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    return WebSocket(ws_scope("/"), receive, send), sent


def rejection(app: Demijohn, path: str) -> WebSocketRejected:
    """How the application answered a handshake through the test client that it rejected."""
    with pytest.raises(WebSocketRejected) as info, app.test_client().websocket(path):
        pass
    return info.value


class TestHandshake:
    def test_accept_with_subprotocol_and_headers(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            offered = websocket.requested_subprotocols
            await websocket.accept(
                subprotocol=offered[-1], headers={"X-Offered": ",".join(offered)}
            )

        with app.test_client().websocket("/ws", subprotocols=["v2", "v1"]) as ws:
            assert ws.accepted_subprotocol == "v1"
            assert ws.accept_headers["X-Offered"] == "v2,v1"

    def test_accept_headers_as_pairs_and_on_the_wire(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept(headers=[("X-One", "1"), ("X-Two", "2")])
            await websocket.close()

        sent = converse(app, ws_scope("/ws"), CONNECT)
        assert sent == [
            {
                "type": "websocket.accept",
                "subprotocol": None,
                "headers": [(b"x-one", b"1"), (b"x-two", b"2")],
            },
            {"type": "websocket.close", "code": 1000, "reason": ""},
        ]

    def test_handshake_request_url_values_query_and_headers(self, app: Demijohn) -> None:
        @app.websocket("/rooms/<room>")
        async def handler(websocket: WebSocket, room: str) -> None:
            await websocket.accept()
            same = request.websocket is websocket
            await websocket.send(
                f"{room} {request.args['nick']} {request.headers['X-Token']} {same}"
            )

        client = app.test_client()
        with client.websocket("/rooms/lobby?nick=ada", headers={"X-Token": "t"}) as ws:
            assert ws.receive() == "lobby ada t True"

    def test_handler_without_a_websocket_parameter_uses_the_request(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler() -> None:
            websocket = t.cast(WebSocket, request.websocket)
            await websocket.accept()
            await websocket.send("via request")

        with app.test_client().websocket("/ws") as ws:
            assert ws.receive() == "via request"

    def test_sync_handler(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        def handler(websocket: WebSocket) -> None:
            app.ensure_sync(websocket.accept)()
            message = app.ensure_sync(websocket.receive)()
            app.ensure_sync(websocket.send)(message * 2)

        with app.test_client().websocket("/ws") as ws:
            ws.send("ab")
            assert ws.receive() == "abab"

    def test_client_leaving_before_the_handshake(self, app: Demijohn) -> None:
        ended: list[str] = []

        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            try:
                await websocket.accept()
            except WebSocketDisconnect as e:
                ended.append(f"{e.code}")
                raise

        sent = converse(app, ws_scope("/ws"), {"type": "websocket.disconnect", "code": 1001})
        assert (sent, ended) == ([], ["1001"])

    def test_first_message_must_be_connect(self, app: Demijohn) -> None:
        errors: list[str] = []

        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            try:
                await websocket.accept()
            except WebSocketError as e:
                errors.append(str(e))

        early = {"type": "websocket.receive", "text": "early"}
        sent = converse(app, ws_scope("/ws"), early, CONNECT)
        assert errors == ["Expected websocket.connect, got 'websocket.receive'."]
        assert sent[0]["status"] == 403


class TestMessages:
    @pytest.fixture
    def echo(self, app: Demijohn) -> Demijohn:
        @app.websocket("/echo")
        async def echo(websocket: WebSocket) -> None:
            await websocket.accept()
            async for message in websocket:
                await websocket.send(message)

        return app

    def test_text_and_bytes_both_ways(self, echo: Demijohn) -> None:
        with echo.test_client().websocket("/echo") as ws:
            ws.send("text")
            assert ws.receive() == "text"
            ws.send(b"\x00bytes")
            assert ws.receive() == b"\x00bytes"

    def test_json_both_ways(self, app: Demijohn) -> None:
        @app.websocket("/json")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()
            first = await websocket.receive_json()
            second = await websocket.receive_json()
            await websocket.send_json({"got": [first, second]})

        with app.test_client().websocket("/json") as ws:
            ws.send_json({"n": 1})
            ws.send(b'{"n": 2}')
            assert ws.receive_json() == {"got": [{"n": 1}, {"n": 2}]}

    def test_typed_receives_refuse_the_other_kind(self, app: Demijohn) -> None:
        @app.websocket("/typed")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()
            text = await websocket.receive_text()
            data = await websocket.receive_bytes()
            for wrong in (websocket.receive_text, websocket.receive_bytes):
                try:
                    await wrong()
                except WebSocketError as e:
                    await websocket.send(str(e))
            await websocket.send(f"{text} {data!r}")

        with app.test_client().websocket("/typed") as ws:
            for message in ("hello", b"world", b"not text", "not bytes"):
                ws.send(message)
            assert ws.receive() == "Expected a text message but received bytes."
            assert ws.receive() == "Expected a binary message but received text."
            assert ws.receive() == "hello b'world'"

    def test_iteration_ends_when_the_client_closes(self, app: Demijohn) -> None:
        received: list[str | bytes] = []
        codes: list[int | None] = []

        @app.websocket("/collect")
        async def collect(websocket: WebSocket) -> None:
            await websocket.accept()
            async for message in websocket:
                received.append(message)
            codes.append(websocket.close_code)

        with app.test_client().websocket("/collect") as ws:
            ws.send("a")
            ws.send(b"b")
            ws.close(4001)
        assert (received, codes) == (["a", b"b"], [4001])

    def test_disconnect_while_waiting_ends_the_handler_quietly(self, app: Demijohn) -> None:
        torn_down: list[BaseException | None] = []
        app.teardown_request(torn_down.append)

        @app.websocket("/wait")
        async def wait(websocket: WebSocket) -> None:
            await websocket.accept()
            await websocket.receive()

        disconnect = {"type": "websocket.disconnect", "code": 1001}
        sent = converse(app, ws_scope("/wait"), CONNECT, disconnect)
        assert [m["type"] for m in sent] == ["websocket.accept"]
        assert torn_down == [None]

    def test_empty_message_and_missing_close_code(self) -> None:
        empty, disconnect = {"type": "websocket.receive"}, {"type": "websocket.disconnect"}
        websocket, _ = bare_socket(CONNECT, empty, disconnect)

        async def main() -> None:
            await websocket.accept()
            assert await websocket.receive() == b""
            with pytest.raises(WebSocketDisconnect) as info:
                await websocket.receive()
            assert (info.value.code, websocket.state) == (1005, "closed")
            assert "no reason" in str(info.value)

        asyncio.run(main())

    def test_the_handshake_has_an_empty_body(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()
            await websocket.send(request.get_data())

        with app.test_client().websocket("/ws") as ws:
            assert ws.receive() == b""

    def test_send_json_outside_an_application(self) -> None:
        websocket, sent = bare_socket(CONNECT)

        async def main() -> None:
            await websocket.accept()
            await websocket.send_json({"a": [1]})

        asyncio.run(main())
        assert sent[-1] == {"type": "websocket.send", "text": '{"a": [1]}'}


class TestClosing:
    def test_close_with_code_and_reason(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()
            await websocket.close(4000, "done here")
            await websocket.close(4999, "ignored: already closed")

        with app.test_client().websocket("/ws") as ws, pytest.raises(WebSocketClosed) as info:
            ws.receive()
        assert (info.value.code, info.value.reason) == (4000, "done here")

    def test_returning_after_accepting_closes_normally(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> str:
            await websocket.accept()
            return "ignored once accepted"

        sent = converse(app, ws_scope("/ws"), CONNECT)
        assert sent[-1] == {"type": "websocket.close", "code": 1000, "reason": ""}

    def test_closing_before_accepting_rejects(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.close(4403, "not you")

        sent = converse(app, ws_scope("/ws"), CONNECT)
        assert sent == [{"type": "websocket.close", "code": 4403, "reason": "not you"}]


class TestRejecting:
    def test_reject_after_accepting_does_nothing(self) -> None:
        websocket, sent = bare_socket(CONNECT)

        async def main() -> None:
            await websocket.accept()
            await websocket.reject(object())
            assert websocket.state == "connected"

        asyncio.run(main())
        assert [m["type"] for m in sent] == ["websocket.accept"]

    def test_returned_response_answers_the_handshake(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> tuple[str, int, dict[str, str]]:
            return "members only", 401, {"WWW-Authenticate": "Bearer"}

        rejected = rejection(app, "/ws")
        assert (rejected.status_code, rejected.body) == (401, b"members only")
        assert rejected.headers["WWW-Authenticate"] == "Bearer"

    def test_without_the_denial_extension_the_socket_closes_with_1008(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> tuple[str, int]:
            return "members only", 401

        sent = converse(app, ws_scope("/ws", denial=False), CONNECT)
        assert sent == [{"type": "websocket.close", "code": 1008, "reason": ""}]

    def test_returning_none_without_accepting_is_403(self, app: Demijohn) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            return None

        sent = converse(app, ws_scope("/ws"), CONNECT)
        assert sent[0]["type"] == "websocket.http.response.start"
        assert sent[0]["status"] == 403
        assert sent[1]["body"] == b"The WebSocket handshake was rejected."

    @pytest.mark.parametrize("path", ["/ws", "/nowhere"])
    def test_http_errors_answer_with_their_whole_page(self, app: Demijohn, path: str) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            abort(404)

        rejected = rejection(app, path)
        assert rejected.status_code == 404
        assert b"Not Found" in rejected.body
        assert rejected.headers["Content-Length"] == str(len(rejected.body))


class TestHooks:
    def test_before_request_applies_to_the_handshake(self, app: Demijohn) -> None:
        @app.before_request
        def load_user() -> None:
            g.user = request.args.get("user", "anonymous")

        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()
            await websocket.send(g.user)

        with app.test_client().websocket("/ws?user=ada") as ws:
            assert ws.receive() == "ada"

    def test_before_request_response_rejects_the_handshake(self, app: Demijohn) -> None:
        reached: list[str] = []

        @app.before_request
        def gate() -> tuple[str, int] | None:
            return ("banned", 403) if request.args.get("user") == "mallory" else None

        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            reached.append("handler")
            await websocket.accept()

        rejected = rejection(app, "/ws?user=mallory")
        assert (rejected.status_code, rejected.body, reached) == (403, b"banned", [])

    def test_teardown_runs_after_the_connection(self, app: Demijohn) -> None:
        events: list[str] = []

        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()
            events.append(await websocket.receive_text())

        @app.teardown_request
        async def teardown(exc: BaseException | None) -> None:
            events.append(f"teardown {exc}")

        with app.test_client().websocket("/ws") as ws:
            ws.send("message")
        assert events == ["message", "teardown None"]


class TestErrors:
    @pytest.fixture
    def failing(self, app: Demijohn) -> Demijohn:
        app.config["TESTING"] = False

        @app.websocket("/before")
        async def before(websocket: WebSocket) -> None:
            raise ValueError("before accepting")

        @app.websocket("/after")
        async def after(websocket: WebSocket) -> None:
            await websocket.accept()
            raise ValueError("after accepting")

        return app

    def test_error_before_accepting_is_a_500_rejection(
        self, failing: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        rejected = rejection(failing, "/before")
        assert rejected.status_code == 500
        assert any(r.levelno == logging.ERROR for r in caplog.records)

    def test_error_after_accepting_closes_with_1011(
        self, failing: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        with (
            failing.test_client().websocket("/after") as ws,
            pytest.raises(WebSocketClosed) as info,
        ):
            ws.receive()
        assert info.value.code == 1011
        assert "after accepting" in caplog.text

    def test_errors_propagate_to_the_test_client_when_testing(self, failing: Demijohn) -> None:
        failing.config["TESTING"] = True
        with (
            failing.test_client().websocket("/after") as ws,
            pytest.raises(ValueError, match="after accepting"),
        ):
            ws.receive()

    def test_using_the_socket_out_of_order(self, app: Demijohn) -> None:
        errors: list[str] = []

        async def refused(call: t.Awaitable[t.Any]) -> None:
            try:
                await call
            except WebSocketError as e:
                errors.append(str(e).split(";")[0].split(".")[0])

        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await refused(websocket.send("too early"))
            await refused(websocket.receive())
            await websocket.accept()
            await refused(websocket.accept())
            await websocket.close()
            await refused(websocket.send("too late"))

        converse(app, ws_scope("/ws"), CONNECT)
        assert errors == [
            "Cannot send to a WebSocket that is connecting",
            "Cannot receive from a WebSocket that is connecting",
            "Cannot accept a WebSocket that is connected",
            "Cannot send to a WebSocket that is closed",
        ]


class TestOverHTTP:
    def test_websocket_url_over_plain_http(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()

        response = client.get("/ws")
        assert response.status_code == 426
        upgrade = client.get("/ws", headers={"Upgrade": "websocket", "Connection": "Upgrade"})
        assert upgrade.status_code == 426

    def test_http_views_have_no_websocket(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/", "index", lambda: repr(request.websocket))
        assert client.get("/").data == b"None"


class TestRouting:
    def test_blueprint_websocket_route_and_hooks(self, app: Demijohn) -> None:
        chat = Blueprint("chat", __name__, url_prefix="/chat")

        @chat.before_request
        def mark() -> None:
            g.scope = "chat"

        @chat.websocket("/live/<room>")
        async def live(websocket: WebSocket, room: str) -> None:
            await websocket.accept()
            await websocket.send(
                f"{request.blueprint} {g.scope} {room} {url_for('.live', room=room)}"
            )

        app.register_blueprint(chat)
        with app.test_client().websocket("/chat/live/r1") as ws:
            assert ws.receive() == "chat chat r1 ws://localhost/chat/live/r1"

    def test_url_for_a_websocket_endpoint(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.websocket("/ws/<room>")
        async def room(websocket: WebSocket, room: str) -> None:
            await websocket.accept()

        app.add_url_rule("/", "index", lambda: url_for("room", room="r"))
        assert client.get("/").data == b"ws://localhost/ws/r"
        assert client.get("https://localhost/").data == b"wss://localhost/ws/r"

    def test_websocket_routes_take_no_methods(self, app: Demijohn) -> None:
        with pytest.raises(TypeError, match="GET handshakes only"):
            app.websocket("/ws", methods=["POST"])


class TestMiddlewareThatNeverStarts:
    """A WSGI middleware that returns a handshake's body without calling start_response:
    the error is logged and the client gets a 500 (or a close with 1011), never a crash."""

    @pytest.fixture
    def app(self, app: Demijohn) -> Demijohn:
        @app.websocket("/ws")
        async def handler(websocket: WebSocket) -> None:
            await websocket.accept()

        inner = app.wsgi_app

        def swallow(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
            return inner(environ, lambda status, headers, exc_info=None: None)

        app.wsgi_app = swallow  # type: ignore[method-assign]
        return app

    def test_with_the_denial_extension(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        app.view_functions["handler"] = lambda websocket: None
        sent = converse(app, ws_scope("/ws"), CONNECT)
        assert [m["type"] for m in sent] == [
            "websocket.http.response.start",
            "websocket.http.response.body",
        ]
        assert sent[0]["status"] == 500
        assert "without calling start_response" in caplog.text

    def test_without_the_denial_extension(
        self, app: Demijohn, caplog: pytest.LogCaptureFixture
    ) -> None:
        app.view_functions["handler"] = lambda websocket: None
        sent = converse(app, ws_scope("/ws", denial=False), CONNECT)
        assert sent == [{"type": "websocket.close", "code": 1011, "reason": ""}]
        assert "without calling start_response" in caplog.text

    def test_after_accepting(self, app: Demijohn, caplog: pytest.LogCaptureFixture) -> None:
        sent = converse(app, ws_scope("/ws"), CONNECT)
        assert sent == [
            {"type": "websocket.accept", "subprotocol": None, "headers": []},
            {"type": "websocket.close", "code": 1011, "reason": ""},
        ]
        assert "without calling start_response" in caplog.text
