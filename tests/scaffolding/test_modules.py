"""What a new module's migration follows: the head of the project's revisions."""

from __future__ import annotations

import pathlib

import pytest

from demijohn.scaffolding.answers import Answers, ScaffoldingError
from demijohn.scaffolding.modules import migration_head

ANSWERS = Answers("shop")


def revisions(tmp_path: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    versions = tmp_path / "shop" / "migrations" / "versions"
    versions.mkdir(parents=True)
    for name, text in files.items():
        (versions / name).write_text(text)
    return tmp_path


def test_no_revisions_no_head(tmp_path: pathlib.Path) -> None:
    assert migration_head(revisions(tmp_path, {}), ANSWERS) is None


def test_the_head_is_the_revision_nothing_follows(tmp_path: pathlib.Path) -> None:
    project = revisions(
        tmp_path,
        {
            "a.py": 'revision = "a"\ndown_revision = None\n',
            "b.py": 'revision: str = "b"\ndown_revision: str | None = "a"\n',
            "c.py": 'revision = "c"\ndown_revision = ("b",)\n',
        },
    )
    assert migration_head(project, ANSWERS) == "c"


def test_several_heads_are_refused(tmp_path: pathlib.Path) -> None:
    project = revisions(
        tmp_path,
        {
            "a.py": 'revision = "a"\ndown_revision = None\n',
            "b.py": 'revision = "b"\ndown_revision = "a"\n',
            "c.py": 'revision = "c"\ndown_revision = "a"\n',
        },
    )
    with pytest.raises(ScaffoldingError, match=r"2 heads \(b, c\).*Merge them first"):
        migration_head(project, ANSWERS)
