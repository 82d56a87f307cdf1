"""A.9: JSON responses, the default provider's conversions, and the tagged serializer."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import typing as t
import uuid

import pytest


def test_jsonify_is_compact_and_sorted(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> t.Any:
        return flask.jsonify({"b": 1, "a": [1, 2]})

    rv = client.get("/")
    assert rv.data == b'{"a":[1,2],"b":1}\n'
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.mimetype == "application/json"


def test_jsonify_indents_in_debug(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.debug = True

    @app.get("/")
    def index() -> t.Any:
        return flask.jsonify(b=1, a=2)

    assert client.get("/").data == b'{\n  "a": 2,\n  "b": 1\n}\n'


def test_compact_true_wins_over_debug(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.debug = True
    app.json.compact = True

    @app.get("/")
    def index() -> t.Any:
        return flask.jsonify(a=1)

    assert client.get("/").data == b'{"a":1}\n'


def test_compact_false_indents_outside_debug(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.json.compact = False

    @app.get("/")
    def index() -> t.Any:
        return flask.jsonify([1])

    assert client.get("/").data == b"[\n  1\n]\n"


def test_jsonify_arguments(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        assert flask.jsonify(1, 2).get_json() == [1, 2]
        assert flask.jsonify(3).get_json() == 3
        assert flask.jsonify().get_json() is None
        assert flask.jsonify(a=1).get_json() == {"a": 1}
        with pytest.raises(TypeError, match="args or kwargs"):
            flask.jsonify(1, a=2)


def test_returning_a_dict_or_list(app: t.Any, client: t.Any) -> None:
    @app.get("/dict")
    def as_dict() -> t.Any:
        return {"z": 1, "y": 2}

    @app.get("/list")
    def as_list() -> t.Any:
        return [{"b": 1, "a": 2}]

    rv = client.get("/dict")
    assert rv.data == b'{"y":2,"z":1}\n'
    assert rv.headers["Content-Type"] == "application/json"
    assert client.get("/list").data == b'[{"a":2,"b":1}]\n'


def test_ensure_ascii_and_its_switch(app: t.Any) -> None:
    with app.app_context():
        assert app.json.dumps({"k": "é"}) == '{"k": "\\u00e9"}'
        app.json.ensure_ascii = False
        assert app.json.dumps({"k": "é"}) == '{"k": "é"}'


def test_sort_keys_switch(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.json.sort_keys = False

    @app.get("/")
    def index() -> t.Any:
        return {"b": 1, "a": 2}

    assert client.get("/").data == b'{"b":1,"a":2}\n'


def test_mimetype_switch(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.json.mimetype = "application/vnd.api+json"

    @app.get("/")
    def index() -> t.Any:
        return flask.jsonify(1)

    assert client.get("/").headers["Content-Type"] == "application/vnd.api+json"


def test_dates_are_http_dates(app: t.Any) -> None:
    with app.app_context():
        when = datetime.datetime(2015, 10, 21, 7, 28, tzinfo=datetime.UTC)
        assert app.json.dumps(when) == '"Wed, 21 Oct 2015 07:28:00 GMT"'
        assert app.json.dumps(datetime.date(2015, 10, 21)) == '"Wed, 21 Oct 2015 00:00:00 GMT"'


def test_naive_datetime_is_taken_as_utc(app: t.Any) -> None:
    with app.app_context():
        assert app.json.dumps(datetime.datetime(2000, 1, 1)) == '"Sat, 01 Jan 2000 00:00:00 GMT"'


def test_aware_datetime_is_converted_to_utc(app: t.Any) -> None:
    tz = datetime.timezone(datetime.timedelta(hours=2))
    with app.app_context():
        when = datetime.datetime(2000, 1, 1, 2, 30, tzinfo=tz)
        assert app.json.dumps(when) == '"Sat, 01 Jan 2000 00:30:00 GMT"'


def test_decimal_uuid_and_html(app: t.Any) -> None:
    from markupsafe import Markup

    with app.app_context():
        assert app.json.dumps(decimal.Decimal("1.10")) == '"1.10"'
        value = uuid.UUID("12345678-1234-5678-1234-567812345678")
        assert app.json.dumps(value) == '"12345678-1234-5678-1234-567812345678"'
        assert app.json.dumps(Markup("<b>")) == '"<b>"'

        class Html:
            def __html__(self) -> str:
                return "<i>x</i>"

        assert app.json.dumps(Html()) == '"<i>x</i>"'


def test_dataclass(app: t.Any) -> None:
    @dataclasses.dataclass
    class Point:
        y: int
        x: int

    with app.app_context():
        assert app.json.dumps(Point(2, 1)) == '{"x": 1, "y": 2}'


def test_dataclass_class_is_not_converted(app: t.Any) -> None:
    @dataclasses.dataclass
    class Point:
        x: int

    with app.app_context(), pytest.raises(TypeError):
        app.json.dumps(Point)


def test_unserialisable_raises_type_error(flask: t.Any, app: t.Any, client: t.Any) -> None:
    with app.app_context(), pytest.raises(TypeError) as info:
        app.json.dumps(object())
    assert str(info.value).startswith("Object of type object is not JSON serializable")

    @app.get("/")
    def index() -> t.Any:
        return flask.jsonify({"s": {1, 2}})

    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        client.get("/")


def test_module_functions_use_the_app_inside_a_context(flask: t.Any, app: t.Any) -> None:
    assert flask.json.dumps({"b": 1, "a": 2}) == '{"b": 1, "a": 2}'
    with app.app_context():
        assert flask.json.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'


def test_module_dumps_converts_dates_without_an_app(flask: t.Any) -> None:
    assert flask.json.dumps(datetime.date(2020, 2, 2)) == '"Sun, 02 Feb 2020 00:00:00 GMT"'


def test_module_loads_and_load(flask: t.Any, app: t.Any) -> None:
    import io

    assert flask.json.loads(b'{"a": 1}') == {"a": 1}
    with app.app_context():
        assert flask.json.loads('{"a": [1]}') == {"a": [1]}
        assert flask.json.load(io.StringIO("[true]")) == [True]
        out = io.StringIO()
        flask.json.dump({"b": 1, "a": 1}, out)
        assert out.getvalue() == '{"a": 1, "b": 1}'


def test_request_json(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/")
    def index() -> t.Any:
        return {"got": flask.request.json}

    assert client.post("/", json={"x": [1]}).json == {"got": {"x": [1]}}


def test_request_json_with_wrong_content_type_is_415(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.post("/")
    def index() -> t.Any:
        return {"got": flask.request.json}

    assert client.post("/", data="{}", content_type="text/plain").status_code == 415


def test_request_invalid_json_is_400(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/")
    def index() -> t.Any:
        return {"got": flask.request.json}

    rv = client.post("/", data="{not json", content_type="application/json")
    assert rv.status_code == 400


def test_get_json_silent(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/")
    def index() -> t.Any:
        return {"got": flask.request.get_json(silent=True)}

    assert client.post("/", data="{bad", content_type="application/json").json == {"got": None}


def test_tojson_filter_escapes_html(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        rv = flask.render_template_string("{{ value|tojson }}", value="</script>&'")
    assert rv == '"\\u003c/script\\u003e\\u0026\\u0027"'


def test_tojson_filter_uses_the_app_provider(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        rv = flask.render_template_string("{{ value|tojson }}", value={"b": 1, "a": 2})
    assert rv == '{"a": 2, "b": 1}'


def test_custom_provider_class(flask: t.Any) -> None:
    from flask.json.provider import DefaultJSONProvider

    class Provider(DefaultJSONProvider):
        @staticmethod
        def default(o: t.Any) -> t.Any:
            if isinstance(o, set):
                return sorted(o)
            return DefaultJSONProvider.default(o)

    class App(flask.Flask):  # type: ignore[name-defined,misc]
        json_provider_class = Provider

    app = App("json_app")
    assert isinstance(app.json, Provider)
    with app.app_context():
        assert flask.jsonify({3, 1, 2}).get_json() == [1, 2, 3]


def test_provider_response_method(app: t.Any) -> None:
    with app.app_context():
        rv = app.json.response({"a": 1})
    assert rv.data == b'{"a":1}\n'
    assert rv.status_code == 200


def test_tagged_serializer_output(flask: t.Any) -> None:
    from flask.json.tag import TaggedJSONSerializer

    serializer = TaggedJSONSerializer()
    assert serializer.dumps((1, 2)) == '{" t":[1,2]}'
    assert serializer.dumps(b"\xff") == '{" b":"/w=="}'
    assert serializer.dumps({" t": 1}) == '{" di":{" t__":1}}'
    assert serializer.dumps({"a": 1}) == '{"a":1}'


def test_tagged_serializer_round_trips(flask: t.Any) -> None:
    from flask.json.tag import TaggedJSONSerializer
    from markupsafe import Markup

    serializer = TaggedJSONSerializer()
    values = [
        {" di": 1},
        (1, (2,)),
        [b"x", (3,)],
        Markup("<b>"),
        uuid.uuid4(),
        datetime.datetime(2021, 1, 1, 12, tzinfo=datetime.UTC),
        {"nested": {" t": [1]}},
        "plain",
    ]
    for value in values:
        assert serializer.loads(serializer.dumps(value)) == value


def test_tagged_datetime_is_an_http_date(flask: t.Any) -> None:
    from flask.json.tag import TaggedJSONSerializer

    serializer = TaggedJSONSerializer()
    when = datetime.datetime(2021, 1, 1, 12, tzinfo=datetime.UTC)
    assert serializer.dumps(when) == '{" d":"Fri, 01 Jan 2021 12:00:00 GMT"}'


def test_default_tag_order(flask: t.Any) -> None:
    from flask.json import tag

    assert tag.TaggedJSONSerializer.default_tags == [
        tag.TagDict,
        tag.PassDict,
        tag.TagTuple,
        tag.PassList,
        tag.TagBytes,
        tag.TagMarkup,
        tag.TagUUID,
        tag.TagDateTime,
    ]
    assert [c.key for c in tag.TaggedJSONSerializer.default_tags] == [
        " di",
        "",
        " t",
        "",
        " b",
        " m",
        " u",
        " d",
    ]


def test_register_a_custom_tag(flask: t.Any) -> None:
    from flask.json.tag import JSONTag, TaggedJSONSerializer

    class Cents:
        def __init__(self, value: int) -> None:
            self.value = value

    class TagCents(JSONTag):
        key = " c"

        def check(self, value: t.Any) -> bool:
            return isinstance(value, Cents)

        def to_json(self, value: t.Any) -> t.Any:
            return value.value

        def to_python(self, value: t.Any) -> t.Any:
            return Cents(value)

    serializer = TaggedJSONSerializer()
    serializer.register(TagCents)
    assert serializer.dumps(Cents(5)) == '{" c":5}'
    assert serializer.loads('{" c":7}').value == 7
    with pytest.raises(KeyError, match="' c'"):
        serializer.register(TagCents)
    serializer.register(TagCents, force=True)


def test_register_with_an_index_checks_it_first(flask: t.Any) -> None:
    from flask.json.tag import JSONTag, TaggedJSONSerializer

    class TagTupleAsList(JSONTag):
        key = " tl"

        def check(self, value: t.Any) -> bool:
            return isinstance(value, tuple)

        def to_json(self, value: t.Any) -> t.Any:
            return list(value)

        def to_python(self, value: t.Any) -> t.Any:
            return tuple(value)

    serializer = TaggedJSONSerializer()
    serializer.register(TagTupleAsList, index=0)
    assert serializer.dumps((1,)) == '{" tl":[1]}'


def test_unknown_tag_is_left_as_a_dict(flask: t.Any) -> None:
    from flask.json.tag import TaggedJSONSerializer

    assert TaggedJSONSerializer().loads('{" zz":1}') == {" zz": 1}


def test_jsonify_none_and_scalars(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        assert flask.jsonify(None).data == b"null\n"
        assert flask.jsonify("x").data == b'"x"\n'
        assert flask.jsonify((1, 2)).data == b"[1,2]\n"


def test_dumps_keyword_arguments_win(app: t.Any) -> None:
    with app.app_context():
        assert app.json.dumps({"b": 1, "a": 2}, sort_keys=False) == '{"b": 1, "a": 2}'
        assert app.json.dumps([1], indent=1) == "[\n 1\n]"


def test_default_rejects_unknown_types(flask: t.Any) -> None:
    from flask.json.provider import DefaultJSONProvider

    with pytest.raises(TypeError):
        DefaultJSONProvider.default(object())
    assert DefaultJSONProvider.default(decimal.Decimal("2")) == "2"


def test_vendor_json_mimetype_is_json(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/")
    def index() -> t.Any:
        return {"is_json": flask.request.is_json, "got": flask.request.json}

    rv = client.post("/", data='{"a": 1}', content_type="application/vnd.api+json")
    assert rv.json == {"is_json": True, "got": {"a": 1}}


def test_get_json_force(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.post("/")
    def index() -> t.Any:
        return {"got": flask.request.get_json(force=True)}

    assert client.post("/", data='{"a": 1}', content_type="text/plain").json == {"got": {"a": 1}}


def test_returning_a_dict_with_status_and_headers(app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> t.Any:
        return {"created": True}, 201, {"Location": "/x"}

    rv = client.get("/")
    assert rv.status_code == 201
    assert rv.headers["Location"] == "/x"
    assert rv.headers["Content-Type"] == "application/json"
