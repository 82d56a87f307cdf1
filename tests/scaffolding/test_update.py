"""Updating a project from a newer template: each file's three versions decide what it
becomes, the project's own edits are kept, and the record follows the new render."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from demijohn.scaffolding import update
from demijohn.scaffolding.answers import Answers, ScaffoldingError
from demijohn.scaffolding.render import TEMPLATES, render_project
from demijohn.scaffolding.update import NEW_SUFFIX, RECORD, Record, find_project, plan

ANSWERS = Answers("my-site", i18n=False)
SETTINGS = "my_site/settings.py"
URLS = "my_site/urls.py"
#: A project's own addition, far from the lines the tests change in the template.
MINE = "\n\nclass Staging(Base):\n    pass\n"


@pytest.fixture
def project(tmp_path: pathlib.Path) -> pathlib.Path:
    folder = tmp_path / "project"
    rendered = render_project(ANSWERS)
    update.apply(folder, plan(folder, {}, rendered), update.record_for(ANSWERS, rendered))
    return folder


@pytest.fixture
def newer(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the template, to change as a newer version would."""
    copy = tmp_path / "template"
    shutil.copytree(TEMPLATES, copy)
    return copy


def change(template: pathlib.Path, path: str, old: str, new: str) -> None:
    file = template / "project" / path.replace("my_site", "PKG", 1)
    file = file.with_name(file.name + ".jinja")
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))


def update_from(project: pathlib.Path, template: pathlib.Path) -> list[update.FileUpdate]:
    record = Record.read(project)
    rendered = render_project(record.answers, template)
    updates = plan(project, record.files, rendered)
    update.apply(project, updates, update.record_for(record.answers, rendered))
    return updates


def statuses(updates: list[update.FileUpdate]) -> dict[str, str]:
    return {each.path: each.status for each in updates}


def test_a_new_project_records_its_render(project: pathlib.Path) -> None:
    record = Record.read(project)
    assert record.answers == ANSWERS
    assert record.files[URLS] == (project / URLS).read_text()


def test_nothing_changed_is_nothing_to_do(project: pathlib.Path) -> None:
    assert plan(project, Record.read(project).files, render_project(ANSWERS)) == []


def test_an_untouched_file_takes_the_new_template(
    project: pathlib.Path, newer: pathlib.Path
) -> None:
    change(newer, SETTINGS, 'SITE_NAME: str = "<< name >>"', 'SITE_NAME: str = "<< name >>!"')
    assert statuses(update_from(project, newer)) == {SETTINGS: "update"}
    assert 'SITE_NAME: str = "my-site!"' in (project / SETTINGS).read_text()
    assert Record.read(project).files[SETTINGS] == (project / SETTINGS).read_text()


def test_a_local_edit_is_kept_when_the_template_did_not_change(
    project: pathlib.Path, newer: pathlib.Path
) -> None:
    (project / URLS).write_text((project / URLS).read_text() + "# mine\n")
    change(newer, SETTINGS, 'SITE_NAME: str = "<< name >>"', 'SITE_NAME: str = "<< name >>!"')
    assert statuses(update_from(project, newer)) == {SETTINGS: "update"}
    assert (project / URLS).read_text().endswith("# mine\n")


def test_edits_on_both_sides_are_merged(project: pathlib.Path, newer: pathlib.Path) -> None:
    (project / SETTINGS).write_text((project / SETTINGS).read_text() + MINE)
    change(newer, SETTINGS, "CHECK_ON_START: bool = True", "CHECK_ON_START: bool = False")
    assert statuses(update_from(project, newer)) == {SETTINGS: "merge"}
    merged = (project / SETTINGS).read_text()
    assert merged.endswith(MINE)
    assert "CHECK_ON_START: bool = False" in merged


def test_the_same_line_changed_on_both_sides_is_a_conflict(
    project: pathlib.Path, newer: pathlib.Path
) -> None:
    text = (project / SETTINGS).read_text()
    (project / SETTINGS).write_text(
        text.replace("CHECK_ON_START: bool = True", "CHECK_ON_START: bool = bool(1)")
    )
    change(newer, SETTINGS, "CHECK_ON_START: bool = True", "CHECK_ON_START: bool = False")
    assert statuses(update_from(project, newer)) == {SETTINGS: "conflict"}
    assert "<<<<<<< yours" in (project / SETTINGS).read_text()


def test_without_git_both_versions_are_left(
    project: pathlib.Path, newer: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    mine = (project / SETTINGS).read_text() + MINE
    (project / SETTINGS).write_text(mine)
    change(newer, SETTINGS, "CHECK_ON_START: bool = True", "CHECK_ON_START: bool = False")
    assert statuses(update_from(project, newer)) == {SETTINGS: "unmerged"}
    assert (project / SETTINGS).read_text() == mine
    beside = pathlib.Path(f"{project / SETTINGS}{NEW_SUFFIX}").read_text()
    assert "CHECK_ON_START: bool = False" in beside


def test_a_file_the_template_dropped_goes_unless_edited(
    project: pathlib.Path, newer: pathlib.Path
) -> None:
    (newer / "project" / "dot-env.example.jinja").unlink()
    (newer / "project" / "Dockerfile.jinja").unlink()
    (project / "Dockerfile").write_text("FROM scratch\n")
    updates = statuses(update_from(project, newer))
    assert updates == {".env.example": "remove", "Dockerfile": "kept"}
    assert not (project / ".env.example").exists()
    assert (project / "Dockerfile").read_text() == "FROM scratch\n"


def test_a_new_template_file_is_created(project: pathlib.Path, newer: pathlib.Path) -> None:
    (newer / "project" / "CHANGES.md.jinja").write_text("# << name >>\n")
    assert statuses(update_from(project, newer)) == {"CHANGES.md": "create"}
    assert (project / "CHANGES.md").read_text() == "# my-site\n"


def test_a_file_deleted_locally_stays_deleted(project: pathlib.Path, newer: pathlib.Path) -> None:
    (project / SETTINGS).unlink()
    change(newer, SETTINGS, "CHECK_ON_START: bool = True", "CHECK_ON_START: bool = False")
    assert statuses(update_from(project, newer)) == {SETTINGS: "skipped"}
    assert not (project / SETTINGS).exists()


def test_the_project_is_found_from_inside(project: pathlib.Path, tmp_path: pathlib.Path) -> None:
    assert find_project(project / "my_site" / "home") == project
    with pytest.raises(ScaffoldingError, match=f"none of its folders has a {RECORD}"):
        find_project(tmp_path)


def test_a_broken_record_says_so(project: pathlib.Path) -> None:
    (project / RECORD).write_text("{")
    with pytest.raises(ScaffoldingError, match="is not valid JSON"):
        Record.read(project)
