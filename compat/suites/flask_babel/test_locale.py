"""Choosing the locale and the timezone: selectors, caching per request, refresh, force_locale,
and get_locale / get_timezone inside and outside the contexts."""

from __future__ import annotations

import typing as t
from pathlib import Path

import flask
import pytest
from babel import Locale
from flask_babel import Babel, force_locale, get_locale, get_timezone, gettext, refresh
from pytz import timezone


def test_best_match_of_accept_languages(
    app: flask.Flask, client: t.Any, translations: Path
) -> None:
    def select() -> str | None:
        return flask.request.accept_languages.best_match(["en", "de", "fr"])

    Babel(app, locale_selector=select)

    @app.route("/")
    def index() -> str:
        return f"{get_locale()}: {gettext('Hello')}"

    assert client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).text == "de: Hallo"
    assert client.get("/", headers={"Accept-Language": "fr;q=0.8, en;q=0.5"}).text == (
        "fr: Bonjour"
    )
    assert client.get("/", headers={"Accept-Language": "ja"}).text == "en: Hello"
    assert client.get("/").text == "en: Hello"


def test_query_argument_selects_the_locale(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    @app.route("/")
    def index() -> str:
        return gettext("Hello")

    assert client.get("/?lang=pl").text == "Cześć"
    assert client.get("/?lang=fr").text == "Bonjour"
    assert client.get("/").text == "Hello"


def test_session_selects_the_locale(app: flask.Flask, client: t.Any, translations: Path) -> None:
    Babel(app, locale_selector=lambda: flask.session.get("lang"))

    @app.route("/")
    def index() -> str:
        return gettext("Hello")

    @app.post("/language")
    def language() -> str:
        flask.session["lang"] = flask.request.form["lang"]
        return "saved"

    assert client.get("/").text == "Hello"
    assert client.post("/language", data={"lang": "de"}).text == "saved"
    assert client.get("/").text == "Hallo"
    client.post("/language", data={"lang": "fr"})
    assert client.get("/").text == "Bonjour"
    with client.session_transaction() as session:
        session["lang"] = "pl"
    assert client.get("/").text == "Cześć"


def test_language_in_the_url(app: flask.Flask, client: t.Any, translations: Path) -> None:
    Babel(app, locale_selector=lambda: flask.g.get("lang_code"))
    pages = flask.Blueprint("pages", __name__, url_prefix="/<lang_code>")

    @pages.url_value_preprocessor
    def pull_language(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        flask.g.lang_code = values.pop("lang_code") if values else None

    @pages.url_defaults
    def add_language(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang_code", flask.g.lang_code)

    @pages.route("/")
    def index() -> str:
        links = f"{flask.url_for('.bye')} {flask.url_for('.bye', lang_code='fr')}"
        return f"{gettext('Hello')} {links}"

    @pages.route("/bye")
    def bye() -> str:
        return gettext("Goodbye")

    app.register_blueprint(pages)
    assert client.get("/de/").text == "Hallo /de/bye /fr/bye"
    assert client.get("/fr/bye").text == "Au revoir"
    assert client.get("/en/").text == "Hello /en/bye /fr/bye"


def test_selector_returning_none_means_the_default(
    app: flask.Flask, client: t.Any, translations: Path
) -> None:
    Babel(app, default_locale="de", locale_selector=lambda: None)

    @app.route("/")
    def index() -> str:
        return f"{get_locale()} {gettext('Hello')}"

    assert client.get("/").text == "de Hallo"


def test_regional_locale_falls_back_to_the_language(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    @app.route("/")
    def index() -> str:
        locale = get_locale()
        return f"{locale} {locale.territory} {gettext('Hello')}"

    assert client.get("/?lang=de_AT").text == "de_AT AT Hallo"


def test_selectors_run_once_per_request(app: flask.Flask, client: t.Any) -> None:
    calls: list[str] = []

    def select_locale() -> str:
        calls.append(f"locale {flask.request.path}")
        return flask.request.args["lang"]

    def select_timezone() -> str:
        calls.append(f"timezone {flask.request.path}")
        return flask.request.args["tz"]

    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)

    @app.route("/<name>")
    def page(name: str) -> str:
        return " ".join(f"{get_locale()}/{get_timezone().zone}" for _ in range(3))

    assert client.get("/a?lang=de&tz=Europe/Rome").text == " ".join(["de/Europe/Rome"] * 3)
    assert client.get("/b?lang=fr&tz=Asia/Seoul").text == " ".join(["fr/Asia/Seoul"] * 3)
    assert calls == ["locale /a", "timezone /a", "locale /b", "timezone /b"]


def test_refresh_selects_again(app: flask.Flask, client: t.Any, translations: Path) -> None:
    Babel(
        app,
        locale_selector=lambda: flask.g.get("lang"),
        timezone_selector=lambda: flask.g.get("tz"),
    )

    @app.route("/")
    def index() -> str:
        before = f"{gettext('Hello')} {get_timezone().zone}"
        flask.g.lang, flask.g.tz = "de", "Europe/Paris"
        cached = f"{gettext('Hello')} {get_timezone().zone}"
        refresh()
        return f"{before}, {cached}, {gettext('Hello')} {get_timezone().zone} {get_locale()}"

    assert client.get("/").text == "Hello UTC, Hello UTC, Hallo Europe/Paris de"


def test_force_locale(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    @app.route("/")
    def index() -> str:
        words = [gettext("Hello")]
        with force_locale("fr"):
            words.append(f"{get_locale()}:{gettext('Hello')}")
            with force_locale("pl"):
                words.append(gettext("Hello"))
            words.append(gettext("Hello"))
        words.append(f"{get_locale()}:{gettext('Hello')}")
        return " ".join(words)

    assert client.get("/?lang=de").text == "Hallo fr:Bonjour Cześć Bonjour de:Hallo"


def test_force_locale_survives_refresh(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    @app.route("/")
    def index() -> str:
        with force_locale("fr"):
            refresh()
            inside = gettext("Hello")
        return f"{inside} {gettext('Hello')}"

    assert client.get("/?lang=de").text == "Bonjour Hallo"


def test_force_locale_restores_after_an_error(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    @app.route("/")
    def index() -> str:
        try:
            with force_locale("fr"):
                raise LookupError(gettext("Hello"))
        except LookupError as e:
            return f"{e} {gettext('Hello')}"

    assert client.get("/?lang=de").text == "Bonjour Hallo"


def test_outside_any_context(app: flask.Flask, babel: Babel) -> None:
    assert get_locale() is None
    with force_locale("de"):
        assert get_locale() is None
        assert gettext("Hello") == "Hello"
    with pytest.raises(RuntimeError, match="application context"):
        get_timezone()


def test_in_an_app_context_without_a_request(app: flask.Flask, babel: Babel) -> None:
    app.config["BABEL_DEFAULT_LOCALE"] = "ignored: read when Babel was set up"
    with app.app_context():
        assert get_locale() == Locale("en")
        assert get_timezone() == timezone("UTC")
        with force_locale("de"):
            assert gettext("Hello") == "Hallo"
        assert gettext("Hello") == "Hello"


def test_app_context_keeps_its_own_choice(app: flask.Flask, translations: Path) -> None:
    choices = iter(["de", "fr"])
    Babel(app, locale_selector=lambda: next(choices))
    with app.app_context():
        assert str(get_locale()) == "de"
        assert str(get_locale()) == "de"
    with app.app_context():
        assert gettext("Hello") == "Bonjour"


def test_test_request_context(app: flask.Flask, translations: Path) -> None:
    Babel(app, locale_selector=lambda: flask.request.accept_languages.best_match(["de", "fr"]))
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert str(get_locale()) == "fr"
        assert gettext("Goodbye") == "Au revoir"
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert gettext("Goodbye") == "Auf Wiedersehen"


def test_timezone_selector_names_and_objects(app: flask.Flask, client: t.Any) -> None:
    zones = {"paris": "Europe/Paris", "tokyo": timezone("Asia/Tokyo"), "none": None}
    Babel(app, timezone_selector=lambda: zones[flask.request.args["zone"]])

    @app.route("/")
    def index() -> str:
        return get_timezone().zone

    assert client.get("/?zone=paris").text == "Europe/Paris"
    assert client.get("/?zone=tokyo").text == "Asia/Tokyo"
    assert client.get("/?zone=none").text == "UTC"


def test_locale_chosen_in_before_request_hook(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    @app.before_request
    def remember() -> None:
        flask.g.greeting = gettext("Hello")

    @app.route("/")
    def index() -> str:
        return f"{flask.g.greeting} {gettext('Goodbye')}"

    @app.after_request
    def header(response: flask.Response) -> flask.Response:
        response.headers["Content-Language"] = str(get_locale())
        return response

    rv = client.get("/?lang=fr")
    assert rv.text == "Bonjour Au revoir"
    assert rv.headers["Content-Language"] == "fr"
