"""Rendering templates: the render and stream functions, the loader that searches the app's and
the blueprints' folders, the environment class, the template signals, and macros from Python.

The methods that configure the environment (autoescaping, context processors, filters) are
tested in ``test_app.py``. Templates are in ``tests/templates`` (the ``app``
fixture's template folder) and ``tests/blueprint_templates``.
"""

from __future__ import annotations

import logging
import os
import typing as t
from pathlib import Path

import pytest
from jinja2 import (
    ChoiceLoader,
    DictLoader,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    Template,
    TemplateNotFound,
)

from demijohn import (
    Blueprint,
    Demijohn,
    before_render_template,
    g,
    get_template_attribute,
    render_template,
    render_template_string,
    request,
    session,
    stream_template,
    stream_template_string,
    stream_with_context,
    template_rendered,
)
from demijohn.templating import DispatchingJinjaLoader, Environment
from demijohn.testing import DemijohnClient

BLUEPRINT_TEMPLATES = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "blueprint_templates"
)

Recorded = list[tuple[str, Template, dict[str, t.Any]]]


def make_blueprint(name: str, folder: str | None = None) -> Blueprint:
    return Blueprint(name, __name__, template_folder=folder, root_path=BLUEPRINT_TEMPLATES)


@pytest.fixture
def recorded(app: Demijohn) -> t.Iterator[Recorded]:
    """What the template signals receive, in order, while the test runs."""
    calls: Recorded = []

    def before(sender: Demijohn, template: Template, context: dict[str, t.Any]) -> None:
        assert sender is app
        calls.append(("before", template, dict(context)))

    def after(sender: Demijohn, template: Template, context: dict[str, t.Any]) -> None:
        assert sender is app
        calls.append(("rendered", template, dict(context)))

    with (
        before_render_template.connected_to(before, app),
        template_rendered.connected_to(after, app),
    ):
        yield calls


# -- rendering --------------------------------------------------------------------------------


