"""Command line: ``flask --app blog init-db`` and ``flask --app blog seed``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from .extensions import db
from .models import Comment, Post, User


@click.command("init-db")
@click.option("--drop", is_flag=True, help="Delete all existing tables and their data first.")
@with_appcontext
def init_db_command(drop: bool) -> None:
    """Create the database tables."""
    if drop:
        click.confirm("This deletes every user, post and comment. Continue?", abort=True)
        db.drop_all()
    db.create_all()
    click.echo("Initialized the database.")


@click.command("seed")
@click.option("--posts", default=12, show_default=True, help="How many posts to write.")
@click.option("--password", default="password", show_default=True)
@with_appcontext
def seed_command(posts: int, password: str) -> None:
    """Add two demo users, ada and grace, and some posts by them."""
    db.create_all()
    if db.session.scalar(select(func.count()).select_from(User)):
        raise click.ClickException("The database already has users; seed an empty one.")
    authors = [User(username="ada"), User(username="grace")]
    for user in authors:
        user.set_password(password)
    db.session.add_all(authors)
    for number in range(1, posts + 1):
        author = authors[number % 2]
        post = Post(title=f"Note {number}", body=f"Thoughts number {number}.", author=author)
        db.session.add(post)
        if number % 3 == 0:
            reader = authors[(number + 1) % 2]
            db.session.add(Comment(body="Well put.", post=post, author=reader))
    db.session.commit()
    click.echo(f"Added 2 users and {posts} posts; log in as ada or grace.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db_command)
    app.cli.add_command(seed_command)
