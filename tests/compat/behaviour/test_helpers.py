"""Helpers (reference A.16 and the top-level helper functions)."""

from __future__ import annotations

import os
import typing as t

import pytest


def test_make_response_without_arguments(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        rv = flask.make_response()
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.mimetype == "text/html"


def test_make_response_single_and_several_arguments(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        single = flask.make_response("one")
        several = flask.make_response("two", 201, {"X-H": "v"})
        from_tuple = flask.make_response(("three", 202))
    assert single.data == b"one"
    assert (several.status_code, several.headers["X-H"]) == (201, "v")
    assert from_tuple.status_code == 202


def test_make_response_of_dict(flask: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        rv = flask.make_response({"a": 1})
    assert rv.mimetype == "application/json"


def test_make_response_outside_request(flask: t.Any) -> None:
    with pytest.raises(RuntimeError, match="Working outside of application context"):
        flask.make_response("x")


def test_jsonify_forms(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        assert flask.jsonify(a=1).get_json() == {"a": 1}
        assert flask.jsonify({"b": 2}).get_json() == {"b": 2}
        assert flask.jsonify(1, 2).get_json() == [1, 2]
        assert flask.jsonify().get_json() is None
        with pytest.raises(TypeError):
            flask.jsonify(1, a=2)


def test_jsonify_response(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return flask.jsonify(z=1, a=[1, "é"])

    rv = client.get("/")
    assert rv.status == "200 OK"
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.data == b'{"a":[1,"\\u00e9"],"z":1}\n'


def test_jsonify_pretty_in_debug(flask: t.Any, app: t.Any) -> None:
    app.debug = True
    with app.app_context():
        assert flask.jsonify(a=1).data == b'{\n  "a": 1\n}\n'


def test_redirect_uses_app_redirect(flask: t.Any, app: t.Any, client: t.Any) -> None:
    calls: list[t.Any] = []
    original = app.redirect

    def redirect(location: str, code: int = 302) -> t.Any:
        calls.append((location, code))
        return original(location, code)

    app.redirect = redirect

    @app.route("/")
    def index() -> t.Any:
        return flask.redirect("/there", 303)

    rv = client.get("/")
    assert rv.status == "303 SEE OTHER"
    assert calls == [("/there", 303)]


def test_redirect_without_app(flask: t.Any) -> None:
    rv = flask.redirect("/x", 307)
    assert rv.status_code == 307
    assert rv.headers["Location"] == "/x"


def test_redirect_body_escapes_location(flask: t.Any) -> None:
    rv = flask.redirect('/a?b=<c>&d="e"')
    assert b"&lt;c&gt;" in rv.data
    assert b"<c>" not in rv.data
    assert rv.headers["Location"] == '/a?b=<c>&d="e"'


def test_flash_and_get_flashed_messages(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/set")
    def set_messages() -> str:
        flask.flash("plain")
        flask.flash("careful", "warning")
        flask.flash("bad", "error")
        return "set"

    @app.route("/get")
    def get_messages() -> t.Any:
        return {
            "all": flask.get_flashed_messages(),
            "with_categories": flask.get_flashed_messages(with_categories=True),
            "filtered": flask.get_flashed_messages(category_filter=["error"]),
        }

    client.get("/set")
    assert client.get("/get").get_json() == {
        "all": ["plain", "careful", "bad"],
        "with_categories": [["message", "plain"], ["warning", "careful"], ["error", "bad"]],
        "filtered": ["bad"],
    }
    assert client.get("/get").get_json() == {"all": [], "with_categories": [], "filtered": []}


def test_flash_in_same_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        flask.flash("now")
        return {"messages": flask.get_flashed_messages()}

    assert client.get("/").get_json() == {"messages": ["now"]}


def test_flashed_messages_in_template(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        flask.flash("hello")
        return t.cast(
            str,
            flask.render_template_string(
                "{% for m in get_flashed_messages() %}[{{ m }}]{% endfor %}"
            ),
        )

    assert client.get("/").data == b"[hello]"


def test_message_flashed_signal(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    def receiver(sender: t.Any, message: str, category: str, **kwargs: t.Any) -> None:
        seen.append((message, category))

    @app.route("/")
    def index() -> str:
        flask.flash("m", "info")
        return ""

    with flask.message_flashed.connected_to(receiver, app):
        client.get("/")
    assert seen == [("m", "info")]


def test_get_template_attribute(flask: t.Any, app: t.Any, tmp_path: t.Any) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "macros.html").write_text(
        "{% macro hello(name) %}Hello {{ name }}!{% endmacro %}{% set value = 42 %}"
    )
    app = flask.Flask("behaviour_app", root_path=str(tmp_path))
    with app.app_context():
        assert flask.get_template_attribute("macros.html", "hello")("you") == "Hello you!"
        assert flask.get_template_attribute("macros.html", "value") == 42


def test_render_template_string_autoescape(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        assert flask.render_template_string("{{ v }}", v="<b>") == "&lt;b&gt;"


def test_render_template_autoescape_by_extension(flask: t.Any, tmp_path: t.Any) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "a.html").write_text("{{ v }}")
    (tmp_path / "templates" / "a.txt").write_text("{{ v }}")
    app = flask.Flask("behaviour_app", root_path=str(tmp_path))
    with app.app_context():
        assert flask.render_template("a.html", v="<b>") == "&lt;b&gt;"
        assert flask.render_template("a.txt", v="<b>") == "<b>"


def test_render_missing_template(flask: t.Any, app: t.Any) -> None:
    from jinja2 import TemplateNotFound

    with app.app_context(), pytest.raises(TemplateNotFound):
        flask.render_template("missing.html")


def test_stream_template_string(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return flask.stream_template_string(
            "{% for i in items %}{{ i }},{% endfor %}", items=[1, 2]
        )

    rv = client.get("/")
    assert rv.data == b"1,2,"
    assert "Content-Length" not in rv.headers


def test_get_root_path(flask: t.Any) -> None:
    from flask.helpers import get_root_path

    assert get_root_path(__name__) == os.path.dirname(os.path.abspath(__file__))
    assert get_root_path("os") == os.path.dirname(os.path.abspath(os.__file__))


def test_get_debug_flag_default(flask: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from flask.helpers import get_debug_flag, get_load_dotenv

    for name in ("FLASK_DEBUG", "DEMIJOHN_DEBUG", "FLASK_SKIP_DOTENV", "DEMIJOHN_SKIP_DOTENV"):
        monkeypatch.delenv(name, raising=False)
    assert get_debug_flag() is False
    assert get_load_dotenv() is True
    assert get_load_dotenv(False) is False


def test_url_for_with_external_in_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/here")
    def here() -> str:
        return t.cast(str, flask.url_for("here", _external=True))

    assert client.get("/here", base_url="https://site.test").data == b"https://site.test/here"


def test_url_for_none_values_are_dropped(flask: t.Any, app: t.Any) -> None:
    app.add_url_rule("/", "i", lambda: "")
    with app.test_request_context():
        assert flask.url_for("i", q=None, r="1") == "/?r=1"


def test_url_for_with_application_root_in_request(flask: t.Any, app: t.Any) -> None:
    app.add_url_rule("/x", "x", lambda: "")
    with app.test_request_context(environ_overrides={"SCRIPT_NAME": "/mounted"}):
        assert flask.url_for("x") == "/mounted/x"


def test_abort_inside_before_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.before_request(lambda: flask.abort(401))
    app.add_url_rule("/", "i", lambda: "never")
    assert client.get("/").status_code == 401


def test_send_file_and_url_for_are_top_level(flask: t.Any) -> None:
    from flask import helpers

    for name in ("url_for", "redirect", "abort", "send_file", "send_from_directory", "flash"):
        assert getattr(flask, name) is getattr(helpers, name)
