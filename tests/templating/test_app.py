"""The template methods of the application and their blueprint counterparts: creating the
environment (options, autoescaping, auto-reload, globals, ``tojson``), context processors, and
template filters, tests and globals.

Rendering itself is tested in ``test_templating.py``.
"""

from __future__ import annotations

import dataclasses
import typing as t

import pytest

from demijohn import Blueprint, Demijohn, g, render_template, render_template_string
from demijohn.errors import SetupError
from demijohn.helpers import get_flashed_messages
from demijohn.json.provider import DefaultJSONProvider
from demijohn.templating import Environment
from demijohn.testing import DemijohnClient


def render(app: Demijohn, source: str, **context: t.Any) -> str:
    with app.app_context():
        return render_template_string(source, **context)


# -- the environment --------------------------------------------------------------------------


def test_jinja_env_is_created_once(app: Demijohn) -> None:
    assert app.jinja_env is app.jinja_env


def test_jinja_environment_class_is_replaceable() -> None:
    class CustomEnvironment(Environment):
        pass

    class CustomApp(Demijohn):
        jinja_environment = CustomEnvironment

    app = CustomApp(__name__)
    assert type(app.jinja_env) is CustomEnvironment
    assert app.jinja_env.app is app


def test_jinja_options_are_passed_to_the_environment() -> None:
    class CustomApp(Demijohn):
        jinja_options = {"trim_blocks": True, "autoescape": False}

    app = CustomApp(__name__)
    assert app.jinja_env.trim_blocks is True
    # The option given wins over the extension-based choice.
    assert render(app, "{{ '<b>' }}") == "<b>"


def test_create_jinja_environment_can_be_overridden() -> None:
    class CustomApp(Demijohn):
        def create_jinja_environment(self) -> Environment:
            rv = super().create_jinja_environment()
            rv.globals["site"] = "demijohn"
            return rv

    app = CustomApp(__name__)
    assert render(app, "{{ site }}") == "demijohn"


def test_environment_globals(app: Demijohn) -> None:
    env_globals = app.jinja_env.globals
    assert env_globals["url_for"] == app.url_for
    assert env_globals["get_flashed_messages"] is get_flashed_messages
    assert env_globals["config"] is app.config
    assert {"request", "session", "g"} <= env_globals.keys()


def test_url_for_in_a_template(app: Demijohn) -> None:
    @app.route("/users/<int:user_id>")
    def user(user_id: int) -> str:
        return ""

    with app.test_request_context():
        assert render_template_string("{{ url_for('user', user_id=3) }}") == "/users/3"


def test_config_and_g_globals_in_a_template(app: Demijohn) -> None:
    app.config["SITE"] = "shop"
    with app.app_context():
        g.user = "ann"
        assert render_template_string("{{ config.SITE }} {{ g.user }}") == "shop ann"


# -- autoescaping -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("page.html", True),
        ("page.htm", True),
        ("feed.xml", True),
        ("page.xhtml", True),
        ("logo.svg", True),
        ("mail.txt", False),
        ("app.js", False),
        ("style.css", False),
        ("html", False),
        (None, True),
    ],
)
def test_select_jinja_autoescape(app: Demijohn, filename: str | None, expected: bool) -> None:
    assert app.select_jinja_autoescape(filename) is expected


def test_autoescape_follows_the_template_extension(app: Demijohn) -> None:
    with app.app_context():
        assert render_template("hello.html", name="<b>") == "Hello &lt;b&gt;!"
        assert render_template("hello.txt", name="<b>") == "Hello <b>!"


def test_string_templates_are_autoescaped(app: Demijohn) -> None:
    assert render(app, "{{ value }}", value="<b>&") == "&lt;b&gt;&amp;"


def test_autoescape_can_be_turned_off_in_a_template(app: Demijohn) -> None:
    source = "{% autoescape false %}{{ value }}{% endautoescape %}|{{ value }}"
    assert render(app, source, value="<i>") == "<i>|&lt;i&gt;"


