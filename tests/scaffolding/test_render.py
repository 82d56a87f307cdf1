"""Rendering the template: each battery's files come and go with its flag, every module has
its logger and its tests, and what is rendered passes the project's own linter and formatter
in every combination of the flags."""

from __future__ import annotations

import ast
import itertools
import pathlib
import subprocess
import sys

import pytest

from demijohn.scaffolding.answers import OPTIONS, Answers, Module
from demijohn.scaffolding.pins import dev_requirements, read_constraints
from demijohn.scaffolding.render import TEMPLATES, render_project

FULL = Answers("my-site")
NONE = Answers("my-site", db=False, i18n=False, api=False, production=False)

#: What a project that leaves a battery out must never mention.
MENTIONS = {
    "db": ("demijohn.db", "sqlalchemy", "alembic"),
    "i18n": ("demijohn.i18n", "gettext"),
    "api": ("demijohn.validation", "openapi"),
    "production": ("demijohn.production", "healthz"),
}


def every_combination() -> list[Answers]:
    found = []
    for values in itertools.product((True, False), repeat=len(OPTIONS)):
        chosen = dict(zip(OPTIONS, values, strict=True))
        answers = Answers("my-site", **chosen)
        found.append(answers.with_module(Module("notes")))
    return found


def write(rendered: dict[str, str], folder: pathlib.Path) -> pathlib.Path:
    for path, text in rendered.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    return folder


def test_the_full_project_has_the_layout() -> None:
    rendered = render_project(FULL)
    for path in (
        "my_site/__init__.py",
        "my_site/settings.py",
        "my_site/urls.py",
        "my_site/wsgi.py",
        "my_site/asgi.py",
        "my_site/providers.py",
        "my_site/db.py",
        "my_site/migrations/env.py",
        "my_site/migrations/script.py.mako",
        "my_site/templates/base.html",
        "my_site/templates/errors/404.html",
        "my_site/translations/messages.pot",
        "my_site/home/views.py",
        "my_site/home/api.py",
        "tests/conftest.py",
        "tests/home/test_views.py",
        "pyproject.toml",
        "Makefile",
        "Dockerfile",
        ".env.example",
        ".gitignore",
        ".github/workflows/ci.yml",
        "constraints.txt",
    ):
        assert path in rendered, path


@pytest.mark.parametrize("option", list(OPTIONS))
def test_a_battery_left_out_leaves_no_trace(option: str) -> None:
    answers = Answers("my-site", **{option: False}).with_module(Module("notes"))
    rendered = render_project(answers)
    assert len(rendered) < len(render_project(FULL.with_module(Module("notes"))))
    for path, text in rendered.items():
        if path.endswith((".py", ".toml", "Makefile", "Dockerfile")) and path != "constraints.txt":
            for mention in MENTIONS[option]:
                assert mention not in text.lower(), (path, mention)


def test_a_module_adds_its_package_urls_model_migration_and_tests() -> None:
    before = render_project(FULL)
    after = render_project(FULL.with_module(Module("notes")))
    added = sorted(set(after) - set(before))
    assert added == [
        "my_site/migrations/versions/notes.py",
        "my_site/notes/__init__.py",
        "my_site/notes/api.py",
        "my_site/notes/models.py",
        "my_site/notes/services.py",
        "my_site/notes/templates/notes/index.html",
        "my_site/notes/views.py",
        "tests/notes/__init__.py",
        "tests/notes/test_api.py",
        "tests/notes/test_models.py",
        "tests/notes/test_services.py",
        "tests/notes/test_views.py",
    ]
    assert '".notes:notes", url_prefix="/notes"' in after["my_site/urls.py"]
    assert '"my_site.notes.models",' in after["my_site/db.py"]
    assert "class Note(Model):" in after["my_site/notes/models.py"]


def test_a_module_migration_follows_the_head_it_was_given() -> None:
    answers = FULL.with_module(Module("notes")).with_module(Module("tags", "create_notes"))
    rendered = render_project(answers)
    first = rendered["my_site/migrations/versions/notes.py"]
    second = rendered["my_site/migrations/versions/tags.py"]
    assert "down_revision: str | Sequence[str] | None = None\n" in first
    assert "down_revision: str | Sequence[str] | None = 'create_notes'\n" in second


@pytest.mark.parametrize("answers", every_combination(), ids=lambda a: a.extras)
def test_every_module_logs_under_its_name_and_has_its_tests(answers: Answers) -> None:
    rendered = render_project(answers)
    modules = [
        path
        for path in rendered
        if path.startswith("my_site/") and path.endswith(".py") and "/migrations/" not in path
    ]
    for path in modules:
        tree = ast.parse(rendered[path])
        if path.endswith("__init__.py") and len(tree.body) == 1:
            continue  # a package's docstring alone
        if not path.endswith(("/wsgi.py", "/asgi.py")):
            assert "logger = logging.getLogger(__name__)\n" in rendered[path], path
        package, _, name = path.removeprefix("my_site/").rpartition("/")
        if name != "__init__.py":
            test = "/".join(filter(None, ["tests", package, f"test_{name}"]))
            assert test in rendered, f"{path} has no {test}"


def test_the_renders_pass_the_projects_lint_and_format(tmp_path: pathlib.Path) -> None:
    folders = []
    for number, answers in enumerate(every_combination()):
        folders.append(str(write(render_project(answers), tmp_path / f"p{number}")))
    folders.append(str(write(render_project(NONE), tmp_path / "bare")))
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, *folders],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_template_holds_no_dotfiles() -> None:
    # Packaging leaves dotfiles out of the wheel: the template names them dot-*.
    assert not [path for path in TEMPLATES.rglob(".*")]


def test_the_makefile_installs_demijohn_from_the_recorded_source() -> None:
    rendered = render_project(Answers("my-site", demijohn_source="/srv/demijohn"))
    assert "DEMIJOHN ?= /srv/demijohn\n" in rendered["Makefile"]
    assert "DEMIJOHN ?= \n" in render_project(FULL)["Makefile"]  # the package index


def test_the_dev_tools_are_pinned_in_the_project() -> None:
    pyproject = render_project(FULL)["pyproject.toml"]
    for requirement in dev_requirements():
        assert f'    "{requirement}",\n' in pyproject
    assert render_project(FULL)["constraints.txt"].count("==") == len(read_constraints())
