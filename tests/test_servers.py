"""The example shop under real servers: uvicorn over ASGI and gunicorn over WSGI, each started as
a process on 127.0.0.1 and spoken to with ordinary clients.

Every blocking call has a timeout, and each server is stopped when the module's tests are done;
a server that logged a traceback fails the test that ran last on it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import json
import os
import pathlib
import socket
import subprocess
import sys
import time
import typing as t

import gunicorn
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

ROOT = pathlib.Path(__file__).parents[1]
HOST = "127.0.0.1"
#: How long a server may take to start answering, and a client to wait for an answer.
START_TIMEOUT = 20.0
TIMEOUT = 10.0
#: gunicorn 27 opens a control socket in the home folder unless told not to.
GUNICORN_OPTIONS = ["--no-control-socket"] if gunicorn.version_info >= (27,) else []


def _command(server: str, port: int, app: str) -> list[str]:
    if server == "uvicorn":
        options = ["--host", HOST, "--port", str(port)]
    else:
        options = ["-b", f"{HOST}:{port}", *GUNICORN_OPTIONS]
    return [sys.executable, "-m", server, *options, app]


@dataclasses.dataclass
class Reply:
    """A response, read whole: the body as the chunks ``read1`` returned, which never hold
    bytes of two HTTP chunks."""

    status: int
    headers: http.client.HTTPMessage
    chunks: list[bytes]

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


@dataclasses.dataclass
class Server:
    """A server process serving the shop on 127.0.0.1."""

    port: int

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """Send one request on a new connection and read the whole response."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            chunks = []
            while chunk := response.read1(65536):
                chunks.append(chunk)
            return Reply(response.status, response.headers, chunks)
        finally:
            connection.close()

    def websocket(self, path: str) -> ClientConnection:
        """Open a WebSocket, on a socket of our own so that no proxy is involved."""
        sock = socket.create_connection((HOST, self.port), timeout=TIMEOUT)
        try:
            return connect(f"ws://{HOST}:{self.port}{path}", sock=sock, open_timeout=TIMEOUT)
        except BaseException:
            sock.close()
            raise


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: pathlib.Path) -> None:
    """Poll the port with short connects until it answers; fail if the server exits first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            pass
        try:
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"The server exited with {process.returncode}:\n{log.read_text()}")
    pytest.fail(f"The server did not listen within {START_TIMEOUT} s:\n{log.read_text()}")


@contextlib.contextmanager
def _serve(name: str, app: str, folder: pathlib.Path) -> t.Iterator[Server]:
    """Run a server until the block ends, then stop it (killing it if it will not stop)."""
    port = _free_port()
    env = {
        **os.environ,
        "SHOP_DATABASE": str(folder / "shop.sqlite3"),
        "SHOP_PRICE_TICK_SECONDS": "0",
    }
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            _command(name, port, app), cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_listening(process, port, log)
            yield Server(port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=TIMEOUT)
    text = log.read_text()
    if "Traceback" in text:
        pytest.fail(f"{name} logged an error:\n{text}")


@pytest.fixture(scope="module")
def uvicorn_server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[Server]:
    with _serve("uvicorn", "examples.shop.wsgi:app.asgi", tmp_path_factory.mktemp("uv")) as server:
        yield server


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[Server]:
    with _serve("gunicorn", "examples.shop.wsgi:app", tmp_path_factory.mktemp("gu")) as server:
        yield server


@pytest.fixture(params=["uvicorn", "gunicorn"])
def server(request: pytest.FixtureRequest) -> Server:
    """Each test that uses it runs against uvicorn (ASGI) and gunicorn (WSGI)."""
    return t.cast(Server, request.getfixturevalue(f"{request.param}_server"))


def test_http_request(server: Server) -> None:
    reply = server.request("GET", "/health")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    assert json.loads(reply.body) == {"status": "ok", "products": 3}


def test_request_body_and_query(server: Server) -> None:
    body = json.dumps({"hello": "world"}).encode()
    reply = server.request(
        "POST", "/echo?x=1", body=body, headers={"Content-Type": "application/json"}
    )
    assert reply.status == 200
    assert json.loads(reply.body) == {
        "method": "POST",
        "args": {"x": "1"},
        "json": {"hello": "world"},
    }


def test_async_view(server: Server) -> None:
    reply = server.request("GET", "/stats")
    assert reply.status == 200
    assert json.loads(reply.body)["products"] == 3


def test_streamed_response_is_sent_in_chunks(server: Server) -> None:
    reply = server.request("GET", "/catalog/export.csv")
    assert reply.status == 200
    assert reply.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in reply.headers
    lines = reply.body.decode().splitlines()
    assert lines == [
        "id,name,price_cents",
        '1,"Demijohn, 5 l",2400',
        "2,Airlock,350",
        "3,Cork bung,120",
    ]
    # Each row was sent as a chunk of its own.
    assert len(reply.chunks) >= len(lines)


def test_server_sent_events(server: Server) -> None:
    reply = server.request("GET", "/events?ticks=3")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    events = [event for event in reply.body.decode().split("\n\n") if event]
    assert [event.splitlines()[:2] for event in events] == [
        ["event: prices", f"id: {tick}"] for tick in range(3)
    ]
    assert len(reply.chunks) >= len(events)


def test_websocket_round_trip(uvicorn_server: Server) -> None:
    with uvicorn_server.websocket("/ws/prices") as websocket:
        websocket.send(json.dumps({"product_id": 3}))
        assert json.loads(websocket.recv(timeout=TIMEOUT)) == {
            "id": 3,
            "name": "Cork bung",
            "price_cents": 120,
        }
        websocket.send(b"not json")
        assert "error" in json.loads(websocket.recv(timeout=TIMEOUT))
    # The server goes on serving once the client has closed the WebSocket.
    assert uvicorn_server.request("GET", "/health").status == 200


def test_websocket_url_over_plain_http_is_426(server: Server) -> None:
    assert server.request("GET", "/ws/prices").status == 426


def test_bare_application_object_under_uvicorn(tmp_path: pathlib.Path) -> None:
    # uvicorn sees a plain __call__ and speaks ASGI 2 to it: app(scope), then (receive, send).
    with _serve("uvicorn", "examples.shop.wsgi:app", tmp_path) as server:
        assert json.loads(server.request("GET", "/health").body)["status"] == "ok"
        with server.websocket("/ws/prices") as websocket:
            websocket.send(json.dumps({"product_id": 1}))
            assert json.loads(websocket.recv(timeout=TIMEOUT))["price_cents"] == 2400


def test_websocket_handshake_refused_over_wsgi(gunicorn_server: Server) -> None:
    with pytest.raises(InvalidStatus) as info:
        gunicorn_server.websocket("/ws/prices")
    assert info.value.response.status_code == 426
