"""Tests for demijohn.json.tag: the tagged JSON serializer behind cookie sessions."""

from __future__ import annotations

import collections
import collections.abc as cabc
import types
import typing as t
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from markupsafe import Markup
from werkzeug.wrappers import Response

from demijohn.globals import _cv_app
from demijohn.json.provider import DefaultJSONProvider
from demijohn.json.tag import (
    JSONTag,
    PassDict,
    PassList,
    TagBytes,
    TagDateTime,
    TagDict,
    TaggedJSONSerializer,
    TagMarkup,
    TagTuple,
    TagUUID,
)


@pytest.fixture
def serializer() -> TaggedJSONSerializer:
    return TaggedJSONSerializer()


class Html:
    def __html__(self) -> str:
        return "<em>hi</em>"


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        1,
        1.5,
        "text",
        [],
        {},
        (),
        (1, 2, "three"),
        ((1,), [(2, 3)]),
        b"\x00\xffbytes",
        Markup("<b>safe</b>"),
        UUID("12345678-1234-5678-1234-567812345678"),
        datetime(2015, 10, 21, 7, 28, tzinfo=UTC),
        {"a": {"b": {"c": (1, b"x")}}},
        [{"a": (1,)}, [b"y", [UUID(int=3)]]],
        {" t": [1, 2]},
        {" t": (1, 2)},
        {" di": "x"},
        {" b": b"y"},
        {" t__": 1},
        {" t": 1, " u": 2},
        {"x": {" m": "<i>not markup</i>"}},
        {"nested": {" d": datetime(2000, 1, 1, tzinfo=UTC)}},
    ],
)
def test_round_trip(serializer: TaggedJSONSerializer, value: object) -> None:
    assert serializer.loads(serializer.dumps(value)) == value


def test_round_trip_keeps_types(serializer: TaggedJSONSerializer) -> None:
    value = {"t": (1, (2,)), "b": b"x", "m": Markup("<p>"), "u": UUID(int=1), "l": [(3,)]}
    loaded = serializer.loads(serializer.dumps(value))
    assert type(loaded["t"]) is tuple
    assert type(loaded["t"][1]) is tuple
    assert type(loaded["b"]) is bytes
    assert type(loaded["m"]) is Markup
    assert type(loaded["u"]) is UUID
    assert type(loaded["l"][0]) is tuple


def test_anything_with_html_loads_as_markup(serializer: TaggedJSONSerializer) -> None:
    loaded = serializer.loads(serializer.dumps(Html()))
    assert loaded == Markup("<em>hi</em>")
    assert type(loaded) is Markup


def test_aware_datetime_loads_as_the_same_instant_in_utc(
    serializer: TaggedJSONSerializer,
) -> None:
    value = datetime(2015, 10, 21, 9, 28, tzinfo=timezone(timedelta(hours=2)))
    loaded = serializer.loads(serializer.dumps(value))
    assert loaded == value
    assert loaded.tzinfo == UTC


def test_naive_datetime_loads_as_utc_without_microseconds(
    serializer: TaggedJSONSerializer,
) -> None:
    loaded = serializer.loads(serializer.dumps(datetime(2015, 10, 21, 7, 28, 1, 500)))
    assert loaded == datetime(2015, 10, 21, 7, 28, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ((1, 2), '{" t":[1,2]}'),
        (b"abc", '{" b":"YWJj"}'),
        (Markup("<b>"), '{" m":"<b>"}'),
        (UUID(int=1), '{" u":"00000000000000000000000000000001"}'),
        (datetime(2015, 10, 21, 7, 28, tzinfo=UTC), '{" d":"Wed, 21 Oct 2015 07:28:00 GMT"}'),
        ({" t": 1}, '{" di":{" t__":1}}'),
        ({"a": [(1,)]}, '{"a":[{" t":[1]}]}'),
        ({"a": 1, "b": "é"}, '{"a":1,"b":"\\u00e9"}'),
    ],
)
def test_wire_format(serializer: TaggedJSONSerializer, value: object, expected: str) -> None:
    # The format is shared with Flask session cookies, so it must not change.
    assert serializer.dumps(value) == expected


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ('{" t":[1,[2]]}', (1, [2])),
        ('{" di":{" u__":{" b":"eA=="}}}', {" u": b"x"}),
        ('{"_permanent":true,"ids":{" t":[1,2]}}', {"_permanent": True, "ids": (1, 2)}),
    ],
)
def test_loads_documents_written_by_flask(
    serializer: TaggedJSONSerializer, document: str, expected: object
) -> None:
    assert serializer.loads(document) == expected


@pytest.mark.parametrize(
    "value",
    [{" unknown": 1}, {" t": [1], "other": 2}, {}],
)
def test_untag_leaves_other_objects_alone(
    serializer: TaggedJSONSerializer, value: dict[str, t.Any]
) -> None:
    assert serializer.untag(dict(value)) == value


def test_default_tag_order(serializer: TaggedJSONSerializer) -> None:
    assert [type(tag) for tag in serializer.order] == [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]
    assert set(serializer.tags) == {" di", " t", " b", " m", " u", " d"}


