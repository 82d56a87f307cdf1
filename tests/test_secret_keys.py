"""Tests for demijohn.secret_keys: sessions refuse a short or published secret key outside
debug and testing mode, with an error that says how to make a good one."""

from __future__ import annotations

import dataclasses
import logging
import secrets
import typing as t

import pytest
from werkzeug.exceptions import InternalServerError

from demijohn import Demijohn, conventions, session
from demijohn.errors import WeakSecretKeyError
from demijohn.secret_keys import MIN_SECRET_KEY_LENGTH, weakness

if t.TYPE_CHECKING:
    from demijohn.testing import DemijohnClient

GOOD_KEY = secrets.token_hex(32)


@pytest.fixture
def errors(app: Demijohn) -> list[BaseException]:
    """The errors that reached the 500 handler, for an application out of testing mode."""
    app.testing = False
    seen: list[BaseException] = []

    @app.errorhandler(500)
    def server_error(e: InternalServerError) -> tuple[str, int]:
        seen.append(t.cast(BaseException, e.original_exception))
        return "server error", 500

    @app.route("/login")
    def login() -> str:
        session["user_id"] = 1
        return "logged in"

    @app.route("/me")
    def me() -> str:
        return str(session.get("user_id"))

    app.add_url_rule("/plain", "plain", lambda: "no session")
    return seen


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("test key", "is 8 characters long, shorter than the 32 needed"),
        (b"\x9e\x8f\x14", "is 3 characters long"),
        ("change me: only for local development", "is one published"),
        (b'_5#y2L"F4Q8z\n\xec]/', "is one published"),
    ],
)
def test_weak_key_is_refused_outside_debug_and_testing(
    app: Demijohn,
    client: DemijohnClient,
    errors: list[BaseException],
    key: str | bytes,
    problem: str,
) -> None:
    app.secret_key = key
    assert client.get("/login").status_code == 500
    (error,) = errors
    assert isinstance(error, WeakSecretKeyError)
    assert isinstance(error, RuntimeError)
    message = str(error)
    assert message.startswith(f"The secret key (SECRET_KEY) {problem}")
    assert "whoever has it can make a cookie that logs them in as any user" in message
    assert 'python -c "import secrets; print(secrets.token_hex(32))"' in message


def test_a_weak_key_is_refused_for_reading_a_cookie_too(
    app: Demijohn, client: DemijohnClient, errors: list[BaseException]
) -> None:
    app.secret_key = GOOD_KEY
    assert client.get("/login").text == "logged in"
    app.secret_key = "dev"
    assert client.get("/me").status_code == 500
    assert [type(error) for error in errors] == [WeakSecretKeyError]


def test_views_without_the_session_are_not_affected(
    app: Demijohn, client: DemijohnClient, errors: list[BaseException]
) -> None:
    app.secret_key = "dev"
    assert client.get("/plain").text == "no session"
    assert errors == []


def test_weak_fallback_is_refused(
    app: Demijohn, client: DemijohnClient, errors: list[BaseException]
) -> None:
    app.config.update(SECRET_KEY=GOOD_KEY, SECRET_KEY_FALLBACKS=[secrets.token_hex(32), "old"])
    assert client.get("/me").status_code == 500
    message = str(errors[0])
    assert message.startswith("A key in SECRET_KEY_FALLBACKS is 3 characters long")
    assert "Remove it from SECRET_KEY_FALLBACKS" in message


def test_good_keys_are_accepted_without_a_word(
    app: Demijohn,
    client: DemijohnClient,
    errors: list[BaseException],
    caplog: pytest.LogCaptureFixture,
) -> None:
    app.config.update(SECRET_KEY=GOOD_KEY, SECRET_KEY_FALLBACKS=["x" * MIN_SECRET_KEY_LENGTH])
    assert client.get("/login").text == "logged in"
    assert client.get("/me").text == "1"
    assert errors == []
    assert caplog.records == []


def test_debug_mode_accepts_a_weak_key_and_warns_once(
    app: Demijohn,
    client: DemijohnClient,
    errors: list[BaseException],
    caplog: pytest.LogCaptureFixture,
) -> None:
    app.debug = True
    app.secret_key = "a debugging key"
    assert client.get("/login").text == "logged in"
    assert client.get("/me").text == "1"
    warnings = [r for r in caplog.records if r.name == "demijohn.secret_keys"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "accepted because debug mode is on" in warnings[0].getMessage()
    assert "token_hex(32)" in warnings[0].getMessage()


def test_testing_mode_accepts_a_weak_key_silently(
    app: Demijohn, client: DemijohnClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.secret_key = "tiny"

    @app.route("/login")
    def login() -> str:
        session["user_id"] = 1
        return "logged in"

    assert client.get("/login").text == "logged in"
    assert caplog.records == []


def test_a_compatibility_layer_may_accept_weak_keys(
    app: Demijohn,
    client: DemijohnClient,
    errors: list[BaseException],
    caplog: pytest.LogCaptureFixture,
) -> None:
    app.secret_key = "deterministic"
    lenient = dataclasses.replace(conventions.current(), refuse_weak_secret_keys=False)
    previous = conventions.use(lenient)
    try:
        assert client.get("/login").text == "logged in"
    finally:
        conventions.use(previous)
    assert errors == []
    (warning,) = [r for r in caplog.records if r.name == "demijohn.secret_keys"]
    assert "the compatibility layer's framework accepts it" in warning.getMessage()


def test_the_flask_layer_accepts_weak_keys() -> None:
    from demijohn.compat.flask_env import CONVENTIONS

    assert CONVENTIONS.refuse_weak_secret_keys is False
    assert conventions.Conventions().refuse_weak_secret_keys is True


@pytest.mark.parametrize("key", [GOOD_KEY, GOOD_KEY.encode(), None, 12345])
def test_weakness_of_keys_it_does_not_judge(key: object) -> None:
    # A good key; no key (sessions are then unavailable); a key itsdangerous refuses itself.
    assert weakness(key) is None
