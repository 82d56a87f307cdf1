"""Fixtures for demijohn's own suite for Flask-Babel 4.0.0, whose release ships no tests.

The suite is written for Flask, like any Flask project's tests: it imports ``flask`` and
``flask_babel`` only. ``python compat/run_extension_suites.py flask-babel`` runs it on
demijohn through the compatibility layer (over WSGI, then over ASGI), and
``python compat/check_behaviour.py`` runs it on the real Flask, which proves that what it
expects is Flask's behaviour.

Message catalogs are compiled to ``.mo`` files in the test's temporary directory, which is
also the application's root path, so the default ``translations`` directory is found there.
A plural translation is given per CLDR plural category, and each catalog gets as many forms
as the installed Babel reports for its locale, in that catalog's order: Babel 2.19 gave French
a third form ("many", for millions), and a catalog written with two forms no longer loads.
"""

from __future__ import annotations

import gettext
import typing as t
from pathlib import Path

import flask
import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask_babel import Babel

#: A message id, or a (singular, plural) pair.
MessageId = str | tuple[str, str]
#: A translation, or for a plural message one form per CLDR plural category of the locale
#: (categories an older CLDR does not have are ignored).
Translation = str | dict[str, str]
WriteCatalog = t.Callable[..., Path]

GERMAN: dict[MessageId, Translation] = {
    "Hello": "Hallo",
    "Hello %(name)s!": "Hallo %(name)s!",
    "Goodbye": "Auf Wiedersehen",
    ("%(num)d apple", "%(num)d apples"): {"one": "%(num)d Apfel", "other": "%(num)d Äpfel"},
    # The message ids Jinja's {% trans count=... %} blocks produce.
    ("%(count)s apple", "%(count)s apples"): {
        "one": "%(count)s Apfel",
        "other": "%(count)s Äpfel",
    },
}
GERMAN_CONTEXTS: dict[tuple[str, MessageId], Translation] = {
    ("month", "May"): "Mai",
    ("verb", "May"): "Darf",
    ("inbox", ("%(num)d message", "%(num)d messages")): {
        "one": "%(num)d Nachricht",
        "other": "%(num)d Nachrichten",
    },
}
FRENCH: dict[MessageId, Translation] = {
    "Hello": "Bonjour",
    "Hello %(name)s!": "Bonjour %(name)s !",
    "Goodbye": "Au revoir",
    ("%(num)d apple", "%(num)d apples"): {
        "one": "%(num)d pomme",
        "many": "%(num)d de pommes",
        "other": "%(num)d pommes",
    },
    ("%(count)s apple", "%(count)s apples"): {
        "one": "%(count)s pomme",
        "many": "%(count)s de pommes",
        "other": "%(count)s pommes",
    },
}
FRENCH_CONTEXTS: dict[tuple[str, MessageId], Translation] = {
    ("month", "May"): "mai",
    ("verb", "May"): "Peut",
    ("inbox", ("%(num)d message", "%(num)d messages")): {
        "one": "%(num)d message",
        "many": "%(num)d de messages",
        "other": "%(num)d messages",
    },
}
POLISH: dict[MessageId, Translation] = {
    "Hello": "Cześć",
    ("%(num)d apple", "%(num)d apples"): {
        "one": "%(num)d jabłko",
        "few": "%(num)d jabłka",
        "many": "%(num)d jabłek",
        "other": "%(num)d jabłka",
    },
}


def _write(
    directory: Path,
    locale: str,
    messages: dict[MessageId, Translation],
    domain: str = "messages",
    contexts: dict[tuple[str, MessageId], Translation] | None = None,
) -> Path:
    catalog = Catalog(locale=locale, domain=domain, fuzzy=False)
    categories = _form_categories(catalog)
    for message_id, string in messages.items():
        catalog.add(message_id, _forms(string, categories))
    for (context, message_id), string in (contexts or {}).items():
        catalog.add(message_id, _forms(string, categories), context=context)
    path = directory / locale / "LC_MESSAGES" / f"{domain}.mo"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_mo(f, catalog)
    return path


def _form_categories(catalog: Catalog) -> list[str]:
    """The CLDR category of each plural form of ``catalog``, in the catalog's order: for each
    form, the category of the first number the catalog's plural expression maps to it."""
    assert catalog.locale is not None
    choose = gettext.c2py(catalog.plural_expr)
    rule = Locale.parse(catalog.locale).plural_form
    samples = [*range(1001), 10**6, 10**7]
    categories = []
    for form in range(catalog.num_plurals):
        number = next((n for n in samples if choose(n) == form), None)
        if number is None:
            raise ValueError(f"no number selects plural form {form} of {catalog.locale}")
        categories.append(rule(number))
    return categories


def _forms(translation: Translation, categories: list[str]) -> str | tuple[str, ...]:
    if isinstance(translation, str):
        return translation
    return tuple(translation[category] for category in categories)


@pytest.fixture
def write_catalog() -> WriteCatalog:
    """Compile a catalog: ``write_catalog(directory, locale, messages, domain=..., contexts=...)``
    writes ``<directory>/<locale>/LC_MESSAGES/<domain>.mo`` and returns its path."""
    return _write


@pytest.fixture
def translations(tmp_path: Path) -> Path:
    """The application's default translation directory, with German, French and Polish."""
    directory = tmp_path / "translations"
    _write(directory, "de", GERMAN, contexts=GERMAN_CONTEXTS)
    _write(directory, "fr", FRENCH, contexts=FRENCH_CONTEXTS)
    _write(directory, "pl", POLISH)
    return directory


@pytest.fixture
def app(tmp_path: Path) -> flask.Flask:
    """An application rooted in the test's temporary directory."""
    app = flask.Flask("babel_suite", root_path=str(tmp_path))
    app.config.update(TESTING=True, SECRET_KEY="babel suite")
    return app


def _query(name: str) -> str | None:
    """A query argument of the current request; None outside a request."""
    if not flask.has_request_context():
        return None
    return flask.request.args.get(name)


@pytest.fixture
def babel(app: flask.Flask, translations: Path) -> Babel:
    """Flask-Babel on ``app`` with the catalogs, taking the locale from ``?lang=`` and the
    timezone from ``?tz=``."""
    return Babel(
        app,
        locale_selector=lambda: _query("lang"),
        timezone_selector=lambda: _query("tz"),
    )


@pytest.fixture
def client(app: flask.Flask) -> t.Any:
    return app.test_client()
