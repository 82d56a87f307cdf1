from __future__ import annotations

from pathlib import Path

import pytest

from blog import create_app


def test_testing_only_when_asked() -> None:
    assert not create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).testing
    assert create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).testing


def test_database_defaults_to_the_instance_folder() -> None:
    app = create_app({})
    expected = Path(app.instance_path, "blog.sqlite")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"


def test_environment_overrides_the_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'env.db'}")
    monkeypatch.setenv("FLASK_POSTS_PER_PAGE", "7")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'env.db'}"
    # Values that parse as JSON are parsed.
    assert app.config["POSTS_PER_PAGE"] == 7


def test_test_config_shuts_out_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_POSTS_PER_PAGE", "7")
    assert create_app({}).config["POSTS_PER_PAGE"] == 5
