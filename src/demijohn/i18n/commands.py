"""``demijohn i18n``: extract the messages of the sources and templates into a template
catalogue, start a language's catalogue, update the catalogues from the template, and compile
them, on Babel's message tools.

Settings come from ``[tool.demijohn.i18n]`` in the project's ``pyproject.toml`` (the nearest
one above the current folder), else from the application::

    [tool.demijohn.i18n]
    sources = ["shop"]                 # folders to extract from (the app's root path)
    domain = "messages"                # I18N_DOMAIN
    directory = "shop/translations"    # the first of I18N_TRANSLATION_DIRECTORIES
    keywords = ["_l"]                  # more functions that mark messages
    mapping = [["**.py", "python"], ["**/templates/**.html", "jinja2"]]

Paths are relative to the folder of ``pyproject.toml``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import typing as t
from pathlib import Path

import click
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from demijohn import current_app
from demijohn.cli import with_appcontext

from .checks import babel_plurals, read_catalogue
from .state import current

__all__ = ["i18n_command"]

#: The functions that mark messages, besides Babel's defaults (gettext, ngettext, _, ...).
KEYWORDS: dict[str, t.Any] = {
    **DEFAULT_KEYWORDS,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
    "lazy_npgettext": ((1, "c"), 2, 3),
}

#: Which files are read, and how, when no mapping is configured.
DEFAULT_MAPPING = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/templates/**.txt", "jinja2"),
    ("**/templates/**.jinja", "jinja2"),
]


#: Babel's extraction methods by the short names its configuration files use, as import
#: paths: given so, Babel imports the function rather than scanning the installed packages'
#: entry points (which, before Babel 2.16, goes through the deprecated pkg_resources).
METHODS = {
    "python": "babel.messages.extract:extract_python",
    "javascript": "babel.messages.extract:extract_javascript",
    "ignore": "babel.messages.extract:extract_nothing",
    "jinja2": "jinja2.ext:babel_extract",
}


class Project:
    """Where the sources and catalogues are, from ``pyproject.toml`` and the application."""

    def __init__(self) -> None:
        app = current_app
        extension = current()
        table, base = _tool_table()
        self.base = base
        self.domain = str(table.get("domain") or extension.domain.domain)
        directory = table.get("directory")
        self.directory = (
            base / directory if directory is not None else extension.domain.directories[0]
        )
        sources = table.get("sources")
        self.sources = [base / s for s in sources] if sources is not None else [Path(app.root_path)]
        self.keywords = dict(KEYWORDS)
        for keyword in table.get("keywords", ()):
            self.keywords.setdefault(keyword, None)
        self.mapping = [tuple(m) for m in table.get("mapping", DEFAULT_MAPPING)]
        self.project = str(table.get("project") or app.name)

    @property
    def template(self) -> Path:
        return self.directory / f"{self.domain}.pot"

    def catalogue(self, locale: str) -> Path:
        return self.directory / locale / "LC_MESSAGES" / f"{self.domain}.po"

    def locales(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(
            child.name for child in self.directory.iterdir() if self.catalogue(child.name).is_file()
        )


def _tool_table() -> tuple[dict[str, t.Any], Path]:
    here = Path.cwd()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            with pyproject.open("rb") as fp:
                data = tomllib.load(fp)
            table = data.get("tool", {}).get("demijohn", {}).get("i18n", {})
            return table, folder
    return {}, here


def _write(path: Path, catalogue: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fp:
        write_po(fp, catalogue, width=79)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@click.group("i18n", short_help="Extract, start, update and compile translations.")
def i18n_command() -> None:
    """Manage the application's translation catalogues: 'extract' the messages, 'init' a
    language, 'update' the languages after a new extract, 'compile' them for use."""


@i18n_command.command("extract")
@with_appcontext
def extract_command() -> None:
    """Read the sources and templates and write the template catalogue (<domain>.pot)."""
    project = Project()
    catalogue = Catalog(project=project.project, charset="utf-8", fuzzy=False)
    method_map = [(pattern, METHODS.get(method, method)) for pattern, method in project.mapping]
    options_map: dict[str, dict[str, t.Any]] = {pattern: {} for pattern, _ in method_map}
    for source in project.sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            source, method_map, options_map, keywords=project.keywords, comment_tags=("NOTE:",)
        ):
            path = _relative(source / filename)
            catalogue.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    _write(project.template, catalogue)
    click.echo(f"Extracted {len(catalogue)} messages into {_relative(project.template)}.")


@i18n_command.command("init")
@click.argument("locale")
@with_appcontext
def init_command(locale: str) -> None:
    """Start the catalogue of LOCALE (de, fr, pt_BR) from the template catalogue, with the
    plural forms Babel's data gives the language."""
    project = Project()
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError) as e:
        raise click.BadParameter(f"{locale!r} is not a locale Babel knows ({e}).") from None
    target = project.catalogue(str(parsed))
    if target.exists():
        raise click.ClickException(
            f"{_relative(target)} exists already. Run 'demijohn i18n update' to add new"
            " messages to it."
        )
    if not project.template.is_file():
        raise click.ClickException(
            f"There is no template catalogue ({_relative(project.template)}). Run"
            " 'demijohn i18n extract' first."
        )
    template = read_catalogue(project.template)
    catalogue = Catalog(locale=parsed, domain=project.domain, project=project.project, fuzzy=False)
    catalogue.update(template, no_fuzzy_matching=True)
    catalogue.revision_date = dt.datetime.now(dt.UTC)
    _write(target, catalogue)
    click.echo(
        f"Started {_relative(target)} ({catalogue.num_plurals} plural forms for"
        f" {parsed.english_name})."
    )


