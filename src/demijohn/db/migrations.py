"""Alembic, set up from the application: where the migrations are, the engine they run on and
the models autogenerate compares against, so that a project needs no ``alembic.ini``.

The migrations folder is ``DATABASE_MIGRATIONS`` (``migrations`` by default, relative to the
current folder, as Flask-Migrate has it). Its ``env.py``, written by ``demijohn db init``,
only calls :func:`run_migrations`; a folder made by Flask-Migrate keeps its ``versions``, and
its ``env.py`` is replaced by demijohn's (``demijohn db init --env-only``). An ``alembic.ini``
in the folder is read when there is one, for options such as ``file_template``.

Migrations run on the default bind's engine and compare against its models.
"""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

from alembic.config import Config

from .errors import DatabaseError

if t.TYPE_CHECKING:
    from sqlalchemy import MetaData

    from .extension import Database

__all__ = ["EMPTY_ATTRIBUTE", "ENV_PY", "SCRIPT_MAKO", "alembic_config", "run_migrations"]

#: Where the commands keep the application's database in the Alembic configuration.
DATABASE_ATTRIBUTE = "demijohn.db"

#: Set by ``demijohn db revision --autogenerate`` to leave out a revision that changes nothing,
#: and then set to true by :func:`run_migrations` when it did.
EMPTY_ATTRIBUTE = "demijohn.db.skip-empty"

#: The ``env.py`` that ``demijohn db init`` writes.
ENV_PY = '''\
"""Alembic's environment: demijohn gives it the application's engine and models."""

from demijohn.db.migrations import run_migrations

run_migrations()
'''

#: The template of a migration script.
SCRIPT_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: str | Sequence[str] | None = ${repr(down_revision)}
branch_labels: str | Sequence[str] | None = ${repr(branch_labels)}
depends_on: str | Sequence[str] | None = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''


def migrations_folder(db: Database, directory: str | os.PathLike[str] | None = None) -> Path:
    """The migrations folder: ``directory``, else ``DATABASE_MIGRATIONS``."""
    return Path(directory if directory is not None else db.migrations_directory)


def alembic_config(db: Database, directory: str | os.PathLike[str] | None = None) -> Config:
    """An Alembic configuration for ``db``'s migrations, writing to the current standard
    output.

    :param db: the application's database.
    :param directory: the migrations folder; ``DATABASE_MIGRATIONS`` by default.
    """
    folder = migrations_folder(db, directory)
    ini = folder / "alembic.ini"
    config = Config(str(ini) if ini.is_file() else None, stdout=sys.stdout)
    config.set_main_option("script_location", str(folder))
    config.attributes[DATABASE_ATTRIBUTE] = db
    return config


def target_metadata(db: Database) -> MetaData | None:
    """The metadata autogenerate compares the database against: the default bind's models."""
    base = db.models.get("default")
    return None if base is None else base.metadata


def context_options(db: Database) -> dict[str, t.Any]:
    """How Alembic compares and writes: types compared, and SQLite's tables changed by copy
    (its ``ALTER TABLE`` cannot change a column)."""
    sqlite = db.binds["default"].url.get_backend_name() == "sqlite"
    return {
        "target_metadata": target_metadata(db),
        "compare_type": True,
        "render_as_batch": sqlite,
    }


def run_migrations() -> None:
    """Run Alembic's migrations for the application's database: what ``env.py`` calls.

    :raises DatabaseError: Alembic was run without demijohn (the ``alembic`` command), so
        there is no application to take the engine from.
    """
    from alembic import context

    db = context.config.attributes.get(DATABASE_ATTRIBUTE)
    if db is None:
        raise DatabaseError(
            "These migrations take their engine and models from a demijohn application, and"
            " Alembic was run without one. Run them with 'demijohn db upgrade' (and the other"
            " 'demijohn db' commands) instead of 'alembic'."
        )
    options = context_options(db)

    if context.is_offline_mode():
        url = db.binds["default"].url.render_as_string(hide_password=False)
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    with db.engine.connect() as connection:
        context.configure(connection=connection, process_revision_directives=_skip_empty, **options)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


def _skip_empty(context: t.Any, revision: t.Any, directives: list[t.Any]) -> None:
    """Leave out an autogenerated revision that changes nothing, when the command asks."""
    attributes = context.config.attributes
    if attributes.get(EMPTY_ATTRIBUTE) is not None and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        attributes[EMPTY_ATTRIBUTE] = True
