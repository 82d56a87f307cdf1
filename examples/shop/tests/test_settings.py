"""The shop's settings: a class per environment, chosen by SHOP_ENVIRONMENT, every value
checked when the application is made; production's pass the deployment checks."""

from __future__ import annotations

import pathlib

import pytest
from examples.shop import create_app, settings
from examples.shop.tests.conftest import settings_for

from demijohn.settings import SettingsError

#: What a deployment sets in its environment.
DEPLOYMENT = {
    "SHOP_SECRET_KEY": "9f2c4e7a1b8d3f6e0a5c2b9d4e7f1a3c6b8d0e2f4a6c8e1b3d5f7a9c2e4b6d8f",
    "SHOP_TRUSTED_HOSTS": '["shop.example"]',
}


@pytest.fixture
def deployment(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    monkeypatch.setenv("SHOP_ENVIRONMENT", "production")
    monkeypatch.setenv("SHOP_DATABASE_URL", f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    for name, value in DEPLOYMENT.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def test_the_environment_chooses_the_class(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOP_ENVIRONMENT", "development")
    app = create_app(overrides=settings_for(tmp_path))
    assert isinstance(settings.Base.of(app), settings.Development)
    assert app.debug
    assert not app.config["CHECK_ON_START"]
    assert app.config.sources["DEBUG"] == "the default in the class"


def test_production_is_the_default_and_needs_a_key_and_hosts(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHOP_ENVIRONMENT", raising=False)
    with pytest.raises(SettingsError) as info:
        create_app(overrides=settings_for(tmp_path))
    assert info.value.problems == [
        "SECRET_KEY is required, but nothing gives it: set $SHOP_SECRET_KEY",
        "TRUSTED_HOSTS is required, but nothing gives it: set $SHOP_TRUSTED_HOSTS",
    ]


def test_production_settings_pass_the_deploy_check(deployment: pathlib.Path) -> None:
    app = create_app()
    loaded = settings.Base.of(app)
    assert isinstance(loaded, settings.Production)
    assert not app.debug
    assert not app.testing
    assert app.config["CHECK_ON_START"]
    assert app.config["SECRET_KEY"] == DEPLOYMENT["SHOP_SECRET_KEY"]
    assert "SECRET_KEY" in app.config.secret_keys
    assert app.run_checks(deploy=True) == []


def test_production_serves_with_secure_defaults(deployment: pathlib.Path) -> None:
    app = create_app()
    headers = {"X-Forwarded-Proto": "https", "Accept": "text/html"}
    response = app.test_client().get("http://shop.example/", headers=headers)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    # Another host name is refused.
    assert app.test_client().get("http://evil.example/", headers=headers).status_code == 400
