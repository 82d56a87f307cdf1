"""Fixtures for the shop's tests: a fresh application on a database in a temporary folder."""

from __future__ import annotations

import pathlib

import pytest
from examples.shop import create_app

from demijohn import Demijohn
from demijohn.testing import DemijohnClient


@pytest.fixture
def app(tmp_path: pathlib.Path) -> Demijohn:
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "shop.sqlite3")})


@pytest.fixture
def client(app: Demijohn) -> DemijohnClient:
    return app.test_client()
