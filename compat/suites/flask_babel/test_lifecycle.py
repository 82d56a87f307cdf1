"""The request's locale through the rest of a request's life: hooks, error handlers, teardown,
streamed responses, work copied into a thread, CLI commands, and what is left afterwards."""

from __future__ import annotations

import threading
import typing as t
from pathlib import Path

import click
import flask
import pytest
from flask_babel import Babel, force_locale, get_locale, get_timezone, gettext


def test_error_handler_in_the_requests_locale(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[str, int]:
        return gettext("Goodbye"), 404

    rv = client.get("/missing?lang=de")
    assert rv.status_code == 404
    assert rv.text == "Auf Wiedersehen"


def test_internal_error_page_in_the_requests_locale(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    app.config["TESTING"] = False

    @app.route("/")
    def index() -> str:
        raise KeyError(gettext("Hello"))

    @app.errorhandler(500)
    def internal_error(error: t.Any) -> tuple[str, int]:
        return f"{gettext('Goodbye')}: {error.original_exception}", 500

    rv = client.get("/?lang=fr")
    assert rv.status_code == 500
    assert rv.text == "Au revoir: 'Bonjour'"


def test_teardown_sees_the_requests_locale(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    seen: list[str] = []

    @app.route("/")
    def index() -> str:
        return "ok"

    @app.teardown_request
    def request_done(error: BaseException | None) -> None:
        seen.append(f"request {get_locale()} {gettext('Hello')}")

    @app.teardown_appcontext
    def app_done(error: BaseException | None) -> None:
        seen.append(f"app {get_locale()} {gettext('Hello')}")

    client.get("/?lang=pl")
    assert seen == ["request pl Cześć", "app pl Cześć"]


def test_streamed_response_with_context(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    @app.route("/")
    def index() -> t.Any:
        @flask.stream_with_context
        def generate() -> t.Iterator[str]:
            yield f"{gettext('Hello')} {get_timezone().zone}|"
            with force_locale("fr"):
                yield f"{gettext('Hello')}|"
            yield str(get_locale())

        return generate()

    assert client.get("/?lang=de&tz=Europe/Oslo").text == "Hallo Europe/Oslo|Bonjour|de"


def test_streamed_response_without_context(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    @app.route("/")
    def index() -> t.Any:
        greeting = gettext("Hello")

        def generate() -> t.Iterator[str]:
            yield greeting
            # The request is over when the body is generated: no locale, no translation.
            yield f" {get_locale()} {gettext('Hello')}"

        return generate()

    assert client.get("/?lang=de").text == "Hallo None Hello"


def test_copied_request_context_in_a_thread(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    @app.route("/")
    def index() -> str:
        results: list[str] = []

        @flask.copy_current_request_context
        def work() -> None:
            results.append(f"{get_locale()} {gettext('Hello')}")

        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        return results[0]

    assert client.get("/?lang=fr").text == "fr Bonjour"


def test_cli_command_uses_the_default_locale(app: flask.Flask, translations: Path) -> None:
    Babel(app, default_locale="de")

    @app.cli.command("greet")
    @click.argument("name")
    def greet(name: str) -> None:
        click.echo(gettext("Hello %(name)s!", name=name))
        with force_locale("fr"):
            click.echo(gettext("Hello %(name)s!", name=name))

    rv = app.test_cli_runner().invoke(args=["greet", "Ada"])
    assert rv.exit_code == 0, rv.output
    assert rv.output == "Hallo Ada!\nBonjour Ada !\n"


def test_other_apps_context_inside_a_request(
    app: flask.Flask, client: t.Any, babel: Babel, tmp_path: Path
) -> None:
    other = flask.Flask("babel_other", root_path=str(tmp_path))
    Babel(other, default_locale="pl")

    @app.route("/")
    def index() -> str:
        before = gettext("Hello")
        with other.app_context():
            inside = gettext("Hello")
        return f"{before} {inside} {gettext('Hello')}"

    assert client.get("/?lang=fr").text == "Bonjour Cześć Bonjour"


def test_context_kept_by_the_client(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    @app.route("/")
    def index() -> str:
        return gettext("Hello")

    with client:
        assert client.get("/?lang=de&tz=Asia/Tokyo").text == "Hallo"
        assert str(get_locale()) == "de"
        assert get_timezone().zone == "Asia/Tokyo"
        assert gettext("Goodbye") == "Auf Wiedersehen"
        client.get("/?lang=fr")
        assert gettext("Goodbye") == "Au revoir"
    assert get_locale() is None
    assert gettext("Goodbye") == "Goodbye"


def test_nothing_left_after_requests(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    @app.route("/")
    def index() -> str:
        return gettext("Hello")

    @app.route("/error")
    def error() -> str:
        get_locale()
        raise LookupError(gettext("Hello"))

    assert client.get("/?lang=de").text == "Hallo"
    assert get_locale() is None
    with pytest.raises(LookupError, match="Hallo"):
        client.get("/error?lang=de")
    assert get_locale() is None
    assert gettext("Hello") == "Hello"


def test_babel_set_up_after_requests_were_served(
    app: flask.Flask, client: t.Any, translations: Path
) -> None:
    @app.route("/")
    def index() -> str:
        return flask.render_template_string(
            "{{ 1234.5|numberformat }} {{ _('Hello') }} {% trans %}Goodbye{% endtrans %}"
        )

    @app.route("/plain")
    def plain() -> str:
        return flask.render_template_string("{{ 'plain' }}")

    assert client.get("/plain").text == "plain"
    Babel(app, default_locale="de")
    assert client.get("/").text == "1.234,5 Hallo Auf Wiedersehen"


def test_requests_inside_an_app_context_share_its_choice(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    @app.route("/")
    def index() -> str:
        return f"{get_locale()} {gettext('Hello')}"

    with app.app_context():
        # The requests reuse this context, and with it the locale cached in its g.
        assert str(get_locale()) == "en"
        assert client.get("/?lang=de").text == "en Hello"
    with app.app_context():
        # Nothing cached yet: the first request chooses, and the next ones reuse its choice.
        assert client.get("/?lang=de").text == "de Hallo"
        assert client.get("/?lang=fr").text == "de Hallo"
    assert client.get("/?lang=fr").text == "fr Bonjour"
