"""Translating in code and templates: the gettext family, lazy strings, plural rules from
Babel's data, and a blueprint's own catalogue falling back to the application's."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from demijohn import Blueprint, Demijohn, render_template_string
from demijohn.i18n import (
    I18n,
    force_locale,
    gettext,
    lazy_gettext,
    lazy_ngettext,
    lazy_npgettext,
    lazy_pgettext,
    ngettext,
    npgettext,
    pgettext,
)
from demijohn.testing import DemijohnClient

from .conftest import write_catalogue

APPLES = ("%(num)d apple", "%(num)d apples")


def test_gettext_family_in_python(app: Demijohn, i18n: I18n) -> None:
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert gettext("Hello %(name)s", name="Ada") == "Hallo Ada"
        assert gettext("Not translated") == "Not translated"
        assert ngettext(*APPLES, 1) == "1 Apfel"
        assert ngettext(*APPLES, 3) == "3 Äpfel"
        assert pgettext("month", "May") == "Mai"
        assert pgettext("verb", "May") == "Darf"
        assert npgettext("basket", "%(num)d item", "%(num)d items", 2) == "2 Artikel"
        assert ngettext("%(num)d pear", "%(num)d pears", 2) == "2 pears"


def test_lazy_strings_translate_when_used(app: Demijohn, i18n: I18n) -> None:
    hello = lazy_gettext("Hello")
    apples = lazy_ngettext(*APPLES, 2)
    month = lazy_pgettext("month", "May")
    items = lazy_npgettext("basket", "%(num)d item", "%(num)d items", 1)
    for language, expected in [
        ("de", ["Hallo", "2 Äpfel", "Mai", "1 Artikel"]),
        ("fr", ["Bonjour", "2 apples", "mai", "1 item"]),
    ]:
        with app.test_request_context(headers={"Accept-Language": language}):
            assert [str(hello), str(apples), str(month), str(items)] == expected


def test_plural_forms_follow_babels_rules(tmp_path: Path) -> None:
    # Polish has a form for 1, one for 2-4 (but 12-14), and one for the rest; French treats
    # 0 like 1. The forms come from the installed Babel's data, so does the count.
    folder = tmp_path / "translations"
    polish = Catalog(locale="pl").num_plurals
    forms = ("%(num)d plik", "%(num)d pliki", "%(num)d plików", "%(num)d pliku")[:polish]
    write_catalogue(folder, "pl", {("%(num)d file", "%(num)d files"): forms})
    french = Catalog(locale="fr").num_plurals
    write_catalogue(
        folder,
        "fr",
        {
            ("%(num)d file", "%(num)d files"): ("%(num)d fichier",)
            + ("%(num)d fichiers",) * (french - 1)
        },
    )
    app = Demijohn("plurals", root_path=str(tmp_path))
    I18n(app)
    with app.app_context():
        with force_locale("pl"):
            said = [ngettext("%(num)d file", "%(num)d files", n) for n in (1, 2, 5, 12, 22, 25)]
        assert said == ["1 plik", "2 pliki", "5 plików", "12 plików", "22 pliki", "25 plików"]
        with force_locale("fr"):
            said = [ngettext("%(num)d file", "%(num)d files", n) for n in (0, 1, 2)]
        assert said == ["0 fichier", "1 fichier", "2 fichiers"]


def test_templates_translate_with_trans_blocks(
    app: Demijohn, i18n: I18n, client: DemijohnClient
) -> None:
    @app.get("/page")
    def page() -> str:
        return render_template_string(
            "{{ _('Hello') }}|{{ gettext('Hello %(name)s', name=who) }}|"
            "{% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}|"
            "{{ ngettext('%(num)d apple', '%(num)d apples', n) }}|"
            "{{ pgettext('month', 'May') }}|"
            "{% trans %}Hello{% endtrans %}|{{ get_locale() }}",
            who="<b>Ada</b>",
            n=2,
        )

    # Jinja's trans block writes "%(count)s apple", which the catalogue does not have.
    german = client.get("/page", headers={"Accept-Language": "de"}).text
    assert german == "Hallo|Hallo &lt;b&gt;Ada&lt;/b&gt;|2 apples|2 Äpfel|Mai|Hallo|de"
    assert client.get("/page").text.startswith("Hello|Hello &lt;b&gt;Ada")


def test_template_trans_block_plural_uses_the_catalogue(tmp_path: Path) -> None:
    folder = tmp_path / "translations"
    write_catalogue(
        folder,
        "de",
        {("%(count)s apple", "%(count)s apples"): ("%(count)s Apfel", "%(count)s Äpfel")},
    )
    app = Demijohn("trans", root_path=str(tmp_path))
    I18n(app)
    source = "{% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}"
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert render_template_string(source, n=1) == "1 Apfel"
        assert render_template_string(source, n=4) == "4 Äpfel"


def test_formatting_filters_in_templates(app: Demijohn, i18n: I18n) -> None:
    source = "{{ 1234.5|decimalformat }} {{ 0.25|percentformat }} {{ 9.5|currencyformat('EUR') }}"
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert render_template_string(source) == "1.234,5 25\xa0% 9,50\xa0€"


def test_blueprint_catalogue_falls_back_to_the_application(
    app: Demijohn, i18n: I18n, tmp_path: Path, client: DemijohnClient
) -> None:
    admin_root = tmp_path / "admin"
    write_catalogue(
        admin_root / "translations", "de", {"Hello": "Moin", "Save": "Speichern"}, "admin"
    )
    admin = Blueprint("admin", __name__, url_prefix="/admin", root_path=str(admin_root))
    domain = i18n.add_domain(admin)
    assert domain.domain == "admin"

    @admin.get("/")
    def dashboard() -> str:
        return f"{gettext('Hello')} {gettext('Save')} {ngettext(*APPLES, 2)}"

    @app.get("/site")
    def site() -> str:
        return f"{gettext('Hello')} {gettext('Save')}"

    app.register_blueprint(admin)
    german = {"Accept-Language": "de"}
    assert client.get("/admin/", headers=german).text == "Moin Speichern 2 Äpfel"
    assert client.get("/site", headers=german).text == "Hallo Save"
    # The combined catalogue is made once and reused.
    assert client.get("/admin/", headers=german).text == "Moin Speichern 2 Äpfel"
    assert client.get("/admin/", headers={"Accept-Language": "fr"}).text == "Bonjour Save 2 apples"


def test_folders_in_order_first_wins(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "first", "de", {"Hello": "Erster"})
    write_catalogue(tmp_path / "second", "de", {"Hello": "Zweiter", "Bye": "Tschüss"})
    app = Demijohn("folders", root_path=str(tmp_path))
    app.config["I18N_TRANSLATION_DIRECTORIES"] = ["first", "second"]
    I18n(app)
    with app.app_context(), force_locale("de"):
        assert (gettext("Hello"), gettext("Bye")) == ("Erster", "Tschüss")
