"""Three-way merges of one file, with git and without it."""

from __future__ import annotations

import shutil

import pytest

from demijohn.scaffolding.merge import merge_text

BASE = "one\ntwo\nthree\nfour\nfive\n"


@pytest.fixture(autouse=True)
def _git() -> None:
    assert shutil.which("git"), "the merges need git, which the checks install"


def test_changes_to_different_lines_both_land() -> None:
    local = BASE.replace("one", "ONE (mine)")
    new = BASE.replace("five", "FIVE (template)")
    merged = merge_text(local, BASE, new)
    assert (merged.conflicts, merged.merged) == (0, True)
    assert merged.text == "ONE (mine)\ntwo\nthree\nfour\nFIVE (template)\n"


def test_changes_to_the_same_line_are_marked() -> None:
    merged = merge_text(BASE.replace("three", "mine"), BASE, BASE.replace("three", "theirs"))
    assert merged.conflicts == 1
    assert "<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> template now\n" in merged.text


def test_without_git_nothing_is_merged_and_the_local_text_stays() -> None:
    local = BASE.replace("one", "mine")
    merged = merge_text(local, BASE, BASE.replace("five", "theirs"), git="")
    assert (merged.text, merged.merged) == (local, False)
