"""Alembic's environment: demijohn gives it the application's engine and models."""

from demijohn.db.migrations import run_migrations

run_migrations()
