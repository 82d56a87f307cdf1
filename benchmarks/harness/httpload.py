"""Mode (c): serve a case over HTTP on 127.0.0.1 and load it with ``wrk`` for a few seconds.

WSGI targets run under gunicorn (one sync worker), ASGI targets under uvicorn (one process,
asyncio loop, h11): figures compare only within one server. Each server is started for one
case, checked with one request, loaded, and stopped.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import subprocess
import tempfile
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

from .cases import REQUESTS, CaseRequest
from .targets import Target
from .venvs import REPOSITORY

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class LoadSettings:
    """How ``wrk`` loads a server."""

    seconds: int = 5
    threads: int = 2
    connections: int = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(python: Path, target: Target, case: str, port: int) -> list[str]:
    """The command that serves ``case`` of ``target`` on ``port``."""
    factory = f"{target.factory_prefix}{case}"
    if target.protocol == "wsgi":
        return [
            str(python),
            *("-m", "gunicorn", "--workers", "1", "--worker-class", "sync"),
            *("--bind", f"{HOST}:{port}", "--log-level", "warning"),
            f"{factory}()",
        ]
    return [
        str(python),
        *("-m", "uvicorn", "--factory", factory, "--host", HOST, "--port", str(port)),
        *("--loop", "asyncio", "--http", "h11", "--lifespan", "auto"),
        *("--no-access-log", "--log-level", "warning"),
    ]


def _request_once(port: int, request: CaseRequest, cookie: str | None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    headers = {"Content-Type": request.content_type} if request.content_type else {}
    if cookie:
        headers["Cookie"] = cookie
    connection.request(request.method, request.path, body=request.body or None, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def wait_until_serving(port: int, request: CaseRequest, process: subprocess.Popen[bytes]) -> str:
    """Wait until the server answers ``request`` with the right status; return the cookie
    to send (the session case's), else ``""``."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"The server exited with status {process.returncode}.")
        try:
            response = _request_once(port, request, None)
            break
        except OSError as e:
            if time.monotonic() > deadline:
                message = f"The server did not answer within {STARTUP_TIMEOUT} s."
                raise RuntimeError(message) from e
            time.sleep(0.1)
    cookie = ""
    if request.needs_cookie:
        pairs = [value.partition(";")[0] for value in response.headers.get_all("Set-Cookie") or ()]
        cookie = "; ".join(pairs)
        response = _request_once(port, request, cookie)
    if response.status != request.status:
        raise RuntimeError(f"The server answered {response.status}, expected {request.status}.")
    return cookie


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def wrk_script(request: CaseRequest, cookie: str) -> str:
    """The Lua script that makes ``wrk`` send ``request``."""
    lines = [
        f"wrk.method = {_lua_string(request.method)}",
        f"wrk.path = {_lua_string(request.path)}",
    ]
    if request.body:
        lines.append(f"wrk.body = {_lua_string(request.body.decode())}")
    if request.content_type:
        lines.append(f'wrk.headers["Content-Type"] = {_lua_string(request.content_type)}')
    if cookie:
        lines.append(f'wrk.headers["Cookie"] = {_lua_string(cookie)}')
    return "\n".join(lines) + "\n"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _milliseconds(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", value)
    if match is None:
        raise ValueError(f"{value!r} is not a wrk duration.")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, t.Any]:
    """Requests per second, latency percentiles and error counts from ``wrk --latency``."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise ValueError(f"wrk printed no request rate:\n{output}")
    result: dict[str, t.Any] = {"requests_per_second": float(rate.group(1))}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+(?:us|ms|s))\s*$", output, re.MULTILINE)
        if match:
            result[f"latency_p{percentile}_ms"] = _milliseconds(match.group(1))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["socket_errors"] = sum(int(n) for n in errors.groups()) if errors else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    return result


def run_wrk(
    port: int, request: CaseRequest, cookie: str, settings: LoadSettings
) -> dict[str, t.Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(wrk_script(request, cookie))
        script.flush()
        command = [
            "wrk",
            *(f"-t{settings.threads}", f"-c{settings.connections}", f"-d{settings.seconds}s"),
            *("--latency", "-s", script.name, f"http://{HOST}:{port}"),
        ]
        completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(completed.stdout)


@contextlib.contextmanager
def serving(python: Path, target: Target, case: str) -> t.Iterator[tuple[int, str]]:
    """Serve ``case`` of ``target``; yield the port and the cookie to send; stop the server."""
    port = free_port()
    process = subprocess.Popen(
        server_command(python, target, case, port),
        cwd=REPOSITORY,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield port, wait_until_serving(port, REQUESTS[case], process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(python: Path, target: Target, case: str, settings: LoadSettings) -> dict[str, t.Any]:
    """Load ``case`` of ``target`` over HTTP for ``settings.seconds``."""
    with serving(python, target, case) as (port, cookie):
        result = run_wrk(port, REQUESTS[case], cookie, settings)
    expected_errors = REQUESTS[case].status >= 400
    if result["non_2xx"] and not expected_errors:
        raise RuntimeError(f"{result['non_2xx']} answers were errors: {result}")
    result["value"] = result["requests_per_second"]
    return result
