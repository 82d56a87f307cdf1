"""Provided values read from ``g`` (demijohn.providers.globals), under both protocols."""

from __future__ import annotations

import typing as t

import pytest

from demijohn import Demijohn, g
from demijohn.errors import DemijohnError
from demijohn.providers import ProviderError, Providers
from demijohn.testing import DemijohnClient


class Connection:
    def __init__(self) -> None:
        self.closed = False


@pytest.fixture
def made(app: Demijohn) -> list[Connection]:
    providers = Providers(app)
    made: list[Connection] = []

    @providers.provide
    def connect() -> t.Iterator[Connection]:
        connection = Connection()
        made.append(connection)
        yield connection
        connection.closed = True

    providers.expose_on_g("db", Connection)
    return made


def test_g_gives_the_same_value_a_view_parameter_gets(
    app: Demijohn, made: list[Connection], client: DemijohnClient
) -> None:
    @app.get("/")
    def index(db: Connection) -> dict[str, bool]:
        return {"same": g.db is db, "get": g.get("db") is db, "in": "db" in g}

    assert client.get("/").json == {"same": True, "get": True, "in": True}
    assert len(made) == 1
    assert made[0].closed


def test_nothing_is_made_until_g_is_read(
    app: Demijohn, made: list[Connection], client: DemijohnClient
) -> None:
    app.get("/")(lambda: "no database")
    assert client.get("/").text == "no database"
    assert made == []


def test_a_value_set_on_g_wins(
    app: Demijohn, made: list[Connection], client: DemijohnClient
) -> None:
    @app.get("/")
    def index() -> str:
        g.db = "mine"
        return str(g.db)

    assert client.get("/").text == "mine"
    assert made == []


def test_other_names_still_raise_attribute_error(app: Demijohn, made: list[Connection]) -> None:
    with app.app_context():
        with pytest.raises(AttributeError):
            g.cache  # noqa: B018
        assert g.get("cache", 3) == 3
        assert "cache" not in g


def test_g_outside_a_request_reads_the_scope(app: Demijohn, made: list[Connection]) -> None:
    providers = Providers.of(app)
    with app.app_context(), providers.scope():
        assert isinstance(g.db, Connection)
        assert g.db is g.db
    assert made[0].closed


def test_a_name_gives_one_value_only(app: Demijohn, made: list[Connection]) -> None:
    providers = Providers.of(app)
    providers.expose_on_g("db", Connection)  # the same again is fine

    @providers.provide
    def number() -> int:
        return 1

    with pytest.raises(DemijohnError, match=r"'g\.db' already gives another"):
        providers.expose_on_g("db", int)
    with pytest.raises(DemijohnError, match="identifier"):
        providers.expose_on_g("_db", int)
    with pytest.raises(ProviderError, match="No provider gives"):
        providers.expose_on_g("name", str)


def test_the_apps_own_g_class_is_kept(app: Demijohn) -> None:
    base = app.app_ctx_globals_class

    class MyGlobals(base):  # type: ignore[valid-type,misc]
        def greet(self) -> str:
            return "hello"

    app.app_ctx_globals_class = MyGlobals
    providers = Providers(app)
    providers.provide(lambda: 2, provides=int)
    providers.expose_on_g("two", int)
    assert issubclass(app.app_ctx_globals_class, MyGlobals)
    with app.app_context(), providers.scope():
        assert g.greet() == "hello"
        assert g.two == 2
