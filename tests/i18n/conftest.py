"""Fixtures of the i18n tests: catalogues compiled into a temporary folder with Babel, and an
application whose translations are there."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from demijohn import Demijohn
from demijohn.i18n import I18n

#: msgid (or (singular, plural), or (context, msgid)) -> translation, per locale.
Messages = dict[t.Any, t.Any]


def write_catalogue(
    directory: Path,
    locale: str,
    messages: Messages,
    domain: str = "messages",
    compile: bool = True,
) -> Path:
    """Write ``<directory>/<locale>/LC_MESSAGES/<domain>.po`` (and ``.mo``) with Babel.

    A key is a msgid, a ``(singular, plural)`` pair whose value is a tuple of forms, or
    ``("ctx", context, msgid)``.
    """
    catalogue = Catalog(locale=locale, domain=domain, fuzzy=False)
    for key, value in messages.items():
        if isinstance(key, tuple) and key[0] == "ctx":
            catalogue.add(key[2], value, context=key[1])
        elif isinstance(key, tuple) and len(key) == 4 and key[0] == "nctx":
            catalogue.add((key[2], key[3]), value, context=key[1])
        else:
            catalogue.add(key, value)
    folder = directory / locale / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po = folder / f"{domain}.po"
    with po.open("wb") as fp:
        write_po(fp, catalogue)
    if compile:
        with (folder / f"{domain}.mo").open("wb") as fp:
            write_mo(fp, catalogue)
    return po


GERMAN: Messages = {
    "Hello": "Hallo",
    "Hello %(name)s": "Hallo %(name)s",
    ("%(num)d apple", "%(num)d apples"): ("%(num)d Apfel", "%(num)d Äpfel"),
    ("ctx", "month", "May"): "Mai",
    ("ctx", "verb", "May"): "Darf",
    ("nctx", "basket", "%(num)d item", "%(num)d items"): ("%(num)d Artikel", "%(num)d Artikel"),
}

FRENCH: Messages = {
    "Hello": "Bonjour",
    "Hello %(name)s": "Bonjour %(name)s",
    ("ctx", "month", "May"): "mai",
}


@pytest.fixture
def translations(tmp_path: Path) -> Path:
    """A translations folder with German and French catalogues."""
    folder = tmp_path / "translations"
    write_catalogue(folder, "de", GERMAN)
    write_catalogue(folder, "fr", FRENCH)
    return folder


@pytest.fixture
def app(tmp_path: Path, translations: Path) -> Demijohn:
    app = Demijohn("i18n_test", root_path=str(tmp_path))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def i18n(app: Demijohn) -> I18n:
    return I18n(app)
