"""``demijohn i18n extract | init | update | compile``, end to end on a small project, and
``demijohn check`` on its catalogues."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from click.testing import CliRunner, Result

from demijohn import Demijohn, render_template
from demijohn.cli import DemijohnGroup
from demijohn.i18n import I18n, gettext, ngettext
from demijohn.i18n.checks import read_catalogue

from .conftest import write_catalogue

SOURCE = """
from demijohn.i18n import gettext, lazy_gettext, lazy_pgettext, ngettext, pgettext

TITLE = lazy_gettext("Shop")
MONTH = lazy_pgettext("month", "May")

def view():
    # NOTE: shown on the home page
    return gettext("Welcome"), ngettext("%(num)d item", "%(num)d items", 2), pgettext("verb", "May")
"""

TEMPLATE = "<h1>{{ _('Basket') }}</h1>{% trans %}Checkout{% endtrans %}"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    package = tmp_path / "shopi18n"
    (package / "templates").mkdir(parents=True)
    (package / "views.py").write_text(SOURCE, encoding="utf-8")
    (package / "templates" / "basket.html").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.demijohn.i18n]\nsources = ["shopi18n"]\ndirectory = "shopi18n/translations"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return package


def make_app(package: Path) -> Demijohn:
    app = Demijohn("shopi18n", root_path=str(package))
    I18n(app)
    return app


def run(app: Demijohn, *args: str) -> Result:
    return CliRunner().invoke(DemijohnGroup(create_app=lambda: app), list(args))


def test_extract_init_compile_then_translate(project: Path) -> None:
    app = make_app(project)
    result = run(app, "i18n", "extract")
    assert result.exit_code == 0, result.output
    assert result.output == "Extracted 7 messages into shopi18n/translations/messages.pot.\n"
    template = read_catalogue(project / "translations" / "messages.pot")
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert ids == {"Shop", "May", "Welcome", "%(num)d item", "Basket", "Checkout"}
    welcome = template.get("Welcome")
    assert welcome is not None
    assert welcome.auto_comments == ["NOTE: shown on the home page"]
    assert ("shopi18n/views.py", 9) in welcome.locations
    assert template.get("May", context="month") is not None

    result = run(app, "i18n", "init", "de")
    plurals = Catalog(locale="de").num_plurals
    assert result.output == (
        f"Started shopi18n/translations/de/LC_MESSAGES/messages.po ({plurals} plural forms"
        " for German).\n"
    )
    po = project / "translations" / "de" / "LC_MESSAGES" / "messages.po"
    catalogue = read_catalogue(po, "de")
    catalogue["Welcome"].string = "Willkommen"
    message = catalogue.get("%(num)d item")
    assert message is not None
    message.string = ("%(num)d Artikel", "%(num)d Artikel")
    basket = catalogue.get("Basket")
    assert basket is not None
    basket.string = "Warenkorb"
    from babel.messages.pofile import write_po

    with po.open("wb") as fp:
        write_po(fp, catalogue)

    result = run(app, "i18n", "compile")
    assert result.output == (
        "Compiled shopi18n/translations/de/LC_MESSAGES/messages.mo: 3 of 7 messages translated.\n"
    )
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert gettext("Welcome") == "Willkommen"
        assert ngettext("%(num)d item", "%(num)d items", 2) == "2 Artikel"
        assert render_template("basket.html") == "<h1>Warenkorb</h1>Checkout"


def test_init_refuses_what_it_cannot_do(project: Path) -> None:
    app = make_app(project)
    result = run(app, "i18n", "init", "de")
    assert result.exit_code == 1
    assert "There is no template catalogue" in result.output
    assert "'demijohn i18n extract' first" in result.output
    run(app, "i18n", "extract")
    result = run(app, "i18n", "init", "xx_QQ")
    assert result.exit_code == 2
    assert "'xx_QQ' is not a locale Babel knows" in result.output
    assert run(app, "i18n", "init", "fr").exit_code == 0
    result = run(app, "i18n", "init", "fr")
    assert result.exit_code == 1
    assert "exists already. Run 'demijohn i18n update'" in result.output


def test_update_and_compile_need_catalogues(project: Path) -> None:
    app = make_app(project)
    assert "There is no template catalogue" in run(app, "i18n", "update").output
    result = run(app, "i18n", "compile")
    assert result.exit_code == 1
    assert "There are no catalogues in shopi18n/translations" in result.output


def test_update_adds_new_messages_and_keeps_translations(project: Path) -> None:
    app = make_app(project)
    run(app, "i18n", "extract")
    run(app, "i18n", "init", "de")
    po = project / "translations" / "de" / "LC_MESSAGES" / "messages.po"
    catalogue = read_catalogue(po, "de")
    catalogue["Welcome"].string = "Willkommen"
    from babel.messages.pofile import write_po

    with po.open("wb") as fp:
        write_po(fp, catalogue)
    views = project / "views.py"
    views.write_text(views.read_text() + '\nNEW = gettext("Thank you")\n', encoding="utf-8")
    run(app, "i18n", "extract")
    result = run(app, "i18n", "update")
    assert result.output == "Updated shopi18n/translations/de/LC_MESSAGES/messages.po.\n"
    updated = read_catalogue(po, "de")
    assert updated["Welcome"].string == "Willkommen"
    assert updated.get("Thank you") is not None


def test_update_sets_the_plural_forms_babel_gives(project: Path) -> None:
    # A catalogue written when the language had fewer plural forms (French had two before
    # CLDR added one for large numbers): update gives it Babel's count and marks the
    # widened messages for review, instead of letting plurals fall back to English.
    app = make_app(project)
    run(app, "i18n", "extract")
    folder = project / "translations"
    forms = Catalog(locale="fr").num_plurals
    po = write_catalogue(
        folder, "fr", {("%(num)d item", "%(num)d items"): ("%(num)d article",)}, compile=False
    )
    text = po.read_text(encoding="utf-8")
    header = f"nplurals={forms};"
    assert header in text
    po.write_text(
        text.replace(
            text[text.index("Plural-Forms") : text.index("\\n", text.index("Plural-Forms"))],
            "Plural-Forms: nplurals=1; plural=0;",
        ),
        encoding="utf-8",
    )
    assert read_catalogue(po, "fr").num_plurals == 1
    problems = [p for p in app.run_checks() if p.check == "i18n.plurals"]
    assert len(problems) == 1
    assert f"Babel's data gives 'fr' {forms}" in problems[0].message
    result = run(app, "i18n", "update")
    assert f"plural forms 1 -> {forms}: 1 plural messages marked fuzzy" in result.output
    updated = read_catalogue(po, "fr")
    assert updated.num_plurals == forms
    message = updated.get("%(num)d item")
    assert message is not None
    assert message.fuzzy
    assert message.string == ("%(num)d article",) * forms
    assert not [p for p in app.run_checks() if p.check == "i18n.plurals"]


def test_check_reports_catalogue_problems(project: Path) -> None:
    app = Demijohn("shopi18n", root_path=str(project))
    app.config["I18N_LOCALES"] = ["en", "de", "fr", "it"]
    I18n(app)
    run(app, "i18n", "extract")
    folder = project / "translations"
    write_catalogue(folder, "de", {"Welcome": "Willkommen"}, compile=False)
    po = write_catalogue(folder, "fr", {"Welcome": "Bienvenue", "Shop": ""})
    mo = po.with_suffix(".mo")
    import os

    stamp = po.stat().st_mtime
    os.utime(mo, (stamp - 10, stamp - 10))
    found = {
        (p.check, p.location and Path(p.location).parent.parent.name, p.severity)
        for p in app.run_checks()
    }
    assert found == {
        ("i18n.missing", None, "error"),
        ("i18n.compiled", "de", "error"),
        ("i18n.compiled", "fr", "error"),
        ("i18n.incomplete", "fr", "warning"),
        ("i18n.outdated", "de", "warning"),
        ("i18n.outdated", "fr", "warning"),
    }
    result = run(app, "check")
    assert result.exit_code == 1
    assert (
        "'it' is offered (I18N_LOCALES) but the domain 'messages' has no catalogue" in result.output
    )
    assert "[i18n.incomplete] warning: 1 untranslated of 2 messages" in result.output
    assert "3 problems and 3 warnings found in 'shopi18n'." in result.output


def test_check_passes_with_warnings_only(project: Path) -> None:
    app = make_app(project)
    write_catalogue(project / "translations", "de", {"Welcome": "", "Shop": "Laden"})
    result = run(app, "check")
    assert result.exit_code == 0
    assert "[i18n.incomplete] warning: 1 untranslated of 2 messages" in result.output
    assert "No problems found in 'shopi18n' (1 rules checked), 1 warning." in result.output
    # Warnings do not stop a start with the checks on.
    app.config["CHECK_ON_START"] = True

    @app.get("/")
    def index() -> str:
        return gettext("Shop")

    assert app.test_client().get("/", headers={"Accept-Language": "de"}).text == "Laden"
