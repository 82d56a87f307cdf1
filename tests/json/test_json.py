"""Tests for the demijohn.json functions, with and without an active application."""

from __future__ import annotations

import collections.abc as cabc
import decimal
import io
import types
import typing as t
import uuid
from datetime import date

import pytest
from markupsafe import Markup
from werkzeug.wrappers import Response

import demijohn.json as dj_json
from demijohn.globals import _cv_app
from demijohn.json.provider import DefaultJSONProvider


class RecordingProvider(DefaultJSONProvider):
    """A default provider that records every call, to show which functions route through it."""

    def __init__(self, app: t.Any) -> None:
        super().__init__(app)
        self.calls: list[tuple[str, dict[str, t.Any]]] = []

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        self.calls.append(("dumps", dict(kwargs)))
        return super().dumps(obj, **kwargs)

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        self.calls.append(("loads", dict(kwargs)))
        return super().loads(s, **kwargs)


class StandInApp:
    response_class = Response

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug
        self.json = RecordingProvider(self)


@pytest.fixture
def app() -> cabc.Iterator[StandInApp]:
    """A stand-in application made current the way an application context does it."""
    app = StandInApp()
    token = _cv_app.set(types.SimpleNamespace(app=app))  # type: ignore[arg-type]
    yield app
    _cv_app.reset(token)


def test_dumps_without_app_uses_stdlib_with_extra_types() -> None:
    value = {"b": date(2000, 1, 1), "a": uuid.UUID(int=2), "c": Markup("<p>")}
    out = dj_json.dumps(value)
    assert out == (
        '{"b": "Sat, 01 Jan 2000 00:00:00 GMT",'
        ' "a": "00000000-0000-0000-0000-000000000002", "c": "<p>"}'
    )


def test_dumps_without_app_keeps_a_given_default() -> None:
    assert dj_json.dumps({1, 2}, default=sorted) == "[1, 2]"


def test_dumps_without_app_passes_keyword_arguments() -> None:
    assert dj_json.dumps({"b": 1, "a": 2}, sort_keys=True, indent=None) == '{"a": 2, "b": 1}'


def test_dumps_without_app_rejects_unknown_types() -> None:
    with pytest.raises(TypeError, match="object"):
        dj_json.dumps(object())


def test_dump_without_app_writes_extra_types() -> None:
    fp = io.StringIO()
    dj_json.dump([decimal.Decimal("1.10")], fp)
    assert fp.getvalue() == '["1.10"]'


@pytest.mark.parametrize("document", ['{"a": 1}', b'{"a": 1}'])
def test_loads_without_app(document: str | bytes) -> None:
    assert dj_json.loads(document) == {"a": 1}


def test_load_without_app() -> None:
    assert dj_json.load(io.BytesIO(b"[1, 2]")) == [1, 2]


def test_dumps_with_app_uses_the_app_provider(app: StandInApp) -> None:
    assert dj_json.dumps({"b": 1, "a": 2}, indent=None) == '{"a": 2, "b": 1}'
    assert app.json.calls == [("dumps", {"indent": None})]


def test_dump_with_app_uses_the_app_provider(app: StandInApp) -> None:
    fp = io.StringIO()
    dj_json.dump({"b": 1, "a": 2}, fp, separators=(",", ":"))
    assert fp.getvalue() == '{"a":2,"b":1}'
    assert app.json.calls == [("dumps", {"separators": (",", ":")})]


def test_loads_with_app_uses_the_app_provider(app: StandInApp) -> None:
    assert dj_json.loads("1.5", parse_float=decimal.Decimal) == decimal.Decimal("1.5")
    assert app.json.calls == [("loads", {"parse_float": decimal.Decimal})]


def test_load_with_app_uses_the_app_provider(app: StandInApp) -> None:
    assert dj_json.load(io.StringIO("[1]")) == [1]
    assert app.json.calls == [("loads", {})]


def test_app_provider_settings_apply_through_the_functions(app: StandInApp) -> None:
    app.json.ensure_ascii = False
    assert dj_json.dumps("é") == '"é"'


def test_jsonify_needs_an_app() -> None:
    with pytest.raises(RuntimeError, match="application context"):
        dj_json.jsonify(1)


def test_jsonify_builds_a_response_with_the_app_provider(app: StandInApp) -> None:
    rv = dj_json.jsonify(b=[1, 2], a=None)
    assert rv.mimetype == "application/json"
    assert rv.get_data(as_text=True) == '{"a":null,"b":[1,2]}\n'
    assert app.json.calls == [("dumps", {"separators": (",", ":")})]


def test_jsonify_pretty_prints_in_debug_mode(app: StandInApp) -> None:
    app.debug = True
    assert dj_json.jsonify(1, 2).get_data(as_text=True) == "[\n  1,\n  2\n]\n"


def test_jsonify_refuses_mixed_arguments(app: StandInApp) -> None:
    with pytest.raises(TypeError, match="not both"):
        dj_json.jsonify(1, a=2)


# Through a real application


@pytest.fixture
def web_app() -> t.Any:
    from demijohn import Demijohn

    web_app = Demijohn("json_test_app")
    web_app.config["TESTING"] = True
    return web_app


def test_functions_use_the_provider_of_the_pushed_app(web_app: t.Any) -> None:
    web_app.json.ensure_ascii = False
    with web_app.app_context():
        assert dj_json.dumps({"b": "é", "a": 1}) == '{"a": 1, "b": "é"}'
    assert dj_json.dumps({"b": "é", "a": 1}) == '{"b": "\\u00e9", "a": 1}'


def test_jsonify_in_a_view(web_app: t.Any) -> None:
    @web_app.route("/")
    def index() -> t.Any:
        return dj_json.jsonify(1, [2], {"three": 3})

    response = web_app.test_client().get("/")
    assert response.mimetype == "application/json"
    assert response.json == [1, [2], {"three": 3}]
    web_app.debug = True
    assert web_app.test_client().get("/").text.startswith("[\n  1,\n")
