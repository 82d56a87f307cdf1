"""demijohn's default error pages in the request's language, and the catalogues shipped for
them."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from werkzeug.exceptions import HTTPException, NotFound, default_exceptions

from demijohn import Demijohn, abort
from demijohn.i18n import I18n
from demijohn.i18n.errors import FOLDER, framework_translations
from demijohn.testing import DemijohnClient

OFFERED = ["en", "de", "fr"]


@pytest.fixture
def app(tmp_path: Path) -> Demijohn:
    app = Demijohn("errors_i18n", root_path=str(tmp_path))
    app.config["I18N_LOCALES"] = OFFERED

    @app.post("/form")
    def form() -> str:
        return "posted"

    @app.get("/order")
    def order() -> str:
        abort(404, "No such order")

    @app.get("/broken")
    def broken() -> str:
        raise RuntimeError("bug")

    @app.get("/dir/")
    def folder() -> str:
        return "dir"

    return app


def test_default_pages_are_translated(app: Demijohn, client: DemijohnClient) -> None:
    I18n(app)
    french = client.get("/missing", headers={"Accept-Language": "fr"})
    assert french.status_code == 404
    assert french.headers["Content-Language"] == "fr"
    assert "<title>404 Introuvable</title>" in french.text
    assert "URL demandée est introuvable" in french.text
    german = client.get("/form", headers={"Accept-Language": "de-AT,de"})
    assert german.status_code == 405
    assert set(german.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert "<h1>Methode nicht erlaubt</h1>" in german.text
    assert "<html lang=de>" in german.text
    english = client.get("/missing")
    assert "<h1>Not Found</h1>" in english.text
    assert "The requested URL was not found" in english.text


def test_an_unhandled_error_is_a_translated_500(app: Demijohn, client: DemijohnClient) -> None:
    I18n(app)
    response = client.get("/broken", headers={"Accept-Language": "de"})
    assert response.status_code == 500
    assert "<h1>Interner Serverfehler</h1>" in response.text


def test_the_application_s_description_is_kept(app: Demijohn, client: DemijohnClient) -> None:
    I18n(app)
    response = client.get("/order", headers={"Accept-Language": "de"})
    assert "<h1>Nicht gefunden</h1>" in response.text
    assert "<p>No such order</p>" in response.text


def test_what_the_application_handles_is_left_alone(app: Demijohn, client: DemijohnClient) -> None:
    @app.errorhandler(404)
    def own_404(error: NotFound) -> tuple[str, int]:
        return "our own page", 404

    I18n(app)
    assert client.get("/missing", headers={"Accept-Language": "de"}).text == "our own page"
    redirect = client.get("/dir", headers={"Accept-Language": "de"})
    assert redirect.status_code == 308
    assert redirect.headers["Location"].endswith("/dir/")


def test_an_application_http_exception_handler_is_kept(
    app: Demijohn, client: DemijohnClient
) -> None:
    @app.errorhandler(HTTPException)
    def everything(error: HTTPException) -> tuple[str, int]:
        return f"handled {error.code}", error.code or 500

    I18n(app)
    assert client.get("/missing", headers={"Accept-Language": "de"}).text == "handled 404"


def test_error_pages_can_stay_as_they_are(app: Demijohn, client: DemijohnClient) -> None:
    I18n(app, translate_error_pages=False)
    response = client.get("/missing", headers={"Accept-Language": "de"})
    assert "<h1>Not Found</h1>" in response.text
    assert "Content-Language" not in response.headers


def test_a_regional_locale_uses_its_language(app: Demijohn) -> None:
    assert framework_translations("de_CH").pgettext("HTTP status", "Not Found") == "Nicht gefunden"
    assert framework_translations("ja").pgettext("HTTP status", "Not Found") == "Not Found"


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_shipped_catalogues_are_complete(language: str) -> None:
    with (FOLDER / language / "LC_MESSAGES" / "demijohn.po").open("rb") as fp:
        catalogue = read_po(fp, locale=language)
    messages = [m for m in catalogue if m.id]
    assert messages
    assert [m.id for m in messages if not m.string or m.fuzzy] == []
    descriptions = {m.id for m in messages if not m.context}
    names = {m.id for m in messages if m.context == "HTTP status"}
    for code in (400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 502, 503):
        error = default_exceptions[code]
        assert error.description in descriptions, code
        assert error().name in names, code
