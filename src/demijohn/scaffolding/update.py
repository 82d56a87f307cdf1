"""Writing a render into a project, keeping what the project changed: the record of the last
render (:class:`Record`), the plan of what each file becomes (:func:`plan`) and writing it
(:func:`apply`).

A project records, in :data:`RECORD`, the template version it was rendered with, the answers
and every file as rendered then (its pristine copy). Creating a project, adding a module and
``demijohn new --update`` all work the same way: render the answers (with the module added,
or with the newer template), then for each file compare three texts, the project's own, the
pristine one and the new render:

- unchanged in the project: it becomes the new render;
- unchanged in the template: the project's copy stays as it is;
- changed in both: the changes are merged line by line (:mod:`demijohn.scaffolding.merge`).

A file the new render no longer has is deleted if the project never changed it, else kept
and reported. Then the record holds the new render, so the next update starts from it.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import typing as t
from pathlib import Path

from .answers import Answers, ScaffoldingError
from .merge import merge_text
from .render import TEMPLATE_VERSION, Rendered

__all__ = ["RECORD", "FileUpdate", "Record", "apply", "find_project", "plan"]

logger = logging.getLogger(__name__)

#: The file, at the project's top, that records the last render.
RECORD = ".demijohn-template.json"

#: The suffix of the newer render written beside a file that could not be merged.
NEW_SUFFIX = ".template-new"

Status = t.Literal[
    "create", "update", "merge", "conflict", "unmerged", "keep", "remove", "kept", "skipped"
]

#: What each status means, for the command's report.
DESCRIPTIONS: dict[str, str] = {
    "create": "created",
    "update": "updated from the template",
    "merge": "merged: your changes and the template's",
    "conflict": "CONFLICT: both changed the same lines; resolve the marked places",
    "unmerged": f"NOT MERGED (no git): merge the template's version in *{NEW_SUFFIX} by hand",
    "remove": "removed: the template no longer has it",
    "kept": "kept: the template no longer has it, but you changed it",
    "skipped": "skipped: you deleted it; the template changed it",
}


@dataclasses.dataclass(frozen=True)
class Record:
    """What the project records of its last render."""

    template_version: int
    answers: Answers
    files: Rendered

    @classmethod
    def read(cls, project: Path) -> Record:
        """The record of ``project``.

        :raises ScaffoldingError: it has none, or one this demijohn cannot read.
        """
        path = project / RECORD
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ScaffoldingError(
                f"{project} has no {RECORD}: it was not made by 'demijohn new'. Run the command"
                " in a project it made."
            ) from None
        except ValueError as exc:
            raise ScaffoldingError(f"{path} is not valid JSON ({exc}): restore it.") from None
        return cls(data["template_version"], Answers.from_json(data["answers"]), data["files"])

    def write(self, project: Path) -> None:
        """Write the record into ``project``."""
        data = {
            "template_version": self.template_version,
            "answers": self.answers.to_json(),
            "files": self.files,
        }
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (project / RECORD).write_text(text, encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class FileUpdate:
    """What one file of the project becomes.

    :param path: its path in the project.
    :param status: see :data:`DESCRIPTIONS`; ``keep`` needs nothing written.
    :param before: the project's text now (``None``: no such file).
    :param after: its text after the update (``None``: deleted).
    :param new: the new render, written beside the file when it could not be merged.
    """

    path: str
    status: Status
    before: str | None
    after: str | None
    new: str | None = None

    def diff(self) -> str:
        """The change as a unified diff."""
        lines = difflib.unified_diff(
            (self.before or "").splitlines(keepends=True),
            (self.after or "").splitlines(keepends=True),
            fromfile=f"a/{self.path}" if self.before is not None else "/dev/null",
            tofile=f"b/{self.path}" if self.after is not None else "/dev/null",
        )
        return "".join(lines)


def find_project(start: Path) -> Path:
    """The project folder holding ``start``: the nearest folder, upwards, with a record.

    :raises ScaffoldingError: there is none.
    """
    for folder in (start, *start.parents):
        if (folder / RECORD).is_file():
            return folder
    raise ScaffoldingError(
        f"No project made by 'demijohn new' holds {start}: none of its folders has a {RECORD}."
        " Run the command inside the project."
    )


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _one(path: str, local: str | None, base: str | None, new: str | None) -> FileUpdate | None:
    """The update of one file, or ``None`` when it stays as it is."""
    if new == local:
        return None
    if new is None:
        if local is None:
            return None
        if local == base:
            return FileUpdate(path, "remove", local, None)
        return FileUpdate(path, "kept", local, local) if base is not None else None
    if local is None:
        if base is None:
            return FileUpdate(path, "create", None, new)
        return FileUpdate(path, "skipped", None, None) if new != base else None
    if local == base:
        return FileUpdate(path, "update", local, new)
    if new == base:
        return None  # only the project changed it
    merged = merge_text(local, base or "", new)
    if not merged.merged:
        return FileUpdate(path, "unmerged", local, local, new=new)
    return FileUpdate(path, "conflict" if merged.conflicts else "merge", local, merged.text)


def plan(project: Path, pristine: Rendered, rendered: Rendered) -> list[FileUpdate]:
    """What each file of ``project`` becomes when ``rendered`` follows ``pristine``.

    :param project: the project's folder (it may not exist yet).
    :param pristine: the render the project was last updated to (empty for a new project).
    :param rendered: the new render.
    """
    updates = []
    for path in sorted({*pristine, *rendered}):
        update = _one(path, _read(project / path), pristine.get(path), rendered.get(path))
        if update is not None:
            updates.append(update)
    return updates


def apply(project: Path, updates: list[FileUpdate], record: Record) -> None:
    """Write ``updates`` into ``project``, then ``record`` as the project's new record."""
    for update in updates:
        target = project / update.path
        if update.status == "remove":
            target.unlink()
            continue
        if update.status == "unmerged" and update.new is not None:
            Path(f"{target}{NEW_SUFFIX}").write_text(update.new, encoding="utf-8")
            continue
        if update.after is not None and update.after != update.before:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(update.after, encoding="utf-8")
    record.write(project)


def record_for(answers: Answers, rendered: Rendered) -> Record:
    """The record of a render of the current template."""
    return Record(TEMPLATE_VERSION, answers, rendered)
