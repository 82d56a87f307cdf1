"""Tests for demijohn.json.provider: the JSON provider interface and the default provider."""

from __future__ import annotations

import dataclasses
import decimal
import io
import json
import typing as t
import uuid
import weakref
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from markupsafe import Markup
from werkzeug.wrappers import Response

from demijohn import Response as DemijohnResponse
from demijohn.json.provider import DefaultJSONProvider, JSONProvider


class StandInApp:
    """The parts of an application a JSON provider uses."""

    response_class = Response

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug


@pytest.fixture
def stand_in_app() -> StandInApp:
    # A provider holds its application weakly, as Flask's does: the fixture keeps it alive.
    return StandInApp()


@pytest.fixture
def provider(stand_in_app: StandInApp) -> DefaultJSONProvider:
    return DefaultJSONProvider(stand_in_app)  # type: ignore[arg-type]


@dataclasses.dataclass
class Point:
    x: int
    y: int


@dataclasses.dataclass
class Line:
    start: Point
    end: Point


class Html:
    def __html__(self) -> str:
        return "<b>bold</b>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2015, 10, 21), "Wed, 21 Oct 2015 00:00:00 GMT"),
        (datetime(2015, 10, 21, 7, 28, tzinfo=UTC), "Wed, 21 Oct 2015 07:28:00 GMT"),
        (datetime(2015, 10, 21, 7, 28), "Wed, 21 Oct 2015 07:28:00 GMT"),
        (
            datetime(2015, 10, 21, 9, 28, tzinfo=timezone(timedelta(hours=2))),
            "Wed, 21 Oct 2015 07:28:00 GMT",
        ),
        (decimal.Decimal("12.50"), "12.50"),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (Point(1, 2), {"x": 1, "y": 2}),
        (Line(Point(0, 0), Point(3, 4)), {"start": {"x": 0, "y": 0}, "end": {"x": 3, "y": 4}}),
        (Html(), "<b>bold</b>"),
        (Markup("<i>x</i>"), "<i>x</i>"),
    ],
)
def test_default_converts_extra_types(value: object, expected: object) -> None:
    assert DefaultJSONProvider.default(value) == expected


def test_extra_types_are_serialized_by_dumps(provider: DefaultJSONProvider) -> None:
    value = {"when": date(2015, 10, 21), "id": uuid.UUID(int=0), "point": Point(1, 2)}
    assert json.loads(provider.dumps(value)) == {
        "when": "Wed, 21 Oct 2015 00:00:00 GMT",
        "id": "00000000-0000-0000-0000-000000000000",
        "point": {"x": 1, "y": 2},
    }


@pytest.mark.parametrize("value", [object(), {1, 2}, Point])
def test_default_rejects_unknown_types_naming_them(value: object) -> None:
    with pytest.raises(TypeError, match=type(value).__name__) as info:
        DefaultJSONProvider.default(value)
    assert "not JSON serializable" in str(info.value)


def test_dumps_sorts_keys_and_escapes_non_ascii(provider: DefaultJSONProvider) -> None:
    assert provider.dumps({"b": 1, "a": "é"}) == '{"a": "\\u00e9", "b": 1}'


def test_dumps_keyword_arguments_win_over_settings(provider: DefaultJSONProvider) -> None:
    out = provider.dumps({"b": 1, "a": "é"}, sort_keys=False, ensure_ascii=False)
    assert out == '{"b": 1, "a": "é"}'


def test_settings_can_be_changed_on_the_instance(provider: DefaultJSONProvider) -> None:
    provider.sort_keys = False
    provider.ensure_ascii = False
    assert provider.dumps({"b": 1, "a": "é"}) == '{"b": 1, "a": "é"}'


