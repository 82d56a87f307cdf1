"""What ``demijohn check`` says of the catalogues: each offered locale has one, compiled and
up to date, with the plural forms Babel's data gives its language; messages still untranslated
or fuzzy are warnings."""

from __future__ import annotations

import collections.abc as cabc
import typing as t
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from demijohn import Demijohn
from demijohn.checks import Problem

from .domain import Domain
from .state import EXTENSION_KEY

if t.TYPE_CHECKING:
    from .extension import I18n

__all__ = ["babel_plurals", "check_catalogues", "read_catalogue"]


def read_catalogue(path: Path, locale: str | None = None) -> Catalog:
    """A ``.po`` or ``.pot`` file, read with Babel."""
    with path.open("rb") as fp:
        return read_po(fp, locale=locale)


def babel_plurals(locale: str) -> int:
    """How many plural forms the installed Babel's CLDR data gives ``locale``."""
    return Catalog(locale=locale).num_plurals


def check_catalogues(app: Demijohn) -> cabc.Iterator[Problem]:
    """The problems of every domain's catalogues (a check of ``demijohn check``)."""
    extension: I18n = app.extensions[EXTENSION_KEY]
    offered = set(extension.available_locale_names())
    default = str(extension.default_locale)
    for domain in extension.domains():
        yield from _check_domain(domain, offered, default, domain is extension.domain)


def _check_domain(
    domain: Domain, offered: set[str], default: str, is_app: bool
) -> cabc.Iterator[Problem]:
    template = _template(domain)
    template_ids = (
        {m.id for m in read_catalogue(template) if m.id} if template is not None else None
    )
    found = set(domain.locales())
    if is_app:
        for locale in sorted(offered - found - {default}):
            yield Problem(
                "i18n.missing",
                f"The locale {locale!r} is offered (I18N_LOCALES) but the domain"
                f" {domain.domain!r} has no catalogue for it. Create it with"
                f" 'demijohn i18n init {locale}'.",
            )
    for locale in sorted(found):
        for po in domain.catalogue_files(locale, ".po"):
            yield from _check_catalogue(domain, locale, po, template_ids)


def _template(domain: Domain) -> Path | None:
    for directory in domain.directories:
        path = directory / f"{domain.domain}.pot"
        if path.is_file():
            return path
    return None


def _check_catalogue(
    domain: Domain, locale: str, po: Path, template_ids: set[t.Any] | None
) -> cabc.Iterator[Problem]:
    where = str(po)
    catalogue = read_catalogue(po, locale)
    expected = babel_plurals(locale)
    if catalogue.num_plurals != expected:
        yield Problem(
            "i18n.plurals",
            f"The catalogue has {catalogue.num_plurals} plural forms, but Babel's data gives"
            f" {locale!r} {expected}: plural messages fall back to the source language."
            " Run 'demijohn i18n update', which sets the forms, then translate the new ones.",
            where,
        )
    mo = po.with_suffix(".mo")
    if not mo.is_file():
        yield Problem(
            "i18n.compiled",
            "The catalogue is not compiled, so none of its translations are used. Run"
            " 'demijohn i18n compile'.",
            where,
        )
    elif mo.stat().st_mtime < po.stat().st_mtime:
        yield Problem(
            "i18n.compiled",
            "The catalogue changed after it was compiled, so the changes are not used. Run"
            " 'demijohn i18n compile'.",
            where,
        )
    messages = [m for m in catalogue if m.id]
    fuzzy = len([m for m in messages if m.fuzzy])
    untranslated = len([m for m in messages if not m.fuzzy and not _translated(m.string)])
    if fuzzy or untranslated:
        parts = []
        if untranslated:
            parts.append(f"{untranslated} untranslated")
        if fuzzy:
            parts.append(f"{fuzzy} fuzzy (not used until reviewed)")
        yield Problem(
            "i18n.incomplete",
            f"{' and '.join(parts)} of {len(messages)} messages: they show in the source language.",
            where,
            severity="warning",
        )
    if template_ids is not None:
        new = template_ids - {m.id for m in messages}
        if new:
            yield Problem(
                "i18n.outdated",
                f"{len(new)} messages of {domain.domain}.pot are not in the catalogue. Run"
                " 'demijohn i18n update'.",
                where,
                severity="warning",
            )


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if string is None or isinstance(string, str):
        return bool(string)
    return all(string)
