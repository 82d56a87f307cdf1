"""``demijohn db``: the migration commands, on Alembic."""

from __future__ import annotations

import click

__all__ = ["db_command"]


@click.group("db", short_help="Manage the database's migrations (Alembic).")
def db_command() -> None:
    """Create and apply migrations of the application's models."""
