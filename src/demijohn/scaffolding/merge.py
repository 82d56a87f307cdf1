"""Three-way merges of one file: the project's copy, the template's render it started from,
and the newer render.

Where ``git`` is installed, ``git merge-file`` merges line by line and marks what conflicts,
as a merge in a repository would. Without it, a file changed on both sides is not merged:
the project's copy is kept and the newer render is written beside it, for a hand to merge.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["Merged", "merge_text"]

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Merged:
    """The result of a merge.

    :param text: the merged text, or the project's text when nothing could merge.
    :param conflicts: how many places conflict (marked in ``text`` when git merged).
    :param merged: whether a merge was made at all (``False`` without git).
    """

    text: str
    conflicts: int
    merged: bool = True


def merge_text(local: str, base: str, new: str, *, git: str | None = None) -> Merged:
    """Merge the changes from ``base`` to ``new`` into ``local``.

    :param local: the project's copy.
    :param base: the render the project's copy started from.
    :param new: the newer render.
    :param git: the ``git`` program; by default the one on ``PATH``. ``""`` merges without
        it (as on a machine without git).
    """
    program = shutil.which("git") if git is None else git
    if not program:
        return Merged(local, 1, merged=False)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, text in (("local", local), ("base", base), ("new", new)):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        labels = ["-L", "yours", "-L", "template before", "-L", "template now"]
        result = subprocess.run(
            [program, "merge-file", "-p", *labels, *paths],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    if result.returncode < 0 or result.returncode > 127:
        logger.warning("git merge-file failed: %s", result.stderr.strip())
        return Merged(local, 1, merged=False)
    return Merged(result.stdout, result.returncode)
