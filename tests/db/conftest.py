"""Fixtures of the database tests: every test that asks for ``database_url`` runs once on
SQLite (a file in the test's folder) and once on a real PostgreSQL server.

The server is made for the test run: a cluster in a temporary folder (``initdb``), started on
a free local port (``pg_ctl``), with a database of its own, stopped when the run ends. The
Debian ``postgresql`` package provides the programs (``make services`` installs it).
PostgreSQL refuses to run as root, so as root the programs run as the ``postgres`` user that
package creates, which is given the folder. After each test the database's schema is dropped
and made again, so that tests do not see each other's tables.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import typing as t
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.orm import DeclarativeBase

from demijohn import Demijohn
from demijohn.db import Database

DATABASE = "demijohn_test"


def _programs() -> Path:
    """The folder of initdb and pg_ctl: on the PATH, else the newest Debian installs."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    folders = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(path.split("/")[4]),
    )
    if not folders:
        pytest.fail(
            "PostgreSQL's programs (initdb, pg_ctl) are not installed, and the database tests"
            " run on PostgreSQL too. Run 'make services', which installs the Debian package"
            " postgresql."
        )
    return Path(folders[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return t.cast(int, probe.getsockname()[1])


@dataclasses.dataclass
class Server:
    folder: Path
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def connect(self, database: str = DATABASE) -> psycopg.Connection[t.Any]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        )


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


@pytest.fixture(scope="session")
def postgresql_server() -> t.Iterator[Server]:
    programs = _programs()
    folder = Path(tempfile.mkdtemp(prefix="demijohn-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    server = Server(folder, _free_port(), as_user)
    _run([*as_user, str(programs / "initdb"), "-D", str(data), "-U", "postgres",
          "--auth=trust", "--no-sync", "-E", "UTF8"])  # fmt: skip
    options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run([*as_user, str(programs / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
          "-o", options, "-w", "start"])  # fmt: skip
    try:
        with server.connect("postgres") as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        yield server
    finally:
        _run([*as_user, str(programs / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> t.Iterator[str]:
    """A database URL: once a SQLite file, once the PostgreSQL test database, emptied after."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    server: Server = request.getfixturevalue("postgresql_server")
    yield server.url
    with server.connect() as connection:
        # A backend whose client has just closed may not have exited yet; it holds nothing,
        # but would keep DROP SCHEMA waiting. Whether the application gave its connections
        # back is for the tests to assert (their pools' counts).
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


@pytest.fixture
def make_database(app: Demijohn, database_url: str) -> t.Iterator[t.Callable[..., Database]]:
    """Set the app up with a Database on the test's database URL, its tables created; its
    engines are closed when the test ends."""
    made: list[Database] = []

    def make(model: type[DeclarativeBase] | None = None, **config: t.Any) -> Database:
        app.config["DATABASE_URL"] = database_url
        app.config.update(config)
        db = Database(app, model)
        made.append(db)
        if model is not None:
            db.create_all()
        return db

    yield make
    for db in made:
        db.close()
