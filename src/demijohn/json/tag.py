"""The tagged JSON format used by the cookie session.

JSON knows no tuples, bytes, markup, UUIDs or datetimes. :class:`TaggedJSONSerializer` stores
each such value as a one-key object whose key is a tag (``{" t": [1, 2]}`` for ``(1, 2)``) and
turns tagged objects back into the original type when loading. The tag keys match Flask's, so a
session cookie written by either framework reads the same in the other.

Add a type by subclassing :class:`JSONTag` and registering it::

    class TagOrderedSet(JSONTag):
        key = " os"

        def check(self, value):
            return isinstance(value, OrderedSet)

        def to_json(self, value):
            return [self.serializer.tag(item) for item in value]

        def to_python(self, value):
            return OrderedSet(value)

    app.session_interface.serializer.register(TagOrderedSet, index=0)
"""

from __future__ import annotations

import typing as t
from base64 import b64decode, b64encode
from datetime import datetime
from uuid import UUID

from markupsafe import Markup
from werkzeug.http import http_date, parse_date

from . import dumps, loads

__all__ = [
    "JSONTag",
    "PassDict",
    "PassList",
    "TagBytes",
    "TagDateTime",
    "TagDict",
    "TagMarkup",
    "TagTuple",
    "TagUUID",
    "TaggedJSONSerializer",
]


class JSONTag:
    """Serializes values of one kind for :class:`TaggedJSONSerializer`.

    A subclass sets :attr:`key` and implements :meth:`check`, :meth:`to_json` and
    :meth:`to_python`. A tag with an empty key only transforms the contents of a container and
    is not marked in the output.

    :param serializer: the serializer this tag belongs to, used to tag nested values.

    .. versionadded:: 0.1
    """

    __slots__ = ("serializer",)

    #: The key that marks a tagged value in JSON. Empty for tags that add no mark.
    key: str = ""

    def __init__(self, serializer: TaggedJSONSerializer) -> None:
        self.serializer = serializer

    def check(self, value: t.Any) -> bool:
        """Return whether this tag handles ``value``.

        :param value: any value being serialized.
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement 'check', so the serializer cannot tell"
            " which values it handles. Override 'check' in the tag class."
        )

    def to_json(self, value: t.Any) -> t.Any:
        """Convert ``value`` to something JSON can represent, tagging nested values.

        :param value: a value :meth:`check` accepted.
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement 'to_json', so values it accepts cannot be"
            " serialized. Override 'to_json' in the tag class."
        )

    def to_python(self, value: t.Any) -> t.Any:
        """Convert the JSON form made by :meth:`to_json` back into the original value.

        :param value: the loaded JSON value stored under :attr:`key`.
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement 'to_python', so tagged values cannot be"
            " loaded. Override 'to_python' in the tag class."
        )

    def tag(self, value: t.Any) -> t.Any:
        """Convert ``value`` with :meth:`to_json` and wrap it in an object keyed by :attr:`key`.

        :param value: a value :meth:`check` accepted.
        """
        return {self.key: self.to_json(value)}


class TagDict(JSONTag):
    """Escapes a one-key dict whose key is itself a tag key, so loading does not mistake it for
    a tagged value. The key gets ``"__"`` appended, which loading removes again.
    """

    __slots__ = ()
    key = " di"

    def check(self, value: t.Any) -> bool:
        return (
            isinstance(value, dict)
            and len(value) == 1
            and next(iter(value)) in self.serializer.tags
        )

    def to_json(self, value: t.Any) -> t.Any:
        key = next(iter(value))
        return {f"{key}__": self.serializer.tag(value[key])}

    def to_python(self, value: t.Any) -> t.Any:
        key = next(iter(value))
        return {key[:-2]: value[key]}


class PassDict(JSONTag):
    """Tags the values of any other dict, leaving the dict itself unmarked."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, dict)

    def to_json(self, value: t.Any) -> t.Any:
        # JSON object keys are always strings, so only the values can need tags.
        return {key: self.serializer.tag(item) for key, item in value.items()}

    tag = to_json


class TagTuple(JSONTag):
    """Stores a tuple as a tagged list."""

    __slots__ = ()
    key = " t"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, tuple)

    def to_json(self, value: t.Any) -> t.Any:
        return [self.serializer.tag(item) for item in value]

    def to_python(self, value: t.Any) -> t.Any:
        return tuple(value)


