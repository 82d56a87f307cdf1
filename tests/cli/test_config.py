"""Tests for demijohn.cli.config: ``demijohn config`` lists the configuration, where each value
came from when a loader recorded it, and masks secrets."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from demijohn import Demijohn
from demijohn.cli import ScriptInfo, cli
from demijohn.cli.config import config_command
from demijohn.settings import SecretStr, Settings


class ShopSettings(Settings):
    PAGE_SIZE: int = 20
    SECRET_KEY: SecretStr
    SIGNING: SecretStr = SecretStr("")


def lines_for(output: str, *keys: str) -> list[str]:
    return [line for line in output.splitlines() if line.split(" ", 1)[0] in keys]


def test_shows_sources_recorded_by_typed_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_SECRET_KEY", "very secret")
    monkeypatch.setenv("SHOP_SIGNING", "also secret")
    app = Demijohn("shop")
    ShopSettings.init_app(app)
    result = app.test_cli_runner().invoke(config_command)
    assert result.exit_code == 0, result.output
    rows = [" ".join(line.split()) for line in lines_for(result.output, "PAGE_SIZE", "SIGNING")]
    assert rows == [
        "PAGE_SIZE 20 (the default in the class)",
        "SIGNING '**********' ($SHOP_SIGNING)",
    ]
    assert "very secret" not in result.output
    assert "also secret" not in result.output


def test_lists_a_plain_configuration_masking_secret_names() -> None:
    app = Demijohn("plain")
    app.config.update(SECRET_KEY="hidden", API_TOKEN="also hidden", PAGE_SIZE=3)
    result = app.test_cli_runner().invoke(config_command)
    assert result.exit_code == 0, result.output
    (row,) = lines_for(result.output, "PAGE_SIZE")
    assert " ".join(row.split()) == "PAGE_SIZE 3 (set in code or by an extension)"
    assert "hidden" not in result.output
    assert lines_for(result.output, "SECRET_KEY", "API_TOKEN")


def test_is_a_command_of_the_demijohn_command() -> None:
    app = Demijohn("shop")
    app.config["PAGE_SIZE"] = 7
    result = CliRunner().invoke(cli, ["config"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert lines_for(result.output, "PAGE_SIZE")
