"""``demijohn new`` on the command line: a project outside any application, a module inside
one, and updates."""

from __future__ import annotations

import importlib.metadata
import json
import os
import pathlib

import pytest
from click.testing import CliRunner, Result

from demijohn.cli import cli
from demijohn.scaffolding.render import demijohn_source
from demijohn.scaffolding.update import RECORD


@pytest.fixture
def runner(tmp_path: pathlib.Path) -> CliRunner:
    os.chdir(tmp_path)
    return CliRunner()


@pytest.fixture(autouse=True)
def _keep_cwd() -> object:
    here = os.getcwd()
    yield
    os.chdir(here)


def run(runner: CliRunner, *args: str, code: int = 0) -> Result:
    result = runner.invoke(cli, ["new", *args])
    assert result.exit_code == code, result.output
    return result


def test_the_command_is_a_plugin_the_core_does_not_import() -> None:
    names = {
        entry.name: entry.value
        for entry in importlib.metadata.entry_points(group="demijohn.commands")
    }
    assert names["new"] == "demijohn.scaffolding.commands:new_command"


def test_a_project_with_every_battery_by_default(runner: CliRunner, tmp_path: pathlib.Path) -> None:
    result = run(runner, "my-site")
    assert "Made my-site in my-site." in result.output
    answers = json.loads((tmp_path / "my-site" / RECORD).read_text())["answers"]
    assert (answers["db"], answers["i18n"], answers["api"], answers["production"]) == (True,) * 4
    assert (tmp_path / "my-site" / "my_site" / "db.py").is_file()


def test_flags_leave_batteries_out(runner: CliRunner, tmp_path: pathlib.Path) -> None:
    run(runner, "bare", "into", "--no-db", "--no-i18n", "--no-api", "--no-production")
    assert not (tmp_path / "into" / "bare" / "db.py").exists()
    assert "validation" not in (tmp_path / "into" / "pyproject.toml").read_text()