class PassList(JSONTag):
    """Tags the items of a list, leaving the list itself unmarked."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, list)

    def to_json(self, value: t.Any) -> t.Any:
        return [self.serializer.tag(item) for item in value]

    tag = to_json


class TagBytes(JSONTag):
    """Stores bytes as base64 text."""

    __slots__ = ()
    key = " b"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, bytes)

    def to_json(self, value: t.Any) -> t.Any:
        return b64encode(value).decode("ascii")

    def to_python(self, value: t.Any) -> t.Any:
        return b64decode(value)


class TagMarkup(JSONTag):
    """Stores anything with an ``__html__`` method as its markup string, loaded back as
    :class:`~markupsafe.Markup` so it stays safe to render.
    """

    __slots__ = ()
    key = " m"

    def check(self, value: t.Any) -> bool:
        return callable(getattr(value, "__html__", None))

    def to_json(self, value: t.Any) -> t.Any:
        return str(value.__html__())

    def to_python(self, value: t.Any) -> t.Any:
        return Markup(value)


class TagUUID(JSONTag):
    """Stores a :class:`~uuid.UUID` as its 32-digit hex string."""

    __slots__ = ()
    key = " u"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, UUID)

    def to_json(self, value: t.Any) -> t.Any:
        return value.hex

    def to_python(self, value: t.Any) -> t.Any:
        return UUID(value)


class TagDateTime(JSONTag):
    """Stores a :class:`~datetime.datetime` as an HTTP date. The HTTP format keeps whole seconds
    in UTC, so the value loads back as an aware UTC datetime without microseconds.
    """

    __slots__ = ()
    key = " d"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, datetime)

    def to_json(self, value: t.Any) -> t.Any:
        return http_date(value)

    def to_python(self, value: t.Any) -> t.Any:
        return parse_date(value)


class TaggedJSONSerializer:
    """Serializes to and from compact JSON, keeping the types the tags in :attr:`order` know.

    An instance starts with one instance of each class in :attr:`default_tags`; :meth:`register`
    adds more.

    .. versionadded:: 0.1
    """

    __slots__ = ("order", "tags")

    #: The tag classes every new serializer registers, in the order they are tried. The dict
    #: escape must come before the plain dict, as must any tag that is a special case of another.
    default_tags: t.ClassVar[list[type[JSONTag]]] = [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]

    def __init__(self) -> None:
        #: The registered tags that have a key, by key; used when loading.
        self.tags: dict[str, JSONTag] = {}
        #: Every registered tag, in the order :meth:`tag` tries them.
        self.order: list[JSONTag] = []
        for tag_class in self.default_tags:
            self.register(tag_class)

    def register(
        self, tag_class: type[JSONTag], force: bool = False, index: int | None = None
    ) -> None:
        """Add a tag to this serializer.

        :param tag_class: the :class:`JSONTag` subclass to instantiate and add.
        :param force: replace a registered tag that has the same key. The replaced tag is also
            removed from :attr:`order`, and the new one takes its place unless ``index`` is given.
        :param index: where to insert the tag in :attr:`order`. Put a tag that handles a special
            case of another tag's type before it. ``None`` appends it.
        :raises KeyError: when a tag with the same key is registered and ``force`` is false.
        """
        tag = tag_class(self)
        key = tag.key
        replaced = self.tags.get(key) if key else None
        if replaced is not None and not force:
            raise KeyError(
                f"A tag with key {key!r} is already registered ({type(replaced).__name__}), so"
                f" {tag_class.__name__} would make tagged values ambiguous. Give the new tag"
                " another key, or pass 'force=True' to replace the registered one."
            )
        if key:
            self.tags[key] = tag
        if replaced is not None:
            position = self.order.index(replaced)
            del self.order[position]
            if index is None:
                index = position
        if index is None:
            self.order.append(tag)
        else:
            self.order.insert(index, tag)

    def tag(self, value: t.Any) -> t.Any:
        """Convert ``value`` to JSON-compatible data, tagging it if a registered tag handles it.

        :param value: the value to convert; nested values are converted by the tags.
        """
        for tag in self.order:
            if tag.check(value):
                return tag.tag(value)
        return value

    def untag(self, value: dict[str, t.Any]) -> t.Any:
        """Convert one loaded JSON object back into the value it was tagged from. Objects that
        are not tagged with a registered key are returned unchanged.

        :param value: a loaded JSON object whose own values are already untagged.
        """
        if len(value) != 1:
            return value
        key = next(iter(value))
        tag = self.tags.get(key)
        if tag is None:
            return value
        return tag.to_python(value[key])

    def _untag_scan(self, value: t.Any) -> t.Any:
        """Untag a loaded JSON structure from the innermost values outwards."""
        if isinstance(value, dict):
            return self.untag({key: self._untag_scan(item) for key, item in value.items()})
        if isinstance(value, list):
            return [self._untag_scan(item) for item in value]
        return value

    def dumps(self, value: t.Any) -> str:
        """Tag ``value`` and serialize it to compact JSON.

        :param value: the value to serialize.
        """
        return dumps(self.tag(value), separators=(",", ":"))

    def loads(self, value: str | bytes) -> t.Any:
        """Parse compact JSON made by :meth:`dumps` and restore the tagged values.

        :param value: the JSON document.
        """
        # Untagging after parsing, rather than in an object hook, keeps this working with JSON
        # providers whose library has no hooks.
        return self._untag_scan(loads(value))
