"""A real redis-server for the tests that need one (server-side sessions, the Celery
battery): started on a free local port with no persistence, stopped when the block ends.
The Debian ``redis-server`` package provides it (``make services`` installs it).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
import typing as t

import pytest
import redis

#: How long the server may take to answer its first ping.
START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return t.cast(int, probe.getsockname()[1])


@contextlib.contextmanager
def running_redis() -> t.Iterator[str]:
    """Start a redis-server and give its URL; stop it at the end."""
    program = shutil.which("redis-server")
    if program is None:
        pytest.fail(
            "redis-server is not installed, and these tests run against a real one. Run"
            " 'make services', which installs the Debian package redis-server."
        )
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="demijohn-redis-") as folder:
        process = subprocess.Popen(
            [
                program,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                folder,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        try:
            _wait_for(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    client = redis.Redis.from_url(url)
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"redis-server exited with {process.returncode} on start")
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not answer at {url} within {START_TIMEOUT} s")
    finally:
        client.close()
