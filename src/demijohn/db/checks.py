"""What ``demijohn check`` says of the database: migrations not applied, and models that
differ from the database at the migrations' head (a migration not written yet).

The check runs only where there is a migrations folder; an application that creates its
tables itself (``create_all``) is not told to migrate. It connects to the default bind.
"""

from __future__ import annotations

import collections.abc as cabc
import typing as t

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from demijohn.checks import Problem

from .migrations import alembic_config, binds_of_folder, context_options, migrations_folder
from .state import database_of

if t.TYPE_CHECKING:
    from demijohn import Demijohn

    from .extension import Database

__all__ = ["check_migrations", "describe_diff"]


def check_migrations(app: Demijohn) -> cabc.Iterator[Problem]:
    """The migrations' problems (a check of ``demijohn check``)."""
    db = database_of(app)
    folder = migrations_folder(db)
    if not (folder / "env.py").is_file():
        return
    script = ScriptDirectory.from_config(alembic_config(db, folder))
    heads = set(script.get_heads())
    binds = binds_of_folder(db, folder)
    for bind in binds:
        where = str(folder) if len(binds) == 1 else f"{folder} (bind {bind!r})"
        yield from _check_bind(db, bind, script, heads, where)


def _check_bind(
    db: Database, bind: str, script: ScriptDirectory, heads: set[str], where: str
) -> cabc.Iterator[Problem]:
    options = context_options(db, bind)
    try:
        with db.get_engine(bind).connect() as connection:
            context = MigrationContext.configure(connection, opts=options)
            current = set(context.get_current_heads())
            if current != heads:
                yield _not_applied(script, current, heads, where)
                return
            metadata = options["target_metadata"]
            diffs = compare_metadata(context, metadata) if metadata is not None else []
    except sa.exc.OperationalError as e:
        yield Problem(
            "db.migrations",
            f"The database could not be reached to compare it with the migrations"
            f" ({e.orig or e}). Check its URL in the configuration, and that the server is"
            " running.",
            where,
        )
        return
    if diffs:
        changes = "; ".join(describe_diff(diff) for diff in diffs)
        yield Problem(
            "db.models",
            f"The models differ from the migrations' head: {changes}. Write a migration with"
            " 'demijohn db revision --autogenerate -m \"...\"', then 'demijohn db upgrade'.",
            where,
        )


def _not_applied(
    script: ScriptDirectory, current: set[str], heads: set[str], where: str
) -> Problem:
    at = ", ".join(sorted(current)) or "no revision (an empty database)"
    count = len(_ancestry(script, heads) - _ancestry(script, current))
    return Problem(
        "db.migrations",
        f"The database is at {at}, and {count} migration{'s are' if count != 1 else ' is'}"
        f" not applied (head: {', '.join(sorted(heads))}). Run 'demijohn db upgrade'.",
        where,
    )


def _ancestry(script: ScriptDirectory, revisions: set[str]) -> set[str]:
    """The revisions, and every revision they come after."""
    return {
        each.revision
        for revision in revisions
        for each in script.iterate_revisions(revision, "base")
    }


def describe_diff(diff: t.Any) -> str:
    """One difference Alembic found, in words: ``add_table products``, ``add_column
    products.price``."""
    if isinstance(diff, list):  # the changes of one column, grouped
        return ", ".join(describe_diff(each) for each in diff)
    kind, *rest = diff
    for part in rest:
        if isinstance(part, sa.Table):
            return f"{kind} {part.name}"
        if isinstance(part, sa.Column):
            return f"{kind} {part.table.name}.{part.name}"
        if isinstance(part, (sa.Index, sa.Constraint)) and part.name:
            return f"{kind} {part.name}"
    # A column's change: (kind, schema, table, column, ...).
    names = [str(part) for part in rest[1:3] if isinstance(part, str)]
    return f"{kind} {'.'.join(names)}"
