"""Translating messages: gettext and friends, lazy strings, compiled catalogs."""

from __future__ import annotations

import io
import typing as t
from pathlib import Path

import flask
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import (
    Babel,
    _,
    gettext,
    lazy_gettext,
    lazy_ngettext,
    lazy_npgettext,
    lazy_pgettext,
    ngettext,
    npgettext,
    pgettext,
)


def _serve(app: flask.Flask, make_text: t.Callable[[], str]) -> None:
    app.add_url_rule("/", "index", make_text)


def test_gettext(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: f"{gettext('Hello')}|{gettext('Not translated')}|{_('Goodbye')}")
    assert client.get("/?lang=de").text == "Hallo|Not translated|Auf Wiedersehen"
    assert client.get("/?lang=fr").text == "Bonjour|Not translated|Au revoir"
    assert client.get("/").text == "Hello|Not translated|Goodbye"


def test_gettext_with_variables(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: gettext("Hello %(name)s!", name=flask.request.args["name"]))
    assert client.get("/?lang=de&name=Ada").text == "Hallo Ada!"
    assert client.get("/?lang=fr&name=Ada").text == "Bonjour Ada !"
    assert client.get("/?name=Ada").text == "Hello Ada!"


def test_gettext_without_variables_leaves_percent_signs(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    _serve(app, lambda: gettext("100% %(sure)s"))
    assert client.get("/?lang=de").text == "100% %(sure)s"


def test_ngettext(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    def count() -> str:
        return " / ".join(ngettext("%(num)d apple", "%(num)d apples", n) for n in (0, 1, 2))

    _serve(app, count)
    assert client.get("/").text == "0 apples / 1 apple / 2 apples"
    assert client.get("/?lang=de").text == "0 Äpfel / 1 Apfel / 2 Äpfel"
    # French counts zero as singular: the catalog's plural rule is used.
    assert client.get("/?lang=fr").text == "0 pomme / 1 pomme / 2 pommes"


def test_ngettext_with_three_plural_forms(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    def count() -> str:
        return ", ".join(ngettext("%(num)d apple", "%(num)d apples", n) for n in (1, 3, 5, 22))

    _serve(app, count)
    assert client.get("/?lang=pl").text == "1 jabłko, 3 jabłka, 5 jabłek, 22 jabłka"


def test_ngettext_with_more_variables(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    def count() -> str:
        return ngettext("%(name)s has %(num)d apple", "%(name)s has %(num)d apples", 3, name="Ada")

    _serve(app, count)
    assert client.get("/?lang=de").text == "Ada has 3 apples"


def test_pgettext(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: f"{pgettext('month', 'May')} {pgettext('verb', 'May')} {gettext('May')}")
    assert client.get("/?lang=de").text == "Mai Darf May"
    assert client.get("/?lang=fr").text == "mai Peut May"


def test_npgettext(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    def inbox() -> str:
        return ", ".join(
            npgettext("inbox", "%(num)d message", "%(num)d messages", n) for n in (1, 7)
        )

    _serve(app, inbox)
    assert client.get("/?lang=de").text == "1 Nachricht, 7 Nachrichten"
    assert client.get("/").text == "1 message, 7 messages"


def test_outside_any_context(babel: Babel) -> None:
    assert gettext("Hello") == "Hello"
    assert gettext("Hello %(name)s!", name="Ada") == "Hello Ada!"
    assert ngettext("%(num)d apple", "%(num)d apples", 3) == "3 apples"
    assert pgettext("month", "May") == "May"


def test_app_context_uses_the_default_locale(app: flask.Flask, translations: Path) -> None:
    Babel(app, default_locale="fr")
    with app.app_context():
        assert gettext("Hello") == "Bonjour"
        assert ngettext("%(num)d apple", "%(num)d apples", 2) == "2 pommes"


def test_lazy_gettext_per_request(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    greeting = lazy_gettext("Hello")
    named = lazy_gettext("Hello %(name)s!", name="Ada")
    _serve(app, lambda: f"{greeting} {named}")
    assert client.get("/?lang=de").text == "Hallo Hallo Ada!"
    assert client.get("/?lang=fr").text == "Bonjour Bonjour Ada !"
    assert client.get("/?lang=de").text == "Hallo Hallo Ada!"
    assert str(greeting) == "Hello"


def test_lazy_ngettext_pgettext_npgettext(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    apples = lazy_ngettext("%(num)d apple", "%(num)d apples", 2)
    month = lazy_pgettext("month", "May")
    messages = lazy_npgettext("inbox", "%(num)d message", "%(num)d messages", 1)
    _serve(app, lambda: f"{apples}; {month}; {messages}")
    assert client.get("/?lang=de").text == "2 Äpfel; Mai; 1 Nachricht"
    assert client.get("/?lang=fr").text == "2 pommes; mai; 1 message"


def test_lazy_string_acts_as_a_string(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    hello = lazy_gettext("Hello")
    template = lazy_gettext("Hello %(name)s!")

    @app.route("/")
    def index() -> dict[str, t.Any]:
        return {
            "joined": hello + ", " + "world",
            "prefixed": ">" + hello,
            "formatted": template % {"name": "Bo"},
            "upper": hello.upper(),
            "length": len(hello),
            "contains": "all" in hello,
            "equal": hello == "Hallo",
            "json": hello,
        }

    assert client.get("/?lang=de").json == {
        "joined": "Hallo, world",
        "prefixed": ">Hallo",
        "formatted": "Hallo Bo!",
        "upper": "HALLO",
        "length": 5,
        "contains": True,
        "equal": True,
        "json": "Hallo",
    }


def test_lazy_string_as_a_response_in_jsonify(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    labels = {"greeting": lazy_gettext("Hello"), "farewell": lazy_gettext("Goodbye")}

    @app.route("/labels")
    def index() -> flask.Response:
        return flask.jsonify(labels)

    assert client.get("/labels?lang=fr").json == {"greeting": "Bonjour", "farewell": "Au revoir"}
    assert client.get("/labels").json == {"greeting": "Hello", "farewell": "Goodbye"}


def test_catalog_compiled_from_a_po_file(app: flask.Flask, client: t.Any, tmp_path: Path) -> None:
    po = """\
msgid ""
msgstr ""
"Language: nl\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Hello"
msgstr "Hoi"

msgid "%(num)d apple"
msgid_plural "%(num)d apples"
msgstr[0] "%(num)d appel"
msgstr[1] "%(num)d appels"

#, fuzzy
msgid "Goodbye"
msgstr "Doei"
"""
    catalog = read_po(io.StringIO(po), locale="nl")
    target = tmp_path / "translations" / "nl" / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as f:
        write_mo(f, catalog)
    Babel(app, default_locale="nl")

    @app.route("/")
    def index() -> str:
        apples = ngettext("%(num)d apple", "%(num)d apples", 3)
        return f"{gettext('Hello')}, {apples}, {gettext('Goodbye')}"

    # A fuzzy translation is left out of the compiled catalog.
    assert client.get("/").text == "Hoi, 3 appels, Goodbye"


def test_missing_catalog_gives_the_message_ids(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    _serve(app, lambda: ngettext("%(num)d apple", "%(num)d apples", 1) + " " + gettext("Hello"))
    assert client.get("/?lang=ja").text == "1 apple Hello"


def test_several_translation_directories(
    app: flask.Flask, client: t.Any, tmp_path: Path, write_catalog: t.Any
) -> None:
    write_catalog(tmp_path / "core", "de", {"Hello": "Hallo"})
    write_catalog(tmp_path / "plugin", "de", {"Goodbye": "Tschüss"})
    write_catalog(tmp_path / "plugin", "fr", {"Goodbye": "Salut"})
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = f"core;{tmp_path / 'plugin'}"
    Babel(app, locale_selector=lambda: flask.request.args.get("lang"))
    _serve(app, lambda: f"{gettext('Hello')} {gettext('Goodbye')}")
    assert client.get("/?lang=de").text == "Hallo Tschüss"
    assert client.get("/?lang=fr").text == "Hello Salut"
