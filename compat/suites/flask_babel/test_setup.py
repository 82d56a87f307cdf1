"""Setting Flask-Babel up: Babel(app), init_app in an app factory, configuration, get_babel."""

from __future__ import annotations

import os
import typing as t
from pathlib import Path

import flask
import jinja2
import pytest
from flask_babel import Babel, get_babel, get_locale, get_timezone, gettext


def _locale_view(app: flask.Flask) -> None:
    @app.route("/")
    def index() -> str:
        return f"{get_locale()} {get_timezone().zone} {gettext('Hello')}"


def test_babel_app_registers_defaults(app: flask.Flask, tmp_path: Path) -> None:
    babel = Babel(app)
    config = get_babel(app)
    assert config.instance is babel
    assert config.default_locale == "en"
    assert config.default_timezone == "UTC"
    assert config.default_domain == "messages"
    assert config.translation_directories == [os.path.join(str(tmp_path), "translations")]
    assert app.extensions["babel"] is config


def test_defaults_seen_in_a_request(app: flask.Flask, client: t.Any, translations: Path) -> None:
    Babel(app)
    _locale_view(app)
    assert client.get("/").text == "en UTC Hello"


def test_configuration_keys(app: flask.Flask, client: t.Any, translations: Path) -> None:
    app.config.update(BABEL_DEFAULT_LOCALE="de", BABEL_DEFAULT_TIMEZONE="Europe/Berlin")
    Babel(app)
    _locale_view(app)
    assert client.get("/").text == "de Europe/Berlin Hallo"


def test_configuration_wins_over_init_app_arguments(
    app: flask.Flask, client: t.Any, translations: Path
) -> None:
    app.config["BABEL_DEFAULT_LOCALE"] = "fr"
    Babel().init_app(app, default_locale="de", default_timezone="Asia/Tokyo")
    _locale_view(app)
    assert client.get("/").text == "fr Asia/Tokyo Bonjour"


def test_app_factory_with_one_babel_object(tmp_path: Path, translations: Path) -> None:
    babel = Babel()

    def create_app(locale: str) -> flask.Flask:
        app = flask.Flask("babel_factory", root_path=str(tmp_path))
        app.config.update(TESTING=True, BABEL_DEFAULT_LOCALE=locale)
        babel.init_app(app)
        _locale_view(app)
        return app

    german, french = create_app("de"), create_app("fr")
    german_client, french_client = german.test_client(), french.test_client()
    for _ in range(2):
        assert german_client.get("/").text == "de UTC Hallo"
        assert french_client.get("/").text == "fr UTC Bonjour"
    assert get_babel(german).instance is get_babel(french).instance is babel


def test_two_apps_with_their_own_babel(tmp_path: Path, write_catalog: t.Any) -> None:
    apps = []
    for name, word in (("one", "Eins"), ("two", "Zwei")):
        root = tmp_path / name
        write_catalog(root / "translations", "de", {"Hello": word})
        app = flask.Flask(f"babel_{name}", root_path=str(root))
        app.config.update(BABEL_DEFAULT_LOCALE="de")
        Babel(app)
        _locale_view(app)
        apps.append(app)
    one, two = (app.test_client() for app in apps)
    assert one.get("/").text == "de UTC Eins"
    assert two.get("/").text == "de UTC Zwei"
    assert one.get("/").text == "de UTC Eins"


def test_translation_directories_resolved_against_root_path(
    app: flask.Flask, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = f"i18n;{elsewhere}"
    Babel(app)
    assert get_babel(app).translation_directories == [
        os.path.join(str(tmp_path), "i18n"),
        str(elsewhere),
    ]
    assert get_babel(app).default_directories == ["i18n", str(elsewhere)]


def test_translations_found_in_configured_directory(
    app: flask.Flask, client: t.Any, tmp_path: Path, write_catalog: t.Any
) -> None:
    write_catalog(tmp_path / "locales", "de", {"Hello": "Grüß Gott"})
    app.config.update(BABEL_TRANSLATION_DIRECTORIES="locales", BABEL_DEFAULT_LOCALE="de")
    Babel(app)
    _locale_view(app)
    assert client.get("/").text == "de UTC Grüß Gott"


def test_get_babel_needs_an_app_or_its_context(app: flask.Flask) -> None:
    babel = Babel(app, default_locale="de")
    with app.app_context():
        assert get_babel() is get_babel(app)
        assert str(babel.default_locale) == "de"
        assert babel.default_timezone.zone == "UTC"
        assert babel.domain == "messages"
    with pytest.raises(RuntimeError, match="application context"):
        get_babel()


def test_list_translations(app: flask.Flask, tmp_path: Path, write_catalog: t.Any) -> None:
    write_catalog(tmp_path / "translations", "de", {"Hello": "Hallo"})
    write_catalog(tmp_path / "more", "fr_CA", {"Hello": "Allô"})
    (tmp_path / "translations" / "es" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "translations" / "README").write_text("not a locale")
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES="translations;more;missing", BABEL_DEFAULT_LOCALE="it"
    )
    babel = Babel(app)
    with app.app_context():
        found = sorted(str(locale) for locale in babel.list_translations())
    assert found == ["de", "fr_CA", "it"]


def test_list_translations_in_a_view(
    app: flask.Flask, client: t.Any, babel: Babel, translations: Path
) -> None:
    @app.route("/languages")
    def languages() -> dict[str, list[str]]:
        locales = babel.list_translations()
        return {"languages": sorted(locale.get_display_name("en") for locale in locales)}

    assert client.get("/languages").json == {"languages": ["English", "French", "German", "Polish"]}


def test_jinja_left_alone_when_asked(app: flask.Flask, client: t.Any, translations: Path) -> None:
    Babel(app, configure_jinja=False, default_locale="de")

    @app.route("/")
    def index() -> str:
        return flask.render_template_string("{% trans %}Hello{% endtrans %}")

    assert "datetimeformat" not in app.jinja_env.filters
    with pytest.raises(jinja2.TemplateSyntaxError):
        client.get("/")
