"""Formatting in the current locale and timezone: numbers, money, dates and times, durations
and lists, through Babel's CLDR data.

Naive datetimes are taken to be in UTC, and are shown in the request's timezone.
"""

from __future__ import annotations

import collections.abc as cabc
import datetime as dt
import decimal
import typing as t

from babel import Locale, dates, lists, numbers

from .state import current

__all__ = [
    "format_compact_decimal",
    "format_currency",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_list",
    "format_percent",
    "format_scientific",
    "format_time",
    "format_timedelta",
    "get_locale",
    "get_timezone",
    "to_user_timezone",
    "to_utc",
]

Number = int | float | decimal.Decimal | str


def get_locale() -> Locale:
    """The current locale (see :meth:`I18n.get_locale <demijohn.i18n.I18n.get_locale>`)."""
    locale: Locale = current().get_locale()
    return locale


def get_timezone() -> dt.tzinfo:
    """The current timezone."""
    timezone: dt.tzinfo = current().get_timezone()
    return timezone


def to_user_timezone(value: dt.datetime) -> dt.datetime:
    """``value`` in the current timezone; a naive value is taken to be in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(get_timezone())


def to_utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC; a naive value is taken to be in the current timezone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=get_timezone())
    return value.astimezone(dt.UTC)


def format_decimal(number: Number, format: str | None = None) -> str:
    """``1234.5`` as ``1,234.5`` (en), ``1.234,5`` (de), ``1 234,5`` (fr)."""
    return numbers.format_decimal(number, format=format, locale=get_locale())


def format_compact_decimal(
    number: Number, format_type: t.Literal["short", "long"] = "short"
) -> str:
    """``12345`` as ``12K`` (en), ``12.345`` (de): a short form for large numbers."""
    return numbers.format_compact_decimal(number, format_type=format_type, locale=get_locale())


def format_percent(number: Number, format: str | None = None) -> str:
    """``0.25`` as ``25%`` (en), ``25 %`` (de)."""
    return numbers.format_percent(number, format=format, locale=get_locale())


def format_scientific(number: Number, format: str | None = None) -> str:
    """``12345`` as ``1.2345E4``."""
    return numbers.format_scientific(number, format=format, locale=get_locale())


def format_currency(number: Number, currency: str, format: str | None = None) -> str:
    """An amount of ``currency`` (``"EUR"``): ``€1,234.50`` (en), ``1.234,50 €`` (de)."""
    return numbers.format_currency(number, currency, format=format, locale=get_locale())


def format_datetime(value: dt.datetime | None = None, format: str = "medium") -> str:
    """A date and time in the current timezone and locale; now when ``value`` is None.

    :param format: ``short``, ``medium``, ``long``, ``full`` or a CLDR pattern.
    """
    if value is None:
        value = dt.datetime.now(dt.UTC)
    return dates.format_datetime(
        to_user_timezone(value), format, tzinfo=get_timezone(), locale=get_locale()
    )


def format_date(value: dt.date | dt.datetime | None = None, format: str = "medium") -> str:
    """A date (a datetime is first moved to the current timezone)."""
    if value is None:
        value = dt.datetime.now(dt.UTC)
    if isinstance(value, dt.datetime):
        value = to_user_timezone(value)
    return dates.format_date(value, format, locale=get_locale())


def format_time(value: dt.time | dt.datetime | None = None, format: str = "medium") -> str:
    """A time of day (a datetime is first moved to the current timezone)."""
    if value is None:
        value = dt.datetime.now(dt.UTC)
    if isinstance(value, dt.datetime):
        value = to_user_timezone(value)
    return dates.format_time(value, format, tzinfo=get_timezone(), locale=get_locale())


def format_timedelta(
    delta: dt.timedelta | int,
    granularity: t.Literal["year", "month", "week", "day", "hour", "minute", "second"] = "second",
    threshold: float = 0.85,
    add_direction: bool = False,
    format: t.Literal["narrow", "short", "medium", "long"] = "long",
) -> str:
    """A duration in words: ``3 days`` (en), ``3 Tage`` (de); with ``add_direction``,
    ``in 3 days`` or ``3 days ago``."""
    return dates.format_timedelta(
        delta,
        granularity=granularity,
        threshold=threshold,
        add_direction=add_direction,
        format=format,
        locale=get_locale(),
    )


def format_list(
    items: cabc.Sequence[str],
    style: t.Literal[
        "standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"
    ] = "standard",
) -> str:
    """``["a", "b", "c"]`` as ``a, b, and c`` (en), ``a, b und c`` (de)."""
    return lists.format_list(items, style=style, locale=get_locale())
