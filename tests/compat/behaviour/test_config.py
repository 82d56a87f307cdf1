"""A.7: the configuration object, its loaders and the attributes that mirror its keys."""

from __future__ import annotations

import datetime
import errno
import json
import sys
import types
import typing as t

import pytest

FLASK_DEFAULT_KEYS = {
    "DEBUG",
    "TESTING",
    "PROPAGATE_EXCEPTIONS",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "PERMANENT_SESSION_LIFETIME",
    "USE_X_SENDFILE",
    "TRUSTED_HOSTS",
    "SERVER_NAME",
    "APPLICATION_ROOT",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_PARTITIONED",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_REFRESH_EACH_REQUEST",
    "MAX_CONTENT_LENGTH",
    "MAX_FORM_MEMORY_SIZE",
    "MAX_FORM_PARTS",
    "SEND_FILE_MAX_AGE_DEFAULT",
    "TRAP_BAD_REQUEST_ERRORS",
    "TRAP_HTTP_EXCEPTIONS",
    "EXPLAIN_TEMPLATE_LOADING",
    "PREFERRED_URL_SCHEME",
    "TEMPLATES_AUTO_RELOAD",
    "MAX_COOKIE_SIZE",
    "PROVIDE_AUTOMATIC_OPTIONS",
}


def test_default_keys_include_flasks_29(flask: t.Any) -> None:
    # demijohn adds its ASGI_* settings (docs/async-and-asgi.md); Flask's 29 must all be there.
    app = flask.Flask("config_app")
    assert set(app.config) >= FLASK_DEFAULT_KEYS


def test_default_values(flask: t.Any) -> None:
    config = flask.Flask("config_app").config
    assert config["DEBUG"] is False
    assert config["TESTING"] is False
    assert config["PROPAGATE_EXCEPTIONS"] is None
    assert config["SECRET_KEY"] is None
    assert config["SECRET_KEY_FALLBACKS"] is None
    assert config["PERMANENT_SESSION_LIFETIME"] == datetime.timedelta(days=31)
    assert config["SESSION_COOKIE_NAME"] == "session"
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["SESSION_COOKIE_SAMESITE"] is None
    assert config["SESSION_COOKIE_PARTITIONED"] is False
    assert config["SESSION_REFRESH_EACH_REQUEST"] is True
    assert config["APPLICATION_ROOT"] == "/"
    assert config["PREFERRED_URL_SCHEME"] == "http"
    assert config["SEND_FILE_MAX_AGE_DEFAULT"] is None
    assert config["MAX_COOKIE_SIZE"] == 4093
    assert config["MAX_FORM_MEMORY_SIZE"] == 500_000
    assert config["MAX_FORM_PARTS"] == 1_000
    assert config["MAX_CONTENT_LENGTH"] is None
    assert config["PROVIDE_AUTOMATIC_OPTIONS"] is True
    assert config["TEMPLATES_AUTO_RELOAD"] is None
    assert config["TRAP_BAD_REQUEST_ERRORS"] is None
    assert config["TRUSTED_HOSTS"] is None


def test_config_is_a_dict_with_a_repr(flask: t.Any) -> None:
    config = flask.Config("/somewhere", {"A": 1})
    assert isinstance(config, dict)
    assert config.root_path == "/somewhere"
    assert repr(config) == "<Config {'A': 1}>"


def test_from_object_takes_uppercase_attributes_only(app: t.Any) -> None:
    class Settings:
        NAME = "shop"
        lower = "ignored"
        Mixed = "ignored"
        _PRIVATE = "kept"

    app.config.from_object(Settings)
    assert app.config["NAME"] == "shop"
    assert app.config["_PRIVATE"] == "kept"
    assert "lower" not in app.config
    assert "Mixed" not in app.config


def test_from_object_reads_inherited_attributes(app: t.Any) -> None:
    class Base:
        A = 1
        B = 1

    class Child(Base):
        B = 2

    app.config.from_object(Child)
    assert (app.config["A"], app.config["B"]) == (1, 2)


