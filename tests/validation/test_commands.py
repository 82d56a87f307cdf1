"""Tests for demijohn.validation.commands: ``demijohn openapi`` writes the document."""

from __future__ import annotations

import json
from pathlib import Path

from demijohn import Demijohn
from demijohn.validation import Validation, operation


def test_the_command_writes_the_document(app: Demijohn, tmp_path: Path) -> None:
    Validation(app, title="Shop")

    @app.get("/ping")
    @operation
    def ping() -> dict[str, str]:
        return {}

    runner = app.test_cli_runner()
    result = runner.invoke(args=["openapi"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["paths"]["/ping"]["get"]["operationId"] == "ping"
    target = tmp_path / "openapi.json"
    result = runner.invoke(args=["openapi", "--output", str(target), "--indent", "0"])
    assert result.exit_code == 0, result.output
    written = target.read_text()
    assert json.loads(written)["info"]["title"] == "Shop"
    assert "\n" not in written.rstrip("\n")


def test_without_the_extension(app: Demijohn) -> None:
    from demijohn.validation.commands import openapi_command

    app.cli.add_command(openapi_command)
    result = app.test_cli_runner().invoke(args=["openapi"])
    assert result.exit_code != 0
    assert "does not use demijohn.validation" in str(result.exception)