# -- auto-reload ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("debug", "setting", "expected"),
    [
        (False, None, False),
        (True, None, True),
        (True, False, False),
        (False, True, True),
    ],
)
def test_templates_auto_reload(
    app: Demijohn, debug: bool, setting: bool | None, expected: bool
) -> None:
    app.debug = debug
    app.config["TEMPLATES_AUTO_RELOAD"] = setting
    assert app.jinja_env.auto_reload is expected


def test_auto_reload_follows_debug_after_the_environment_exists(app: Demijohn) -> None:
    app.debug = False
    assert app.jinja_env.auto_reload is False
    app.debug = True
    assert app.jinja_env.auto_reload is True


def test_auto_reload_setting_wins_over_a_later_debug_change(app: Demijohn) -> None:
    app.config["TEMPLATES_AUTO_RELOAD"] = False
    assert app.jinja_env.auto_reload is False
    app.debug = True
    assert app.jinja_env.auto_reload is False


def test_auto_reload_jinja_option_wins() -> None:
    class CustomApp(Demijohn):
        jinja_options = {"auto_reload": False}

    app = CustomApp(__name__)
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    assert app.jinja_env.auto_reload is False


# -- tojson -----------------------------------------------------------------------------------


def test_tojson_is_safe_inside_html(app: Demijohn) -> None:
    data = {"html": "</script><b>&'"}
    with app.app_context():
        rv = render_template("tojson.html", data=data)
    assert rv == (
        '<script>var data = {"html": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u0027"};'
        "</script>"
    )


def test_tojson_uses_the_app_json_provider() -> None:
    @dataclasses.dataclass
    class Point:
        x: int
        y: int

    class Provider(DefaultJSONProvider):
        @staticmethod
        def default(o: t.Any) -> t.Any:
            if isinstance(o, Point):
                return [o.x, o.y]
            return DefaultJSONProvider.default(o)

    class CustomApp(Demijohn):
        json_provider_class = Provider

    app = CustomApp(__name__)
    assert app.jinja_env.policies["json.dumps_function"] == app.json.dumps
    assert render(app, "{{ p|tojson }}", p=Point(1, 2)) == "[1, 2]"


