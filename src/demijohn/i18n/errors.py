"""demijohn's own messages in the request's language: the default error pages (404, 405,
500, ...), from the catalogues shipped in this package (German and French; English is the
source).

The handler answers only what the application left to the defaults: an error the application
or a blueprint handles itself, a redirect, or an exception that carries its own response is
left alone, and a description the application gave (``abort(404, "No such order")``) is kept
as it is, under a translated title.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from demijohn import Demijohn, Response

from .state import current

__all__ = ["DOMAIN", "error_page", "framework_translations", "install"]

#: The catalogue name of demijohn's own messages.
DOMAIN = "demijohn"
#: Where they are: ``<locale>/LC_MESSAGES/demijohn.po``, compiled when first needed.
FOLDER = Path(__file__).parent / "translations"

_loaded: dict[str, NullTranslations] = {}
_lock = threading.Lock()


def framework_translations(locale: str) -> NullTranslations:
    """demijohn's own translations into ``locale`` (its language, ``de`` for ``de_AT``), or
    none: English."""
    for name in (locale, locale.split("_")[0]):
        found = _loaded.get(name)
        if found is not None:
            return found
        po = FOLDER / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            with _lock:
                with po.open("rb") as fp:
                    catalogue = read_po(fp, locale=name)
                compiled = io.BytesIO()
                write_mo(compiled, catalogue)
                compiled.seek(0)
                _loaded[name] = Translations(compiled, domain=DOMAIN)
            return _loaded[name]
    return NullTranslations()


def error_page(error: HTTPException) -> HTTPException | Response:
    """The default page of ``error`` in the request's language (an error handler)."""
    if error.response is not None or error.code is None or error.code < 400:
        return error
    locale = current().get_locale()
    translations = framework_translations(str(locale))
    name = translations.pgettext("HTTP status", error.name)
    description = error.description
    if description is not None and description == type(error).description:
        description = translations.gettext(description)
    body = (
        "<!doctype html>\n"
        f"<html lang={escape(locale.language)}>\n"
        f"<title>{error.code} {escape(name)}</title>\n"
        f"<h1>{escape(name)}</h1>\n"
        f"<p>{escape(description or '')}</p>\n"
    )
    # The exception's headers: Allow of a 405, WWW-Authenticate of a 401.
    response = Response(body, error.code, headers=error.get_headers())
    response.headers["Content-Language"] = str(locale).replace("_", "-")
    return response


def install(app: Demijohn) -> None:
    """Answer ``app``'s unhandled HTTP errors with :func:`error_page`, unless the application
    handles ``HTTPException`` itself already."""
    handlers = app.error_handler_spec.get(None, {}).get(None, {})
    if HTTPException in handlers:
        return
    app.register_error_handler(HTTPException, error_page)
