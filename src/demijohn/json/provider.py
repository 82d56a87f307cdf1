"""JSON providers: the objects behind :attr:`Demijohn.json`.

An application holds one provider, made from :attr:`Demijohn.json_provider_class` when the
application is created. :class:`JSONProvider` is the interface to implement to use another JSON
library; :class:`DefaultJSONProvider` is the standard library implementation used by default.
This module never reads a context variable: a provider knows its application directly.
"""

from __future__ import annotations

import dataclasses
import decimal
import functools
import json
import typing as t
import uuid
import weakref
from datetime import date

from werkzeug.http import http_date
from werkzeug.utils import get_content_type

from .. import conventions

if t.TYPE_CHECKING:
    from ..app import Demijohn
    from ..wrappers import Response


class JSONProvider:
    """The interface an application's JSON provider implements.

    Subclass it and implement :meth:`dumps` and :meth:`loads` to serialize with another library,
    then set :attr:`Demijohn.json_provider_class` to the subclass. :meth:`dump`, :meth:`load` and
    :meth:`response` are built on those two and rarely need overriding.

    :param app: the application that owns this provider.

    .. versionadded:: 0.1
    """

    #: The mimetype of the responses made by :meth:`response`.
    mimetype = "application/json"

    def __init__(self, app: Demijohn) -> None:
        # A proxy, as in Flask: the application holds its provider, and a strong reference
        # back would keep the application alive after its last reference is dropped.
        self._app = t.cast("Demijohn", weakref.proxy(app))

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize ``obj`` to a JSON string.

        :param obj: the value to serialize.
        :param kwargs: options understood by the underlying JSON library.
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement 'dumps', which every JSON provider needs."
            " Override 'dumps' in the subclass, or derive it from DefaultJSONProvider."
        )

    def dump(self, obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
        """Serialize ``obj`` as JSON and write it to the text file ``fp``.

        :param obj: the value to serialize.
        :param fp: a file opened for writing text.
        :param kwargs: passed on to :meth:`dumps`.
        """
        fp.write(self.dumps(obj, **kwargs))

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Parse the JSON document ``s`` into Python values.

        :param s: the document, as text or as UTF-8 (or UTF-16/32) bytes.
        :param kwargs: options understood by the underlying JSON library.
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement 'loads', which every JSON provider needs."
            " Override 'loads' in the subclass, or derive it from DefaultJSONProvider."
        )

    def load(self, fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
        """Read a JSON document from the file ``fp`` and parse it.

        :param fp: a file opened for reading, in text or binary mode.
        :param kwargs: passed on to :meth:`loads`.
        """
        return self.loads(fp.read(), **kwargs)

    def _prepare_response_obj(self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]) -> t.Any:
        """Turn the arguments given to :meth:`response` into the one value to serialize.

        Keyword arguments become a dict, a single positional argument is used as is, and several
        positional arguments become a list. No arguments give ``None``.
        """
        if args and kwargs:
            raise TypeError(conventions.current().messages.jsonify_args_and_kwargs)
        if kwargs:
            return kwargs
        if not args:
            return None
        if len(args) == 1:
            return args[0]
        return list(args)

    def _response_dump_args(self) -> dict[str, t.Any]:
        """The options :meth:`response` passes to :meth:`dumps`; none by default."""
        return {}

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """Serialize the arguments as JSON and return a response with the JSON mimetype.

        ``response(value)`` serializes ``value``, ``response(a, b)`` serializes ``[a, b]`` and
        ``response(key=value)`` serializes ``{"key": value}``; mixing the two is a
        :exc:`TypeError`.

        :param args: one value to serialize, or several to serialize as a list.
        :param kwargs: the items of an object to serialize.
        """
        obj = self._prepare_response_obj(args, kwargs)
        return self._text_response(f"{self.dumps(obj, **self._response_dump_args())}\n")

    def _text_response(self, text: str) -> Response:
        """A response of :attr:`mimetype` with the serialized ``text``."""
        response_class = self._app.response_class
        # Any Werkzeug response class may serve; demijohn's builds a plain body faster.
        from_body = getattr(response_class, "from_body", None)
        response = None
        if from_body is not None:
            response = from_body(text.encode(), _content_type(self.mimetype))
        if response is None:
            response = response_class(text, mimetype=self.mimetype)
        return response


@functools.lru_cache(maxsize=8)
def _content_type(mimetype: str) -> str:
    """The Content-Type of a response with ``mimetype``, as Werkzeug's constructor sets it."""
    return get_content_type(mimetype, "utf-8")


def _default(o: t.Any) -> t.Any:
    """Convert a value the standard library cannot serialize into one it can."""
    if isinstance(o, date):
        return http_date(o)
    if isinstance(o, decimal.Decimal | uuid.UUID):
        return str(o)
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return dataclasses.asdict(o)
    if hasattr(o, "__html__"):
        return str(o.__html__())
    raise TypeError(
        f"Object of type {type(o).__name__} is not JSON serializable: it is not a JSON type and"
        " the JSON provider has no conversion for it. Convert it to a dict, list, str or number"
        " first, or give the application's JSON provider a 'default' function that handles it."
    )


