"""Tests for demijohn.db.settings: the database's keys as typed settings, from the environment
into the engines, checked when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.db.models import Model

from demijohn import Demijohn
from demijohn.db import Database
from demijohn.db.settings import DatabaseSettings
from demijohn.settings import SettingsError


class ShopSettings(DatabaseSettings):
    PAGE_SIZE: int = 20


def test_the_environment_configures_the_engines(
    app: Demijohn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOP_DATABASE_URL", f"sqlite:///{tmp_path / 'shop.sqlite'}")
    monkeypatch.setenv("SHOP_DATABASE_ENGINE_OPTIONS", '{"pool_pre_ping": true}')
    ShopSettings.init_app(app, prefix="SHOP_")
    db = Database(app, Model)
    assert db.engine.url.database == str(tmp_path / "shop.sqlite")
    assert db.engine.pool._pre_ping is True  # type: ignore[attr-defined]
    assert "DATABASE_URL" in app.config.secret_keys


def test_a_wrong_value_stops_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_DATABASE_ECHO", "loud")
    with pytest.raises(SettingsError, match="DATABASE_ECHO = 'loud'"):
        ShopSettings.load(prefix="SHOP_")
