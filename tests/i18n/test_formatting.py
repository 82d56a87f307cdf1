"""Formatting in the request's locale and timezone, in three locales and two timezones."""

from __future__ import annotations

import datetime as dt

import pytest

from demijohn import Demijohn
from demijohn.i18n import (
    I18n,
    force_locale,
    format_compact_decimal,
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    format_list,
    format_percent,
    format_scientific,
    format_time,
    format_timedelta,
    to_user_timezone,
    to_utc,
)
from demijohn.testing import DemijohnClient

NBSP = "\xa0"
NNBSP = "\u202f"
MOMENT = dt.datetime(2026, 3, 14, 23, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("locale", "decimal", "percent", "money", "listed"),
    [
        ("en", "1,234,567.891", "25%", "€1,234.50", "a, b, and c"),
        ("de", "1.234.567,891", f"25{NBSP}%", f"1.234,50{NBSP}€", "a, b und c"),
        ("fr", f"1{NNBSP}234{NNBSP}567,891", f"25{NBSP}%", f"1{NNBSP}234,50{NBSP}€", "a, b et c"),
    ],
)
def test_numbers_money_and_lists(
    app: Demijohn, i18n: I18n, locale: str, decimal: str, percent: str, money: str, listed: str
) -> None:
    with app.app_context(), force_locale(locale):
        assert format_decimal(1234567.891) == decimal
        assert format_percent(0.25) == percent
        assert format_currency(1234.5, "EUR") == money
        assert format_list(["a", "b", "c"]) == listed


def test_compact_and_scientific(app: Demijohn, i18n: I18n) -> None:
    with app.app_context(), force_locale("en"):
        assert format_compact_decimal(12345) == "12K"
        assert format_scientific(12345) == "1.2345E4"


@pytest.mark.parametrize(
    ("timezone", "date", "time"),
    [
        ("Europe/Berlin", "15.03.2026", "00:30:00"),
        ("America/Los_Angeles", "14.03.2026", "16:30:00"),
    ],
)
def test_dates_are_shown_in_the_request_timezone(
    app: Demijohn, i18n: I18n, timezone: str, date: str, time: str
) -> None:
    with app.app_context(), force_locale("de", timezone=timezone):
        assert format_date(MOMENT) == date
        assert format_time(MOMENT) == time
        assert format_datetime(MOMENT) == f"{date}, {time}"
        # A naive datetime is UTC.
        assert format_datetime(MOMENT.replace(tzinfo=None)) == f"{date}, {time}"
        assert (
            to_user_timezone(MOMENT).utcoffset()
            == to_user_timezone(MOMENT.replace(tzinfo=None)).utcoffset()
        )


def test_dates_in_three_locales(app: Demijohn, i18n: I18n) -> None:
    day = dt.date(2026, 3, 14)
    said = {}
    for locale in ("en", "de", "fr"):
        with app.app_context(), force_locale(locale):
            said[locale] = format_date(day, "long")
    assert said == {"en": "March 14, 2026", "de": "14. März 2026", "fr": "14 mars 2026"}


def test_now_is_the_default(app: Demijohn, i18n: I18n) -> None:
    with app.app_context(), force_locale("en", timezone="UTC"):
        year = str(dt.datetime.now(dt.UTC).year)
        assert year in format_datetime()
        assert year in format_date()
        assert ":" in format_time()


def test_timedelta_in_words(app: Demijohn, i18n: I18n) -> None:
    with app.app_context():
        with force_locale("en"):
            assert format_timedelta(dt.timedelta(days=3)) == "3 days"
            assert format_timedelta(dt.timedelta(hours=-2), add_direction=True) == "2 hours ago"
        with force_locale("de"):
            assert format_timedelta(dt.timedelta(days=3)) == "3 Tage"


def test_to_utc_takes_naive_values_as_local(app: Demijohn, i18n: I18n) -> None:
    with app.app_context(), force_locale(timezone="Europe/Berlin"):
        local = dt.datetime(2026, 7, 1, 14, 0)
        assert to_utc(local) == dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
        assert to_utc(MOMENT) == MOMENT


def test_a_view_formats_in_the_negotiated_locale(
    app: Demijohn, i18n: I18n, client: DemijohnClient
) -> None:
    @app.get("/price")
    def price() -> str:
        return format_currency(9.5, "EUR")

    assert client.get("/price", headers={"Accept-Language": "de"}).text == f"9,50{NBSP}€"
    assert client.get("/price").text == "€9.50"
