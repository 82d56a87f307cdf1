"""Choosing a request's locale and timezone: the URL prefix, the application's selector, the
cookie, Accept-Language, the default; once per request; forced for a block."""

from __future__ import annotations

import asyncio
import typing as t
from pathlib import Path

import pytest

from demijohn import Blueprint, Demijohn, Request, url_for
from demijohn.i18n import (
    I18n,
    force_locale,
    format_datetime,
    get_locale,
    get_timezone,
    gettext,
    refresh,
)
from demijohn.providers import Providers
from demijohn.testing import DemijohnClient


class Preferences:
    """What a provider gives the locale selector: the user's saved language."""

    def __init__(self, language: str) -> None:
        self.language = language


def locale_view(app: Demijohn) -> None:
    @app.get("/")
    def index() -> str:
        return f"{get_locale()} {gettext('Hello')}"


def test_accept_language_is_negotiated_against_the_catalogues(
    app: Demijohn, i18n: I18n, client: DemijohnClient
) -> None:
    locale_view(app)
    assert client.get("/").text == "en Hello"
    assert client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).text == "de Hallo"
    header = "it;q=1.0, fr;q=0.8, de;q=0.5"
    assert client.get("/", headers={"Accept-Language": header}).text == "fr Bonjour"
    assert client.get("/", headers={"Accept-Language": "ja"}).text == "en Hello"


def test_available_locales_are_the_catalogues_and_the_default(app: Demijohn, i18n: I18n) -> None:
    assert i18n.available_locale_names() == ["de", "en", "fr"]
    app.config["I18N_LOCALES"] = ["en", "de"]
    assert [str(locale) for locale in I18n(app).available_locales()] == ["en", "de"]


def test_configured_locales_limit_negotiation(app: Demijohn, client: DemijohnClient) -> None:
    app.config["I18N_LOCALES"] = "en;de"
    I18n(app)
    locale_view(app)
    assert client.get("/", headers={"Accept-Language": "fr"}).text == "en Hello"


def test_cookie_wins_over_the_header(app: Demijohn, i18n: I18n, client: DemijohnClient) -> None:
    locale_view(app)
    client.set_cookie("locale", "fr")
    assert client.get("/", headers={"Accept-Language": "de"}).text == "fr Bonjour"
    client.set_cookie("locale", "xx-not-a-locale")
    assert client.get("/", headers={"Accept-Language": "de"}).text == "de Hallo"


def test_selector_gets_the_request_and_runs_once(
    app: Demijohn, i18n: I18n, client: DemijohnClient
) -> None:
    calls: list[str] = []

    @i18n.locale_selector
    def user_locale(request: Request) -> str | None:
        calls.append(request.path)
        return request.args.get("lang")

    @app.get("/twice")
    def twice() -> str:
        return f"{gettext('Hello')} {get_locale()} {gettext('Hello')}"

    assert client.get("/twice?lang=de").text == "Hallo de Hallo"
    assert calls == ["/twice"]
    assert client.get("/twice", headers={"Accept-Language": "fr"}).text == "Bonjour fr Bonjour"


def test_nothing_is_chosen_for_a_request_that_translates_nothing(
    app: Demijohn, i18n: I18n, client: DemijohnClient
) -> None:
    calls: list[str] = []
    i18n.locale_selector(lambda request: calls.append(request.path))

    @app.get("/plain")
    def plain() -> str:
        return "plain"

    assert client.get("/plain").text == "plain"
    assert calls == []


def test_sources_can_be_reordered(app: Demijohn, client: DemijohnClient) -> None:
    app.config["I18N_LOCALE_SOURCES"] = ["header", "cookie"]
    I18n(app)
    locale_view(app)
    client.set_cookie("locale", "fr")
    assert client.get("/", headers={"Accept-Language": "de"}).text == "de Hallo"


def test_an_unknown_source_is_refused(app: Demijohn) -> None:
    app.config["I18N_LOCALE_SOURCES"] = ["header", "session"]
    with pytest.raises(ValueError, match=r"\['session'\], which are not sources"):
        I18n(app)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("I18N_DEFAULT_LOCALE", "xx_YY", "not a locale Babel knows"),
        ("I18N_DEFAULT_TIMEZONE", "Mars/Olympus", "not a timezone of the IANA database"),
        ("I18N_LOCALES", ["en", "qq"], "I18N_LOCALES: 'qq'"),
    ],
)
def test_bad_settings_stop_set_up(app: Demijohn, key: str, value: t.Any, message: str) -> None:
    app.config[key] = value
    with pytest.raises(ValueError, match=message):
        I18n(app)


def test_url_prefix_sets_the_locale_and_url_for_keeps_it(
    app: Demijohn, i18n: I18n, client: DemijohnClient
) -> None:
    site = Blueprint("site", __name__, url_prefix="/<lang_code>")
    i18n.localized(site)

    @site.get("/about")
    def about() -> str:
        return f"{gettext('Hello')} {url_for('site.about')} {url_for('site.about', lang_code='fr')}"

    app.register_blueprint(site)
    assert client.get("/de/about").text == "Hallo /de/about /fr/about"
    assert client.get("/fr/about", headers={"Accept-Language": "de"}).text.startswith("Bonjour")
    assert client.get("/it/about").status_code == 404


