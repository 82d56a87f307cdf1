"""A.10: rendering, the template context, autoescaping and streaming."""

from __future__ import annotations

import typing as t

import pytest


@pytest.fixture
def app(flask: t.Any, tmp_path: t.Any) -> t.Any:
    """The behaviour app, with a temporary directory as its template folder."""
    folder = tmp_path / "templates"
    folder.mkdir()
    app = flask.Flask("behaviour_app", template_folder=str(folder))
    app.config.update(TESTING=True, SECRET_KEY="behaviour key")
    app.template_dir = folder
    return app


@pytest.fixture
def templated(app: t.Any) -> t.Any:
    return app


def _write(app: t.Any, name: str, source: str) -> None:
    path = app.template_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)


def test_render_template_from_the_folder(flask: t.Any, templated: t.Any, client: t.Any) -> None:
    _write(templated, "hello.html", "Hello {{ name }}!")

    @templated.get("/")
    def index() -> str:
        return flask.render_template("hello.html", name="World")

    rv = client.get("/")
    assert rv.text == "Hello World!"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("name", ["a.html", "a.htm", "a.xml", "a.xhtml", "a.svg"])
def test_autoescape_by_extension(flask: t.Any, templated: t.Any, name: str) -> None:
    _write(templated, name, "{{ value }}")
    with templated.app_context():
        assert flask.render_template(name, value="<b>") == "&lt;b&gt;"


@pytest.mark.parametrize("name", ["a.txt", "a.js", "a.jinja", "a.HTML"])
def test_no_autoescape_for_other_extensions(flask: t.Any, templated: t.Any, name: str) -> None:
    _write(templated, name, "{{ value }}")
    with templated.app_context():
        assert flask.render_template(name, value="<b>") == "<b>"


def test_render_template_string_autoescapes(flask: t.Any, app: t.Any) -> None:
    with app.app_context():
        assert flask.render_template_string("{{ v }}", v="<i>") == "&lt;i&gt;"
        assert flask.render_template_string("{{ v|safe }}", v="<i>") == "<i>"


def test_autoescape_block_overrides(flask: t.Any, templated: t.Any) -> None:
    _write(templated, "a.txt", "{% autoescape true %}{{ v }}{% endautoescape %}")
    with templated.app_context():
        assert flask.render_template("a.txt", v="<") == "&lt;"


def test_markup_is_not_escaped_twice(flask: t.Any, app: t.Any) -> None:
    from markupsafe import Markup

    with app.app_context():
        assert flask.render_template_string("{{ v }}", v=Markup("<b>")) == "<b>"


def test_render_a_list_picks_the_first_existing(flask: t.Any, templated: t.Any) -> None:
    _write(templated, "second.html", "second")
    with templated.app_context():
        assert flask.render_template(["first.html", "second.html"]) == "second"


def test_missing_template_raises_template_not_found(flask: t.Any, templated: t.Any) -> None:
    from jinja2 import TemplateNotFound

    with templated.app_context(), pytest.raises(TemplateNotFound) as info:
        flask.render_template("missing.html")
    assert info.value.name == "missing.html"


