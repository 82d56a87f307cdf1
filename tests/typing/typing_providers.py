"""Typed uses of demijohn.providers; checked by mypy, not run by pytest: a provider keeps the
type of the value its function makes, through generators, coroutines and async generators,
and what call, get and override give or take is typed by it."""

from __future__ import annotations

import collections.abc as cabc
import sqlite3
import typing as t

from demijohn import Demijohn
from demijohn.providers import Provider, Providers

app = Demijohn(__name__)
providers = Providers(app)


class Catalog:
    def names(self) -> list[str]:
        return []


@providers.provide
def get_db() -> cabc.Iterator[sqlite3.Connection]:
    db = sqlite3.connect(":memory:")
    yield db
    db.close()


@providers.provide(lifetime="app")
async def get_token() -> str:
    return "token"


@providers.provide(by_type=False)
async def get_reporting_db() -> cabc.AsyncIterator[sqlite3.Connection]:
    yield sqlite3.connect(":memory:")


@providers.provide
def get_catalog(db: sqlite3.Connection) -> Catalog:
    return Catalog()


class_provider: Provider[Catalog] = providers.provide(Catalog)


@app.get("/")
def index(
    catalog: Catalog, reporting: t.Annotated[sqlite3.Connection, get_reporting_db]
) -> list[str]:
    return catalog.names()


def report(catalog: Catalog, title: str = "") -> int:
    return len(catalog.names())


@providers.inject
def job(catalog: Catalog) -> str:
    return ",".join(catalog.names())


def fake_catalog() -> Catalog:
    return Catalog()


count: int = providers.call(report, title="daily")
joined: str = job(Catalog())
with providers.scope():
    db: sqlite3.Connection = providers.get(get_db)
    catalog: Catalog = providers.get(Catalog)
with providers.override(get_catalog, fake_catalog) as stand_in:
    replaced: Provider[Catalog] = stand_in
if t.TYPE_CHECKING:
    t.assert_type(get_db, Provider[sqlite3.Connection])
    t.assert_type(get_token, Provider[str])
    t.assert_type(get_reporting_db, Provider[sqlite3.Connection])
    t.assert_type(get_catalog, Provider[Catalog])
    t.assert_type(providers.get(get_token), str)
    t.assert_type(Providers.of(app), Providers)
