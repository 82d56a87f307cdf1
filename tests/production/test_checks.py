"""Tests for demijohn.production.checks: ``demijohn check --deploy``."""

from __future__ import annotations

import importlib.util
import typing as t

import pytest
from click.testing import CliRunner

from demijohn import Demijohn
from demijohn.cli import DemijohnGroup
from demijohn.production import Production
from demijohn.production import checks as deploy_checks

GOOD_KEY = "9f2c4e7a1b8d3f6e0a5c9b2d7e4f1a8c"


def deploy_app(**config: t.Any) -> Demijohn:
    app = Demijohn("shop_deploy")
    safe = {"SECRET_KEY": GOOD_KEY, "TRUSTED_HOSTS": ["shop.example"], "TRUSTED_PROXIES": 1}
    app.config.update({**safe, **config})
    Production(app)
    return app


def found(app: Demijohn) -> dict[str, str]:
    return {problem.check: problem.severity for problem in app.run_checks(deploy=True)}


def test_a_safe_configuration_passes() -> None:
    assert found(deploy_app()) == {}


def test_only_deployments_are_judged() -> None:
    app = deploy_app(SECRET_KEY=None, DEBUG=True)
    assert app.run_checks() == []


@pytest.mark.parametrize(
    ("config", "check", "severity"),
    [
        ({"DEBUG": True}, "production.debug", "error"),
        ({"TESTING": True}, "production.testing", "error"),
        ({"SECRET_KEY": None}, "production.secret_key", "error"),
        ({"SECRET_KEY": "short"}, "production.secret_key", "error"),
        ({"TRUSTED_HOSTS": None}, "production.hosts", "error"),
        ({"SECURE_HTTPS": False}, "production.https", "warning"),
        ({"SESSION_COOKIE_SAMESITE": "None"}, "production.session_cookie", "warning"),
        ({"SECURE_HSTS_SECONDS": 3600}, "production.hsts", "warning"),
        ({"MAX_CONTENT_LENGTH": 2**30}, "production.body_limit", "warning"),
        ({"TRUSTED_PROXIES": 0}, "production.proxy", "warning"),
    ],
)
def test_each_risky_setting(config: dict[str, t.Any], check: str, severity: str) -> None:
    assert found(deploy_app(**config)) == {check: severity}


def test_any_host_on_purpose() -> None:
    assert found(deploy_app(TRUSTED_HOSTS=["*"])) == {}


def test_messages_say_why_and_how_to_fix() -> None:
    (problem,) = deploy_app(SECRET_KEY=None).run_checks(deploy=True)
    assert "cannot be signed" in problem.message
    assert "secrets.token_hex(32)" in problem.message


def test_a_dev_server_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    (problem,) = deploy_app().run_checks(deploy=True)
    assert problem.check == "production.server"
    assert "development server" in problem.message


def test_the_command_fails_on_errors_and_shows_warnings() -> None:
    bad = deploy_app(SECRET_KEY=None, SECURE_HSTS_SECONDS=0)
    result = CliRunner().invoke(DemijohnGroup(create_app=lambda: bad), ["check", "--deploy"])
    assert result.exit_code == 1
    assert "[production.secret_key] SECRET_KEY is not set" in result.output
    assert "[production.hsts] warning:" in result.output
    good = deploy_app()
    result = CliRunner().invoke(DemijohnGroup(create_app=lambda: good), ["check", "--deploy"])
    assert result.exit_code == 0, result.output


def test_production_servers_are_known() -> None:
    assert "gunicorn" in deploy_checks.PRODUCTION_SERVERS
