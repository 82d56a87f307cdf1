"""demijohn.db under real servers (gunicorn's threaded worker and uvicorn): a bounded load of
concurrent writes, some refused and some failing at commit, leaves every connection back in
its pool; sync sessions under both, async sessions under uvicorn, on the server's loop. On
PostgreSQL, whose writers do not wait for each other as SQLite's do.

The application is ``tests/server_apps/djserver_db.py``; the servers are started with the
machinery of :mod:`tests.test_servers`.
"""

from __future__ import annotations

import concurrent.futures
import json
import typing as t
from pathlib import Path

import pytest
from tests.test_servers import GUNICORN_GTHREAD, UVICORN, Kind, Server, _serve

KINDS = [GUNICORN_GTHREAD, UVICORN]
#: The sessions each server's load uses.
SESSIONS = {GUNICORN_GTHREAD.name: ("sync",), UVICORN.name: ("sync", "async")}
#: The load: this many requests of each kind, this many at a time.
REQUESTS = 60
CONCURRENCY = 8


@pytest.fixture(params=KINDS, ids=[kind.name for kind in KINDS])
def server(
    request: pytest.FixtureRequest, tmp_path: Path, postgresql_server: t.Any
) -> t.Iterator[Server]:
    kind: Kind = request.param
    with _serve(
        kind.name,
        lambda port: kind.command(port, "djserver_db:app"),
        tmp_path,
        env={"DJSERVER_DATABASE_URL": postgresql_server.url},
        expected_errors=("IntegrityError", "UniqueViolation"),
    ) as server:
        yield server
    with postgresql_server.connect() as connection:
        connection.execute("DROP TABLE visits")


def test_the_pools_get_every_connection_back_after_a_load(server: Server) -> None:
    sessions = SESSIONS[server.name]
    paths = [
        f"/{kind}/{outcome}-{kind}-{n}"
        for n in range(REQUESTS)
        for kind in sessions
        for outcome in (["visit"] if n % 3 else ["visit", "refused"])
    ]
    paths += [f"/{kind}/twice-{kind}" for kind in sessions for _ in range(2)]
    with concurrent.futures.ThreadPoolExecutor(CONCURRENCY) as pool:
        statuses = list(pool.map(lambda path: server.request("POST", path).status, paths))
    assert statuses.count(422) == len(sessions) * len(range(0, REQUESTS, 3))
    # The second write of each key fails at commit: a 500, its connection given back.
    assert statuses.count(500) == len(sessions)
    visits = json.loads(server.request("GET", "/count").body)["visits"]
    assert visits == len(sessions) * (REQUESTS + 1)
    assert json.loads(server.request("GET", "/pool").body) == {"sync": 0, "async": 0}
