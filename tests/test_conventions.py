"""Tests for demijohn.conventions: the names demijohn goes by, which a compatibility layer
changes while it is on and puts back when it is off."""

from __future__ import annotations

import typing as t

import pytest

from demijohn import Demijohn, conventions
from demijohn.compat import flask as flask_compat
from demijohn.config import Config
from demijohn.conventions import Conventions
from demijohn.errors import SetupValueError
from demijohn.helpers import get_debug_flag


@pytest.fixture
def restore() -> t.Iterator[None]:
    previous = conventions.current()
    yield
    conventions.use(previous)


def test_demijohn_names_by_default() -> None:
    names = conventions.current()
    assert names == Conventions()
    assert names.env_files == (".demijohnenv", ".env")
    assert names.config_env_prefixes == ("DEMIJOHN",)
    assert names.command_entry_points == ("demijohn.commands",)
    assert names.env_var_fallback("DEMIJOHN_DEBUG") is None
    assert names.request_url_variable is False


def test_use_returns_the_previous_names(restore: None) -> None:
    mine = Conventions(config_env_prefixes=("SHOP",))
    before = conventions.use(mine)
    assert before == Conventions()
    assert conventions.current() is mine
    assert conventions.use(before) is mine


def test_the_core_reads_the_names_in_use(
    restore: None, monkeypatch: pytest.MonkeyPatch, tmp_path: t.Any
) -> None:
    monkeypatch.setenv("SHOP_PAGE_SIZE", "50")
    monkeypatch.setenv("LEGACY_DEBUG", "1")
    monkeypatch.delenv("DEMIJOHN_DEBUG", raising=False)
    conventions.use(
        Conventions(
            config_env_prefixes=("SHOP",),
            env_var_fallback=lambda name: name.replace("DEMIJOHN_", "LEGACY_"),
            request_url_variable=True,
        )
    )
    config = Config(str(tmp_path))
    config.from_prefixed_env()
    assert config["PAGE_SIZE"] == 50
    assert get_debug_flag() is True
    app = Demijohn("conventions_app")
    app.add_url_rule("/<request>", "show", lambda request: request)
    assert app.test_client().get("/abc").data == b"abc"


def test_a_request_url_variable_is_refused_under_demijohn_names() -> None:
    app = Demijohn("conventions_app")
    with pytest.raises(SetupValueError, match="reserved for the request object"):
        app.add_url_rule("/<request>", "show", lambda request: request)


def test_the_flask_layer_puts_its_names_in_use_and_back() -> None:
    before = conventions.current()
    was_on = flask_compat.is_installed()
    flask_compat.install()
    try:
        names = conventions.current()
        assert names.env_files == (".flaskenv", ".demijohnenv", ".env")
        assert names.config_env_prefixes == ("FLASK", "DEMIJOHN")
        assert names.command_entry_points == ("flask.commands", "demijohn.commands")
        assert names.env_var_fallback("DEMIJOHN_DEBUG") == "FLASK_DEBUG"
        assert names.request_url_variable is True
    finally:
        if not was_on:
            flask_compat.uninstall()
    if not was_on:
        assert conventions.current() is before
