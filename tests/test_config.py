"""Tests for :mod:`demijohn.config`: loading settings and the ``ConfigAttribute`` descriptor."""

from __future__ import annotations

import json
import os
import sys
import tomllib
import typing as t
from pathlib import Path

import pytest

from demijohn.config import Config, ConfigAttribute

PYFILE_SOURCE = """\
import os

SECRET_KEY = "from-pyfile"
DEBUG = True
lowercase_helper = "ignored"
MixedCase = "ignored"
SEEN_FILE = __file__
SEEN_NAME = __name__
"""


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove variables the tests read so the outer environment cannot leak in."""
    for name in list(os.environ):
        if name.startswith(("DEMIJOHN_", "APP_", "SETTINGS_")):
            monkeypatch.delenv(name)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(tmp_path)


@pytest.fixture
def pyfile(tmp_path: Path) -> Path:
    path = tmp_path / "settings.py"
    path.write_text(PYFILE_SOURCE)
    return path


def assert_pyfile_loaded(config: Config) -> None:
    assert config["SECRET_KEY"] == "from-pyfile"
    assert config["DEBUG"] is True
    assert "lowercase_helper" not in config
    assert "MixedCase" not in config
    assert "os" not in config


# Construction and repr


def test_init_stores_root_path_and_copies_defaults(tmp_path: Path) -> None:
    defaults = {"DEBUG": False}
    config = Config(tmp_path, defaults)
    defaults["DEBUG"] = True
    assert config.root_path == tmp_path
    assert config == {"DEBUG": False}


def test_init_without_defaults_is_empty_dict(tmp_path: Path) -> None:
    config = Config(str(tmp_path))
    assert isinstance(config, dict)
    assert config == {}
    assert config.root_path == str(tmp_path)


def test_repr_wraps_dict_repr(config: Config) -> None:
    config["A"] = 1
    assert repr(config) == "<Config {'A': 1}>"


def test_repr_uses_subclass_name(tmp_path: Path) -> None:
    class AppConfig(Config):
        pass

    assert repr(AppConfig(tmp_path, {"B": 2})) == "<AppConfig {'B': 2}>"


# from_mapping


def test_from_mapping_copies_uppercase_keys_only(config: Config) -> None:
    assert config.from_mapping({"SECRET_KEY": "s", "lower": 1, "Mixed": 2}) is True
    assert config == {"SECRET_KEY": "s"}


def test_from_mapping_accepts_keyword_arguments(config: Config) -> None:
    assert config.from_mapping(DEBUG=True, other=False) is True
    assert config == {"DEBUG": True}


def test_from_mapping_keywords_override_mapping(config: Config) -> None:
    config.from_mapping({"A": 1, "B": 2}, B=3)
    assert config == {"A": 1, "B": 3}


def test_from_mapping_without_arguments_changes_nothing(config: Config) -> None:
    config["KEEP"] = 1
    assert config.from_mapping() is True
    assert config == {"KEEP": 1}


# from_object


def test_from_object_with_class_copies_uppercase_attributes(config: Config) -> None:
    class Settings:
        DEBUG = True
        SECRET_KEY = "class-secret"
        helper = "ignored"
        Mixed = "ignored"

    config.from_object(Settings)
    assert config == {"DEBUG": True, "SECRET_KEY": "class-secret"}


def test_from_object_with_instance_sees_instance_attributes(config: Config) -> None:
    class Settings:
        def __init__(self) -> None:
            self.DATABASE = "sqlite://"

    config.from_object(Settings())
    assert config == {"DATABASE": "sqlite://"}


def test_from_object_with_import_string_of_module(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "demijohn_test_settings.py").write_text("TIMEOUT = 30\nhelper = 1\n")
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.delitem(sys.modules, "demijohn_test_settings", raising=False)
    config.from_object("demijohn_test_settings")
    assert config == {"TIMEOUT": 30}


def test_from_object_with_import_string_of_class(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = "class Production:\n    DEBUG = False\n    name = 'prod'\n"
    (tmp_path / "demijohn_test_envs.py").write_text(source)
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.delitem(sys.modules, "demijohn_test_envs", raising=False)
    config.from_object("demijohn_test_envs:Production")
    assert config == {"DEBUG": False}


def test_from_object_with_unimportable_string_raises(config: Config) -> None:
    with pytest.raises(ImportError):
        config.from_object("demijohn_no_such_module_anywhere")
    assert config == {}


# from_pyfile


def test_from_pyfile_relative_to_root_path(config: Config, pyfile: Path) -> None:
    assert config.from_pyfile("settings.py") is True
    assert_pyfile_loaded(config)


def test_from_pyfile_absolute_path_ignores_root_path(tmp_path: Path, pyfile: Path) -> None:
    config = Config(tmp_path / "elsewhere")
    assert config.from_pyfile(str(pyfile)) is True
    assert_pyfile_loaded(config)


def test_from_pyfile_accepts_path_objects(config: Config, pyfile: Path) -> None:
    assert config.from_pyfile(Path("settings.py")) is True
    assert_pyfile_loaded(config)


def test_from_pyfile_runs_as_module_named_config_with_file(config: Config, pyfile: Path) -> None:
    config.from_pyfile("settings.py")
    assert config["SEEN_NAME"] == "config"
    assert config["SEEN_FILE"] == os.path.join(config.root_path, "settings.py")


def test_from_pyfile_missing_file_raises_explained_error(config: Config) -> None:
    with pytest.raises(FileNotFoundError) as info:
        config.from_pyfile("missing.py")
    assert info.value.strerror == "Unable to load configuration file (No such file or directory)"
    assert "missing.py" in str(info.value)


def test_from_pyfile_missing_file_silent_returns_false(config: Config) -> None:
    assert config.from_pyfile("missing.py", silent=True) is False
    assert config == {}


def test_from_pyfile_directory_silent_returns_false(config: Config, tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    assert config.from_pyfile("adir", silent=True) is False


def test_from_pyfile_directory_not_silent_raises(config: Config, tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    with pytest.raises(IsADirectoryError, match="Unable to load configuration file"):
        config.from_pyfile("adir")


def test_from_pyfile_file_used_as_folder_silent_returns_false(config: Config, pyfile: Path) -> None:
    assert config.from_pyfile("settings.py/inner.py", silent=True) is False


def test_from_pyfile_other_os_errors_raise_even_when_silent(config: Config) -> None:
    too_long = "x" * 5000 + ".py"
    with pytest.raises(OSError, match="Unable to load configuration file") as info:
        config.from_pyfile(too_long, silent=True)
    assert not isinstance(info.value, FileNotFoundError)


def test_from_pyfile_errors_in_the_file_propagate(config: Config, tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("A = 1\nraise ValueError('bad setting')\n")
    with pytest.raises(ValueError, match="bad setting"):
        config.from_pyfile("broken.py", silent=True)
    assert config == {}


# from_envvar


def test_from_envvar_loads_named_file(
    config: Config, pyfile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SETTINGS_PATH", str(pyfile))
    assert config.from_envvar("SETTINGS_PATH") is True
    assert_pyfile_loaded(config)


def test_from_envvar_unset_raises_with_fix(config: Config) -> None:
    with pytest.raises(RuntimeError) as info:
        config.from_envvar("SETTINGS_PATH")
    message = str(info.value)
    assert "'SETTINGS_PATH' is not set" in message
    assert "export SETTINGS_PATH=" in message
    assert "silent=True" in message


def test_from_envvar_empty_counts_as_unset(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SETTINGS_PATH", "")
    with pytest.raises(RuntimeError, match="SETTINGS_PATH"):
        config.from_envvar("SETTINGS_PATH")


def test_from_envvar_unset_silent_returns_false(config: Config) -> None:
    assert config.from_envvar("SETTINGS_PATH", silent=True) is False
    assert config == {}


def test_from_envvar_missing_file_raises(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SETTINGS_PATH", "missing.py")
    with pytest.raises(FileNotFoundError, match="Unable to load configuration file"):
        config.from_envvar("SETTINGS_PATH")


def test_from_envvar_missing_file_silent_returns_false(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SETTINGS_PATH", "missing.py")
    assert config.from_envvar("SETTINGS_PATH", silent=True) is False


# from_prefixed_env


def test_from_prefixed_env_parses_json_values(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMIJOHN_DEBUG", "true")
    monkeypatch.setenv("DEMIJOHN_PORT", "8080")
    monkeypatch.setenv("DEMIJOHN_HOSTS", '["a", "b"]')
    monkeypatch.setenv("DEMIJOHN_EMPTY", "null")
    assert config.from_prefixed_env() is True
    assert config == {"DEBUG": True, "PORT": 8080, "HOSTS": ["a", "b"], "EMPTY": None}


def test_from_prefixed_env_keeps_non_json_as_string(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMIJOHN_SECRET_KEY", "not json {")
    monkeypatch.setenv("DEMIJOHN_NAME", "shop")
    config.from_prefixed_env()
    assert config == {"SECRET_KEY": "not json {", "NAME": "shop"}


def test_from_prefixed_env_ignores_other_variables(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMIJOHNX", "1")
    monkeypatch.setenv("APP_DEBUG", "1")
    monkeypatch.setenv("DEMIJOHN_KEPT", "1")
    config.from_prefixed_env()
    assert config == {"KEPT": 1}


def test_from_prefixed_env_reads_flask_variables_under_the_layer(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from demijohn.compat import flask as flask_compat

    monkeypatch.setenv("FLASK_SECRET_KEY", "flask")
    monkeypatch.setenv("FLASK_ONLY", "1")
    monkeypatch.setenv("DEMIJOHN_SECRET_KEY", "demijohn")
    config.from_prefixed_env()
    assert "ONLY" not in config
    flask_compat.install()
    try:
        config.from_prefixed_env()
    finally:
        flask_compat.uninstall()
    # Flask's prefix as well, and demijohn's wins for a key both set.
    assert config["ONLY"] == 1
    assert config["SECRET_KEY"] == "demijohn"


def test_from_prefixed_env_custom_prefix(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_DEBUG", "false")
    monkeypatch.setenv("DEMIJOHN_DEBUG", "true")
    config.from_prefixed_env("APP")
    assert config == {"DEBUG": False}


def test_from_prefixed_env_custom_loads(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMIJOHN_NAME", "shop")
    config.from_prefixed_env(loads=str.upper)
    assert config == {"NAME": "SHOP"}


def test_from_prefixed_env_any_loads_error_keeps_raw(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_loads(value: str) -> t.Any:
        raise LookupError(value)

    monkeypatch.setenv("DEMIJOHN_NAME", "42")
    config.from_prefixed_env(loads=failing_loads)
    assert config == {"NAME": "42"}


def test_from_prefixed_env_nested_creates_dicts(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMIJOHN_DB__HOST", "db.internal")
    monkeypatch.setenv("DEMIJOHN_DB__PORT", "5432")
    monkeypatch.setenv("DEMIJOHN_CACHE__REDIS__DB", "3")
    config.from_prefixed_env()
    assert config == {
        "DB": {"HOST": "db.internal", "PORT": 5432},
        "CACHE": {"REDIS": {"DB": 3}},
    }


def test_from_prefixed_env_nested_updates_existing_dict(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    config["DB"] = {"HOST": "localhost", "USER": "app"}
    monkeypatch.setenv("DEMIJOHN_DB__HOST", "db.internal")
    config.from_prefixed_env()
    assert config["DB"] == {"HOST": "db.internal", "USER": "app"}


def test_from_prefixed_env_applies_sorted_so_nested_follows_whole(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMIJOHN_DB__HOST", "override")
    monkeypatch.setenv("DEMIJOHN_DB", '{"HOST": "base", "PORT": 1}')
    config.from_prefixed_env()
    assert config["DB"] == {"HOST": "override", "PORT": 1}


# from_file


def test_from_file_json_text_mode(config: Config, tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"DEBUG": True, "lower": 1}))
    assert config.from_file("config.json", load=json.load) is True
    assert config == {"DEBUG": True}


def test_from_file_toml_binary_mode(config: Config, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('SECRET_KEY = "toml"\n[DB]\nHOST = "h"\n')
    assert config.from_file("config.toml", load=tomllib.load, text=False) is True
    assert config == {"SECRET_KEY": "toml", "DB": {"HOST": "h"}}


def test_from_file_text_flag_selects_str_or_bytes(config: Config, tmp_path: Path) -> None:
    (tmp_path / "raw.txt").write_text("x")
    seen: list[type] = []

    def record(file: t.IO[t.Any]) -> dict[str, t.Any]:
        seen.append(type(file.read()))
        return {}

    config.from_file("raw.txt", load=record)
    config.from_file("raw.txt", load=record, text=False)
    assert seen == [str, bytes]


def test_from_file_toml_in_text_mode_fails_in_loader(config: Config, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('A = "1"\n')
    with pytest.raises(TypeError):
        config.from_file("config.toml", load=tomllib.load)


def test_from_file_missing_raises_explained_error(config: Config) -> None:
    with pytest.raises(FileNotFoundError) as info:
        config.from_file("missing.json", load=json.load)
    assert info.value.strerror == "Unable to load configuration file (No such file or directory)"


def test_from_file_missing_silent_returns_false(config: Config) -> None:
    assert config.from_file("missing.json", load=json.load, silent=True) is False
    assert config == {}


def test_from_file_directory_silent_returns_false(config: Config, tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    assert config.from_file("adir", load=json.load, silent=True) is False


def test_from_file_other_os_errors_raise_even_when_silent(config: Config) -> None:
    with pytest.raises(OSError, match="Unable to load configuration file"):
        config.from_file("y" * 5000 + ".json", load=json.load, silent=True)


def test_from_file_absolute_path(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"A": 1}')
    config = Config(tmp_path / "elsewhere")
    assert config.from_file(path, load=json.load) is True
    assert config == {"A": 1}


# get_namespace


@pytest.fixture
def namespaced(config: Config) -> Config:
    config.update(IMAGE_STORE_TYPE="fs", IMAGE_STORE_PATH="/img", IMAGE_SIZE=3, OTHER=1)
    return config


def test_get_namespace_trims_and_lowercases(namespaced: Config) -> None:
    assert namespaced.get_namespace("IMAGE_STORE_") == {"type": "fs", "path": "/img"}


def test_get_namespace_keeps_case(namespaced: Config) -> None:
    rv = namespaced.get_namespace("IMAGE_STORE_", lowercase=False)
    assert rv == {"TYPE": "fs", "PATH": "/img"}


def test_get_namespace_keeps_prefix(namespaced: Config) -> None:
    rv = namespaced.get_namespace("IMAGE_STORE_", trim_namespace=False)
    assert rv == {"image_store_type": "fs", "image_store_path": "/img"}


def test_get_namespace_unchanged_keys(namespaced: Config) -> None:
    rv = namespaced.get_namespace("IMAGE_", lowercase=False, trim_namespace=False)
    assert rv == {"IMAGE_STORE_TYPE": "fs", "IMAGE_STORE_PATH": "/img", "IMAGE_SIZE": 3}


def test_get_namespace_returns_new_dict(namespaced: Config) -> None:
    namespaced.get_namespace("IMAGE_STORE_")["type"] = "s3"
    assert namespaced["IMAGE_STORE_TYPE"] == "fs"
    assert namespaced.get_namespace("NOPE_") == {}


# ConfigAttribute


class Holder:
    debug = ConfigAttribute[t.Any]("DEBUG")
    port = ConfigAttribute("PORT", get_converter=int)

    def __init__(self, **settings: t.Any) -> None:
        self.config: dict[str, t.Any] = dict(settings)


def test_config_attribute_reads_config() -> None:
    holder = Holder(DEBUG=True)
    assert holder.debug is True


def test_config_attribute_writes_config() -> None:
    holder = Holder()
    holder.debug = False
    assert holder.config == {"DEBUG": False}


def test_config_attribute_converter_applies_on_read_only() -> None:
    holder = Holder()
    holder.port = "8080"
    assert holder.config["PORT"] == "8080"
    assert holder.port == 8080


def test_config_attribute_on_class_returns_descriptor() -> None:
    descriptor = Holder.port
    assert isinstance(descriptor, ConfigAttribute)
    assert descriptor.__name__ == "PORT"
    assert descriptor.get_converter is int


def test_config_attribute_missing_key_raises_key_error() -> None:
    with pytest.raises(KeyError, match="DEBUG"):
        _ = Holder().debug


def test_config_attribute_works_with_config_instance(tmp_path: Path) -> None:
    class App:
        testing = ConfigAttribute[bool]("TESTING")

        def __init__(self) -> None:
            self.config = Config(tmp_path, {"TESTING": True})

    app = App()
    assert app.testing is True
    app.testing = False
    assert app.config["TESTING"] is False
