"""Tests for demijohn.settings: typed settings from defaults, a TOML file with a table per
environment, secret files, environment variables and overrides, in that order; every problem
reported at once; the values in app.config and in typed form."""

from __future__ import annotations

import textwrap
import typing as t
from pathlib import Path

import pytest
from pydantic import BaseModel

from demijohn import Demijohn
from demijohn.errors import DemijohnError
from demijohn.settings import EXTENSION_KEY, SecretStr, Settings, SettingsError


class Database(BaseModel):
    URL: str = "sqlite:///shop.db"
    POOL_SIZE: int = 5


class ShopSettings(Settings):
    PAGE_SIZE: int = 20
    SECRET_KEY: SecretStr
    ALLOWED_HOSTS: list[str] = []
    DATABASE: Database = Database()
    GREETING: str = "hello"


@pytest.fixture(autouse=True)
def _no_shop_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("SHOP_"):
            monkeypatch.delenv(name)


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def test_defaults_and_overrides() -> None:
    settings = ShopSettings.load(prefix="SHOP_", overrides={"SECRET_KEY": "s" * 32})
    assert settings.PAGE_SIZE == 20
    assert settings.SECRET_KEY.get_secret_value() == "s" * 32
    assert settings.environment == "production"
    assert settings.sources()["PAGE_SIZE"] == "the default in the class"
    assert settings.sources()["SECRET_KEY"] == "the overrides"


def test_each_layer_wins_over_the_one_below(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = write(
        tmp_path / "settings.toml",
        """
        PAGE_SIZE = 30
        GREETING = "from the file"
        SECRET_KEY = "file secret"

        [environments.development]
        PAGE_SIZE = 5

        [environments.production]
        PAGE_SIZE = 50
        """,
    )
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "SHOP_SECRET_KEY").write_text("mounted secret")
    monkeypatch.setenv("SHOP_GREETING", "from the environment")
    monkeypatch.setenv("SHOP_ALLOWED_HOSTS", '["shop.example", "www.shop.example"]')
    monkeypatch.setenv("SHOP_DATABASE", '{"URL": "postgresql://db/shop"}')
    settings = ShopSettings.load(
        prefix="SHOP_",
        file=file,
        environment="development",
        secrets_dir=secrets,
        overrides={"GREETING": "overridden"},
    )
    assert settings.PAGE_SIZE == 5
    assert settings.SECRET_KEY.get_secret_value() == "mounted secret"
    assert settings.GREETING == "overridden"
    assert settings.ALLOWED_HOSTS == ["shop.example", "www.shop.example"]
    assert (settings.DATABASE.URL, settings.DATABASE.POOL_SIZE) == ("postgresql://db/shop", 5)
    sources = settings.sources()
    assert sources["PAGE_SIZE"] == f"{file} [environments.development]"
    assert sources["SECRET_KEY"] == f"the secret file {secrets / 'SHOP_SECRET_KEY'}"
    assert sources["ALLOWED_HOSTS"] == "$SHOP_ALLOWED_HOSTS"
    assert sources["GREETING"] == "the overrides"


def test_the_environment_comes_from_its_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = write(
        tmp_path / "settings.toml",
        """
        SECRET_KEY = "k"
        [environments.testing]
        PAGE_SIZE = 2
        """,
    )
    monkeypatch.setenv("SHOP_ENVIRONMENT", "testing")
    settings = ShopSettings.load(prefix="SHOP_", file=file)
    assert (settings.environment, settings.PAGE_SIZE) == ("testing", 2)


def test_every_problem_is_reported_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = write(tmp_path / "settings.toml", "PAGE_SIZ = 10\nGREETING = 3\n")
    monkeypatch.setenv("SHOP_PAGE_SIZE", "fifty")
    with pytest.raises(SettingsError) as caught:
        ShopSettings.load(prefix="SHOP_", file=file)
    message = str(caught.value)
    assert "ShopSettings could not be loaded (4 problems)" in message
    assert "PAGE_SIZE = 'fifty' from $SHOP_PAGE_SIZE: Input should be a valid integer" in message
    assert f"GREETING = 3 from {file}: Input should be a valid string" in message
    assert (
        f"SECRET_KEY is required, but nothing gives it: set $SHOP_SECRET_KEY or add it to {file}"
        in message
    )
    assert f"PAGE_SIZ from {file} is not a setting of this class" in message
    assert len(caught.value.problems) == 4


