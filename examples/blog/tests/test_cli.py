from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, inspect, select

from blog.extensions import db
from blog.models import Comment, Post, User


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_init_db_creates_the_tables(runner: FlaskCliRunner, app: Flask) -> None:
    with app.app_context():
        db.drop_all()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "Initialized the database." in result.output
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) == {"user", "post", "comment"}


def test_init_db_keeps_data_without_drop(runner: FlaskCliRunner, app: Flask) -> None:
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        assert count(User) == 2


def test_init_db_drop_asks_first(runner: FlaskCliRunner, app: Flask) -> None:
    result = runner.invoke(args=["init-db", "--drop"], input="n\n")
    assert result.exit_code == 1
    assert "Aborted!" in result.output
    with app.app_context():
        assert count(User) == 2

    result = runner.invoke(args=["init-db", "--drop"], input="y\n")
    assert result.exit_code == 0
    with app.app_context():
        assert count(User) == 0


def test_seed(runner: FlaskCliRunner, app: Flask) -> None:
    with app.app_context():
        db.drop_all()
    result = runner.invoke(args=["seed", "--posts", "6", "--password", "letmein1"])
    assert result.exit_code == 0, result.output
    assert "Added 2 users and 6 posts" in result.output
    with app.app_context():
        assert (count(User), count(Post), count(Comment)) == (2, 6, 2)
        ada = db.session.scalar(select(User).filter_by(username="ada"))
        assert ada is not None
        assert ada.check_password("letmein1")


def test_seed_refuses_a_database_with_users(runner: FlaskCliRunner, app: Flask) -> None:
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 1
    assert "The database already has users" in result.output
    with app.app_context():
        assert count(Post) == 1


def test_commands_are_listed(runner: FlaskCliRunner) -> None:
    output = runner.invoke(args=["--help"]).output
    assert "init-db" in output
    assert "seed" in output