def test_request_context_globals(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/page/<int:n>")
    def page(n: int) -> str:
        flask.g.user = "ann"
        flask.session["seen"] = True
        return flask.render_template_string(
            "{{ request.path }}|{{ request.args.q }}|{{ g.user }}|{{ session.seen }}"
            "|{{ config.SECRET_KEY }}|{{ url_for('page', n=2) }}"
        )

    assert client.get("/page/1?q=x").text == "/page/1|x|ann|True|behaviour key|/page/2"


def test_get_flashed_messages_in_a_template(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        flask.flash("one")
        flask.flash("two", "error")
        return flask.render_template_string(
            "{{ get_flashed_messages() }}|{{ get_flashed_messages(with_categories=true) }}"
        )

    assert client.get("/").text == (
        "[&#39;one&#39;, &#39;two&#39;]|[(&#39;message&#39;, &#39;one&#39;), (&#39;error&#39;,"
        " &#39;two&#39;)]"
    )


def test_rendering_with_only_an_app_context(flask: t.Any, app: t.Any) -> None:
    app.config["SERVER_NAME"] = "example.com"

    @app.get("/x")
    def x() -> str:
        return ""

    with app.app_context():
        flask.g.value = 5
        rv = flask.render_template_string("{{ g.value }} {{ config.TESTING }} {{ url_for('x') }}")
    assert rv == "5 True http://example.com/x"


def test_rendering_without_a_request_leaves_request_out_of_the_context(
    flask: t.Any, app: t.Any
) -> None:
    with app.app_context():
        context: dict[str, t.Any] = {}
        app.update_template_context(context)
    assert "request" not in context
    assert "g" in context


def test_context_processor(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.context_processor
    def extra() -> dict[str, t.Any]:
        return {"site": "shop", "shout": lambda s: s.upper()}

    @app.get("/")
    def index() -> str:
        return flask.render_template_string("{{ site }} {{ shout('hi') }}")

    assert client.get("/").text == "shop HI"


def test_explicit_context_wins_over_processors(flask: t.Any, app: t.Any) -> None:
    @app.context_processor
    def extra() -> dict[str, t.Any]:
        return {"site": "processor"}

    with app.test_request_context():
        assert flask.render_template_string("{{ site }}", site="explicit") == "explicit"


def test_template_filter_global_and_test(flask: t.Any, app: t.Any) -> None:
    @app.template_filter()
    def reverse(s: str) -> str:
        return s[::-1]

    @app.template_filter("double")
    def twice(s: str) -> str:
        return s * 2

    @app.template_global()
    def answer() -> int:
        return 42

    @app.template_test("even")
    def is_even(n: int) -> bool:
        return n % 2 == 0

    with app.app_context():
        rv = flask.render_template_string(
            "{{ 'ab'|reverse }} {{ 'x'|double }} {{ answer() }} {{ 4 is even }}"
        )
    assert rv == "ba xx 42 True"


def test_add_template_methods(flask: t.Any, app: t.Any) -> None:
    app.add_template_filter(str.upper, "up")
    app.add_template_global(len, "size")
    app.add_template_test(str.isdigit, "digits")
    with app.app_context():
        rv = flask.render_template_string("{{ 'a'|up }} {{ size('abc') }} {{ '12' is digits }}")
    assert rv == "A 3 True"


def test_blueprint_app_template_filter(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.app_template_filter()
    def bang(s: str) -> str:
        return s + "!"

    app.register_blueprint(bp)
    with app.app_context():
        assert flask.render_template_string("{{ 'hi'|bang }}") == "hi!"


def test_stream_template_string(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> t.Any:
        return flask.stream_template_string(
            "{% for i in items %}{{ i }}{{ request.args.sep }}{% endfor %}", items=[1, 2, 3]
        )

    rv = client.get("/?sep=,")
    assert rv.text == "1,2,3,"
    assert "Content-Length" not in rv.headers


def test_stream_template_from_a_file(flask: t.Any, templated: t.Any, client: t.Any) -> None:
    _write(templated, "list.html", "{% for i in items %}<{{ i }}>{% endfor %}")

    @templated.get("/")
    def index() -> t.Any:
        return flask.Response(flask.stream_template("list.html", items=["a", "<"]))

    assert client.get("/").text == "<a><&lt;>"


def test_get_template_attribute(flask: t.Any, templated: t.Any) -> None:
    _write(templated, "macros.html", "{% macro hello(name) %}Hello {{ name }}{% endmacro %}")
    with templated.app_context():
        hello = flask.get_template_attribute("macros.html", "hello")
        assert str(hello("you")) == "Hello you"


def test_templates_auto_reload_follows_debug(flask: t.Any) -> None:
    app = flask.Flask("templating_app")
    assert app.jinja_env.auto_reload is False
    app.debug = True
    assert app.jinja_env.auto_reload is True


def test_templates_auto_reload_setting_wins(flask: t.Any) -> None:
    app = flask.Flask("templating_app")
    app.config["TEMPLATES_AUTO_RELOAD"] = False
    app.debug = True
    assert app.jinja_env.auto_reload is False
    other = flask.Flask("templating_app")
    other.config["TEMPLATES_AUTO_RELOAD"] = True
    assert other.jinja_env.auto_reload is True


def test_jinja_options_and_environment_class(flask: t.Any) -> None:
    from flask.templating import Environment

    class App(flask.Flask):  # type: ignore[name-defined,misc]
        jinja_options = {"trim_blocks": True}

    app = App("templating_app")
    assert isinstance(app.jinja_env, Environment)
    assert app.jinja_env.trim_blocks is True
    assert "tojson" in app.jinja_env.filters


def test_select_jinja_autoescape(app: t.Any) -> None:
    assert app.select_jinja_autoescape("x.html") is True
    assert app.select_jinja_autoescape("x.svg") is True
    assert app.select_jinja_autoescape("x.txt") is False
    assert app.select_jinja_autoescape(None) is True


def test_blueprint_templates_folder(flask: t.Any, templated: t.Any, tmp_path: t.Any) -> None:
    folder = tmp_path / "bp_templates"
    (folder / "bp").mkdir(parents=True)
    (folder / "bp" / "page.html").write_text("from blueprint")
    bp = flask.Blueprint("bp", __name__, template_folder=str(folder))
    templated.register_blueprint(bp)
    with templated.app_context():
        assert flask.render_template("bp/page.html") == "from blueprint"


def test_app_templates_win_over_blueprint_templates(
    flask: t.Any, templated: t.Any, tmp_path: t.Any
) -> None:
    folder = tmp_path / "bp_templates"
    folder.mkdir()
    (folder / "page.html").write_text("blueprint")
    _write(templated, "page.html", "app")
    bp = flask.Blueprint("bp", __name__, template_folder=str(folder))
    templated.register_blueprint(bp)
    with templated.app_context():
        assert flask.render_template("page.html") == "app"
    assert sorted(templated.jinja_env.list_templates()) == ["page.html"]


def test_rendering_without_a_context_raises(flask: t.Any) -> None:
    with pytest.raises(RuntimeError, match="application context"):
        flask.render_template_string("x")


def test_a_template_without_session_adds_no_vary(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/plain")
    def plain() -> str:
        return flask.render_template_string("{{ request.path }}")

    @app.get("/uses")
    def uses() -> str:
        return flask.render_template_string("{{ session.get('x') }}")

    assert "Vary" not in client.get("/plain").headers
    assert client.get("/uses").headers["Vary"] == "Cookie"


def test_get_flashed_messages_category_filter(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.get("/")
    def index() -> str:
        flask.flash("a", "info")
        flask.flash("b", "error")
        flask.flash("c", "warning")
        return flask.render_template_string(
            "{{ get_flashed_messages(category_filter=['error', 'warning']) }}"
        )

    assert client.get("/").text == "[&#39;b&#39;, &#39;c&#39;]"


def test_include_and_extends(flask: t.Any, templated: t.Any) -> None:
    _write(templated, "base.html", "<{% block body %}{% endblock %}>")
    _write(templated, "part.html", "[{{ v }}]")
    _write(
        templated,
        "page.html",
        '{% extends "base.html" %}{% block body %}{% include "part.html" %}{% endblock %}',
    )
    with templated.app_context():
        assert flask.render_template("page.html", v="<x>") == "<[&lt;x&gt;]>"


def test_explained_loading_from_a_blueprint_endpoint(
    flask: t.Any, app: t.Any, client: t.Any, caplog: pytest.LogCaptureFixture
) -> None:
    from jinja2 import TemplateNotFound

    app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    shop = flask.Blueprint("shop", __name__)

    @shop.route("/missing")
    def missing() -> str:
        return t.cast(str, flask.render_template("missing.html"))

    app.register_blueprint(shop)
    with caplog.at_level("INFO"), pytest.raises(TemplateNotFound):
        client.get("/missing")
    [record] = [r for r in caplog.records if r.name == "behaviour_app"]
    message = record.getMessage()
    assert "Locating template 'missing.html':" in message
    assert "1: trying loader of application 'behaviour_app'" in message
    assert "Error: the template could not be found" in message
    assert "looked up from an endpoint that belongs to the blueprint 'shop'" in message
    assert "See https://flask.palletsprojects.com/blueprints/#templates" in message
