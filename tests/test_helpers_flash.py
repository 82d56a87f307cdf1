"""Flashing messages: ``flash`` stores messages in the session, ``get_flashed_messages`` takes
them out in a later request; the ``message_flashed`` signal.

The other helpers are tested in ``test_helpers.py``.
"""

from __future__ import annotations

import typing as t

import pytest
from markupsafe import Markup

from demijohn import (
    Demijohn,
    flash,
    get_flashed_messages,
    message_flashed,
    render_template,
    session,
)
from demijohn.testing import DemijohnClient


@pytest.fixture
def flashing_app(app: Demijohn) -> Demijohn:
    """``/flash`` flashes one plain message and one error; ``/show`` shows what is pending."""

    @app.route("/flash")
    def flash_some() -> str:
        flash("saved")
        flash("disk full", "error")
        return ""

    @app.route("/show")
    def show() -> str:
        return repr(get_flashed_messages(with_categories=True))

    return app


def test_messages_are_shown_in_the_next_request_once(
    flashing_app: Demijohn, client: DemijohnClient
) -> None:
    client.get("/flash")
    assert client.get("/show").text == "[('message', 'saved'), ('error', 'disk full')]"
    assert client.get("/show").text == "[]"


def test_messages_without_categories(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/")
    def index() -> str:
        flash("one")
        flash("two", "info")
        return ""

    @app.route("/show")
    def show() -> str:
        return repr(get_flashed_messages())

    client.get("/")
    assert client.get("/show").text == "['one', 'two']"


@pytest.mark.parametrize(
    ("category_filter", "expected"),
    [
        (["error"], "['disk full']"),
        (("message", "error"), "['saved', 'disk full']"),
        ("error", "['disk full']"),
        (["warning"], "[]"),
    ],
)
def test_category_filter(
    app: Demijohn,
    client: DemijohnClient,
    category_filter: t.Iterable[str],
    expected: str,
) -> None:
    @app.route("/flash")
    def flash_some() -> str:
        flash("saved")
        flash("disk full", "error")
        return ""

    @app.route("/show")
    def show() -> str:
        return repr(get_flashed_messages(category_filter=category_filter))

    client.get("/flash")
    assert client.get("/show").text == expected


def test_category_filter_with_categories(app: Demijohn) -> None:
    with app.test_request_context():
        flash("a", "info")
        flash("b", "error")
        flash("c", "info")
        assert get_flashed_messages(with_categories=True, category_filter=["info"]) == [
            ("info", "a"),
            ("info", "c"),
        ]


def test_messages_are_kept_for_the_rest_of_the_request(app: Demijohn) -> None:
    with app.test_request_context():
        session["_flashes"] = [("message", "pending")]
        assert get_flashed_messages() == ["pending"]
        # Taken out of the session, so the next request will not show them again ...
        assert "_flashes" not in session
        # ... but shown again by a later call in this request, which ignores new flashes.
        flash("new")
        assert get_flashed_messages() == ["pending"]
        assert session["_flashes"] == [("message", "new")]


def test_no_messages(app: Demijohn) -> None:
    with app.test_request_context():
        assert get_flashed_messages() == []
        assert get_flashed_messages(with_categories=True) == []


def test_flash_appends_to_the_session(app: Demijohn) -> None:
    with app.test_request_context():
        flash("first")
        flash("second", category="warning")
        assert session["_flashes"] == [("message", "first"), ("warning", "second")]
        assert session.modified


def test_flashed_markup_stays_markup(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/flash")
    def flash_markup() -> str:
        flash(Markup("<b>bold</b>"))
        flash("<i>plain</i>")
        return ""

    @app.route("/show")
    def show() -> str:
        return render_template("flashes.html")

    client.get("/flash")
    assert client.get("/show").text == ("message:<b>bold</b>;message:&lt;i&gt;plain&lt;/i&gt;;")


def test_flashes_in_a_template(flashing_app: Demijohn, client: DemijohnClient) -> None:
    @flashing_app.route("/page")
    def page() -> str:
        return render_template("flashes.html")

    client.get("/flash")
    assert client.get("/page").text == "message:saved;error:disk full;"


def test_message_flashed_signal(app: Demijohn) -> None:
    sent: list[tuple[Demijohn, str, str]] = []

    def receiver(sender: Demijohn, message: str, category: str) -> None:
        sent.append((sender, message, category))

    with message_flashed.connected_to(receiver, app), app.test_request_context():
        flash("hello")
        flash("oops", "error")
    assert sent == [(app, "hello", "message"), (app, "oops", "error")]


def test_message_flashed_async_receiver(app: Demijohn) -> None:
    sent: list[str] = []

    async def receiver(sender: Demijohn, message: str, category: str) -> None:
        sent.append(message)

    with message_flashed.connected_to(receiver, app), app.test_request_context():
        flash("async")
    assert sent == ["async"]


def test_flash_without_a_secret_key_explains(app: Demijohn) -> None:
    app.config["SECRET_KEY"] = None
    with app.test_request_context(), pytest.raises(RuntimeError, match="secret key"):
        flash("lost")


def test_flash_outside_a_request() -> None:
    with pytest.raises(RuntimeError, match="outside of request context"):
        flash("nowhere")
    with pytest.raises(RuntimeError, match="outside of request context"):
        get_flashed_messages()
