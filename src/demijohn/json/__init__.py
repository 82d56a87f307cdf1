"""JSON functions that follow the current application's JSON provider.

Inside an application context :func:`dumps`, :func:`dump`, :func:`loads` and :func:`load` defer
to :attr:`Demijohn.json`, so an application's JSON settings apply everywhere; outside one they
use the standard library, still able to serialize dates, decimals, UUIDs, dataclasses and
markup. :func:`jsonify` makes a response and so needs an application. The providers live in
:mod:`demijohn.json.provider` and the tagged serializer for sessions in :mod:`demijohn.json.tag`.
"""

from __future__ import annotations

import json as _json
import typing as t

from ..globals import _cv_app, current_app
from .provider import _default

if t.TYPE_CHECKING:
    from ..wrappers import Response

__all__ = ["dump", "dumps", "jsonify", "load", "loads"]


def dumps(obj: t.Any, **kwargs: t.Any) -> str:
    """Serialize ``obj`` to a JSON string.

    Uses ``current_app.json.dumps`` when an application context is active, otherwise
    :func:`json.dumps` with a ``default`` that knows the extra types the default provider handles.

    :param obj: the value to serialize.
    :param kwargs: passed on to the provider or to :func:`json.dumps`.

    .. versionadded:: 0.1
    """
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.json.dumps(obj, **kwargs)
    kwargs.setdefault("default", _default)
    return _json.dumps(obj, **kwargs)


def dump(obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
    """Serialize ``obj`` as JSON and write it to the text file ``fp``.

    Uses ``current_app.json.dump`` when an application context is active, otherwise
    :func:`json.dump` with the same extra types as :func:`dumps`.

    :param obj: the value to serialize.
    :param fp: a file opened for writing text.
    :param kwargs: passed on to the provider or to :func:`json.dump`.

    .. versionadded:: 0.1
    """
    ctx = _cv_app.get(None)
    if ctx is not None:
        ctx.app.json.dump(obj, fp, **kwargs)
        return
    kwargs.setdefault("default", _default)
    _json.dump(obj, fp, **kwargs)


def loads(s: str | bytes, **kwargs: t.Any) -> t.Any:
    """Parse the JSON document ``s``.

    Uses ``current_app.json.loads`` when an application context is active, otherwise
    :func:`json.loads`.

    :param s: the document, as text or bytes.
    :param kwargs: passed on to the provider or to :func:`json.loads`.

    .. versionadded:: 0.1
    """
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.json.loads(s, **kwargs)
    return _json.loads(s, **kwargs)


def load(fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
    """Read a JSON document from the file ``fp`` and parse it.

    Uses ``current_app.json.load`` when an application context is active, otherwise
    :func:`json.load`.

    :param fp: a file opened for reading, in text or binary mode.
    :param kwargs: passed on to the provider or to :func:`json.load`.

    .. versionadded:: 0.1
    """
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.json.load(fp, **kwargs)
    return _json.load(fp, **kwargs)


def jsonify(*args: t.Any, **kwargs: t.Any) -> Response:
    """Serialize the arguments as JSON and return a response with the ``application/json``
    mimetype, using ``current_app.json.response``.

    ``jsonify(value)`` serializes ``value``, ``jsonify(a, b)`` serializes ``[a, b]`` and
    ``jsonify(key=value)`` serializes ``{"key": value}``; mixing the two is a :exc:`TypeError`.
    Output is compact unless the application is in debug mode. A view may also return a dict or
    list, which is passed through this function.

    :param args: one value to serialize, or several to serialize as a list.
    :param kwargs: the items of an object to serialize.
    :raises RuntimeError: when no application context is active.

    .. versionadded:: 0.1
    """
    return current_app.json.response(*args, **kwargs)