def test_untagged_values_pass_through_tag(serializer: TaggedJSONSerializer) -> None:
    value = object()
    assert serializer.tag(value) is value


class TagOrderedDict(JSONTag):
    __slots__ = ()
    key = " od"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, collections.OrderedDict)

    def to_json(self, value: t.Any) -> t.Any:
        return [[key, self.serializer.tag(item)] for key, item in value.items()]

    def to_python(self, value: t.Any) -> t.Any:
        return collections.OrderedDict(value)


def test_register_appends_by_default(serializer: TaggedJSONSerializer) -> None:
    serializer.register(TagOrderedDict)
    assert type(serializer.order[-1]) is TagOrderedDict
    # PassDict comes first and claims the OrderedDict, so the type is lost.
    loaded = serializer.loads(serializer.dumps(collections.OrderedDict(a=1)))
    assert type(loaded) is dict


def test_register_at_an_index_takes_precedence(serializer: TaggedJSONSerializer) -> None:
    serializer.register(TagOrderedDict, index=0)
    value = collections.OrderedDict([("b", (1,)), ("a", 2)])
    assert serializer.dumps(value) == '{" od":[["b",{" t":[1]}],["a",2]]}'
    loaded = serializer.loads(serializer.dumps(value))
    assert type(loaded) is collections.OrderedDict
    assert loaded == value


def test_register_escapes_dicts_keyed_by_new_tag(serializer: TaggedJSONSerializer) -> None:
    serializer.register(TagOrderedDict)
    assert serializer.dumps({" od": 1}) == '{" di":{" od__":1}}'
    assert serializer.loads(serializer.dumps({" od": 1})) == {" od": 1}


def test_register_refuses_a_duplicate_key(serializer: TaggedJSONSerializer) -> None:
    class OtherTuple(TagTuple):
        __slots__ = ()

    with pytest.raises(KeyError, match="' t' is already registered"):
        serializer.register(OtherTuple)
    assert type(serializer.tags[" t"]) is TagTuple
    assert len(serializer.order) == 8


class ListTuple(TagTuple):
    """Loads tagged tuples as lists, to show which tuple tag is in use."""

    __slots__ = ()

    def to_python(self, value: t.Any) -> t.Any:
        return list(value)


def test_register_force_replaces_in_place(serializer: TaggedJSONSerializer) -> None:
    serializer.register(ListTuple, force=True)
    assert type(serializer.tags[" t"]) is ListTuple
    assert [type(tag) for tag in serializer.order][1:4] == [PassDict, ListTuple, PassList]
    assert len(serializer.order) == 8
    assert serializer.loads(serializer.dumps((1, 2))) == [1, 2]


def test_register_force_with_index_moves_the_tag(serializer: TaggedJSONSerializer) -> None:
    serializer.register(ListTuple, force=True, index=0)
    assert type(serializer.order[0]) is ListTuple
    assert len(serializer.order) == 8
    assert not any(type(tag) is TagTuple for tag in serializer.order)


def test_register_a_tag_without_key(serializer: TaggedJSONSerializer) -> None:
    class PassSet(JSONTag):
        __slots__ = ()

        def check(self, value: t.Any) -> bool:
            return isinstance(value, set)

        def to_json(self, value: t.Any) -> t.Any:
            return sorted(value)

        tag = to_json

    serializer.register(PassSet)
    serializer.register(PassSet)
    assert "" not in serializer.tags
    assert serializer.dumps({3, 1}) == "[1,3]"


def test_tags_are_per_serializer() -> None:
    first = TaggedJSONSerializer()
    first.register(TagOrderedDict)
    assert " od" not in TaggedJSONSerializer().tags


def test_json_tag_requires_its_methods(serializer: TaggedJSONSerializer) -> None:
    tag = JSONTag(serializer)
    with pytest.raises(NotImplementedError, match="'check'"):
        tag.check(1)
    with pytest.raises(NotImplementedError, match="'to_json'"):
        tag.to_json(1)
    with pytest.raises(NotImplementedError, match="'to_python'"):
        tag.to_python(1)


def test_json_tag_wraps_under_its_key(serializer: TaggedJSONSerializer) -> None:
    assert TagBytes(serializer).tag(b"a") == {" b": "YQ=="}


class StandInApp(types.SimpleNamespace):
    """The parts of an application a provider uses; unlike a plain namespace, it can be
    referenced weakly, as a provider references its application."""


@pytest.fixture
def app_context() -> cabc.Iterator[types.SimpleNamespace]:
    app = StandInApp(debug=False, response_class=Response)
    app.json = DefaultJSONProvider(app)  # type: ignore[arg-type]
    token = _cv_app.set(types.SimpleNamespace(app=app))  # type: ignore[arg-type]
    yield app
    _cv_app.reset(token)


def test_serializes_with_the_app_provider(
    serializer: TaggedJSONSerializer, app_context: types.SimpleNamespace
) -> None:
    # The provider sorts keys and converts values no tag knows, such as Decimal.
    import decimal

    assert serializer.dumps({"b": decimal.Decimal("2.5"), "a": (1,)}) == (
        '{"a":{" t":[1]},"b":"2.5"}'
    )
    assert serializer.loads('{"a":{" t":[1]}}') == {"a": (1,)}