def test_a_terminal_is_asked(
    runner: CliRunner, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("demijohn.scaffolding.commands._interactive", lambda: True)
    result = runner.invoke(cli, ["new", "blog", "--no-api"], input="n\ny\ny\n")
    assert result.exit_code == 0, result.output
    assert "Add SQLAlchemy" in result.output
    assert "Add a validated JSON API" not in result.output  # the flag answered it
    answers = json.loads((tmp_path / "blog" / RECORD).read_text())["answers"]
    assert (answers["db"], answers["i18n"], answers["api"], answers["production"]) == (
        False,
        True,
        False,
        True,
    )


def test_a_folder_with_files_is_refused(runner: CliRunner, tmp_path: pathlib.Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = run(runner, "blog", "taken", code=1)
    assert "is not empty" in result.output


def test_a_bad_name_is_refused_before_any_question(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("demijohn.scaffolding.commands._interactive", lambda: True)
    output = run(runner, "my site", code=1).output
    assert output.startswith("Error: The project name 'my site' is not a distribution name")


def test_a_name_is_needed(runner: CliRunner) -> None:
    assert "Name the project" in run(runner, code=2).output


def test_a_module_is_added_inside_the_project(runner: CliRunner, tmp_path: pathlib.Path) -> None:
    run(runner, "shop")
    project = tmp_path / "shop"
    urls = project / "shop" / "urls.py"
    urls.write_text(urls.read_text() + "urls.get('/about', '.home.views:index')\n")
    os.chdir(project / "shop")
    result = run(runner, "module", "catalog")
    assert "shop/catalog/views.py: created" in result.output
    assert "shop/urls.py: merged" in result.output
    text = urls.read_text()
    assert '".catalog:catalog", url_prefix="/catalog"' in text
    assert text.endswith("urls.get('/about', '.home.views:index')\n")  # the local edit stays
    run(runner, "module", "orders")
    migration = (project / "shop" / "migrations" / "versions" / "orders.py").read_text()
    assert "down_revision: str | Sequence[str] | None = 'create_catalog'" in migration
    assert "already has a feature named 'orders'" in run(runner, "module", "orders", code=1).output


def test_a_module_outside_a_project_is_refused(runner: CliRunner) -> None:
    assert "Run the command inside the project" in run(runner, "module", "catalog", code=1).output


def test_update_of_a_current_project(runner: CliRunner, tmp_path: pathlib.Path) -> None:
    run(runner, "shop")
    os.chdir(tmp_path / "shop")
    assert "Up to date with template version" in run(runner, "--update").output


def test_update_shows_and_applies_what_changed(runner: CliRunner, tmp_path: pathlib.Path) -> None:
    run(runner, "shop")
    project = tmp_path / "shop"
    record = json.loads((project / RECORD).read_text())
    # As if the project had been made by an older template, whose Makefile differed.
    record["files"]["Makefile"] = record["files"]["Makefile"].replace(
        "PORT ?= 5000", "PORT ?= 8000"
    )
    (project / "Makefile").write_text(record["files"]["Makefile"])
    (project / RECORD).write_text(json.dumps(record))
    os.chdir(project)
    shown = run(runner, "--update", "--dry-run").output
    assert "-PORT ?= 8000\n+PORT ?= 5000\n" in shown
    assert "PORT ?= 8000" in (project / "Makefile").read_text()  # nothing written
    applied = run(runner, "--update").output
    assert "Makefile: updated from the template" in applied
    assert "PORT ?= 5000" in (project / "Makefile").read_text()
    assert "Up to date" in run(runner, "--update").output


def test_update_takes_no_name(runner: CliRunner) -> None:
    assert "--update takes no NAME" in run(runner, "shop", "--update", code=2).output


def test_the_project_records_where_demijohn_came_from(
    runner: CliRunner, tmp_path: pathlib.Path
) -> None:
    run(runner, "shop")
    # This checkout's path where demijohn is installed from it; empty where it is imported
    # from a folder on sys.path (the sdist's own test run), which the index then stands for.
    source = demijohn_source()
    assert f"DEMIJOHN ?= {source}\n" in (tmp_path / "shop" / "Makefile").read_text()
    answers = json.loads((tmp_path / "shop" / RECORD).read_text())["answers"]
    assert answers["demijohn_source"] == source


def test_a_project_from_a_newer_template_is_not_downgraded(
    runner: CliRunner, tmp_path: pathlib.Path
) -> None:
    run(runner, "shop")
    project = tmp_path / "shop"
    record = json.loads((project / RECORD).read_text())
    record["template_version"] += 1
    (project / RECORD).write_text(json.dumps(record))
    os.chdir(project)
    assert "Upgrade demijohn to update it" in run(runner, "--update", code=1).output


def test_an_update_that_conflicts_names_the_files(
    runner: CliRunner, tmp_path: pathlib.Path
) -> None:
    run(runner, "shop")
    project = tmp_path / "shop"
    record = json.loads((project / RECORD).read_text())
    record["files"]["Makefile"] = record["files"]["Makefile"].replace(
        "PORT ?= 5000", "PORT ?= 8000"
    )
    (project / RECORD).write_text(json.dumps(record))
    makefile = project / "Makefile"
    makefile.write_text(makefile.read_text().replace("PORT ?= 5000", "PORT ?= 9000"))
    os.chdir(project)
    output = run(runner, "--update", code=1).output
    assert "Makefile: CONFLICT" in output
    assert "1 file(s) need a hand: Makefile" in output
    assert "<<<<<<< yours\nPORT ?= 9000\n" in makefile.read_text()


def test_a_module_waits_for_the_update_to_a_new_template(
    runner: CliRunner, tmp_path: pathlib.Path
) -> None:
    run(runner, "shop")
    project = tmp_path / "shop"
    record = json.loads((project / RECORD).read_text())
    record["template_version"] -= 1
    (project / RECORD).write_text(json.dumps(record))
    os.chdir(project)
    assert "Run 'demijohn new --update' first" in run(runner, "module", "catalog", code=1).output
    assert not (project / "shop" / "catalog").exists()
