"""Fixtures of the server-side sessions' tests: a real redis-server for the run, emptied
after each test."""

from __future__ import annotations

import typing as t

import pytest
import redis
from tests.redis_server import running_redis


@pytest.fixture(scope="session")
def redis_server() -> t.Iterator[str]:
    with running_redis() as url:
        yield url


@pytest.fixture
def redis_url(redis_server: str) -> t.Iterator[str]:
    yield redis_server
    client = redis.Redis.from_url(redis_server)
    try:
        client.flushall()
    finally:
        client.close()


# The database store runs on SQLite and on a real PostgreSQL, as the db battery's tests do.
from tests.db.conftest import database_url, postgresql_server  # noqa: E402, F401
