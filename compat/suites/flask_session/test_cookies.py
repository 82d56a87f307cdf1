"""The session cookie Flask-Session sends, from Flask's configuration and its own."""

from __future__ import annotations

import typing as t

import pytest


def test_a_permanent_session_cookie_expires(client: t.Any, session_id: t.Any) -> None:
    response = client.get("/set/colour/green")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"session={session_id(client)}; Expires=")
    assert "HttpOnly" in cookie
    assert "Path=/" in cookie


@pytest.mark.parametrize("config", [{"SESSION_PERMANENT": False}])
def test_a_session_that_is_not_permanent_ends_with_the_browser(
    client: t.Any, store: t.Any, session_id: t.Any
) -> None:
    response = client.get("/set/colour/green")
    assert "Expires=" not in response.headers["Set-Cookie"]
    sid = session_id(client)
    assert sid is not None
    assert store.get(sid) == {"colour": "green"}


@pytest.mark.parametrize(
    "config",
    [
        {
            "SESSION_COOKIE_NAME": "sid",
            "SESSION_COOKIE_SECURE": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
        }
    ],
)
def test_flasks_cookie_settings_apply(client: t.Any) -> None:
    cookie = client.get("/set/colour/green").headers["Set-Cookie"]
    assert cookie.startswith("sid=")
    assert "Secure" in cookie
    assert "SameSite=Lax" in cookie


def test_a_session_that_was_read_varies_on_the_cookie(client: t.Any) -> None:
    assert client.get("/untouched").headers.get("Vary") is None
    assert client.get("/get/colour").headers["Vary"] == "Cookie"
    assert client.get("/set/colour/green").headers["Vary"] == "Cookie"


def test_an_unchanged_session_is_sent_again_when_refreshed_at_each_request(
    client: t.Any,
) -> None:
    client.get("/set/colour/green")
    assert "Set-Cookie" in client.get("/get/colour").headers


@pytest.mark.parametrize("config", [{"SESSION_REFRESH_EACH_REQUEST": False}])
def test_an_unchanged_session_is_not_sent_again_otherwise(client: t.Any) -> None:
    client.get("/set/colour/green")
    assert "Set-Cookie" not in client.get("/get/colour").headers
    assert "Set-Cookie" in client.get("/set/colour/blue").headers
