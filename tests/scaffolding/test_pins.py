"""The versions generated projects pin are those demijohn is tested with."""

from __future__ import annotations

import pathlib

from pins import pinned_versions, project

from demijohn.scaffolding.pins import CONSTRAINTS, DEV_TOOLS, dev_requirements, versions


def test_the_shipped_constraints_are_dev_s_lock() -> None:
    # `python -m pins.refresh` writes them with the lock; this fails when one was edited alone.
    assert versions() == pinned_versions(project.DEV), (
        "constraints.txt is stale: run '.venv/bin/python -m pins.refresh --keep dev'"
    )
    assert project.SCAFFOLDING_CONSTRAINTS == CONSTRAINTS


def test_the_dev_tools_are_pinned() -> None:
    pinned = versions()
    assert dev_requirements() == [f"{tool}=={pinned[tool]}" for tool in DEV_TOOLS]


def test_a_tool_the_file_lacks_is_left_unpinned(tmp_path: pathlib.Path) -> None:
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# a comment\npytest==1.0\nruff==2.0\n")
    assert dev_requirements(constraints) == ["mypy", "pytest==1.0", "ruff==2.0"]
