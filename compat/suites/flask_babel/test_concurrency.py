"""Requests handled at the same time, in threads: each one sees its own locale and timezone.

Every request waits at a barrier inside its view after its locale was chosen, so all of them
are being handled at once before any of them translates or formats anything.
"""

from __future__ import annotations

import concurrent.futures
import threading
import typing as t
from datetime import datetime

import flask
from flask_babel import (
    Babel,
    force_locale,
    format_datetime,
    format_decimal,
    get_locale,
    gettext,
    lazy_gettext,
    ngettext,
    refresh,
)

REQUESTS = [
    ("de", "Europe/Berlin", "de Hallo 3 Äpfel 1.234,5 15:30"),
    ("fr", "America/New_York", "fr Bonjour 3 pommes 1\u202f234,5 09:30"),
    ("pl", "Asia/Tokyo", "pl Cześć 3 jabłka 1\xa0234,5 23:30"),
    ("en", "UTC", "en Hello 3 apples 1,234.5 14:30"),
]
#: How long a request waits for the others before the test fails instead of hanging.
TIMEOUT = 30


def _run_together(app: flask.Flask, urls: list[str]) -> list[str]:
    """GET each URL from its own thread with its own client; the bodies, in order."""

    def fetch(url: str) -> str:
        rv = app.test_client().get(url)
        assert rv.status_code == 200, rv.text
        return t.cast(str, rv.text)

    with concurrent.futures.ThreadPoolExecutor(len(urls)) as pool:
        return list(pool.map(fetch, urls, timeout=TIMEOUT))


def test_each_request_has_its_own_locale_and_timezone(app: flask.Flask, babel: Babel) -> None:
    barrier = threading.Barrier(len(REQUESTS), timeout=TIMEOUT)

    @app.route("/")
    def index() -> str:
        locale = get_locale()
        barrier.wait()
        apples = ngettext("%(num)d apple", "%(num)d apples", 3)
        when = format_datetime(datetime(2024, 3, 5, 14, 30), "HH:mm")
        return f"{locale} {gettext('Hello')} {apples} {format_decimal(1234.5)} {when}"

    urls = [f"/?lang={lang}&tz={tz}" for lang, tz, _ in REQUESTS]
    for _ in range(3):
        barrier.reset()
        assert _run_together(app, urls) == [body for _, _, body in REQUESTS]


def test_lazy_strings_follow_each_request(app: flask.Flask, babel: Babel) -> None:
    greeting = lazy_gettext("Hello")
    barrier = threading.Barrier(4, timeout=TIMEOUT)

    @app.route("/")
    def index() -> str:
        first = str(greeting)
        barrier.wait()
        return f"{first} {greeting}"

    urls = ["/?lang=de", "/?lang=fr", "/?lang=pl", "/"]
    assert _run_together(app, urls) == [
        "Hallo Hallo",
        "Bonjour Bonjour",
        "Cześć Cześć",
        "Hello Hello",
    ]


def test_force_locale_and_refresh_stay_in_their_request(app: flask.Flask, babel: Babel) -> None:
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    @app.route("/forced")
    def forced() -> str:
        with force_locale("fr"):
            barrier.wait()
            inside = gettext("Hello")
            barrier.wait()
        return f"{inside} {gettext('Hello')}"

    @app.route("/refreshed")
    def refreshed() -> str:
        barrier.wait()
        refresh()
        text = gettext("Hello")
        barrier.wait()
        return f"{text} {get_locale()}"

    assert _run_together(app, ["/forced?lang=de", "/refreshed?lang=pl"]) == [
        "Bonjour Hallo",
        "Cześć pl",
    ]
