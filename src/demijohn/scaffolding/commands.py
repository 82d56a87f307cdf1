"""The ``demijohn new`` command, registered under the ``demijohn.commands`` entry points, so
that it works outside any application and the core never imports it::

    demijohn new my-site [DIR]           # a project, every battery in
    demijohn new my-site --no-db --no-i18n --no-api --no-production
    demijohn new module catalog          # in a project: a feature module
    demijohn new --update [--dry-run]    # in a project: what a newer template changed
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import typing as t
from pathlib import Path

import click

from .answers import OPTIONS, Answers, Module, ScaffoldingError, package_name
from .modules import migration_head
from .render import TEMPLATE_VERSION, demijohn_source, render_project
from .update import DESCRIPTIONS, FileUpdate, Record, apply, find_project, plan, record_for

__all__ = ["new_command"]

logger = logging.getLogger(__name__)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _choices(given: dict[str, bool | None]) -> dict[str, bool]:
    """Each battery's answer: the flag where one was given, else a prompt on a terminal,
    else yes."""
    chosen = {}
    for option, description in OPTIONS.items():
        value = given.get(option)
        if value is None:
            value = click.confirm(f"Add {description}?", default=True) if _interactive() else True
        chosen[option] = value
    return chosen


def _report(updates: list[FileUpdate], *, show_diff: bool) -> None:
    for update in updates:
        if show_diff and update.status not in ("kept", "skipped"):
            click.echo(update.diff(), nl=False)
        click.echo(f"{update.path}: {DESCRIPTIONS[update.status]}", err=show_diff)


def _needs_a_hand(updates: list[FileUpdate]) -> list[str]:
    return [update.path for update in updates if update.status in ("conflict", "unmerged")]


def create_project(answers: Answers, directory: Path) -> list[FileUpdate]:
    """Render ``answers`` into ``directory``, which must not exist or be empty.

    :raises ScaffoldingError: the folder holds files.
    """
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldingError(
            f"{directory} is not empty. Give a new folder, or an empty one, for the project."
        )
    rendered = render_project(answers)
    updates = plan(directory, {}, rendered)
    directory.mkdir(parents=True, exist_ok=True)
    apply(directory, updates, record_for(answers, rendered))
    return updates


def add_module(project: Path, name: str) -> list[FileUpdate]:
    """Add the feature module ``name`` to ``project``, merged with its local edits.

    :raises ScaffoldingError: the project follows another template version, whose changes
        would come in with the module unannounced.
    """
    record = Record.read(project)
    if record.template_version != TEMPLATE_VERSION:
        raise ScaffoldingError(
            f"{project} follows template version {record.template_version}, and this"
            f" demijohn's is {TEMPLATE_VERSION}. Run 'demijohn new --update' first (or use"
            " the demijohn that made it), then add the module."
        )
    after = migration_head(project, record.answers) if record.answers.db else None
    answers = record.answers.with_module(Module(name, after))
    rendered = render_project(answers)
    updates = plan(project, record.files, rendered)
    apply(project, updates, dataclasses.replace(record, answers=answers, files=rendered))
    return updates


def update_project(project: Path, *, dry_run: bool) -> list[FileUpdate]:
    """Bring what the current template changed into ``project``, keeping its edits."""
    record = Record.read(project)
    if record.template_version > TEMPLATE_VERSION:
        raise ScaffoldingError(
            f"{project} was made with template version {record.template_version}, newer than"
            f" this demijohn's ({TEMPLATE_VERSION}). Upgrade demijohn to update it."
        )
    rendered = render_project(record.answers)
    updates = plan(project, record.files, rendered)
    if not dry_run:
        apply(project, updates, record_for(record.answers, rendered))
    return updates


def _flag(name: str) -> t.Callable[[t.Callable[..., t.Any]], t.Callable[..., t.Any]]:
    return click.option(
        f"--{name}/--no-{name}",
        default=None,
        help=f"With or without {OPTIONS[name]}. Asked on a terminal; yes otherwise.",
    )


@click.command("new", short_help="Make a project, a feature module, or update a project.")
@click.argument("name", required=False)
@click.argument(
    "directory", metavar="[DIR]", required=False, type=click.Path(file_okay=False, path_type=Path)
)
@_flag("db")
@_flag("i18n")
@_flag("api")
@_flag("production")
@click.option(
    "--update", is_flag=True, help="Bring in what a newer template changed, keeping your edits."
)
@click.option("--dry-run", is_flag=True, help="With --update: show the changes, write nothing.")
def new_command(
    name: str | None,
    directory: Path | None,
    update: bool,
    dry_run: bool,
    **batteries: bool | None,
) -> None:
    """Make the project NAME in DIR (by default ./NAME), laid out for a large application:
    a package per feature, typed settings per environment, one URL module, and the batteries
    chosen, with its tests, Makefile, CI workflow and Dockerfile.

    'demijohn new module NAME', run inside a project, adds the feature module NAME: its
    blueprint, views, templates, model and tests, registered in the URL module.

    'demijohn new --update', run inside a project, shows and applies what this demijohn's
    template changed since the project was made, merging it with your edits.
    """
    try:
        if update:
            if name is not None:
                raise click.UsageError("--update takes no NAME: run it inside the project.")
            _run_update(dry_run)
        elif name == "module":
            if directory is None:
                raise click.UsageError("Name the module: 'demijohn new module NAME'.")
            _run_add_module(str(directory))
        elif name is None:
            raise click.UsageError(
                "Name the project: 'demijohn new NAME', or 'demijohn new --update' inside one."
            )
        else:
            _run_create(name, directory, batteries)
    except ScaffoldingError as exc:
        raise click.ClickException(str(exc)) from None


def _run_create(name: str, directory: Path | None, batteries: dict[str, bool | None]) -> None:
    package_name(name)  # before any question: a name that cannot be used is told at once
    chosen = _choices(batteries)
    answers = Answers(
        name,
        db=chosen["db"],
        i18n=chosen["i18n"],
        api=chosen["api"],
        production=chosen["production"],
        demijohn_source=demijohn_source(),
    )
    target = directory if directory is not None else Path(name)
    create_project(answers, target)
    click.echo(f"Made {answers.name} in {target}. Next:")
    click.echo(f"  cd {target}")
    click.echo("  make run     # serve it on http://127.0.0.1:5000")
    click.echo("  make test    # lint, types and tests over WSGI and ASGI")


def _run_add_module(name: str) -> None:
    project = find_project(Path.cwd())
    updates = add_module(project, name)
    _report(updates, show_diff=False)
    _finish(updates)


def _run_update(dry_run: bool) -> None:
    project = find_project(Path.cwd())
    before = Record.read(project).template_version
    updates = update_project(project, dry_run=dry_run)
    if not updates:
        click.echo(f"Up to date with template version {TEMPLATE_VERSION}.")
        return
    _report(updates, show_diff=True)
    if dry_run:
        click.echo(
            f"Nothing written (--dry-run): template {before} to {TEMPLATE_VERSION}.", err=True
        )
        return
    _finish(updates)


def _finish(updates: list[FileUpdate]) -> None:
    by_hand = _needs_a_hand(updates)
    if by_hand:
        raise click.ClickException(
            f"{len(by_hand)} file(s) need a hand: {', '.join(by_hand)}. The rest is written."
        )