def test_tojson_sorts_keys_and_takes_an_indent(app: Demijohn) -> None:
    assert render(app, "{{ d|tojson }}", d={"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
    assert render(app, "{{ d|tojson(indent=1) }}", d={"a": 1}) == '{\n "a": 1\n}'


# -- context processors -----------------------------------------------------------------------


def test_context_processors_run_app_then_outer_then_inner_blueprint(
    app: Demijohn, client: DemijohnClient
) -> None:
    outer = Blueprint("outer", __name__)
    inner = Blueprint("inner", __name__)
    calls: list[str] = []

    def processor(name: str) -> t.Callable[[], dict[str, t.Any]]:
        def process() -> dict[str, t.Any]:
            calls.append(name)
            return {"last": name, name: True}

        return process

    app.context_processor(processor("app"))
    outer.context_processor(processor("outer"))
    inner.context_processor(processor("inner"))

    @inner.route("/")
    def index() -> str:
        return render_template_string("{{ last }} {{ app }} {{ outer }} {{ inner }}")

    outer.register_blueprint(inner, url_prefix="/inner")
    app.register_blueprint(outer, url_prefix="/outer")
    assert client.get("/outer/inner/").text == "inner True True True"
    assert calls == ["app", "outer", "inner"]


def test_blueprint_context_processor_only_in_its_requests(
    app: Demijohn, client: DemijohnClient
) -> None:
    bp = Blueprint("bp", __name__)

    @bp.context_processor
    def mine() -> dict[str, t.Any]:
        return {"where": "bp"}

    @bp.app_context_processor
    def everywhere() -> dict[str, t.Any]:
        return {"seen": "yes"}

    @bp.route("/in")
    def inside() -> str:
        return render_template_string("{{ where }}/{{ seen }}")

    @app.route("/out")
    def outside() -> str:
        return render_template_string("{{ where }}/{{ seen }}")

    app.register_blueprint(bp)
    assert client.get("/in").text == "bp/yes"
    assert client.get("/out").text == "/yes"


def test_explicit_values_win_over_context_processors(app: Demijohn) -> None:
    @app.context_processor
    def provide() -> dict[str, t.Any]:
        return {"name": "processor", "other": "processor"}

    with app.app_context():
        rv = render_template_string("{{ name }} {{ other }}", name="explicit")
    assert rv == "explicit processor"


def test_app_processors_can_replace_the_defaults(app: Demijohn) -> None:
    @app.context_processor
    def replace_g() -> dict[str, t.Any]:
        return {"g": "replaced"}

    assert render(app, "{{ g }}") == "replaced"


def test_async_context_processor(app: Demijohn) -> None:
    @app.context_processor
    async def provide() -> dict[str, t.Any]:
        return {"value": "async"}

    assert render(app, "{{ value }}") == "async"


def test_default_processor_is_registered_first(app: Demijohn) -> None:
    from demijohn.templating.environment import _default_template_ctx_processor

    @app.context_processor
    def mine() -> dict[str, t.Any]:
        return {}

    assert app.template_context_processors[None] == [_default_template_ctx_processor, mine]


# -- filters, tests and globals ---------------------------------------------------------------


def test_template_filter_without_parentheses(app: Demijohn) -> None:
    @app.template_filter
    def shout(value: str) -> str:
        return value.upper()

    assert shout("x") == "X"
    assert app.jinja_env.filters["shout"] is shout
    assert render(app, "{{ 'hi'|shout }}") == "HI"


def test_template_filter_with_empty_parentheses(app: Demijohn) -> None:
    @app.template_filter()
    def shout(value: str) -> str:
        return value.upper()

    assert render(app, "{{ 'hi'|shout }}") == "HI"


def test_template_filter_with_a_name(app: Demijohn) -> None:
    @app.template_filter("rev")
    def backwards(value: str) -> str:
        return value[::-1]

    assert backwards("ab") == "ba"
    assert "backwards" not in app.jinja_env.filters
    assert render(app, "{{ 'abc'|rev }}") == "cba"


def test_add_template_filter(app: Demijohn) -> None:
    def double(value: int) -> int:
        return value * 2

    app.add_template_filter(double)
    app.add_template_filter(double, "twice")
    assert render(app, "{{ 2|double }} {{ 3|twice }}") == "4 6"


def test_template_test_forms(app: Demijohn) -> None:
    @app.template_test
    def even(value: int) -> bool:
        return value % 2 == 0

    @app.template_test("small")
    def is_small(value: int) -> bool:
        return value < 10

    @app.template_test()
    def positive(value: int) -> bool:
        return value > 0

    def odd(value: int) -> bool:
        return value % 2 == 1

    app.add_template_test(odd)
    app.add_template_test(odd, name="uneven")
    assert even(2) is True
    source = (
        "{{ 4 is even }} {{ 40 is small }} {{ -1 is positive }} {{ 3 is odd }} {{ 3 is uneven }}"
    )
    assert render(app, source) == "True False False True True"


def test_template_global_forms(app: Demijohn) -> None:
    @app.template_global
    def site() -> str:
        return "shop"

    @app.template_global("answer")
    def get_answer() -> int:
        return 42

    @app.template_global()
    def version() -> str:
        return "1"

    def year() -> int:
        return 2024

    app.add_template_global(year)
    app.add_template_global(year, "current_year")
    assert site() == "shop"
    assert app.jinja_env.globals["answer"] is get_answer
    rv = render(
        app, "{{ site() }} {{ answer() }} {{ version() }} {{ year() }} {{ current_year() }}"
    )
    assert rv == "shop 42 1 2024 2024"


@pytest.mark.parametrize(
    "method",
    [
        "template_filter",
        "add_template_filter",
        "template_test",
        "add_template_test",
        "template_global",
        "add_template_global",
    ],
)
def test_template_registration_is_refused_after_the_first_request(
    app: Demijohn, client: DemijohnClient, method: str
) -> None:
    client.get("/")
    with pytest.raises(SetupError, match=f"'{method}' can no longer be called"):
        getattr(app, method)(len)


# -- from blueprints --------------------------------------------------------------------------


def test_blueprint_app_template_filters(app: Demijohn) -> None:
    bp = Blueprint("bp", __name__)

    @bp.app_template_filter
    def shout(value: str) -> str:
        return value.upper()

    @bp.app_template_filter("rev")
    def backwards(value: str) -> str:
        return value[::-1]

    @bp.app_template_filter()
    def strip(value: str) -> str:
        return value.strip()

    def double(value: int) -> int:
        return value * 2

    bp.add_app_template_filter(double)
    bp.add_app_template_filter(double, "twice")
    assert shout("a") == "A"
    assert "shout" not in app.jinja_env.filters
    app.register_blueprint(bp)
    source = "{{ 'a'|shout }} {{ 'ab'|rev }} {{ ' c '|strip }} {{ 1|double }} {{ 2|twice }}"
    assert render(app, source) == "A ba c 2 4"
    assert "backwards" not in app.jinja_env.filters


def test_blueprint_app_template_tests(app: Demijohn) -> None:
    bp = Blueprint("bp", __name__)

    @bp.app_template_test
    def even(value: int) -> bool:
        return value % 2 == 0

    @bp.app_template_test("small")
    def is_small(value: int) -> bool:
        return value < 10

    @bp.app_template_test()
    def positive(value: int) -> bool:
        return value > 0

    def odd(value: int) -> bool:
        return value % 2 == 1

    bp.add_app_template_test(odd)
    bp.add_app_template_test(odd, "uneven")
    assert is_small(1) is True
    app.register_blueprint(bp)
    source = (
        "{{ 4 is even }} {{ 40 is small }} {{ 1 is positive }} {{ 2 is odd }} {{ 3 is uneven }}"
    )
    assert render(app, source) == "True False True False True"


def test_blueprint_app_template_globals(app: Demijohn) -> None:
    bp = Blueprint("bp", __name__)

    @bp.app_template_global
    def site() -> str:
        return "shop"

    @bp.app_template_global("answer")
    def get_answer() -> int:
        return 42

    @bp.app_template_global()
    def version() -> str:
        return "1"

    def year() -> int:
        return 2024

    bp.add_app_template_global(year)
    bp.add_app_template_global(year, "current_year")
    assert get_answer() == 42
    app.register_blueprint(bp)
    rv = render(
        app, "{{ site() }} {{ answer() }} {{ version() }} {{ year() }} {{ current_year() }}"
    )
    assert rv == "shop 42 1 2024 2024"


def test_blueprint_templates_features_are_usable_in_its_own_and_other_views(
    app: Demijohn, client: DemijohnClient
) -> None:
    bp = Blueprint("bp", __name__)

    @bp.app_template_filter("exclaim")
    def exclaim(value: str) -> str:
        return f"{value}!"

    @app.route("/")
    def index() -> str:
        return render_template_string("{{ 'app'|exclaim }}")

    app.register_blueprint(bp)
    assert client.get("/").text == "app!"


def test_blueprint_template_registration_is_refused_after_registration(app: Demijohn) -> None:
    bp = Blueprint("bp", __name__)
    app.register_blueprint(bp)
    with pytest.raises(SetupError, match="'app_template_filter' can no longer be called"):
        bp.app_template_filter(len)
    with pytest.raises(SetupError, match="'add_app_template_global'"):
        bp.add_app_template_global(len)