#: The separators of compact responses, and the indent of the others.
_COMPACT = (",", ":")
_INDENT = 2

#: The options of DefaultJSONProvider.dumps that a cached encoder serves.
_ENCODER_OPTIONS = frozenset(("default", "ensure_ascii", "sort_keys", "separators", "indent"))


@functools.lru_cache(maxsize=32)
def _encoder(
    default: t.Callable[[t.Any], t.Any] | None,
    ensure_ascii: bool,
    sort_keys: bool,
    separators: tuple[str, str] | None,
    indent: int | str | None,
) -> json.JSONEncoder:
    """The encoder :func:`json.dumps` would make for these options."""
    return json.JSONEncoder(
        default=default,
        ensure_ascii=ensure_ascii,
        sort_keys=sort_keys,
        separators=separators,
        indent=indent,
    )


class DefaultJSONProvider(JSONProvider):
    """The JSON provider used by default, built on the standard library's :mod:`json`.

    Besides the JSON types it serializes :class:`~datetime.date` and
    :class:`~datetime.datetime` (as HTTP dates), :class:`~decimal.Decimal` and
    :class:`~uuid.UUID` (as strings), dataclass instances (as objects) and anything with an
    ``__html__`` method (as the markup string). Change the class attributes on a subclass or on
    :attr:`Demijohn.json` to adjust the output.

    .. versionadded:: 0.1
    """

    #: Called with any value :mod:`json` cannot serialize; returns a value it can, or raises
    #: :exc:`TypeError`. Replace it to support more types.
    default: t.Callable[[t.Any], t.Any] = staticmethod(_default)

    #: Escape non-ASCII characters as ``\uXXXX`` sequences.
    ensure_ascii = True

    #: Sort object keys, which keeps output (and anything cached by it) stable.
    sort_keys = True

    #: Whether :meth:`response` writes compact JSON. ``None`` means compact unless the
    #: application is in debug mode, when the output is indented for reading.
    compact: bool | None = None

    #: The mimetype of the responses made by :meth:`response`.
    mimetype = "application/json"

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize ``obj`` to a JSON string with :func:`json.dumps`.

        :attr:`default`, :attr:`ensure_ascii` and :attr:`sort_keys` are used unless the
        corresponding keyword argument is given.

        :param obj: the value to serialize.
        :param kwargs: passed on to :func:`json.dumps`.
        """
        encoder = self._cached_encoder(kwargs)
        if encoder is not None:
            return encoder.encode(obj)
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        return json.dumps(obj, **kwargs)

    def _cached_encoder(self, options: dict[str, t.Any]) -> json.JSONEncoder | None:
        """The encoder :func:`json.dumps` would make for :meth:`dumps` with ``options``, made
        once per set of options; ``None`` for options it does not cover or cannot key."""
        if not options.keys() <= _ENCODER_OPTIONS:
            return None
        try:
            return _encoder(
                options.get("default", self.default),
                options.get("ensure_ascii", self.ensure_ascii),
                options.get("sort_keys", self.sort_keys),
                options.get("separators"),
                options.get("indent"),
            )
        except TypeError:  # an option that cannot be a cache key, such as a list
            return None

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """Serialize the arguments as JSON and return a response with the JSON mimetype; see
        :meth:`JSONProvider.response`.

        :param args: one value to serialize, or several to serialize as a list.
        :param kwargs: the items of an object to serialize.
        """
        if type(self).dumps is not DefaultJSONProvider.dumps:
            return super().response(*args, **kwargs)
        # PERF: dumps is this class's, so its cached encoder serves directly.
        obj = self._prepare_response_obj(args, kwargs)
        if type(self)._response_dump_args is DefaultJSONProvider._response_dump_args:
            # The options are this class's: pick the encoder without building them.
            compact = self._is_compact()
            try:
                encoder: json.JSONEncoder | None = _encoder(
                    self.default,
                    self.ensure_ascii,
                    self.sort_keys,
                    _COMPACT if compact else None,
                    None if compact else _INDENT,
                )
            except TypeError:  # a default that cannot be a cache key
                encoder = None
            if encoder is not None:
                return self._text_response(f"{encoder.encode(obj)}\n")
        options = self._response_dump_args()
        encoder = self._cached_encoder(options)
        text = encoder.encode(obj) if encoder is not None else self.dumps(obj, **options)
        return self._text_response(f"{text}\n")

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Parse a JSON document with :func:`json.loads`.

        :param s: the document, as text or bytes.
        :param kwargs: passed on to :func:`json.loads`.
        """
        return json.loads(s, **kwargs)

    def _is_compact(self) -> bool:
        """Whether :meth:`response` writes compact JSON (see :attr:`compact`)."""
        compact = self.compact
        if compact is None:
            return not self._app.debug
        return compact

    def _response_dump_args(self) -> dict[str, t.Any]:
        if self._is_compact():
            return {"separators": _COMPACT}
        # With an indent the standard library already drops the space after commas, so no
        # line ends in trailing whitespace.
        return {"indent": _INDENT}
