"""Translating in code: the gettext family in the current locale, and lazy variants for
strings defined at import time (form labels, module-level messages).

Each function formats its result with ``%`` and the keyword arguments given, as templates'
``{% trans %}`` blocks do: ``gettext("Hello %(name)s", name=user.name)``. The plural functions
always pass ``num``.
"""

from __future__ import annotations

import typing as t

from babel.support import LazyProxy, NullTranslations

from .state import current

__all__ = [
    "gettext",
    "lazy_gettext",
    "lazy_ngettext",
    "lazy_npgettext",
    "lazy_pgettext",
    "ngettext",
    "npgettext",
    "pgettext",
]


def _translations() -> NullTranslations:
    return current().get_translations()


def gettext(string: str, **variables: t.Any) -> str:
    """``string`` translated into the current locale.

    :param string: the message, in the source language.
    :param variables: values for ``%(name)s`` placeholders.
    """
    rv = _translations().gettext(string)
    return rv % variables if variables else rv


def ngettext(singular: str, plural: str, num: int, **variables: t.Any) -> str:
    """The form of a message for ``num`` (one item, two items, ...), translated with the
    plural rule of the current locale, formatted with ``num`` and ``variables``."""
    variables.setdefault("num", num)
    return _translations().ngettext(singular, plural, num) % variables


def pgettext(context: str, string: str, **variables: t.Any) -> str:
    """``string`` translated in a context that tells apart two meanings of the same words
    (``pgettext("month", "May")``)."""
    rv = t.cast(str, _translations().pgettext(context, string))
    return rv % variables if variables else rv


def npgettext(context: str, singular: str, plural: str, num: int, **variables: t.Any) -> str:
    """:func:`ngettext` in a context."""
    variables.setdefault("num", num)
    return _translations().npgettext(context, singular, plural, num) % variables


def lazy_gettext(string: str, **variables: t.Any) -> LazyProxy:
    """:func:`gettext`, translated each time the result is used as a string, in the locale
    current then."""
    return LazyProxy(gettext, string, enable_cache=False, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables: t.Any) -> LazyProxy:
    """:func:`ngettext`, translated when used."""
    return LazyProxy(ngettext, singular, plural, num, enable_cache=False, **variables)


def lazy_pgettext(context: str, string: str, **variables: t.Any) -> LazyProxy:
    """:func:`pgettext`, translated when used."""
    return LazyProxy(pgettext, context, string, enable_cache=False, **variables)


def lazy_npgettext(
    context: str, singular: str, plural: str, num: int, **variables: t.Any
) -> LazyProxy:
    """:func:`npgettext`, translated when used."""
    return LazyProxy(npgettext, context, singular, plural, num, enable_cache=False, **variables)
