"""An application with one route per thing a server must get right: a plain GET, a JSON POST,
a streamed body, a WebSocket and a failing view, and serving hooks that record when they ran.

Each hook appends a line to the file named by ``DJSERVER_EVENTS``, with the process id, so a
test can read afterwards what ran in the server's worker. ``/stream?gate=<port>`` sends its
first chunk, then waits for the test to say, over a connection to that port, that the chunk
has arrived.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import typing as t

from demijohn import Demijohn, Response, request
from demijohn.websocket import WebSocket

app = Demijohn(__name__)
# The server's log then shows demijohn's info lines too, which the tests read. (Not through
# app.logger: made now, before waitress configures logging, it would add a handler of its own.)
logging.getLogger(app.name).setLevel(logging.INFO)
#: How long the streamed body waits for the test.
GATE_TIMEOUT = 10.0


def record(event: str) -> None:
    with open(os.environ["DJSERVER_EVENTS"], "a", encoding="utf-8") as events:
        events.write(f"{event} {os.getpid()}\n")


@app.before_serving
def started() -> None:
    record("before_serving")


@app.after_serving
def stopped() -> None:
    record("after_serving")


@app.get("/")
def index() -> dict[str, t.Any]:
    return {"hello": "world", "pid": os.getpid()}


@app.post("/echo")
def echo() -> dict[str, t.Any]:
    return {"json": request.get_json(), "args": request.args.to_dict()}


@app.get("/stream")
def stream() -> Response:
    count = request.args.get("count", 3, type=int)
    gate = request.args.get("gate", type=int)

    def generate() -> t.Iterator[str]:
        yield "chunk 0\n"
        if gate is not None and not _gate_opened(gate):
            yield "the test never saw the first chunk\n"
            return
        for number in range(1, count):
            yield f"chunk {number}\n"

    return Response(generate(), mimetype="text/plain")


def _gate_opened(port: int) -> bool:
    """Whether the test, listening on ``port``, says it got the first chunk in time."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=GATE_TIMEOUT) as gate:
            return gate.recv(1) == b"+"
    except OSError:
        return False


@app.websocket("/ws")
async def echo_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    async for message in websocket:
        await websocket.send(message)


@app.get("/fail")
def fail() -> str:
    return str(1 // int(request.args.get("divisor", "0")))


if os.environ.get("DJSERVER_SIGTERM_INTERRUPTS"):
    # What the documentation advises under a server that leaves SIGTERM alone.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