def test_default_locale_outside_a_request(app: Demijohn, i18n: I18n) -> None:
    app.config["I18N_DEFAULT_LOCALE"] = "de"
    I18n(app)
    with app.app_context():
        assert str(get_locale()) == "de"
        assert gettext("Hello") == "Hallo"


def test_force_locale_and_timezone_for_a_block(app: Demijohn, i18n: I18n) -> None:
    import datetime as dt

    moment = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert gettext("Hello") == "Hallo"
        with force_locale("fr", timezone="America/New_York"):
            assert gettext("Hello") == "Bonjour"
            assert str(get_timezone()) == "America/New_York"
            assert "08:00:00" in format_datetime(moment)
            with force_locale(timezone="Asia/Tokyo"):
                assert gettext("Hello") == "Bonjour"
                assert "21:00:00" in format_datetime(moment)
        assert gettext("Hello") == "Hallo"
        assert str(get_timezone()) == "UTC"


def test_refresh_chooses_again(app: Demijohn, i18n: I18n) -> None:
    chosen = ["de"]
    i18n.locale_selector(lambda request: chosen[0])
    with app.test_request_context():
        assert gettext("Hello") == "Hallo"
        chosen[0] = "fr"
        assert gettext("Hello") == "Hallo"
        refresh()
        assert gettext("Hello") == "Bonjour"


def test_timezone_from_selector_cookie_and_default(
    app: Demijohn, i18n: I18n, client: DemijohnClient
) -> None:
    @i18n.timezone_selector
    def user_timezone(request: Request) -> str | None:
        return request.args.get("tz")

    @app.get("/tz")
    def tz() -> str:
        return str(get_timezone())

    assert client.get("/tz").text == "UTC"
    assert client.get("/tz?tz=Europe/Berlin").text == "Europe/Berlin"
    assert client.get("/tz?tz=Not/AZone").text == "UTC"
    client.set_cookie("timezone", "Asia/Tokyo")
    assert client.get("/tz").text == "Asia/Tokyo"


def test_without_the_extension_the_error_says_what_to_do() -> None:
    app = Demijohn("plain")
    with app.app_context(), pytest.raises(RuntimeError, match=r"create I18n\(app\)"):
        gettext("Hello")


def test_an_extension_without_an_application_says_so() -> None:
    with pytest.raises(RuntimeError, match=r"call init_app\(app\) first"):
        I18n().app_config("I18N_DOMAIN")


def test_concurrent_async_requests_keep_their_own_locale(app: Demijohn, i18n: I18n) -> None:
    @app.get("/async")
    async def slow() -> str:
        first = gettext("Hello")
        await asyncio.sleep(0.001)
        return f"{first} {gettext('Hello')} {get_locale()}"

    languages = ["de", "fr", "en"] * 20

    async def one(language: str) -> bytes:
        sent: list[dict[str, t.Any]] = []
        received = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive() -> dict[str, t.Any]:
            if received:
                return received.pop()
            await asyncio.sleep(3600)
            raise AssertionError("unreachable")

        async def send(message: dict[str, t.Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": "/async",
            "raw_path": b"/async",
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"localhost"), (b"accept-language", language.encode())],
            "server": ("localhost", 80),
            "client": ("127.0.0.1", 1234),
        }
        await app.asgi(scope, receive, send)
        return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")

    async def main() -> list[bytes]:
        return await asyncio.gather(*(one(language) for language in languages))

    expected = {"de": b"Hallo Hallo de", "fr": b"Bonjour Bonjour fr", "en": b"Hello Hello en"}
    assert asyncio.run(main()) == [expected[language] for language in languages]


def test_debug_mode_reads_changed_catalogues(app: Demijohn, i18n: I18n, translations: Path) -> None:
    from .conftest import GERMAN, write_catalogue

    app.debug = True
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert gettext("Hello") == "Hallo"
    mo = translations / "de" / "LC_MESSAGES" / "messages.mo"
    before = mo.stat().st_mtime
    write_catalogue(translations, "de", {**GERMAN, "Hello": "Servus"})
    import os

    os.utime(mo, (before + 5, before + 5))
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert gettext("Hello") == "Servus"
    app.debug = False
    write_catalogue(translations, "de", GERMAN)
    os.utime(mo, (before + 10, before + 10))
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert gettext("Hello") == "Servus"


def test_a_selector_asks_for_a_provided_value(
    app: Demijohn, i18n: I18n, client: DemijohnClient
) -> None:
    providers = Providers(app)

    @providers.provide
    def preferences(request: Request) -> Preferences:
        return Preferences(request.headers.get("X-User-Language", "en"))

    @i18n.locale_selector
    def user_locale(request: Request, prefs: Preferences) -> str:
        return prefs.language

    locale_view(app)
    assert client.get("/", headers={"X-User-Language": "fr"}).text == "fr Bonjour"
    assert client.get("/", headers={"X-User-Language": "de"}).text == "de Hallo"
