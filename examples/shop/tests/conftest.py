"""Fixtures for the shop's tests: a fresh application on a database in a temporary folder, and
its test client, once over WSGI and once over ASGI."""

from __future__ import annotations

import pathlib
import typing as t

import pytest
from examples.shop import create_app

from demijohn import Demijohn
from demijohn.testing import DemijohnClient


@pytest.fixture
def app(tmp_path: pathlib.Path) -> Demijohn:
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "shop.sqlite3")})


@pytest.fixture(params=["wsgi", "asgi"])
def protocol(request: pytest.FixtureRequest) -> str:
    """Each test that uses the client runs once over WSGI and once over ASGI."""
    return t.cast(str, request.param)


@pytest.fixture
def client(app: Demijohn, protocol: str) -> DemijohnClient:
    return app.test_client(protocol=protocol)
