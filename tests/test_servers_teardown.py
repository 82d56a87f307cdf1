"""Teardown of ``stream_with_context`` bodies under real servers (gunicorn's sync worker and
uvicorn): whether the stream is sent, the view raises after building it, an after-request
function fails, or the view returns another response, each teardown function runs once.

The application is ``tests/server_apps/djserver_teardown.py``; the servers are started with the
machinery of :mod:`tests.test_servers`.
"""

from __future__ import annotations

import json
import typing as t

import pytest
from tests.test_servers import GUNICORN_SYNC, UVICORN, Kind, Server, _serve

TEARDOWN_APP = "djserver_teardown:app"
KINDS = [GUNICORN_SYNC, UVICORN]
ONCE = {"request": 1, "app": 1}


@pytest.fixture(scope="module", params=KINDS, ids=[kind.name for kind in KINDS])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> t.Iterator[Server]:
    kind: Kind = request.param
    with _serve(
        kind.name,
        lambda port: kind.command(port, TEARDOWN_APP),
        tmp_path_factory.mktemp(f"teardown-{kind.name}"),
        expected_errors=("LookupError",),
    ) as server:
        yield server


def teardowns(server: Server) -> dict[str, dict[str, int]]:
    reply = server.request("GET", "/teardowns")
    assert reply.status == 200
    return t.cast("dict[str, dict[str, int]]", json.loads(reply.body))


def test_sent_stream_tears_down_once(server: Server) -> None:
    reply = server.request("GET", "/sent")
    assert (reply.status, reply.body) == (200, b"/sent row 1\n/sent row 2\n")
    assert teardowns(server)["/sent"] == ONCE


@pytest.mark.parametrize(
    ("path", "status"),
    [("/unsent/raise", 500), ("/unsent/other", 200), ("/unsent/after-request", 500)],
    ids=["view-raises", "other-response", "after-request-fails"],
)
def test_stream_not_sent_tears_down_once(server: Server, path: str, status: int) -> None:
    assert server.request("GET", path).status == status
    assert teardowns(server)[path] == ONCE


def test_no_teardown_ran_twice(server: Server) -> None:
    """Last: every request above has ended, so a teardown that ran again would show."""
    assert server.request("GET", "/").status == 404
    counts = teardowns(server)
    assert counts.pop("/", None) == ONCE
    assert all(count == ONCE for count in counts.values()), counts
