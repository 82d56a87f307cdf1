"""Formatting dates, times, durations and numbers for the request's locale and timezone."""

from __future__ import annotations

import typing as t
from datetime import UTC, date, datetime, time, timedelta, timezone

import flask
from flask_babel import (
    Babel,
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    format_percent,
    format_scientific,
    format_time,
    format_timedelta,
    to_user_timezone,
    to_utc,
)

#: A naive datetime, which Flask-Babel takes to be in UTC.
WINTER = datetime(2024, 3, 5, 14, 30)
SUMMER = datetime(2024, 7, 5, 14, 30)
LATE = datetime(2024, 3, 5, 23, 30)


def _serve(app: flask.Flask, make_text: t.Callable[[], str]) -> None:
    app.add_url_rule("/", "index", make_text)


def test_format_datetime_in_the_users_timezone(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    _serve(app, lambda: f"{format_datetime(WINTER, 'HH:mm')} {format_datetime(SUMMER, 'HH:mm')}")
    assert client.get("/").text == "14:30 14:30"
    assert client.get("/?tz=Europe/Berlin").text == "15:30 16:30"
    assert client.get("/?tz=America/New_York").text == "09:30 10:30"


def test_format_datetime_without_rebasing(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: format_datetime(WINTER, "HH:mm", rebase=False))
    assert client.get("/?tz=Asia/Tokyo").text == "14:30"


def test_format_datetime_of_an_aware_datetime(
    app: flask.Flask, client: t.Any, babel: Babel
) -> None:
    eastern = timezone(timedelta(hours=-5))
    _serve(app, lambda: format_datetime(datetime(2024, 3, 5, 9, 30, tzinfo=eastern), "HH:mm"))
    assert client.get("/?tz=Europe/London").text == "14:30"
    assert client.get("/?tz=Asia/Kolkata").text == "20:00"


def test_format_datetime_named_formats(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: f"{format_datetime(WINTER, 'medium')} | {format_datetime(WINTER)}")
    assert client.get("/?lang=de&tz=Europe/Berlin").text == (
        "05.03.2024, 15:30:00 | 05.03.2024, 15:30:00"
    )
    assert client.get("/?lang=fr").text == "5 mars 2024, 14:30:00 | 5 mars 2024, 14:30:00"


def test_date_formats_can_be_changed(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    babel.date_formats["datetime"] = "short"
    babel.date_formats["datetime.short"] = "dd/MM/yyyy HH:mm"
    babel.date_formats["date.long"] = "d MMMM"
    _serve(app, lambda: f"{format_datetime(WINTER)} | {format_date(WINTER, 'long')}")
    assert client.get("/?lang=de").text == "05/03/2024 14:30 | 5 März"
    assert client.get("/?lang=fr").text == "05/03/2024 14:30 | 5 mars"


def test_format_date(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: f"{format_date(date(2024, 3, 5), 'full')} / {format_date(WINTER)}")
    assert client.get("/?lang=de").text == "Dienstag, 5. März 2024 / 05.03.2024"
    assert client.get("/?lang=fr").text == "mardi 5 mars 2024 / 5 mars 2024"
    assert client.get("/").text == "Tuesday, March 5, 2024 / Mar 5, 2024"


def test_format_date_moves_to_the_users_day(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(
        app, lambda: f"{format_date(LATE, 'yyyy-MM-dd')} {format_date(LATE, 'yyyy-MM-dd', False)}"
    )
    assert client.get("/").text == "2024-03-05 2024-03-05"
    assert client.get("/?tz=Europe/Berlin").text == "2024-03-06 2024-03-05"


def test_format_time(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: f"{format_time(WINTER, 'HH:mm')} {format_time(time(8, 5), 'short')}")
    assert client.get("/?lang=de&tz=Asia/Tokyo").text == "23:30 08:05"


def test_format_timedelta(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    def durations() -> str:
        return " | ".join(
            (
                format_timedelta(timedelta(days=3)),
                format_timedelta(timedelta(hours=5), add_direction=True),
                format_timedelta(timedelta(seconds=-90), granularity="minute"),
                format_timedelta(timedelta(days=20), threshold=1),
            )
        )

    _serve(app, durations)
    assert client.get("/").text == "3 days | in 5 hours | 2 minutes | 3 weeks"
    assert client.get("/?lang=de").text == "3 Tage | in 5 Stunden | 2 Minuten | 3 Wochen"


def test_to_user_timezone(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    def convert() -> str:
        local = to_user_timezone(WINTER)
        return f"{local.isoformat()} {local.tzinfo.zone}"

    _serve(app, convert)
    assert client.get("/?tz=Europe/Berlin").text == "2024-03-05T15:30:00+01:00 Europe/Berlin"
    assert client.get("/").text == "2024-03-05T14:30:00+00:00 UTC"


def test_to_utc(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    def convert() -> str:
        naive = to_utc(datetime(2024, 7, 5, 16, 30))
        aware = to_utc(datetime(2024, 7, 5, 16, 30, tzinfo=UTC))
        round_trip = to_utc(to_user_timezone(SUMMER))
        return f"{naive.isoformat()} {aware.isoformat()} {round_trip == SUMMER}"

    _serve(app, convert)
    assert client.get("/?tz=Europe/Berlin").text == ("2024-07-05T14:30:00 2024-07-05T16:30:00 True")


def test_format_in_an_app_context(app: flask.Flask, translations: t.Any) -> None:
    Babel(app, default_locale="de", default_timezone="Europe/Vienna")
    with app.app_context():
        assert format_datetime(WINTER, "d. MMMM HH:mm") == "5. März 15:30"
        assert format_number(1234.5) == "1.234,5"


def test_format_number(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: format_number(1234567.891))
    assert client.get("/").text == "1,234,567.891"
    assert client.get("/?lang=de").text == "1.234.567,891"
    assert client.get("/?lang=fr").text == "1\u202f234\u202f567,891"


def test_format_decimal(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: f"{format_decimal(1234.5)} {format_decimal(1234.5, '#,##0.00')}")
    assert client.get("/").text == "1,234.5 1,234.50"
    assert client.get("/?lang=de").text == "1.234,5 1.234,50"


def test_format_currency(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    def prices() -> str:
        return " | ".join(
            (
                format_currency(1099.98, "EUR"),
                format_currency(1234, "JPY"),
                format_currency(1234, "JPY", currency_digits=False),
                format_currency(1099.98, "EUR", format_type="name"),
            )
        )

    _serve(app, prices)
    assert client.get("/").text == "€1,099.98 | ¥1,234 | ¥1,234.00 | 1,099.98 euros"
    assert client.get("/?lang=de").text == (
        "1.099,98\xa0€ | 1.234\xa0¥ | 1.234,00\xa0¥ | 1.099,98 Euro"
    )


def test_format_percent(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: f"{format_percent(0.25)} {format_percent(0.255, '#,##0.0%')}")
    assert client.get("/").text == "25% 25.5%"
    assert client.get("/?lang=de").text == "25\xa0% 25,5%"


def test_format_scientific(app: flask.Flask, client: t.Any, babel: Babel) -> None:
    _serve(app, lambda: f"{format_scientific(12345)} {format_scientific(0.00012, '0.0E0')}")
    assert client.get("/").text == "1.2345E4 1.2E-4"
    assert client.get("/?lang=de").text == "1,2345E4 1,2E-4"
