"""Flask-Babel in templates rendered by views: the formatting filters, {% trans %} blocks and
the gettext functions."""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta
from pathlib import Path

import flask
from flask_babel import Babel, lazy_gettext


def _page(app: flask.Flask, source: str, **context: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return flask.render_template_string(source, **context)


def test_date_filters(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _page(
        app,
        "{{ when|datetimeformat('yyyy-MM-dd HH:mm') }};{{ when|dateformat('full') }};"
        "{{ when|timeformat('HH:mm') }};{{ wait|timedeltaformat }}",
        when=datetime(2024, 3, 5, 23, 30),
        wait=timedelta(minutes=45),
    )
    assert client.get("/").text == "2024-03-05 23:30;Tuesday, March 5, 2024;23:30;45 minutes"
    assert client.get("/?lang=de&tz=Europe/Berlin").text == (
        "2024-03-06 00:30;Mittwoch, 6. März 2024;00:30;45 Minuten"
    )


def test_number_filters(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _page(
        app,
        "{{ 1234.5|numberformat }};{{ 1234.5|decimalformat('#,##0.00') }};"
        "{{ 19.99|currencyformat('EUR') }};{{ 0.5|percentformat }};{{ 1500|scientificformat }}",
    )
    assert client.get("/").text == "1,234.5;1,234.50;€19.99;50%;1.5E3"
    assert client.get("/?lang=de").text == "1.234,5;1.234,50;19,99\xa0€;50\xa0%;1,5E3"


def test_trans_block(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _page(app, "<p>{% trans %}Hello{% endtrans %}</p>")
    assert client.get("/?lang=de").text == "<p>Hallo</p>"
    assert client.get("/?lang=fr").text == "<p>Bonjour</p>"
    assert client.get("/").text == "<p>Hello</p>"


def test_trans_block_with_a_variable(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _page(app, "{% trans name=request.args.name %}Hello {{ name }}!{% endtrans %}")
    assert client.get("/?lang=de&name=Ada").text == "Hallo Ada!"
    assert client.get("/?lang=de&name=<b>").text == "Hallo &lt;b&gt;!"


def test_trans_block_with_plural(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _page(
        app,
        "{% for n in (1, 2) %}{% trans count=n %}{{ count }} apple{% pluralize %}"
        "{{ count }} apples{% endtrans %};{% endfor %}",
    )
    assert client.get("/?lang=de").text == "1 Apfel;2 Äpfel;"
    assert client.get("/?lang=fr").text == "1 pomme;2 pommes;"
    assert client.get("/").text == "1 apple;2 apples;"


def test_gettext_functions_in_templates(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _page(
        app,
        "{{ _('Hello') }};{{ gettext('Goodbye') }};{{ _('Hello %(name)s!', name='Bo') }};"
        "{{ ngettext('%(num)d apple', '%(num)d apples', 3) }};{{ pgettext('month', 'May') }};"
        "{{ npgettext('inbox', '%(num)d message', '%(num)d messages', 1) }}",
    )
    assert client.get("/?lang=de").text == (
        "Hallo;Auf Wiedersehen;Hallo Bo!;3 Äpfel;Mai;1 Nachricht"
    )
    assert client.get("/").text == "Hello;Goodbye;Hello Bo!;3 apples;May;1 message"


def test_template_variables_are_escaped(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _page(app, "{{ _('Hello %(name)s!', name=request.args.name) }}")
    assert client.get("/?lang=fr&name=<i>x</i>").text == "Bonjour &lt;i&gt;x&lt;/i&gt; !"


def test_lazy_string_in_a_template(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _page(app, "<h1>{{ title }}</h1>", title=lazy_gettext("Goodbye"))
    assert client.get("/?lang=fr").text == "<h1>Au revoir</h1>"
    assert client.get("/?lang=de").text == "<h1>Auf Wiedersehen</h1>"


def test_template_file(app: flask.Flask, client: t.Any, babel: Babel, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        "<title>{{ _('Hello') }}</title>\n"
        "{% trans count=apples %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}"
        "\n{{ when|dateformat('medium') }}",
        encoding="utf-8",
    )

    @app.route("/page/<int:apples>")
    def page(apples: int) -> str:
        return flask.render_template("page.html", apples=apples, when=datetime(2024, 3, 5, 12))

    assert client.get("/page/5?lang=de").text == "<title>Hallo</title>\n5 Äpfel\n05.03.2024"
    assert client.get("/page/1?lang=fr").text == "<title>Bonjour</title>\n1 pomme\n5 mars 2024"


def test_stream_template_in_the_requests_locale(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    @app.route("/")
    def index() -> flask.Response:
        source = (
            "{% for n in range(3) %}"
            "{{ ngettext('%(num)d apple', '%(num)d apples', n) }};"
            "{% endfor %}"
        )
        return flask.Response(flask.stream_template_string(source))

    assert client.get("/?lang=de").text == "0 Äpfel;1 Apfel;2 Äpfel;"


def test_blueprint_template_extending_the_apps(
    app: flask.Flask, client: t.Any, babel: Babel, tmp_path: Path
) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text(
        "<h1>{% block title %}{{ _('Hello') }}{% endblock %}</h1>{% block body %}{% endblock %}",
        encoding="utf-8",
    )
    shop_templates = tmp_path / "shop" / "templates"
    (shop_templates / "shop").mkdir(parents=True)
    (shop_templates / "shop" / "basket.html").write_text(
        "{% extends 'base.html' %}{% block body %}"
        "{% trans trimmed count=n %}\n  {{ count }} apple\n{% pluralize %}\n"
        "  {{ count }} apples\n{% endtrans %}: {{ total|currencyformat('EUR') }}"
        "{% endblock %}",
        encoding="utf-8",
    )
    shop = flask.Blueprint("shop", __name__, template_folder=str(shop_templates))

    @shop.route("/basket/<int:n>")
    def basket(n: int) -> str:
        return flask.render_template("shop/basket.html", n=n, total=n * 0.5)

    app.register_blueprint(shop)
    assert client.get("/basket/3?lang=de").text == "<h1>Hallo</h1>3 Äpfel: 1,50\xa0€"
    assert client.get("/basket/1").text == "<h1>Hello</h1>1 apple: €0.50"
