"""Tests for demijohn.conventions: the names demijohn goes by, which a compatibility layer
changes while it is on and puts back when it is off."""

from __future__ import annotations

import importlib.metadata
import pathlib
import typing as t

import pytest
from click.testing import CliRunner
from jinja2 import TemplateNotFound

from demijohn import Blueprint, Demijohn, conventions, g, jsonify, render_template, request
from demijohn.cli import DemijohnGroup
from demijohn.compat import flask as flask_compat
from demijohn.config import Config
from demijohn.conventions import Conventions, Messages
from demijohn.debughelpers import DebugFilesKeyError
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
        assert names.package_name == "flask"
        assert names.reported_versions == ("Flask",)
        assert "args or kwargs" in names.messages.jsonify_args_and_kwargs
    finally:
        if not was_on:
            flask_compat.uninstall()
    if not was_on:
        assert conventions.current() is before


def test_messages_and_names_follow_the_conventions_in_use(
    restore: None, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conventions.use(
        Conventions(
            messages=Messages(
                jsonify_args_and_kwargs="one or the other",
                no_session_to_change="no session here",
                files_not_multipart="no file {key!r} in a {mimetype} form",
                files_sent_names="got {names}",
                template_from_blueprint="from {blueprint!r}",
                no_app_found="no app",
            ),
            package_name="legacy",
            reported_versions=("click",),
        )
    )
    app = Demijohn("conventions_app")
    with app.app_context():
        with pytest.raises(TypeError, match=r"^one or the other$"):
            jsonify(1, a=2)
        assert repr(g) == "<legacy.g of 'conventions_app'>"
    with (
        pytest.raises(RuntimeError, match=r"^no session here$"),
        app.test_client().session_transaction(),
    ):
        pass
    with app.test_request_context(method="POST", data={"upload": "a.txt"}):
        message = str(DebugFilesKeyError(request, "upload"))
    assert message.startswith("no file 'upload' in a application/x-www-form-urlencoded form\n\n")
    assert "\n\ngot 'a.txt'\n\n" in message

    shop = Blueprint("shop", __name__)
    shop.add_url_rule("/page", "page", lambda: render_template("missing.html"))
    app.register_blueprint(shop)
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    logged: list[str] = []
    monkeypatch.setattr(app.logger, "info", logged.append)
    with app.test_request_context("/page"), pytest.raises(TemplateNotFound):
        app.full_dispatch_request()
    assert logged[0].endswith("\n  from 'shop'")

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(DemijohnGroup(), ["routes"])
    assert "no app" in result.output
    result = CliRunner().invoke(DemijohnGroup(), ["--version"])
    assert result.output.splitlines()[2] == f"click {importlib.metadata.version('click')}"
