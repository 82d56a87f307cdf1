"""Message domains: BABEL_DOMAIN, Domain objects, per-directory domains and as_default."""

from __future__ import annotations

import typing as t
from pathlib import Path

import flask
import pytest
from flask_babel import Babel, Domain, get_domain, gettext, lazy_gettext, ngettext


@pytest.fixture
def admin(tmp_path: Path, write_catalog: t.Any) -> Path:
    """A directory with an "admin" domain in German and French."""
    directory = tmp_path / "admin"
    write_catalog(
        directory,
        "de",
        {
            "Hello": "Willkommen, Admin",
            ("%(num)d user", "%(num)d users"): {
                "one": "%(num)d Benutzer",
                "other": "%(num)d Benutzer",
            },
        },
        domain="admin",
        contexts={("menu", "Users"): "Benutzerverwaltung"},
    )
    write_catalog(directory, "fr", {"Hello": "Bienvenue, admin"}, domain="admin")
    return directory


def test_babel_domain_configuration(
    app: flask.Flask, client: t.Any, translations: Path, write_catalog: t.Any
) -> None:
    write_catalog(translations, "de", {"Hello": "Servus"}, domain="shop")
    app.config.update(BABEL_DOMAIN="shop", BABEL_DEFAULT_LOCALE="de")
    babel = Babel(app)

    @app.route("/")
    def index() -> str:
        return f"{gettext('Hello')} {gettext('Goodbye')} {babel.domain}"

    # Only shop.mo is read: messages.mo's translation of Goodbye is not used.
    assert client.get("/").text == "Servus Goodbye shop"


def test_domain_object(app: flask.Flask, client: t.Any, babel: Babel, admin: Path) -> None:
    domain = Domain(translation_directories=str(admin), domain="admin")

    @app.route("/")
    def index() -> str:
        return f"{domain.gettext('Hello')} / {gettext('Hello')}"

    assert client.get("/?lang=de").text == "Willkommen, Admin / Hallo"
    assert client.get("/?lang=fr").text == "Bienvenue, admin / Bonjour"
    assert client.get("/").text == "Hello / Hello"


def test_domain_translation_functions(
    app: flask.Flask, client: t.Any, babel: Babel, admin: Path
) -> None:
    domain = Domain([str(admin)], domain="admin")
    users = domain.lazy_ngettext("%(num)d user", "%(num)d users", 3)
    menu = domain.lazy_pgettext("menu", "Users")

    @app.route("/")
    def index() -> str:
        return "; ".join(
            (
                domain.ngettext("%(num)d user", "%(num)d users", 1),
                str(users),
                domain.pgettext("menu", "Users"),
                str(menu),
                domain.npgettext("menu", "%(num)d user", "%(num)d users", 2),
                domain.gettext("Hello %(name)s!", name="Ada"),
            )
        )

    assert client.get("/?lang=de").text == (
        "1 Benutzer; 3 Benutzer; Benutzerverwaltung; Benutzerverwaltung; 2 users; Hello Ada!"
    )


def test_domain_with_the_apps_directories(
    app: flask.Flask, client: t.Any, translations: Path, write_catalog: t.Any
) -> None:
    write_catalog(translations, "de", {"Hello": "Moin"}, domain="north")
    Babel(app, locale_selector=lambda: flask.request.args.get("lang"))
    north = Domain(domain="north")

    @app.route("/")
    def index() -> str:
        return f"{north.gettext('Hello')} {north.translation_directories == [str(translations)]}"

    assert client.get("/?lang=de").text == "Moin True"


def test_lazy_gettext_of_a_domain(
    app: flask.Flask, client: t.Any, babel: Babel, admin: Path
) -> None:
    title = Domain(str(admin), "admin").lazy_gettext("Hello")

    @app.route("/")
    def index() -> str:
        return f"<h1>{title}</h1>"

    assert client.get("/?lang=fr").text == "<h1>Bienvenue, admin</h1>"
    assert client.get("/?lang=de").text == "<h1>Willkommen, Admin</h1>"


def test_as_default_for_one_request(
    app: flask.Flask, client: t.Any, babel: Babel, admin: Path
) -> None:
    domain = Domain(str(admin), "admin")
    greeting = lazy_gettext("Hello")
    bp = flask.Blueprint("admin", __name__, url_prefix="/admin")

    @bp.before_request
    def use_admin_domain() -> None:
        domain.as_default()

    @bp.route("/")
    def dashboard() -> str:
        return f"{gettext('Hello')} | {greeting} | {get_domain() is domain}"

    @app.route("/")
    def index() -> str:
        return f"{gettext('Hello')} | {greeting} | {get_domain() is domain}"

    app.register_blueprint(bp)
    assert client.get("/admin/?lang=de").text == "Willkommen, Admin | Willkommen, Admin | True"
    assert client.get("/?lang=de").text == "Hallo | Hallo | False"
    assert client.get("/admin/?lang=fr").text == "Bienvenue, admin | Bienvenue, admin | True"


def test_as_default_in_templates(
    app: flask.Flask, client: t.Any, babel: Babel, admin: Path
) -> None:
    domain = Domain(str(admin), "admin")

    @app.route("/")
    def index() -> str:
        domain.as_default()
        return flask.render_template_string("{% trans %}Hello{% endtrans %}, {{ _('Hello') }}")

    assert client.get("/?lang=de").text == "Willkommen, Admin, Willkommen, Admin"


def test_as_default_needs_a_context(babel: Babel, admin: Path) -> None:
    with pytest.raises(RuntimeError, match="No request context"):
        Domain(str(admin), "admin").as_default()


def test_domain_outside_any_context(admin: Path) -> None:
    domain = Domain(str(admin), "admin")
    assert domain.gettext("Hello") == "Hello"
    assert domain.ngettext("%(num)d user", "%(num)d users", 2) == "2 users"
    assert str(domain.lazy_gettext("Hello %(name)s!", name="Bo")) == "Hello Bo!"


def test_a_domain_per_directory(
    app: flask.Flask, client: t.Any, tmp_path: Path, write_catalog: t.Any
) -> None:
    write_catalog(tmp_path / "site", "de", {"Hello": "Hallo"}, domain="site")
    write_catalog(tmp_path / "site", "de", {"Goodbye": "Nicht gelesen"}, domain="plugin")
    write_catalog(tmp_path / "plugin", "de", {"Goodbye": "Tschüss"}, domain="plugin")
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES="site;plugin",
        BABEL_DOMAIN="site;plugin",
        BABEL_DEFAULT_LOCALE="de",
    )
    Babel(app)

    @app.route("/")
    def index() -> str:
        trees = ngettext("%(num)d tree", "%(num)d trees", 2)
        return f"{gettext('Hello')} {gettext('Goodbye')} {trees}"

    assert client.get("/").text == "Hallo Tschüss 2 trees"
