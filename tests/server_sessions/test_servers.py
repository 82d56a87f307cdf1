"""Server-side sessions under real servers (gunicorn's threaded worker and uvicorn), against a
real Redis: a user logs in and keeps their session over many requests, each on a new
connection; under uvicorn the Redis store uses one asyncio pool for the server's loop.

The application is ``tests/server_apps/djserver_sessions.py``; the servers are started with
the machinery of :mod:`tests.test_servers`.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest
from tests.test_servers import GUNICORN_GTHREAD, UVICORN, Kind, Server, _serve

KINDS = [GUNICORN_GTHREAD, UVICORN]
VISITS = 12


@pytest.fixture(params=KINDS, ids=[kind.name for kind in KINDS])
def server(request: pytest.FixtureRequest, tmp_path: Path, redis_url: str) -> t.Iterator[Server]:
    kind: Kind = request.param
    with _serve(
        kind.name,
        lambda port: kind.command(port, "djserver_sessions:app"),
        tmp_path,
        env={"DJSERVER_REDIS_URL": redis_url},
    ) as server:
        yield server


def _cookie(reply_headers: t.Any) -> str:
    header = reply_headers["Set-Cookie"]
    assert header.startswith("session=")
    return t.cast(str, header.split(";", 1)[0])


def test_a_session_lasts_across_requests_and_connections(server: Server) -> None:
    cookie = _cookie(server.request("POST", "/visit").headers)
    login = server.request("POST", "/login/ada", headers={"Cookie": cookie})
    assert login.status == 200
    rotated = _cookie(login.headers)
    assert rotated != cookie
    for n in range(1, VISITS + 1):
        path = "/visit-async" if n % 2 else "/visit"  # coroutine views and plain ones
        reply = server.request("POST", path, headers={"Cookie": rotated})
        assert json.loads(reply.body) == {"user": "ada", "visits": n + 1}
    # The id from before the login opens nothing.
    stale = server.request("POST", "/visit", headers={"Cookie": cookie})
    assert json.loads(stale.body) == {"user": None, "visits": 1}
    made = json.loads(server.request("GET", "/clients").body)["made"]
    assert made == (1 if server.name == UVICORN.name else 0)
