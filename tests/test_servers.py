"""Real servers, each started as a process on a free port of 127.0.0.1 and spoken to with
ordinary clients.

The probe application (``tests/server_apps/djserver_probe.py``) runs under every server the
documentation names: gunicorn's sync and gthread workers, waitress, granian's WSGI interface
and the development server over WSGI; uvicorn, hypercorn and granian's ASGI interface. Each is
started once for the module and sent a GET, a JSON POST, a streamed body and a WebSocket; the
serving hooks record when they ran, and the last test stops the server with SIGTERM to see
whether the shutdown hooks run. uvicorn also serves it in debug mode, for the debugger, and
serves the example shop, as gunicorn does.

Every blocking call has a timeout, and each server is stopped when the module's tests are done;
a server that logged a traceback (other than one a test asked for) fails the test that ran last
on it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import json
import os
import pathlib
import signal
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
SERVER_APPS = pathlib.Path(__file__).with_name("server_apps")
HOST = "127.0.0.1"
#: How long a server may take to start answering, and a client to wait for an answer.
START_TIMEOUT = 20.0
TIMEOUT = 10.0
#: gunicorn 27 opens a control socket in the home folder unless told not to.
GUNICORN_OPTIONS = ["--no-control-socket"] if gunicorn.version_info >= (27,) else []
PROBE = "djserver_probe:app"
SHOP = "examples.shop.wsgi:app"
#: What the probe's log says when its first request starts it, and what it adds when SIGTERM
#: would skip the after_serving functions.
STARTED_ON_FIRST_REQUEST = "The application started on its first request (no ASGI lifespan)"
SIGTERM_SKIPS_THEM = "SIGTERM would end the process without running them"


@dataclasses.dataclass(frozen=True)
class Kind:
    """A server and how to start it.

    :param name: the test id.
    :param protocol: ``"wsgi"`` or ``"asgi"``.
    :param arguments: what follows ``python -m`` to serve the application on a port.
    :param sigterm_runs_after_serving: whether the probe's after_serving function runs when
        the server is stopped with SIGTERM.
    """

    name: str
    protocol: str
    arguments: t.Callable[[int, str], list[str]]
    sigterm_runs_after_serving: bool

    def command(self, port: int, app: str = PROBE) -> list[str]:
        """The command line that serves ``app`` (a WSGI ``module:name``) on ``port``."""
        target = f"{app}.asgi" if self.protocol == "asgi" else app
        return [sys.executable, "-m", *self.arguments(port, target)]


def _gunicorn(worker: str, *options: str) -> t.Callable[[int, str], list[str]]:
    def arguments(port: int, app: str) -> list[str]:
        return ["gunicorn", "-b", f"{HOST}:{port}", *GUNICORN_OPTIONS, "-k", worker, *options, app]

    return arguments


def _granian(interface: str, *options: str) -> t.Callable[[int, str], list[str]]:
    def arguments(port: int, app: str) -> list[str]:
        listen = ["--host", HOST, "--port", str(port)]
        return ["granian", "--interface", interface, *listen, *options, app]

    return arguments


def _waitress(port: int, app: str) -> list[str]:
    return ["waitress", "--host", HOST, "--port", str(port), app]


def _dev_server(port: int, app: str) -> list[str]:
    return ["demijohn", "--app", app, "run", "--no-reload", "--host", HOST, "--port", str(port)]


def _uvicorn(port: int, app: str) -> list[str]:
    return ["uvicorn", "--host", HOST, "--port", str(port), app]


def _hypercorn(port: int, app: str) -> list[str]:
    return ["hypercorn", "-b", f"{HOST}:{port}", app]


GUNICORN_SYNC = Kind("gunicorn-sync", "wsgi", _gunicorn("sync"), True)
GUNICORN_GTHREAD = Kind("gunicorn-gthread", "wsgi", _gunicorn("gthread", "--threads", "4"), True)
# waitress and the development server leave SIGTERM to its default action, which ends the
# process at once.
WAITRESS = Kind("waitress", "wsgi", _waitress, False)
GRANIAN_WSGI = Kind(
    "granian-wsgi", "wsgi", _granian("wsgi", "--no-ws", "--blocking-threads", "4"), True
)
DEV_SERVER = Kind("dev-server", "wsgi", _dev_server, False)
UVICORN = Kind("uvicorn", "asgi", _uvicorn, True)
HYPERCORN = Kind("hypercorn", "asgi", _hypercorn, True)
GRANIAN_ASGI = Kind("granian-asgi", "asgi", _granian("asgi"), True)
KINDS = [
    GUNICORN_SYNC,
    GUNICORN_GTHREAD,
    WAITRESS,
    GRANIAN_WSGI,
    DEV_SERVER,
    UVICORN,
    HYPERCORN,
    GRANIAN_ASGI,
]


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
    """A server process serving on 127.0.0.1, with its log and the probe's events file."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: pathlib.Path
    events_path: pathlib.Path
    #: Exceptions whose tracebacks the log may show (those a test asked for).
    expected_errors: tuple[str, ...] = ()

    def connection(self) -> http.client.HTTPConnection:
        if self.process.returncode is not None:
            pytest.fail(f"{self.name} was stopped before this test ran")
        return http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """Send one request on a new connection and read the whole response."""
        connection = self.connection()
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

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    @property
    def events(self) -> list[str]:
        """What the probe's serving hooks recorded, one ``"<event> <pid>"`` line each."""
        if not self.events_path.exists():
            return []
        return self.events_path.read_text().splitlines()

    def stop(self, signum: int = signal.SIGTERM) -> None:
        """Send ``signum`` and wait for the process to end, killing it if it will not."""
        if self.process.returncode is not None:
            return
        self.process.send_signal(signum)
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
            pytest.fail(f"{self.name} did not stop within {TIMEOUT} s of signal {signum}")

    def check_log(self) -> None:
        """Fail if the log shows a traceback of an exception no test asked for."""
        for traceback in self.log.split("Traceback (most recent call last):")[1:]:
            if not any(error in traceback for error in self.expected_errors):
                pytest.fail(f"{self.name} logged an error:\n{self.log}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_until_listening(server: Server) -> None:
    """Poll the port with short connects until it answers; fail if the server exits first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, server.port), timeout=0.5):
                return
        except OSError:
            pass
        try:
            server.process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"{server.name} exited with {server.process.returncode}:\n{server.log}")
    pytest.fail(f"{server.name} did not listen within {START_TIMEOUT} s:\n{server.log}")


@contextlib.contextmanager
def _sigint_not_ignored() -> t.Iterator[None]:
    """Let the processes started in the block take SIGINT for Ctrl+C even when this one
    ignores it, as a background job does: an ignored signal stays ignored across exec (and
    Python then leaves it so), while a handler is reset to the default action."""
    if signal.getsignal(signal.SIGINT) != signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _serve(
    name: str,
    command: t.Callable[[int], list[str]],
    folder: pathlib.Path,
    env: dict[str, str] | None = None,
    expected_errors: tuple[str, ...] = (),
) -> t.Iterator[Server]:
    """Run a server until the block ends, then stop it (killing it if it will not stop) and
    check its log.

    :param command: the command line, given the port.
    :param env: environment variables to add to ours.
    """
    port = _free_port()
    python_path = os.pathsep.join(filter(None, [str(SERVER_APPS), os.environ.get("PYTHONPATH")]))
    environ = {
        **os.environ,
        "PYTHONPATH": python_path,
        "DJSERVER_EVENTS": str(folder / "events"),
        **(env or {}),
    }
    log_path = folder / "server.log"
    with log_path.open("wb") as output, _sigint_not_ignored():
        process = subprocess.Popen(
            command(port), cwd=ROOT, env=environ, stdout=output, stderr=subprocess.STDOUT
        )
        server = Server(name, port, process, log_path, folder / "events", expected_errors)
        try:
            _wait_until_listening(server)
            yield server
        finally:
            server.stop()
    server.check_log()


# -- the probe under every server ---------------------------------------------------------------


@pytest.fixture(scope="module", params=KINDS, ids=[kind.name for kind in KINDS])
def kind(request: pytest.FixtureRequest) -> Kind:
    return t.cast(Kind, request.param)


@pytest.fixture(scope="module")
def server(kind: Kind, tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[Server]:
    """The probe under one server, for the whole module."""
    with _serve(kind.name, kind.command, tmp_path_factory.mktemp(kind.name)) as server:
        yield server


def test_get(server: Server) -> None:
    reply = server.request("GET", "/")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    assert json.loads(reply.body)["hello"] == "world"


def test_json_post(server: Server) -> None:
    body = json.dumps({"hello": ["world", 1]}).encode()
    reply = server.request(
        "POST", "/echo?x=1", body=body, headers={"Content-Type": "application/json"}
    )
    assert reply.status == 200
    assert json.loads(reply.body) == {"json": {"hello": ["world", 1]}, "args": {"x": "1"}}


def test_streamed_body_is_sent_as_it_is_produced(server: Server) -> None:
    # The body waits after its first chunk until we say it arrived: a server that held the
    # chunk back would get the body's complaint instead of the rest.
    with socket.create_server((HOST, 0)) as gate:
        gate.settimeout(TIMEOUT)
        connection = server.connection()
        try:
            connection.request("GET", f"/stream?count=3&gate={gate.getsockname()[1]}")
            response = connection.getresponse()
            assert response.status == 200
            assert response.headers["Transfer-Encoding"] == "chunked"
            assert "Content-Length" not in response.headers
            assert response.read(len(b"chunk 0\n")) == b"chunk 0\n"
            opened, _ = gate.accept()
            with opened:
                opened.sendall(b"+")
            assert response.read() == b"chunk 1\nchunk 2\n"
        finally:
            connection.close()


def test_websocket(server: Server, kind: Kind) -> None:
    if kind.protocol == "wsgi":
        # WebSockets need ASGI: the WebSocket route says so with a 426 to the handshake.
        with pytest.raises(InvalidStatus) as info:
            server.websocket("/ws")
        assert info.value.response.status_code == 426
        return
    with server.websocket("/ws") as websocket:
        websocket.send("text")
        assert websocket.recv(timeout=TIMEOUT) == "text"
        websocket.send(b"\x00bytes")
        assert websocket.recv(timeout=TIMEOUT) == b"\x00bytes"
    # The server goes on serving once the client has closed the WebSocket.
    assert server.request("GET", "/").status == 200


def test_before_serving_ran_once_in_the_worker(server: Server, kind: Kind) -> None:
    pid = json.loads(server.request("GET", "/").body)["pid"]
    assert server.events == [f"before_serving {pid}"]
    # Under ASGI the lifespan started it; under WSGI the first request did, and said when the
    # after_serving functions will run.
    log = server.log
    if kind.protocol == "asgi":
        assert STARTED_ON_FIRST_REQUEST not in log
    else:
        assert log.count(STARTED_ON_FIRST_REQUEST) == 1
        assert (SIGTERM_SKIPS_THEM in log) is not kind.sigterm_runs_after_serving


def test_sigterm_runs_after_serving_unless_the_server_leaves_it_alone(
    server: Server, kind: Kind
) -> None:
    """Last in the module for each server: it stops the server."""
    pid = json.loads(server.request("GET", "/").body)["pid"]
    server.stop(signal.SIGTERM)
    expected = [f"before_serving {pid}"]
    if kind.sigterm_runs_after_serving:
        expected.append(f"after_serving {pid}")
    assert server.events == expected


# -- stopping the servers that leave SIGTERM alone ------------------------------------------------


@pytest.mark.parametrize("left_alone", [WAITRESS, DEV_SERVER], ids=["waitress", "dev-server"])
@pytest.mark.parametrize(
    ("signum", "env"),
    [
        (signal.SIGINT, {}),
        # The documentation's advice: make SIGTERM raise KeyboardInterrupt.
        (signal.SIGTERM, {"DJSERVER_SIGTERM_INTERRUPTS": "1"}),
    ],
    ids=["sigint", "sigterm-interrupts"],
)
def test_after_serving_runs_when_stopped_by_an_interrupt(
    left_alone: Kind, signum: int, env: dict[str, str], tmp_path: pathlib.Path
) -> None:
    with _serve(left_alone.name, left_alone.command, tmp_path, env=env) as server:
        pid = json.loads(server.request("GET", "/").body)["pid"]
        server.stop(signum)
        assert server.events == [f"before_serving {pid}", f"after_serving {pid}"]
        # With SIGTERM handled, the warning is not given.
        assert STARTED_ON_FIRST_REQUEST in server.log
        assert (SIGTERM_SKIPS_THEM in server.log) is (signum == signal.SIGINT)


# -- the debugger under uvicorn in debug mode -----------------------------------------------------


@pytest.fixture(scope="module")
def debug_server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[Server]:
    with _serve(
        "uvicorn in debug mode",
        UVICORN.command,
        tmp_path_factory.mktemp("debug"),
        env={"DEMIJOHN_DEBUG": "1"},
        expected_errors=("ZeroDivisionError: integer division or modulo by zero",),
    ) as server:
        yield server


def test_a_failing_view_shows_the_debugger_in_debug_mode(debug_server: Server) -> None:
    reply = debug_server.request("GET", "/fail")
    assert reply.status == 500
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    page = reply.body.decode()
    assert '<div class="debugger">' in page
    assert "ZeroDivisionError: integer division or modulo by zero" in page
    # The page's script comes from the debugger too.
    script = debug_server.request("GET", "/fail?__debugger__=yes&cmd=resource&f=debugger.js")
    assert script.status == 200
    assert "javascript" in script.headers["Content-Type"]
    # The console's PIN is in the log, with the traceback.
    assert " * Debugger is active!" in debug_server.log
    assert " * Debugger PIN: " in debug_server.log
    assert "ZeroDivisionError" in debug_server.log.partition("Traceback")[2]


def test_other_views_are_served_as_usual_in_debug_mode(debug_server: Server) -> None:
    reply = debug_server.request("GET", "/stream?count=2")
    assert (reply.status, reply.body) == (200, b"chunk 0\nchunk 1\n")


# -- the example shop under uvicorn and gunicorn --------------------------------------------------


@contextlib.contextmanager
def _serve_shop(
    name: str, command: t.Callable[[int], list[str]], folder: pathlib.Path
) -> t.Iterator[Server]:
    env = {
        "SHOP_ENVIRONMENT": "development",
        "SHOP_DATABASE_URL": f"sqlite:///{folder / 'shop.sqlite3'}",
        "SHOP_SECRET_KEY_FILE": str(folder / "secret-key"),
        "SHOP_PRICE_TICK_SECONDS": "0",
    }
    with _serve(name, command, folder, env=env) as server:
        yield server


def _shop_command(kind: Kind) -> t.Callable[[int], list[str]]:
    return lambda port: kind.command(port, SHOP)


@pytest.fixture(scope="module")
def uvicorn_shop(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[Server]:
    with _serve_shop("uvicorn", _shop_command(UVICORN), tmp_path_factory.mktemp("uv")) as shop:
        yield shop


@pytest.fixture(scope="module")
def gunicorn_shop(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[Server]:
    folder = tmp_path_factory.mktemp("gu")
    with _serve_shop("gunicorn", _shop_command(GUNICORN_SYNC), folder) as shop:
        yield shop


@pytest.fixture(params=["uvicorn", "gunicorn"])
def shop(request: pytest.FixtureRequest) -> Server:
    """Each test that uses it runs against uvicorn (ASGI) and gunicorn (WSGI)."""
    return t.cast(Server, request.getfixturevalue(f"{request.param}_shop"))


def test_shop_http_request(shop: Server) -> None:
    reply = shop.request("GET", "/readyz")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    assert json.loads(reply.body) == {"status": "ok", "checks": {"database": True}}


def test_shop_request_body_and_query(shop: Server) -> None:
    body = json.dumps({"hello": "world"}).encode()
    reply = shop.request(
        "POST", "/echo?x=1", body=body, headers={"Content-Type": "application/json"}
    )
    assert reply.status == 200
    assert json.loads(reply.body) == {
        "method": "POST",
        "args": {"x": "1"},
        "json": {"hello": "world"},
    }


def test_shop_async_view(shop: Server) -> None:
    reply = shop.request("GET", "/stats")
    assert reply.status == 200
    assert json.loads(reply.body)["products"] == 3


def test_shop_streamed_response_is_sent_in_chunks(shop: Server) -> None:
    reply = shop.request("GET", "/catalog/export.csv")
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


def test_shop_server_sent_events(shop: Server) -> None:
    reply = shop.request("GET", "/events?ticks=3")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    events = [event for event in reply.body.decode().split("\n\n") if event]
    assert [event.splitlines()[:2] for event in events] == [
        ["event: prices", f"id: {tick}"] for tick in range(3)
    ]
    assert len(reply.chunks) >= len(events)


def test_shop_websocket_round_trip(uvicorn_shop: Server) -> None:
    with uvicorn_shop.websocket("/ws/prices") as websocket:
        websocket.send(json.dumps({"product_id": 3}))
        assert json.loads(websocket.recv(timeout=TIMEOUT)) == {
            "id": 3,
            "name": "Cork bung",
            "price_cents": 120,
        }
        websocket.send(b"not json")
        assert "error" in json.loads(websocket.recv(timeout=TIMEOUT))
    # The server goes on serving once the client has closed the WebSocket.
    assert uvicorn_shop.request("GET", "/healthz").status == 200


def test_shop_websocket_url_over_plain_http_is_426(shop: Server) -> None:
    assert shop.request("GET", "/ws/prices").status == 426


def test_shop_bare_application_object_under_uvicorn(tmp_path: pathlib.Path) -> None:
    # uvicorn sees a plain __call__ and speaks ASGI 2 to it: app(scope), then (receive, send).
    def command(port: int) -> list[str]:
        return [sys.executable, "-m", *UVICORN.arguments(port, SHOP)]

    with _serve_shop("uvicorn", command, tmp_path) as server:
        assert json.loads(server.request("GET", "/healthz").body)["status"] == "ok"
        with server.websocket("/ws/prices") as websocket:
            websocket.send(json.dumps({"product_id": 1}))
            assert json.loads(websocket.recv(timeout=TIMEOUT))["price_cents"] == 2400


def test_shop_websocket_handshake_refused_over_wsgi(gunicorn_shop: Server) -> None:
    with pytest.raises(InvalidStatus) as info:
        gunicorn_shop.websocket("/ws/prices")
    assert info.value.response.status_code == 426
