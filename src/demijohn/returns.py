"""What a view's return value becomes, apart from the pipeline that asks: reading a returned
tuple, and whether an HTTP error can be answered with a page made once and kept.

Nothing here sees a request.
"""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from werkzeug.datastructures import Headers
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

if t.TYPE_CHECKING:
    from .wrappers import Response

__all__ = [
    "BODY_TYPES",
    "ERROR_CONTENT_TYPE",
    "ERROR_PAGES_KEPT",
    "FORCE_TYPE",
    "error_page",
    "needs_environ",
    "renders_plainly",
    "split_tuple",
]


def split_tuple(rv: tuple[t.Any, ...]) -> tuple[t.Any, t.Any, t.Any]:
    """Read a view's tuple as ``(body, status, headers)``."""
    if len(rv) == 3:
        return rv
    if len(rv) == 2:
        if isinstance(rv[1], Headers | dict | tuple | list):
            return rv[0], None, rv[1]
        return rv[0], rv[1], None
    raise TypeError(
        "The view function did not return a valid response tuple. The tuple must have the"
        " form (body, status, headers), (body, status), or (body, headers)."
    )


#: How many encoded error pages an application keeps before forgetting them all (an error
#: description may name the request, so the pages are not kept without limit).
ERROR_PAGES_KEPT = 256
FORCE_TYPE = BaseResponse.force_type.__func__  # type: ignore[attr-defined]
#: The Content-Type of Werkzeug's error pages (its ``get_headers`` gives only this header).
ERROR_CONTENT_TYPE = dict(HTTPException().get_headers())["Content-Type"]
ERROR_PAGE_METHODS = ("get_response", "get_body", "get_headers", "get_description", "name")
#: What a view may return that make_response checks before an HTTP error.
BODY_TYPES = (str, bytes, bytearray, cabc.Iterator, cabc.AsyncIterable, dict, list)


def renders_plainly(cls: type[HTTPException]) -> bool:
    """Whether errors of ``cls`` make the response :class:`~werkzeug.exceptions.HTTPException`
    makes (a page from the code, the name and the description, with one Content-Type header),
    and are nothing ``make_response`` would treat as a body first."""
    plain = _PLAIN_ERROR_CLASSES.get(cls)
    if plain is None:
        plain = not issubclass(cls, BODY_TYPES) and all(
            getattr(cls, name) is getattr(HTTPException, name) for name in ERROR_PAGE_METHODS
        )
        if len(_PLAIN_ERROR_CLASSES) >= ERROR_PAGES_KEPT:
            _PLAIN_ERROR_CLASSES.clear()
        _PLAIN_ERROR_CLASSES[cls] = plain
    return plain


#: Whether each error class met renders plainly (see :func:`renders_plainly`).
_PLAIN_ERROR_CLASSES: dict[type[HTTPException], bool] = {}


def needs_environ(cls: type[HTTPException]) -> bool:
    """Whether an error of ``cls`` may read the request's WSGI environ as it makes its
    response: an error class of an application's or an extension's own that changes how its
    page or headers are made. Werkzeug's errors and plain ones read none."""
    return not (cls.__module__.startswith("werkzeug.") or renders_plainly(cls))


def error_page(
    cls: type[Response], e: HTTPException, pages: dict[tuple[int | None, str | None], bytes]
) -> Response | None:
    """The response Werkzeug's ``e.get_response()`` makes for an error whose class renders it
    as :class:`~werkzeug.exceptions.HTTPException` does, as ``cls``, built without the generic
    constructor; its page is encoded once per code and description and kept in ``pages``.
    ``None`` when the error carries its own response or ``cls`` is built its own way.

    :param cls: the application's response class.
    :param e: the error.
    :param pages: the encoded pages kept so far, by code and description.
    """
    if e.response is not None or cls.force_type.__func__ is not FORCE_TYPE:  # type: ignore[attr-defined]
        return None
    description = e.description
    if description is not None and type(description) is not str:
        # Markup and other kinds are escaped their own way; not worth a key.
        return cls.from_body(e.get_body().encode(), ERROR_CONTENT_TYPE, e.code)
    key = (e.code, description)
    body = pages.get(key)
    if body is None:
        if len(pages) >= ERROR_PAGES_KEPT:
            pages.clear()
        body = pages[key] = e.get_body().encode()
    return cls.from_body(body, ERROR_CONTENT_TYPE, e.code)