def test_default_can_be_replaced(provider: DefaultJSONProvider) -> None:
    provider.default = lambda o: sorted(o)
    assert provider.dumps({3, 1, 2}) == "[1, 2, 3]"


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"separators": (",", ":")},
        {"indent": 2},
        {"indent": "\t", "sort_keys": False},
        {"separators": [",", ":"]},
        {"allow_nan": False},
        {"cls": json.JSONEncoder, "skipkeys": True},
    ],
)
def test_dumps_gives_what_json_dumps_gives(
    provider: DefaultJSONProvider, options: dict[str, t.Any]
) -> None:
    value = {"b": [1, 2.5, None], "a": "é", "c": {"z": True}, "d": date(2020, 1, 2)}
    expected = json.dumps(
        value, **{"default": provider.default, "ensure_ascii": True, "sort_keys": True, **options}
    )
    assert provider.dumps(value, **options) == expected
    assert provider.dumps(value, **options) == expected


def test_dumps_with_an_unhashable_default(provider: DefaultJSONProvider) -> None:
    class Listing:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self, o: t.Any) -> t.Any:
            return sorted(o)

    assert provider.dumps({2, 1}, default=Listing()) == "[1, 2]"


def test_subclass_settings_apply() -> None:
    class Unsorted(DefaultJSONProvider):
        sort_keys = False

    app = StandInApp()
    assert Unsorted(app).dumps({"b": 1, "a": 2}) == '{"b": 1, "a": 2}'  # type: ignore[arg-type]


@pytest.mark.parametrize("document", ['{"a": [1, 2]}', b'{"a": [1, 2]}'])
def test_loads_accepts_text_and_bytes(provider: DefaultJSONProvider, document: str | bytes) -> None:
    assert provider.loads(document) == {"a": [1, 2]}


def test_loads_passes_keyword_arguments(provider: DefaultJSONProvider) -> None:
    assert provider.loads("1.5", parse_float=decimal.Decimal) == decimal.Decimal("1.5")


def test_dump_writes_to_a_text_file(provider: DefaultJSONProvider) -> None:
    fp = io.StringIO()
    provider.dump({"b": date(2000, 1, 1), "a": 1}, fp)
    assert fp.getvalue() == '{"a": 1, "b": "Sat, 01 Jan 2000 00:00:00 GMT"}'


@pytest.mark.parametrize("fp", [io.StringIO('{"a": 1}'), io.BytesIO(b'{"a": 1}')])
def test_load_reads_text_and_binary_files(provider: DefaultJSONProvider, fp: t.IO[t.Any]) -> None:
    assert provider.load(fp) == {"a": 1}


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((), {}, None),
        (("text",), {}, "text"),
        (([1, 2],), {}, [1, 2]),
        ((1, 2, 3), {}, [1, 2, 3]),
        ((), {"a": 1, "b": [2]}, {"a": 1, "b": [2]}),
    ],
)
def test_response_serializes_its_arguments(
    provider: DefaultJSONProvider,
    args: tuple[t.Any, ...],
    kwargs: dict[str, t.Any],
    expected: object,
) -> None:
    rv = provider.response(*args, **kwargs)
    assert rv.mimetype == "application/json"
    assert rv.status_code == 200
    assert rv.get_data(as_text=True).endswith("\n")
    assert rv.json == expected


def test_response_refuses_positional_and_keyword_arguments(
    provider: DefaultJSONProvider,
) -> None:
    with pytest.raises(TypeError, match="both positional and keyword arguments"):
        provider.response(1, a=2)


def test_response_uses_the_app_response_class() -> None:
    class CustomResponse(Response):
        pass

    app = StandInApp()
    app.response_class = CustomResponse
    rv = DefaultJSONProvider(app).response(1)  # type: ignore[arg-type]
    assert isinstance(rv, CustomResponse)


def test_response_uses_the_provider_mimetype(provider: DefaultJSONProvider) -> None:
    provider.mimetype = "application/vnd.api+json"
    assert provider.response({}).mimetype == "application/vnd.api+json"


