"""``demijohn new module``: what a feature module is added after.

A module's migration creates its table; it must follow the newest migration the project has
(its head), which :func:`migration_head` reads from the revision files, without importing them
or the project.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

from .answers import Answers, ScaffoldingError

__all__ = ["migration_head"]

logger = logging.getLogger(__name__)


def _assigned(tree: ast.Module, name: str) -> object:
    for node in tree.body:
        target = None
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            target, value = node.target.id, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            first = node.targets[0]
            target, value = (first.id if isinstance(first, ast.Name) else None), node.value
        if target == name and value is not None:
            try:
                return ast.literal_eval(value)
            except ValueError:
                return None
    return None


def migration_head(project: Path, answers: Answers) -> str | None:
    """The revision no other revision of ``project`` follows, or ``None`` when it has none.

    :raises ScaffoldingError: the revisions have several heads.
    """
    versions = project / answers.package / "migrations" / "versions"
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in sorted(versions.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        revision = _assigned(tree, "revision")
        if not isinstance(revision, str):
            continue
        revisions.add(revision)
        down = _assigned(tree, "down_revision")
        if isinstance(down, str):
            followed.add(down)
        elif isinstance(down, (tuple, list)):
            followed.update(each for each in down if isinstance(each, str))
    heads = sorted(revisions - followed)
    if len(heads) > 1:
        raise ScaffoldingError(
            f"The migrations have {len(heads)} heads ({', '.join(heads)}), so a new module's"
            " migration has no single one to follow. Merge them first, with a revision whose"
            " down_revision names them all (Alembic's 'merge')."
        )
    return heads[0] if heads else None