def test_a_secret_is_never_shown_in_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Strict(Settings):
        TOKEN: SecretStr
        RETRIES: int = 1

    with pytest.raises(SettingsError) as caught:
        Strict.load(prefix="SHOP_", overrides={"TOKEN": 12345, "RETRIES": "x"})
    assert "12345" not in str(caught.value)
    assert "TOKEN = '**********' from the overrides" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, "does not exist"),
        ("PAGE_SIZE = = 3", "is not valid TOML"),
        ("environments = 3", "must be a table of tables"),
    ],
)
def test_a_broken_file_is_reported(tmp_path: Path, text: str | None, expected: str) -> None:
    file = tmp_path / "settings.toml"
    if text is not None:
        file.write_text(text)
    with pytest.raises(SettingsError, match=expected):
        ShopSettings.load(prefix="SHOP_", file=file, overrides={"SECRET_KEY": "k"})


def test_settings_are_frozen() -> None:
    settings = ShopSettings.load(overrides={"SECRET_KEY": "k"})
    with pytest.raises(ValueError, match="frozen"):
        settings.PAGE_SIZE = 3  # type: ignore[misc]


def test_init_app_fills_the_config_and_is_found_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "settings.toml", 'SECRET_KEY = "from the file"\n')
    monkeypatch.setenv("SHOP_PAGE_SIZE", "12")
    app = Demijohn("shop", root_path=str(tmp_path))
    settings = ShopSettings.init_app(app, file="settings.toml")
    assert app.config["PAGE_SIZE"] == 12
    assert app.config["SECRET_KEY"] == "from the file"
    assert app.config["DATABASE"] == {"URL": "sqlite:///shop.db", "POOL_SIZE": 5}
    assert app.extensions[EXTENSION_KEY] is settings
    assert ShopSettings.of(app) is settings
    with app.app_context():
        assert ShopSettings.of() is settings


def test_a_session_is_signed_with_the_key_from_the_settings(
    monkeypatch: pytest.MonkeyPatch, protocol: str
) -> None:
    monkeypatch.setenv("SHOP_SECRET_KEY", "k" * 64)
    app = Demijohn("shop")
    ShopSettings.init_app(app)

    @app.get("/")
    def index(request: t.Any) -> str:
        from demijohn import session

        session["seen"] = True
        return "ok"

    response = app.test_client(protocol=protocol).get("/")
    assert response.status_code == 200
    assert "session=" in response.headers["Set-Cookie"]


def test_of_without_init_app_says_what_to_do() -> None:
    app = Demijohn("shop")
    with pytest.raises(DemijohnError, match=r"Call 'ShopSettings.init_app\(app\)'"):
        ShopSettings.of(app)


def test_the_checks_run_at_start_in_production_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from demijohn.checks import ChecksFailed

    monkeypatch.setenv("SHOP_SECRET_KEY", "k" * 64)
    for environment, refuses in [("production", True), ("development", False)]:
        app = Demijohn("shop")
        ShopSettings.init_app(app, environment=environment)
        assert app.config["CHECK_ON_START"] is refuses
        assert environment in app.config.sources["CHECK_ON_START"]
        app.add_url_rule("/", "index", "no_such_module_anywhere:index")
        if refuses:
            with pytest.raises(ChecksFailed):
                app.startup()
        else:
            app.startup()


def test_a_class_that_declares_check_on_start_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    class Relaxed(ShopSettings):
        CHECK_ON_START: bool = False

    monkeypatch.setenv("SHOP_SECRET_KEY", "k" * 64)
    app = Demijohn("shop")
    Relaxed.init_app(app, environment="production")
    assert app.config["CHECK_ON_START"] is False
