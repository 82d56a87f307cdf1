"""Tests for demijohn.settings.commands: ``demijohn config`` lists the settings, where each
came from, and masks secrets."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from demijohn import Demijohn
from demijohn.cli import ScriptInfo, cli
from demijohn.settings import SecretStr, Settings
from demijohn.settings.commands import config_command


class ShopSettings(Settings):
    PAGE_SIZE: int = 20
    SECRET_KEY: SecretStr


def test_lists_typed_settings_with_their_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_SECRET_KEY", "very secret")
    app = Demijohn("shop")
    ShopSettings.init_app(app)
    result = app.test_cli_runner().invoke(config_command)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines == [
        "PAGE_SIZE   20  (the default in the class)",
        "SECRET_KEY  '**********'  ($SHOP_SECRET_KEY)",
    ]
    assert "very secret" not in result.output


def test_lists_the_config_of_an_application_without_typed_settings() -> None:
    app = Demijohn("plain")
    app.config.update(SECRET_KEY="hidden", API_TOKEN="also hidden", PAGE_SIZE=3)
    result = app.test_cli_runner().invoke(config_command)
    assert result.exit_code == 0, result.output
    assert "PAGE_SIZE" in result.output
    assert "3  (app.config)" in result.output
    assert "hidden" not in result.output
    assert "SECRET_KEY" in result.output


def test_is_a_command_of_the_demijohn_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_SECRET_KEY", "k")
    app = Demijohn("shop")
    ShopSettings.init_app(app)
    result = CliRunner().invoke(cli, ["config"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert "PAGE_SIZE" in result.output
