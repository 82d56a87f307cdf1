"""Where the current request's locale choices are kept, and how the current application's
:class:`~demijohn.i18n.I18n` is found."""

from __future__ import annotations

import dataclasses
import typing as t
import zoneinfo

from babel import Locale
from babel.support import NullTranslations

from demijohn import Request, current_app, g, has_request_context, request

if t.TYPE_CHECKING:
    from .extension import I18n

__all__ = ["EXTENSION_KEY", "Choice", "current", "state"]

#: The key of the application's :class:`~demijohn.i18n.I18n` in ``app.extensions``.
EXTENSION_KEY = "demijohn.i18n"


@dataclasses.dataclass
class Choice:
    """What was chosen for one request (or, outside a request, for an application context)."""

    request: Request | None
    url_locale: str | None = None
    locale: Locale | None = None
    timezone: zoneinfo.ZoneInfo | None = None
    translations: NullTranslations | None = None
    forced: list[tuple[Locale | None, zoneinfo.ZoneInfo | None]] = dataclasses.field(
        default_factory=list
    )


def state() -> Choice:
    """The current request's choices (or, outside a request, the application context's)."""
    req = t.cast(t.Any, request)._get_current_object() if has_request_context() else None
    choice: Choice | None = g.get("_demijohn_i18n")
    if choice is None or choice.request is not req:
        choice = Choice(req)
        g._demijohn_i18n = choice
    return choice


def current() -> I18n:
    """The current application's :class:`~demijohn.i18n.I18n`.

    :raises RuntimeError: the application does not use demijohn.i18n.
    """
    try:
        extension: I18n = current_app.extensions[EXTENSION_KEY]
    except KeyError:
        raise RuntimeError(
            f"The application {current_app.name!r} does not use demijohn.i18n: create"
            " I18n(app) when setting it up."
        ) from None
    return extension
