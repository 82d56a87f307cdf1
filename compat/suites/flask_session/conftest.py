"""Fixtures for demijohn's own suite for Flask-Session 0.8.0, whose release ships no tests.

The suite is written for Flask, like any Flask project's tests: it imports ``flask``,
``flask_session`` and the stores' own clients only. ``python compat/run_extension_suites.py
flask-session`` runs it on demijohn through the compatibility layer (over WSGI, then over
ASGI), and ``python compat/check_behaviour.py`` runs it on the real Flask, which proves that
what it expects is Flask's and Flask-Session's behaviour.

Every test that takes ``app`` runs once per store: a real ``redis-server`` (started on a free
port for the run, so it needs the program, which ``make compat`` installs), SQLAlchemy
through Flask-SQLAlchemy on an SQLite file, and cachelib's file system cache.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import typing as t
from pathlib import Path

import flask
import msgspec
import pytest
import redis
from cachelib import FileSystemCache
from flask_session import Session
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

STORES = ("redis", "sqlalchemy", "cachelib")
COOKIE = "session"
PREFIX = "session:"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def redis_port() -> t.Iterator[int]:
    """A redis-server of the run's own, on a free port, without persistence."""
    program = shutil.which("redis-server")
    if program is None:
        pytest.fail("redis-server is not installed: 'make compat' installs it with apt-get")
    port = _free_port()
    command = [program, "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not _accepts(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)


class Store:
    """What a test reads and writes behind Flask-Session's back: a session's stored data
    by its id, in the store the application uses."""

    def __init__(self, app: flask.Flask, kind: str, client: t.Any) -> None:
        self.app = app
        self.kind = kind
        self.client = client

    def get(self, sid: str) -> dict[str, t.Any] | None:
        key = PREFIX + sid
        if self.kind == "redis":
            raw = self.client.get(key)
            return None if raw is None else msgspec.msgpack.decode(raw)
        if self.kind == "sqlalchemy":
            with self.app.app_context():
                query = text("SELECT data FROM sessions WHERE session_id = :key")
                raw = self.client.session.execute(query, {"key": key}).scalar()
            return None if raw is None else msgspec.msgpack.decode(raw)
        value = self.client.get(key)
        return None if value is None else dict(value)

    def put(self, sid: str, data: dict[str, t.Any]) -> None:
        """Change a stored session as another process sharing the store would."""
        key = PREFIX + sid
        if self.kind == "redis":
            self.client.set(key, msgspec.msgpack.encode(data), ex=3600)
        elif self.kind == "sqlalchemy":
            with self.app.app_context():
                query = text("UPDATE sessions SET data = :data WHERE session_id = :key")
                self.client.session.execute(
                    query, {"data": msgspec.msgpack.encode(data), "key": key}
                )
                self.client.session.commit()
        else:
            self.client.set(key, data, timeout=3600)


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def config() -> dict[str, t.Any]:
    """Configuration a test adds before the application is made (``Session(app)`` reads it
    once)."""
    return {}


@pytest.fixture
def app(
    store_kind: str, config: dict[str, t.Any], tmp_path: Path, request: pytest.FixtureRequest
) -> t.Iterator[flask.Flask]:
    app = flask.Flask(__name__, root_path=str(tmp_path))
    app.config.update(TESTING=True, SECRET_KEY="a secret key for the sessions suite")
    app.config["SESSION_TYPE"] = store_kind
    client: t.Any
    if store_kind == "redis":
        port = request.getfixturevalue("redis_port")
        client = redis.Redis(host="127.0.0.1", port=port)
        client.flushdb()
        app.config["SESSION_REDIS"] = client
    elif store_kind == "sqlalchemy":
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'sessions.db'}"
        client = SQLAlchemy(app)
        app.config["SESSION_SQLALCHEMY"] = client
    else:
        client = FileSystemCache(str(tmp_path / "sessions"), threshold=500)
        app.config["SESSION_CACHELIB"] = client
    app.config.update(config)
    Session(app)
    _add_views(app)
    app.extensions["sessions_suite_store"] = Store(app, store_kind, client)
    yield app
    if store_kind == "redis":
        client.close()
    elif store_kind == "sqlalchemy":
        with app.app_context():
            client.engine.dispose()


def _add_views(app: flask.Flask) -> None:
    @app.route("/set/<key>/<value>")
    def set_value(key: str, value: str) -> str:
        flask.session[key] = value
        return "set"

    @app.route("/get/<key>")
    def get_value(key: str) -> str:
        return str(flask.session.get(key, "missing"))

    @app.route("/clear")
    def clear() -> str:
        flask.session.clear()
        return "cleared"

    @app.route("/regenerate")
    def regenerate() -> str:
        app.session_interface.regenerate(flask.session)  # type: ignore[attr-defined]
        return "regenerated"

    @app.route("/untouched")
    def untouched() -> str:
        return "untouched"


@pytest.fixture
def store(app: flask.Flask) -> Store:
    return t.cast(Store, app.extensions["sessions_suite_store"])


@pytest.fixture
def client(app: flask.Flask) -> t.Any:
    return app.test_client()


def _session_id(client: t.Any) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return None if cookie is None else str(cookie.value)


@pytest.fixture
def session_id() -> t.Callable[[t.Any], str | None]:
    """Gives the session id a test client's cookie holds, if it holds one."""
    return _session_id