def test_from_object_with_an_import_string(
    app: t.Any, tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "behaviour_settings.py").write_text("GREETING = 'hi'\nlower = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        app.config.from_object("behaviour_settings")
    finally:
        sys.modules.pop("behaviour_settings", None)
    assert app.config["GREETING"] == "hi"
    assert "lower" not in app.config


def test_from_object_with_a_module_object(app: t.Any) -> None:
    module = types.ModuleType("settings")
    module.LIMIT = 3  # type: ignore[attr-defined]
    app.config.from_object(module)
    assert app.config["LIMIT"] == 3


def test_from_pyfile(app: t.Any, tmp_path: t.Any) -> None:
    path = tmp_path / "settings.cfg"
    path.write_text("VALUE = 40 + 2\nignored = True\nFILE = __file__\n")
    assert app.config.from_pyfile(str(path)) is True
    assert app.config["VALUE"] == 42
    assert app.config["FILE"] == str(path)
    assert "ignored" not in app.config


def test_from_pyfile_is_relative_to_the_root_path(flask: t.Any, tmp_path: t.Any) -> None:
    (tmp_path / "settings.py").write_text("FROM_ROOT = 1\n")
    config = flask.Config(str(tmp_path))
    config.from_pyfile("settings.py")
    assert config["FROM_ROOT"] == 1


def test_from_pyfile_missing_raises_with_the_path(app: t.Any, tmp_path: t.Any) -> None:
    path = str(tmp_path / "missing.cfg")
    with pytest.raises(FileNotFoundError) as info:
        app.config.from_pyfile(path)
    assert info.value.errno == errno.ENOENT
    assert info.value.strerror == "Unable to load configuration file (No such file or directory)"
    assert info.value.filename == path


def test_from_pyfile_missing_silent_returns_false(app: t.Any, tmp_path: t.Any) -> None:
    assert app.config.from_pyfile(str(tmp_path / "missing.cfg"), silent=True) is False


def test_from_file_json(app: t.Any, tmp_path: t.Any) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"PORT": 8000, "debug_name": "x"}))
    assert app.config.from_file(str(path), load=json.load) is True
    assert app.config["PORT"] == 8000
    assert "debug_name" not in app.config


def test_from_file_toml_in_binary_mode(app: t.Any, tmp_path: t.Any) -> None:
    import tomllib

    path = tmp_path / "config.toml"
    path.write_text('NAME = "shop"\n[DB]\nHOST = "db"\n')
    app.config.from_file(str(path), load=tomllib.load, text=False)
    assert app.config["NAME"] == "shop"
    assert app.config["DB"] == {"HOST": "db"}


def test_from_file_missing(app: t.Any, tmp_path: t.Any) -> None:
    path = str(tmp_path / "missing.json")
    assert app.config.from_file(path, load=json.load, silent=True) is False
    with pytest.raises(FileNotFoundError) as info:
        app.config.from_file(path, load=json.load)
    assert info.value.strerror.startswith("Unable to load configuration file")