def test_render_template_in_a_view(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/")
    def index() -> str:
        return render_template("hello.html", name="<World>")

    response = client.get("/")
    assert response.status_code == 200
    assert response.text == "Hello &lt;World&gt;!"


def test_render_template_with_only_an_app_context(app: Demijohn) -> None:
    with app.app_context():
        g.value = "from g"
        assert render_template("context.html") == "g=from g request=- session=- testing=True"


def test_render_template_in_a_request_sees_request_and_session(app: Demijohn) -> None:
    with app.test_request_context("/somewhere"):
        g.value = 1
        session["user"] = "ann"
        assert render_template("context.html") == (
            "g=1 request=/somewhere session=ann testing=True"
        )


def test_render_template_picks_the_first_existing_name_in_a_list(app: Demijohn) -> None:
    with app.app_context():
        rv = render_template(["missing.html", "hello.html", "shared.html"], name="list")
    assert rv == "Hello list!"


def test_render_template_accepts_a_template_object(app: Demijohn) -> None:
    with app.app_context():
        template = app.jinja_env.from_string("{{ a }}+{{ b }}")
        assert render_template(template, a=1, b=2) == "1+2"


def test_render_template_missing_raises_template_not_found(app: Demijohn) -> None:
    with app.app_context(), pytest.raises(TemplateNotFound, match=r"no-such-template\.html"):
        render_template("no-such-template.html")


def test_render_template_needs_an_app_context() -> None:
    with pytest.raises(RuntimeError, match="outside of application context"):
        render_template("hello.html")


def test_render_template_string_escapes_and_sees_context(app: Demijohn) -> None:
    with app.test_request_context("/p?q=<i>"):
        rv = render_template_string("{{ request.args.q }} {{ value }}", value="<b>")
    assert rv == "&lt;i&gt; &lt;b&gt;"


def test_render_template_string_with_only_an_app_context(app: Demijohn) -> None:
    with app.app_context():
        g.value = "x"
        assert render_template_string("{{ g.value }}{{ config.TESTING }}") == "xTrue"


# -- streaming --------------------------------------------------------------------------------


def test_stream_template_in_a_view_keeps_the_request(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/stream")
    def stream() -> t.Iterator[str]:
        # ``request`` is read by the template only while the response is sent.
        return stream_template_string(
            "{{ request.args.who }}|{% for i in items %}{{ i }}{% endfor %}", items=[1, 2, 3]
        )

    response = client.get("/stream?who=ann")
    assert response.text == "ann|123"


def test_stream_template_yields_in_pieces(app: Demijohn) -> None:
    with app.test_request_context():
        chunks = list(stream_template("items.html", items=["a", "<b>"]))
    assert len(chunks) > 1
    assert "".join(chunks) == "[a][&lt;b&gt;]"


def test_stream_template_in_a_request_is_bound_to_it(app: Demijohn) -> None:
    app.add_url_rule("/first", "first", lambda: "")
    with app.test_request_context("/first"):
        stream = stream_template_string("{{ request.path }} {{ url_for('first') }}")
    # The iterator still sees the request it was created for, after its context was popped:
    # url_for needs the request to build a relative URL.
    assert "".join(stream) == "/first /first"


def test_stream_template_uses_context_processors(app: Demijohn) -> None:
    @app.context_processor
    def provide() -> dict[str, t.Any]:
        return {"items": ["from a processor"]}

    with app.app_context():
        assert "".join(stream_template("items.html")) == "[from a processor]"
        assert "".join(stream_template_string("{{ items[0] }}")) == "from a processor"


def test_stream_template_without_a_request_is_a_plain_generator(app: Demijohn) -> None:
    with app.app_context():
        g.value = "v"
        stream = stream_template("items.html", items=[g.value])
        assert "".join(stream) == "[v]"


def test_stream_template_response(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/")
    def index() -> t.Iterator[str]:
        g.value = "from the view"
        return stream_template("context.html")

    assert client.get("/").text == "g=from the view request=/ session=- testing=True"


def test_stream_template_can_be_wrapped_again(app: Demijohn, client: DemijohnClient) -> None:
    @app.route("/")
    def index() -> t.Iterator[str]:
        return stream_with_context(stream_template("hello.html", name="twice"))

    assert client.get("/").text == "Hello twice!"


def test_stream_sends_template_rendered_when_exhausted(app: Demijohn, recorded: Recorded) -> None:
    with app.app_context():
        stream = stream_template("items.html", items=[1])
        assert [name for name, *_ in recorded] == ["before"]
        assert "".join(stream) == "[1]"
    assert [name for name, *_ in recorded] == ["before", "rendered"]


# -- signals ----------------------------------------------------------------------------------


def test_signals_around_render_template(app: Demijohn, recorded: Recorded) -> None:
    with app.app_context():
        render_template("hello.html", name="sig")
    assert [name for name, *_ in recorded] == ["before", "rendered"]
    for _name, template, context in recorded:
        assert template.name == "hello.html"
        assert context["name"] == "sig"
        assert "g" in context


def test_signals_around_render_template_string(app: Demijohn, recorded: Recorded) -> None:
    with app.app_context():
        render_template_string("{{ x }}", x=1)
    assert [(name, context["x"]) for name, _template, context in recorded] == [
        ("before", 1),
        ("rendered", 1),
    ]


def test_before_render_template_can_change_the_context(app: Demijohn) -> None:
    def change(sender: Demijohn, template: Template, context: dict[str, t.Any]) -> None:
        context["name"] = "changed"

    with before_render_template.connected_to(change, app), app.app_context():
        assert render_template("hello.html", name="original") == "Hello changed!"


def test_async_signal_receiver_runs(app: Demijohn) -> None:
    seen: list[str] = []

    async def receiver(sender: Demijohn, template: Template, context: dict[str, t.Any]) -> None:
        seen.append(context["name"])

    with template_rendered.connected_to(receiver, app), app.app_context():
        render_template("hello.html", name="async")
    assert seen == ["async"]


# -- the loader -------------------------------------------------------------------------------


def test_app_templates_come_before_blueprint_templates(app: Demijohn) -> None:
    app.register_blueprint(make_blueprint("first", "first"))
    with app.app_context():
        assert render_template("shared.html") == "shared from the app"
        assert render_template("only_first.html") == "only in first"


@pytest.mark.parametrize(
    ("order", "expected"),
    [(("first", "second"), "both from first"), (("second", "first"), "both from second")],
)
def test_blueprints_are_searched_in_registration_order(
    app: Demijohn, order: tuple[str, str], expected: str
) -> None:
    for name in order:
        app.register_blueprint(make_blueprint(name, name))
    with app.app_context():
        assert render_template("both.html") == expected
        assert render_template("only_second.html") == "only in second"


def test_blueprints_without_a_template_folder_are_skipped(app: Demijohn) -> None:
    app.register_blueprint(make_blueprint("empty"))
    app.register_blueprint(make_blueprint("second", "second"))
    with app.app_context():
        assert render_template("only_second.html") == "only in second"


def test_app_without_a_template_folder_uses_blueprint_templates() -> None:
    app = Demijohn(__name__, template_folder=None)
    app.register_blueprint(make_blueprint("first", "first"))
    with app.app_context():
        assert render_template("shared.html") == "shared from first"
        with pytest.raises(TemplateNotFound):
            render_template("hello.html")


def test_template_not_found_when_no_loader_has_it(app: Demijohn) -> None:
    app.register_blueprint(make_blueprint("first", "first"))
    loader = DispatchingJinjaLoader(app)
    with pytest.raises(TemplateNotFound) as exc_info:
        loader.get_source(app.jinja_env, "only_second.html")
    assert exc_info.value.name == "only_second.html"


def test_template_not_found_lists_the_folders_searched(app: Demijohn) -> None:
    app.register_blueprint(make_blueprint("first", "first"))
    app.register_blueprint(make_blueprint("gone", "no_such_folder"))
    with app.app_context(), pytest.raises(TemplateNotFound) as exc_info:
        render_template("nowhere.html")
    assert exc_info.value.name == "nowhere.html"
    templates = os.path.join(app.root_path, "templates")
    first = os.path.join(BLUEPRINT_TEMPLATES, "first")
    gone = os.path.join(BLUEPRINT_TEMPLATES, "no_such_folder")
    assert str(exc_info.value).splitlines()[:4] == [
        (
            "The template 'nowhere.html' was not found. Templates are looked for in these"
            " places, in order:"
        ),
        f"  - the application {app.name!r}: {templates}",
        f"  - the blueprint 'first': {first}",
        f"  - the blueprint 'gone': {gone} (the folder does not exist)",
    ]
    assert "Put the template in one of these folders" in str(exc_info.value)


def test_template_not_found_in_a_list_lists_the_folders_searched(app: Demijohn) -> None:
    with app.app_context(), pytest.raises(TemplateNotFound) as exc_info:
        render_template(["one.html", "two.html"])
    assert exc_info.value.templates == ["one.html", "two.html"]
    message = str(exc_info.value)
    assert message.startswith("none of the templates given were found: one.html, two.html.")
    assert f"  - the application {app.name!r}: {os.path.join(app.root_path, 'templates')}" in (
        message
    )


def test_template_not_found_describes_other_loaders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mail_templates").mkdir()
    (tmp_path / "djtpl_package" / "templates").mkdir(parents=True)
    (tmp_path / "djtpl_package" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    loader = ChoiceLoader(
        [
            PrefixLoader({"mail": FileSystemLoader(str(tmp_path / "mail_templates"))}),
            PackageLoader("djtpl_package"),
            DictLoader({}),
        ]
    )

    class CustomLoader(Demijohn):
        @property
        def jinja_loader(self) -> ChoiceLoader:
            return loader

    app = CustomLoader(__name__)
    with app.app_context(), pytest.raises(TemplateNotFound) as exc_info:
        render_template("nowhere.html")
    owner = f"the application {app.name!r}"
    assert str(exc_info.value).splitlines()[1:4] == [
        f"  - {owner}: names starting with 'mail/': {tmp_path / 'mail_templates'}",
        f"  - {owner}: the folder 'templates' of the package 'djtpl_package'",
        f"  - {owner}: a jinja2.loaders.DictLoader, which has no folders",
    ]


def test_template_not_found_without_any_template_folder() -> None:
    app = Demijohn(__name__, template_folder=None)
    with app.app_context(), pytest.raises(TemplateNotFound) as exc_info:
        render_template("nowhere.html")
    assert str(exc_info.value) == (
        "The template 'nowhere.html' was not found. Neither the application nor any blueprint"
        " has a template folder. Create a 'templates' folder next to the application's module,"
        " or pass 'template_folder=' to the application or a blueprint."
    )


def test_get_source_returns_the_file(app: Demijohn) -> None:
    source, filename, uptodate = DispatchingJinjaLoader(app).get_source(app.jinja_env, "hello.html")
    assert source == "Hello {{ name }}!\n"
    assert filename == os.path.join(app.root_path, "templates", "hello.html")
    assert uptodate is not None
    assert uptodate()


def test_list_templates_covers_app_and_blueprints(app: Demijohn) -> None:
    app.register_blueprint(make_blueprint("first", "first"))
    app.register_blueprint(make_blueprint("second", "second"))
    app.register_blueprint(make_blueprint("empty"))
    names = app.jinja_env.list_templates()
    assert {"hello.html", "shared.html", "only_first.html", "only_second.html", "both.html"} <= (
        set(names)
    )
    assert len(names) == len(set(names))


def test_list_templates_without_any_folder() -> None:
    app = Demijohn(__name__, template_folder=None)
    assert app.jinja_env.list_templates() == []


def test_a_custom_app_loader_is_asked_first(app: Demijohn) -> None:
    app.jinja_loader = DictLoader({"shared.html": "from a dict"})
    with app.app_context():
        assert render_template("shared.html") == "from a dict"


def test_explained_loading_returns_the_first_match_and_logs(
    app: Demijohn, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    app.register_blueprint(make_blueprint("first", "first"))
    app.register_blueprint(make_blueprint("second", "second"))
    caplog.set_level(logging.INFO, logger=app.name)
    with app.app_context():
        assert render_template("both.html") == "both from first"
    (record,) = [r for r in caplog.records if r.name == app.name]
    assert record.levelno == logging.INFO
    message = record.getMessage()
    assert message.startswith("Locating template 'both.html':")
    assert "trying loader of application 'demijohn_test_app'" in message
    assert "trying loader of blueprint 'first'" in message
    assert "trying loader of blueprint 'second'" in message
    assert message.count("-> found") == 2
    assert "more than one loader found the template" in message


def test_explained_loading_still_raises_when_nothing_matches(
    app: Demijohn, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    caplog.set_level(logging.INFO, logger=app.name)
    with app.app_context(), pytest.raises(TemplateNotFound):
        render_template("nowhere.html")
    assert "Error: the template could not be found." in caplog.text


def test_explained_loading_is_off_by_default(
    app: Demijohn, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=app.name)
    with app.app_context():
        render_template("hello.html", name="quiet")
    assert not [r for r in caplog.records if r.name == app.name]


# -- the environment --------------------------------------------------------------------------


def test_environment_builds_its_loader_from_the_app(app: Demijohn) -> None:
    env = Environment(app)
    assert env.app is app
    assert isinstance(env.loader, DispatchingJinjaLoader)
    assert env.loader.app is app
    assert env.get_template("hello.html").render(name="env") == "Hello env!"


def test_environment_keeps_a_given_loader(app: Demijohn) -> None:
    loader = DictLoader({"x.txt": "x"})
    env = Environment(app, loader=loader)
    assert env.loader is loader


def test_app_env_is_an_environment_of_the_app(app: Demijohn) -> None:
    assert isinstance(app.jinja_env, Environment)
    assert app.jinja_env.app is app
    assert isinstance(app.jinja_env.loader, DispatchingJinjaLoader)


# -- get_template_attribute -------------------------------------------------------------------


def test_get_template_attribute_returns_a_macro(app: Demijohn) -> None:
    with app.app_context():
        greet = get_template_attribute("macros.html", "greet")
        assert str(greet("<ann>")) == "Hi &lt;ann&gt;"
        assert get_template_attribute("macros.html", "answer") == 42


def test_get_template_attribute_missing_name(app: Demijohn) -> None:
    with app.app_context(), pytest.raises(AttributeError):
        get_template_attribute("macros.html", "nope")


# -- the default context ----------------------------------------------------------------------


def test_default_context_outside_any_context(app: Demijohn) -> None:
    context: dict[str, t.Any] = {"kept": 1}
    app.update_template_context(context)
    assert context == {"kept": 1}


def test_default_context_without_a_request(app: Demijohn) -> None:
    with app.app_context():
        context: dict[str, t.Any] = {}
        app.update_template_context(context)
        assert context == {"g": g._get_current_object()}


def test_default_context_in_a_request(app: Demijohn) -> None:
    with app.test_request_context():
        context: dict[str, t.Any] = {}
        app.update_template_context(context)
        assert context["request"] is request._get_current_object()  # type: ignore[attr-defined]
        # The template's global proxy gives the session, so only a template that uses it
        # marks the session accessed (Flask 3.1.3).
        assert "session" not in context
        assert context["g"] is g._get_current_object()
