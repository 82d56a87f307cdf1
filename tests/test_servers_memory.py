"""The ASGI driver's memory under a real server: uvicorn serves bursts of concurrent large
responses, and the process's resident memory must come back to within a small margin of
where it was before them (the driver keeps nothing of a finished request).

The application is ``tests/server_apps/djserver_memory.py``; the server is started with the
machinery of :mod:`tests.test_servers`.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import pathlib
import typing as t

import pytest
from tests.test_servers import HOST, TIMEOUT, UVICORN, Server, _serve

MEMORY_APP = "djserver_memory:app"
#: Requests at once in a burst, and the size of each response.
BURST = 100
SIZE = 1_000_000
#: How far the resident memory may stay above where it was before the bursts: the workers,
#: threads and allocator slack a burst leaves, far below the 100 MB that a driver keeping
#: each request's body would hold.
MARGIN = 16 * 2**20
#: glibc's malloc serves large blocks from memory it maps for each and gives back when freed,
#: but raises that threshold as such blocks are freed, and then keeps them in per-thread
#: arenas it may never return: fixed, the process's memory shows what Python keeps alive.
MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(128 * 1024)}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[Server]:
    with _serve(
        UVICORN.name,
        lambda port: UVICORN.command(port, MEMORY_APP),
        tmp_path_factory.mktemp("memory-uvicorn"),
        env=MALLOC,
    ) as server:
        yield server


def resident_memory(server: Server) -> int:
    """The server process's resident memory in bytes (``VmRSS`` in ``/proc/PID/status``)."""
    status = pathlib.Path(f"/proc/{server.process.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def fetch(server: Server, path: str) -> int:
    """GET ``path`` on a connection of its own; the size of the body."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == 200
        return len(response.read())
    finally:
        connection.close()


def burst(server: Server, path: str) -> None:
    """``BURST`` requests for ``path`` at once."""
    with concurrent.futures.ThreadPoolExecutor(BURST) as pool:
        sizes = list(pool.map(lambda _: fetch(server, path), range(BURST)))
    assert sizes == [SIZE] * BURST


def test_memory_comes_back_after_bursts_of_large_responses(server: Server) -> None:
    for _ in range(20):
        fetch(server, "/small")  # the server, the application and the driver are warm
    settled = resident_memory(server)
    for _ in range(3):
        burst(server, "/large")
    for _ in range(20):
        fetch(server, "/small")
    grown = resident_memory(server) - settled
    assert grown < MARGIN, f"{grown / 2**20:.0f} MiB more after three bursts"