def test_from_envvar(app: t.Any, tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.cfg"
    path.write_text("FROM_ENV = 'yes'\n")
    monkeypatch.setenv("BEHAVIOUR_SETTINGS", str(path))
    assert app.config.from_envvar("BEHAVIOUR_SETTINGS") is True
    assert app.config["FROM_ENV"] == "yes"


def test_from_envvar_unset(app: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEHAVIOUR_UNSET", raising=False)
    assert app.config.from_envvar("BEHAVIOUR_UNSET", silent=True) is False
    with pytest.raises(RuntimeError, match="'BEHAVIOUR_UNSET' is not set"):
        app.config.from_envvar("BEHAVIOUR_UNSET")


def test_from_mapping(app: t.Any) -> None:
    assert app.config.from_mapping({"A": 1, "b": 2}, C=3, d=4) is True
    assert app.config["A"] == 1
    assert app.config["C"] == 3
    assert "b" not in app.config
    assert "d" not in app.config


def test_from_mapping_with_only_keywords(app: t.Any) -> None:
    app.config.from_mapping(ONLY=True)
    assert app.config["ONLY"] is True


def test_from_mapping_rejects_two_positional_mappings(app: t.Any) -> None:
    with pytest.raises(TypeError):
        app.config.from_mapping({"A": 1}, {"B": 2})


def test_from_prefixed_env_parses_json(app: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_PORT", "8000")
    monkeypatch.setenv("FLASK_ON", "true")
    monkeypatch.setenv("FLASK_HOSTS", '["a", "b"]')
    monkeypatch.setenv("FLASK_NAME", "shop")
    monkeypatch.setenv("FLASK_NOTHING", "null")
    assert app.config.from_prefixed_env("FLASK") is True
    assert app.config["PORT"] == 8000
    assert app.config["ON"] is True
    assert app.config["HOSTS"] == ["a", "b"]
    assert app.config["NAME"] == "shop"
    assert app.config["NOTHING"] is None


def test_from_prefixed_env_defaults_to_the_flask_prefix(
    app: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "from env")
    monkeypatch.setenv("FLASK_POSTS_PER_PAGE", "10")
    app.config.from_prefixed_env()
    assert app.secret_key == "from env"
    assert app.config["POSTS_PER_PAGE"] == 10


def test_from_prefixed_env_ignores_other_prefixes(
    app: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASKY_THING", "1")
    monkeypatch.setenv("OTHER_THING", "1")
    app.config.from_prefixed_env("FLASK")
    assert "Y_THING" not in app.config
    assert "THING" not in app.config


def test_from_prefixed_env_nested_keys(app: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["DB"] = {"USER": "me"}
    monkeypatch.setenv("FLASK_DB__HOST", "localhost")
    monkeypatch.setenv("FLASK_CACHE__REDIS__PORT", "6379")
    app.config.from_prefixed_env("FLASK")
    assert app.config["DB"] == {"USER": "me", "HOST": "localhost"}
    assert app.config["CACHE"] == {"REDIS": {"PORT": 6379}}


def test_from_prefixed_env_custom_prefix_and_loads(
    app: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOP_COUNT", "5")
    app.config.from_prefixed_env("SHOP", loads=lambda value: f"<{value}>")
    assert app.config["COUNT"] == "<5>"


def test_from_prefixed_env_overrides_secret_key(
    app: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "from env")
    app.config.from_prefixed_env("FLASK")
    assert app.secret_key == "from env"


def test_get_namespace_variants(app: t.Any) -> None:
    app.config.update(IMAGE_STORE_TYPE="fs", IMAGE_STORE_PATH="/img", OTHER=1)
    assert app.config.get_namespace("IMAGE_STORE_") == {"type": "fs", "path": "/img"}
    assert app.config.get_namespace("IMAGE_STORE_", lowercase=False) == {
        "TYPE": "fs",
        "PATH": "/img",
    }
    assert app.config.get_namespace("IMAGE_STORE_", trim_namespace=False) == {
        "image_store_type": "fs",
        "image_store_path": "/img",
    }


def test_config_attributes_mirror_keys(app: t.Any) -> None:
    app.debug = True
    assert app.config["DEBUG"] is True
    app.config["TESTING"] = False
    assert app.testing is False
    app.secret_key = "other"
    assert app.config["SECRET_KEY"] == "other"


def test_permanent_session_lifetime_converts_seconds(app: t.Any) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = 60
    assert app.permanent_session_lifetime == datetime.timedelta(seconds=60)


def test_instance_relative_config(flask: t.Any, tmp_path: t.Any) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "settings.py").write_text("IN_INSTANCE = True\n")
    app = flask.Flask("config_app", instance_path=str(instance), instance_relative_config=True)
    assert app.config.root_path == str(instance)
    app.config.from_pyfile("settings.py")
    assert app.config["IN_INSTANCE"] is True


def test_instance_path_must_be_absolute(flask: t.Any) -> None:
    with pytest.raises(ValueError, match="absolute"):
        flask.Flask("config_app", instance_path="relative")


def test_default_instance_path_of_an_unimportable_name(
    flask: t.Any, tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = flask.Flask("config_app_not_a_module")
    assert app.instance_path == str(tmp_path / "instance")


def test_debug_setting_follows_flask_debug_at_creation(
    flask: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert flask.Flask("config_app").debug is True
    monkeypatch.setenv("FLASK_DEBUG", "0")
    assert flask.Flask("config_app").debug is False


def test_from_pyfile_silent_for_a_directory(app: t.Any, tmp_path: t.Any) -> None:
    assert app.config.from_pyfile(str(tmp_path), silent=True) is False


def test_from_envvar_pointing_at_a_missing_file(
    app: t.Any, tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEHAVIOUR_SETTINGS", str(tmp_path / "missing.cfg"))
    with pytest.raises(FileNotFoundError):
        app.config.from_envvar("BEHAVIOUR_SETTINGS")
    assert app.config.from_envvar("BEHAVIOUR_SETTINGS", silent=True) is False


def test_from_pyfile_errors_propagate(app: t.Any, tmp_path: t.Any) -> None:
    path = tmp_path / "broken.cfg"
    path.write_text("VALUE = (\n")
    with pytest.raises(SyntaxError):
        app.config.from_pyfile(str(path))


def test_config_class_and_make_config(flask: t.Any) -> None:
    class Config(flask.Config):  # type: ignore[name-defined,misc]
        pass

    class App(flask.Flask):  # type: ignore[name-defined,misc]
        config_class = Config

    app = App("config_app")
    assert type(app.config) is Config
    assert app.config["DEBUG"] is False