@pytest.mark.parametrize(
    ("mimetype", "content_type"),
    [
        ("application/json", "application/json"),
        ("text/json", "text/json; charset=utf-8"),
        ("application/vnd.api+json", "application/vnd.api+json"),
    ],
)
def test_demijohn_responses_match_the_constructor(mimetype: str, content_type: str) -> None:
    app = StandInApp()
    app.response_class = DemijohnResponse
    provider = DefaultJSONProvider(app)  # type: ignore[arg-type]
    provider.mimetype = mimetype
    rv = provider.response({"b": 1, "a": "é"})
    expected = DemijohnResponse('{"a":"\\u00e9","b":1}\n', mimetype=mimetype)
    assert isinstance(rv, DemijohnResponse)
    assert rv.headers["Content-Type"] == content_type
    assert list(rv.headers) == list(expected.headers)
    assert rv.get_data() == expected.get_data()


def test_response_uses_an_overridden_dumps() -> None:
    class Shouting(DefaultJSONProvider):
        def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
            return super().dumps(obj, **kwargs).upper()

    app = StandInApp()
    rv = Shouting(app).response({"a": "b"})  # type: ignore[arg-type]
    assert rv.get_data(as_text=True) == '{"A":"B"}\n'


def test_response_passes_other_dump_options_to_dumps() -> None:
    class Strict(DefaultJSONProvider):
        def _response_dump_args(self) -> dict[str, t.Any]:
            return {**super()._response_dump_args(), "allow_nan": False}

    app = StandInApp()
    provider = Strict(app)  # type: ignore[arg-type]
    assert provider.response([1]).get_data(as_text=True) == "[1]\n"
    with pytest.raises(ValueError, match="not JSON compliant"):
        provider.response(float("nan"))


def test_response_with_an_unhashable_default() -> None:
    class Listing:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self, o: t.Any) -> t.Any:
            return sorted(o)

    app = StandInApp()
    provider = DefaultJSONProvider(app)  # type: ignore[arg-type]
    provider.default = Listing()
    assert provider.response({2, 1}).get_data(as_text=True) == "[1,2]\n"


COMPACT = '{"a":[1,2],"b":null}\n'
PRETTY = '{\n  "a": [\n    1,\n    2\n  ],\n  "b": null\n}\n'


@pytest.mark.parametrize(
    ("compact", "debug", "expected"),
    [
        (None, False, COMPACT),
        (None, True, PRETTY),
        (True, True, COMPACT),
        (True, False, COMPACT),
        (False, False, PRETTY),
        (False, True, PRETTY),
    ],
)
def test_response_layout_follows_compact_and_debug(
    compact: bool | None, debug: bool, expected: str
) -> None:
    app = StandInApp(debug=debug)
    provider = DefaultJSONProvider(app)  # type: ignore[arg-type]
    provider.compact = compact
    assert provider.response(b=None, a=[1, 2]).get_data(as_text=True) == expected


class MinimalProvider(JSONProvider):
    """A provider that implements only the two required methods."""

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        return repr(("dumped", obj, kwargs))

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        return ("loaded", s, kwargs)


def test_base_provider_requires_dumps_and_loads() -> None:
    app = StandInApp()
    provider = JSONProvider(app)  # type: ignore[arg-type]
    with pytest.raises(NotImplementedError, match="'dumps'"):
        provider.dumps(1)
    with pytest.raises(NotImplementedError, match="'loads'"):
        provider.loads("1")


def test_base_provider_builds_dump_load_and_response_on_dumps_and_loads() -> None:
    app = StandInApp()
    provider = MinimalProvider(app)  # type: ignore[arg-type]
    fp = io.StringIO()
    provider.dump(1, fp, indent=2)
    assert fp.getvalue() == "('dumped', 1, {'indent': 2})"
    assert provider.load(io.StringIO("doc"), strict=False) == ("loaded", "doc", {"strict": False})
    rv = provider.response(1, 2)
    assert rv.mimetype == "application/json"
    assert rv.get_data(as_text=True) == "('dumped', [1, 2], {})\n"


def test_a_provider_does_not_keep_its_application_alive() -> None:
    """The application holds its provider, so the provider holds the application weakly:
    a strong reference would be a cycle that outlives the last reference to the app."""
    app = StandInApp()
    provider = DefaultJSONProvider(app)  # type: ignore[arg-type]
    ref = weakref.ref(app)
    del app
    assert ref() is None
    with pytest.raises(ReferenceError):
        provider.response(1)
