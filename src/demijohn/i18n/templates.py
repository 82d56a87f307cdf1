"""The templates' side: Jinja's i18n extension (``{% trans %}``, ``_()``, ``gettext()``,
``ngettext()``, ``pgettext()``, ``npgettext()``) answered by the current locale, and the
formatting filters (``{{ order.total|currencyformat("EUR") }}``)."""

from __future__ import annotations

import typing as t

from demijohn import Demijohn

from . import formatting
from .translation import _translations

__all__ = ["FILTERS", "configure_jinja"]

#: The filters added to the application's templates, by name.
FILTERS: dict[str, t.Callable[..., str]] = {
    "datetimeformat": formatting.format_datetime,
    "dateformat": formatting.format_date,
    "timeformat": formatting.format_time,
    "timedeltaformat": formatting.format_timedelta,
    "numberformat": formatting.format_decimal,
    "decimalformat": formatting.format_decimal,
    "compactformat": formatting.format_compact_decimal,
    "percentformat": formatting.format_percent,
    "scientificformat": formatting.format_scientific,
    "currencyformat": formatting.format_currency,
    "listformat": formatting.format_list,
}


# Jinja's "new style" gettext formats the result and marks it safe when autoescaping, so
# these return the bare translation.
def _gettext(string: str) -> str:
    return _translations().gettext(string)


def _ngettext(singular: str, plural: str, num: int) -> str:
    return _translations().ngettext(singular, plural, num)


def _pgettext(context: str, string: str) -> str:
    return t.cast(str, _translations().pgettext(context, string))


def _npgettext(context: str, singular: str, plural: str, num: int) -> str:
    return _translations().npgettext(context, singular, plural, num)


def configure_jinja(app: Demijohn) -> None:
    """Add the i18n extension, the translation callables and the filters to ``app``'s
    template environment."""
    env = app.jinja_env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )
    env.filters.update(FILTERS)
    env.globals.update(get_locale=formatting.get_locale, get_timezone=formatting.get_timezone)
