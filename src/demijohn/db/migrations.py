"""Alembic, set up from the application: where the migrations are, the engine they run on and
the models autogenerate compares against, so that a project needs no ``alembic.ini``.

The migrations folder is ``DATABASE_MIGRATIONS`` (``migrations`` by default, relative to the
current folder, as Flask-Migrate has it). Its ``env.py``, written by ``demijohn db init``,
only calls :func:`run_migrations`; a folder made by Flask-Migrate keeps its ``versions``, and
its ``env.py`` is replaced by demijohn's (``demijohn db init --env-only``). An ``alembic.ini``
in the folder is read when there is one, for options such as ``file_template``.

Migrations run on the default bind's engine and compare against its models. A project whose
models are on several binds migrates them all, each in its own database with its own version
table, from one folder of revisions: ``demijohn db init`` writes an ``env.py`` that calls
``run_migrations(multiple_binds=True)``, and each revision has an ``upgrade_<bind>()`` and a
``downgrade_<bind>()`` per bind (Alembic's "multidb" layout, which Flask-Migrate's
``--multidb`` folders have too).
"""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

from alembic.config import Config

from .engines import DEFAULT_BIND
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

#: The ``env.py`` of a project whose models are on several binds.
MULTIPLE_ENV_PY = ENV_PY.replace("run_migrations()", "run_migrations(multiple_binds=True)")

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

#: The template of a migration script of several binds: one pair of functions per bind.
MULTIPLE_SCRIPT_MAKO = '''\
<%!
    import re
%>"""${message}

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


def upgrade(engine_name: str) -> None:
    globals()[f"upgrade_{engine_name}"]()


def downgrade(engine_name: str) -> None:
    globals()[f"downgrade_{engine_name}"]()
% for bind in config.attributes["demijohn.db.binds"]:


def upgrade_${bind}() -> None:
    ${context.get(f"{bind}_upgrades", "pass")}


def downgrade_${bind}() -> None:
    ${context.get(f"{bind}_downgrades", "pass")}
% endfor
'''

#: Where the configuration lists the binds a migration script has functions for.
BINDS_ATTRIBUTE = "demijohn.db.binds"


def migrations_folder(db: Database, directory: str | os.PathLike[str] | None = None) -> Path:
    """The migrations folder: ``directory``, else ``DATABASE_MIGRATIONS``."""
    return Path(directory if directory is not None else db.migrations_directory)


def migrated_binds(db: Database) -> list[str]:
    """The binds the migrations change: those with models, the default first."""
    names = [name for name in db.binds if name in db.models]
    return names or [DEFAULT_BIND]


def binds_of_folder(db: Database, folder: Path) -> list[str]:
    """The binds the migrations in ``folder`` change: every bind with models if its
    ``env.py`` migrates several, else the default."""
    text = (folder / "env.py").read_text(encoding="utf-8")
    return migrated_binds(db) if "multiple_binds=True" in text else [DEFAULT_BIND]


def env_py(db: Database) -> str:
    """The ``env.py`` for ``db``: of several binds when its models are on several."""
    return MULTIPLE_ENV_PY if len(migrated_binds(db)) > 1 else ENV_PY


def script_mako(db: Database) -> str:
    """The template of ``db``'s migration scripts."""
    return MULTIPLE_SCRIPT_MAKO if len(migrated_binds(db)) > 1 else SCRIPT_MAKO


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
    config.attributes[BINDS_ATTRIBUTE] = migrated_binds(db)
    return config


def target_metadata(db: Database, bind: str = DEFAULT_BIND) -> MetaData | None:
    """The metadata autogenerate compares a bind's database against: its models'."""
    base = db.models.get(bind)
    return None if base is None else base.metadata


def context_options(db: Database, bind: str = DEFAULT_BIND) -> dict[str, t.Any]:
    """How Alembic compares and writes for a bind: types compared, and SQLite's tables
    changed by copy (its ``ALTER TABLE`` cannot change a column)."""
    sqlite = db.binds[bind].url.get_backend_name() == "sqlite"
    return {
        "target_metadata": target_metadata(db, bind),
        "compare_type": True,
        "render_as_batch": sqlite,
    }


def run_migrations(*, multiple_binds: bool = False) -> None:
    """Run Alembic's migrations for the application's database: what ``env.py`` calls.

    :param multiple_binds: the scripts have functions per bind (see the module's
        documentation), and every bind with models is migrated.
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
    binds = migrated_binds(db) if multiple_binds else [DEFAULT_BIND]
    for bind in binds:
        options = context_options(db, bind)
        if multiple_binds:
            options["upgrade_token"] = f"{bind}_upgrades"
            options["downgrade_token"] = f"{bind}_downgrades"
        arguments = {"engine_name": bind} if multiple_binds else {}
        if context.is_offline_mode():
            url = db.binds[bind].url.render_as_string(hide_password=False)
            context.configure(url=url, literal_binds=True, **options)
            with context.begin_transaction():
                context.run_migrations(**arguments)
            continue
        # Alembic calls the hook after each bind's comparison: only the last sees them all.
        hook = _skip_empty if bind == binds[-1] else None
        with db.get_engine(bind).connect() as connection:
            context.configure(connection=connection, process_revision_directives=hook, **options)
            with context.begin_transaction():
                context.run_migrations(**arguments)
            connection.commit()


def _skip_empty(context: t.Any, revision: t.Any, directives: list[t.Any]) -> None:
    """Leave out an autogenerated revision that changes nothing, when the command asks."""
    attributes = context.config.attributes
    if attributes.get(EMPTY_ATTRIBUTE) is None:
        return
    if all(ops.is_empty() for ops in directives[0].upgrade_ops_list):
        directives[:] = []
        attributes[EMPTY_ATTRIBUTE] = True
