"""Internationalisation on Babel: a locale and timezone per request, translations in code and
templates, per-blueprint catalogues, localised formatting and the catalogue commands.

::

    from demijohn import Demijohn
    from demijohn.i18n import I18n, gettext

    app = Demijohn(__name__)
    i18n = I18n(app)

    @app.get("/")
    def index():
        return gettext("Welcome")

A request's locale comes from the first of these that gives one (``I18N_LOCALE_SOURCES``): a
``/<lang_code>/`` URL prefix (:meth:`I18n.localized`), the application's
:meth:`I18n.locale_selector` (a user's saved preference), the ``locale`` cookie, the
``Accept-Language`` header negotiated against the locales the catalogues offer; then
``I18N_DEFAULT_LOCALE``. It is chosen once per request, on first use, so a request that
translates nothing pays nothing. Plural forms follow the CLDR rules of the Babel installed.

``demijohn i18n extract | init LANG | update | compile`` manage the catalogues, and ``demijohn
check`` reports catalogues that are missing, not compiled, out of date, fuzzy or incomplete.

This module is a battery: it uses only demijohn's public API, and nothing in the core imports
it. It needs the ``i18n`` extra (``pip install demijohn[i18n]``).

.. versionadded:: 0.1
"""

from __future__ import annotations

from .domain import Domain
from .extension import I18n, force_locale, refresh
from .formatting import (
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
    get_locale,
    get_timezone,
    to_user_timezone,
    to_utc,
)
from .translation import (
    gettext,
    lazy_gettext,
    lazy_ngettext,
    lazy_npgettext,
    lazy_pgettext,
    ngettext,
    npgettext,
    pgettext,
)

__all__ = [
    "Domain",
    "I18n",
    "force_locale",
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
    "gettext",
    "lazy_gettext",
    "lazy_ngettext",
    "lazy_npgettext",
    "lazy_pgettext",
    "ngettext",
    "npgettext",
    "pgettext",
    "refresh",
    "to_user_timezone",
    "to_utc",
]