@i18n_command.command("update")
@click.option("--no-fuzzy", is_flag=True, help="Do not guess translations of changed messages.")
@with_appcontext
def update_command(no_fuzzy: bool) -> None:
    """Bring every catalogue up to date with the template catalogue, and set each one's
    plural forms to what Babel's data gives its language."""
    project = Project()
    if not project.template.is_file():
        raise click.ClickException(
            f"There is no template catalogue ({_relative(project.template)}). Run"
            " 'demijohn i18n extract' first."
        )
    template = read_catalogue(project.template)
    for locale in project.locales():
        path = project.catalogue(locale)
        old = read_catalogue(path, locale)
        catalogue, widened = _with_babel_plurals(old, locale)
        catalogue.update(template, no_fuzzy_matching=no_fuzzy)
        _write(path, catalogue)
        note = ""
        if widened:
            note = (
                f"; plural forms {old.num_plurals} -> {catalogue.num_plurals}:"
                f" {widened} plural messages marked fuzzy to be translated again"
            )
        click.echo(f"Updated {_relative(path)}{note}.")


def _with_babel_plurals(old: Catalog, locale: str) -> tuple[Catalog, int]:
    """``old``'s messages in a catalogue whose plural forms are Babel's for ``locale``: plural
    translations with too few forms get the last form repeated and are marked fuzzy."""
    expected = babel_plurals(locale)
    if old.num_plurals == expected:
        return old, 0
    fresh = Catalog(
        locale=locale,
        domain=old.domain,
        project=old.project,
        version=old.version,
        creation_date=old.creation_date,
        revision_date=dt.datetime.now(dt.UTC),
        last_translator=old.last_translator,
        language_team=old.language_team,
        fuzzy=False,
    )
    widened = 0
    for message in old:
        if not message.id:
            continue
        if isinstance(message.string, (tuple, list)):
            forms = list(message.string)[:expected]
            if len(forms) < expected:
                forms += [forms[-1] if forms else ""] * (expected - len(forms))
                message.flags.add("fuzzy")
                widened += 1
            message.string = tuple(forms)
        fresh[message.id] = message
    for key, message in old.obsolete.items():
        fresh.obsolete[key] = message
    return fresh, widened


@i18n_command.command("compile")
@click.option("--use-fuzzy", is_flag=True, help="Compile fuzzy translations too.")
@with_appcontext
def compile_command(use_fuzzy: bool) -> None:
    """Compile every catalogue (.po) into the form the application reads (.mo)."""
    project = Project()
    locales = project.locales()
    if not locales:
        raise click.ClickException(
            f"There are no catalogues in {_relative(project.directory)}. Start one with"
            " 'demijohn i18n init LOCALE'."
        )
    for locale in locales:
        path = project.catalogue(locale)
        catalogue = read_catalogue(path, locale)
        messages = [m for m in catalogue if m.id]
        done = sum(1 for m in messages if m.string and (use_fuzzy or not m.fuzzy))
        with path.with_suffix(".mo").open("wb") as fp:
            write_mo(fp, catalogue, use_fuzzy=use_fuzzy)
        click.echo(
            f"Compiled {_relative(path.with_suffix('.mo'))}: {done} of {len(messages)}"
            " messages translated."
        )
