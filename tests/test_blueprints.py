"""Tests for demijohn.blueprints: names, nesting, registration options, deferred setup, the
scope and order of hooks, error-handler lookup, relative URLs, static files and CLI groups."""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError

from demijohn import Blueprint, Demijohn, abort, g, render_template_string, request, url_for
from demijohn.blueprints import BlueprintSetupState
from demijohn.errors import SetupError
from demijohn.testing import DemijohnClient


def rules(app: Demijohn) -> dict[str, str]:
    """Endpoint to rule string, for every rule of the app."""
    return {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}


def endpoint_view() -> str:
    return request.endpoint or ""


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "a.b", ".a", "a."])
def test_bad_blueprint_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=r"must not be empty|contains a dot"):
        Blueprint(name, __name__)


def test_blueprint_repr() -> None:
    assert repr(Blueprint("admin", __name__)) == "<Blueprint 'admin'>"


def test_endpoints_with_dots_are_refused() -> None:
    bp = Blueprint("bp", __name__)
    with pytest.raises(ValueError, match=r"'a\.b' contains a dot"):
        bp.add_url_rule("/", endpoint="a.b", view_func=endpoint_view)
    with pytest.raises(ValueError, match="contains a dot"):
        bp.route("/", endpoint="a.b")(endpoint_view)


def test_view_function_names_with_dots_are_refused() -> None:
    bp = Blueprint("bp", __name__)

    def view() -> str:
        return ""

    view.__name__ = "a.b"
    with pytest.raises(ValueError, match=r"'a\.b' contains a dot"):
        bp.add_url_rule("/", view_func=view)
    # An explicit endpoint does not make the dotted function name acceptable (as in Flask),
    # so the message must not suggest one.
    with pytest.raises(ValueError, match="contains a dot") as exc_info:
        bp.add_url_rule("/", endpoint="fine", view_func=view)
    assert "endpoint=" not in str(exc_info.value)


def test_blueprint_cannot_be_registered_on_itself() -> None:
    bp = Blueprint("bp", __name__)
    with pytest.raises(ValueError, match="on itself"):
        bp.register_blueprint(bp)


def test_two_blueprints_with_one_name_clash(app: Demijohn) -> None:
    app.register_blueprint(Blueprint("bp", __name__))
    with pytest.raises(ValueError, match="'bp' is already registered for a different blueprint"):
        app.register_blueprint(Blueprint("bp", __name__))


def test_same_blueprint_twice_needs_a_new_name(app: Demijohn, client: DemijohnClient) -> None:
    bp = Blueprint("bp", __name__)
    bp.route("/")(endpoint_view)
    app.register_blueprint(bp, url_prefix="/one")
    with pytest.raises(ValueError, match="for this blueprint\\. Use 'name='"):
        app.register_blueprint(bp, url_prefix="/two")
    app.register_blueprint(bp, url_prefix="/two", name="second")

    assert list(app.blueprints) == ["bp", "second"]
    assert app.blueprints["second"] is bp
    assert client.get("/one/").text == "bp.endpoint_view"
    assert client.get("/two/").text == "second.endpoint_view"
    with app.test_request_context():
        assert url_for("second.endpoint_view") == "/two/"


def test_nested_name_clash_names_the_dotted_name(app: Demijohn) -> None:
    parent = Blueprint("parent", __name__)
    parent.register_blueprint(Blueprint("child", __name__))
    parent.register_blueprint(Blueprint("child", __name__))
    with pytest.raises(ValueError, match=r"'child' is already registered .* 'parent\.child'"):
        app.register_blueprint(parent)


# -- nesting and registration options ---------------------------------------------------------


def test_nested_blueprints_have_dotted_names_and_endpoints(
    app: Demijohn, client: DemijohnClient
) -> None:
    parent = Blueprint("parent", __name__, url_prefix="/p")
    child = Blueprint("child", __name__, url_prefix="/c")
    grandchild = Blueprint("grandchild", __name__, url_prefix="/g")

    @grandchild.route("/")
    def show() -> dict[str, t.Any]:
        return {"bp": request.blueprint, "bps": request.blueprints, "ep": request.endpoint}

    child.register_blueprint(grandchild)
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    assert list(app.blueprints) == ["parent", "parent.child", "parent.child.grandchild"]
    assert rules(app)["parent.child.grandchild.show"] == "/p/c/g/"
    assert client.get("/p/c/g/").json == {
        "bp": "parent.child.grandchild",
        "bps": ["parent.child.grandchild", "parent.child", "parent"],
        "ep": "parent.child.grandchild.show",
    }


def test_one_child_nested_in_two_parents(app: Demijohn, client: DemijohnClient) -> None:
    child = Blueprint("child", __name__, url_prefix="/c")
    child.route("/")(endpoint_view)
    for name in ("one", "two"):
        parent = Blueprint(name, __name__, url_prefix=f"/{name}")
        parent.register_blueprint(child)
        app.register_blueprint(parent)
    assert client.get("/one/c/").text == "one.child.endpoint_view"
    assert client.get("/two/c/").text == "two.child.endpoint_view"


@pytest.mark.parametrize(
    ("parent_prefix", "child_prefix", "register_prefix", "expected"),
    [
        ("/parent", "/child", None, "/parent/child/view"),
        ("/parent", None, None, "/parent/view"),
        (None, "/child", None, "/child/view"),
        (None, None, None, "/view"),
        ("/parent/", "/child/", None, "/parent/child/view"),
        ("/parent/", "child", None, "/parent/child/view"),
        ("/parent", "/child", "/other", "/parent/other/view"),
        (None, "/child", "/other", "/other/view"),
    ],
)
def test_url_prefixes_join(
    app: Demijohn,
    parent_prefix: str | None,
    child_prefix: str | None,
    register_prefix: str | None,
    expected: str,
) -> None:
    parent = Blueprint("parent", __name__, url_prefix=parent_prefix)
    child = Blueprint("child", __name__, url_prefix=child_prefix)
    child.route("/view")(endpoint_view)
    options = {} if register_prefix is None else {"url_prefix": register_prefix}
    parent.register_blueprint(child, **options)
    app.register_blueprint(parent)
    assert rules(app)["parent.child.endpoint_view"] == expected


@pytest.mark.parametrize(
    ("prefix", "rule", "expected"),
    [
        ("/bp", "/", "/bp/"),
        ("/bp", "", "/bp"),
        ("/bp/", "", "/bp/"),
        ("/bp/", "/", "/bp/"),
        ("/bp/", "/x", "/bp/x"),
        ("/bp", "x", "/bp/x"),
        ("", "/x", "/x"),
    ],
)
def test_rule_and_prefix_join_with_one_slash(
    app: Demijohn, prefix: str, rule: str, expected: str
) -> None:
    bp = Blueprint("bp", __name__)
    bp.route(rule)(endpoint_view)
    app.register_blueprint(bp, url_prefix=prefix)
    assert rules(app)["bp.endpoint_view"] == expected


def test_register_prefix_overrides_the_blueprints_own(
    app: Demijohn, client: DemijohnClient
) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/own")
    bp.route("/")(endpoint_view)
    app.register_blueprint(bp, url_prefix="/given")
    assert client.get("/given/").text == "bp.endpoint_view"
    assert client.get("/own/").status_code == 404


@pytest.mark.parametrize(
    ("parent_sub", "child_sub", "register_sub", "expected"),
    [
        ("api", "v1", None, "v1.api"),
        ("api", None, None, "api"),
        (None, "v1", None, "v1"),
        (None, None, None, ""),
        ("api", "v1", "v2", "v2.api"),
    ],
)
def test_subdomains_nest(
    app: Demijohn,
    parent_sub: str | None,
    child_sub: str | None,
    register_sub: str | None,
    expected: str,
) -> None:
    parent = Blueprint("parent", __name__, subdomain=parent_sub)
    child = Blueprint("child", __name__, subdomain=child_sub)
    child.route("/")(endpoint_view)
    options = {} if register_sub is None else {"subdomain": register_sub}
    parent.register_blueprint(child, **options)
    app.register_blueprint(parent)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "parent.child.endpoint_view")
    assert rule.subdomain == expected


def test_blueprint_subdomain_matches_requests() -> None:
    app = Demijohn("demijohn_test_app", subdomain_matching=True, static_folder=None)
    app.config.update(TESTING=True, SERVER_NAME="example.test")
    app.route("/")(endpoint_view)
    bp = Blueprint("api", __name__, subdomain="api")
    bp.route("/")(endpoint_view)
    app.register_blueprint(bp)
    client = app.test_client()
    assert client.get("/").text == "endpoint_view"
    assert client.get("/", subdomain="api").text == "api.endpoint_view"
    with app.app_context():
        assert url_for("api.endpoint_view") == "http://api.example.test/"


def test_url_defaults_from_blueprint_registration_and_rule(
    app: Demijohn, client: DemijohnClient
) -> None:
    bp = Blueprint("bp", __name__, url_defaults={"page": 1, "size": 10})

    @bp.route("/list")
    def listing(page: int, size: int) -> str:
        return f"{page}/{size}"

    @bp.route("/first", defaults={"page": 0})
    def first(page: int, size: int) -> str:
        return f"{page}/{size}"

    app.register_blueprint(bp, url_prefix="/a")
    app.register_blueprint(bp, url_prefix="/b", name="b", url_defaults={"page": 2})
    assert client.get("/a/list").text == "1/10"
    assert client.get("/b/list").text == "2/10"
    assert client.get("/a/first").text == "0/10"
    assert client.get("/b/first").text == "0/10"


# -- deferred setup ---------------------------------------------------------------------------


def test_record_runs_on_every_registration_with_its_state(app: Demijohn) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/own", subdomain="own", url_defaults={"a": 1})
    states: list[BlueprintSetupState] = []
    bp.record(states.append)
    app.register_blueprint(bp)
    options = {"name": "alt", "url_prefix": "/alt", "subdomain": "x", "url_defaults": {"b": 2}}
    app.register_blueprint(bp, **options)

    first, second = states
    assert first.app is second.app is app
    assert first.blueprint is second.blueprint is bp
    assert (first.first_registration, second.first_registration) == (True, False)
    assert (first.name, first.url_prefix, first.subdomain) == ("bp", "/own", "own")
    assert (second.name, second.url_prefix, second.subdomain) == ("alt", "/alt", "x")
    assert first.name_prefix == second.name_prefix == ""
    assert first.url_defaults == {"a": 1}
    assert second.url_defaults == {"a": 1, "b": 2}
    assert first.options == {}
    assert second.options == options


def test_nested_state_carries_the_parents_name_and_prefix(app: Demijohn) -> None:
    parent = Blueprint("parent", __name__, url_prefix="/p", subdomain="api")
    child = Blueprint("child", __name__, url_prefix="/c")
    states: list[BlueprintSetupState] = []
    child.record(states.append)
    parent.register_blueprint(child, url_defaults={"x": 1})
    app.register_blueprint(parent)

    (state,) = states
    assert state.name == "child"
    assert state.name_prefix == "parent"
    assert state.url_prefix == "/p/c"
    assert state.subdomain == "api"
    assert state.url_defaults == {"x": 1}
    assert state.options["name_prefix"] == "parent"


def test_record_once_runs_only_on_the_first_registration(app: Demijohn) -> None:
    bp = Blueprint("bp", __name__)
    names: list[str] = []
    bp.record_once(lambda state: names.append(state.name))
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again")
    assert names == ["bp"]


def test_setup_state_add_url_rule_applies_the_registration(
    app: Demijohn, client: DemijohnClient
) -> None:
    bp = Blueprint("bp", __name__, url_defaults={"n": 1})

    def extra(n: int) -> str:
        return f"{request.endpoint} {n}"

    def add_rules(state: BlueprintSetupState) -> None:
        state.add_url_rule("/extra", view_func=extra)
        state.add_url_rule("/named", "named", extra, defaults={"n": 5})

    bp.record(add_rules)
    app.register_blueprint(bp, url_prefix="/bp")
    assert rules(app)["bp.extra"] == "/bp/extra"
    assert client.get("/bp/extra").text == "bp.extra 1"
    assert client.get("/bp/named").text == "bp.named 5"


def test_make_setup_state_can_be_overridden(app: Demijohn) -> None:
    class TaggedState(BlueprintSetupState):
        tag = "custom"

    class TaggedBlueprint(Blueprint):
        def make_setup_state(
            self, app: Demijohn, options: dict[str, t.Any], first_registration: bool = False
        ) -> BlueprintSetupState:
            return TaggedState(self, app, options, first_registration)

    bp = TaggedBlueprint("bp", __name__)
    tags: list[str] = []
    bp.record(lambda state: tags.append(t.cast(TaggedState, state).tag))
    app.register_blueprint(bp)
    assert tags == ["custom"]


@pytest.mark.parametrize(
    "setup",
    [
        lambda bp: bp.route("/late")(endpoint_view),
        lambda bp: bp.before_request(endpoint_view),
        lambda bp: bp.before_app_request(endpoint_view),
        lambda bp: bp.errorhandler(404)(endpoint_view),
        lambda bp: bp.record(print),
        lambda bp: bp.register_blueprint(Blueprint("late", __name__)),
    ],
)
def test_setup_methods_are_refused_after_registration(
    app: Demijohn, setup: t.Callable[[Blueprint], t.Any]
) -> None:
    parent = Blueprint("parent", __name__)
    bp = Blueprint("bp", __name__)
    parent.register_blueprint(bp)
    app.register_blueprint(parent)
    for blueprint in (parent, bp):
        with pytest.raises(SetupError, match=f"blueprint '{blueprint.name}'") as exc_info:
            setup(blueprint)
        assert isinstance(exc_info.value, AssertionError)


# -- hooks ------------------------------------------------------------------------------------


@pytest.fixture
def events() -> list[str]:
    return []


def add_hooks(scaffold: Demijohn | Blueprint, label: str, events: list[str]) -> None:
    """Register two of each request hook on ``scaffold``, each appending to ``events``."""
    for n in (1, 2):
        tag = f"{label}{n}"

        def preprocess(endpoint: str | None, values: t.Any, tag: str = tag) -> None:
            events.append(f"url {tag}")

        def before(tag: str = tag) -> None:
            events.append(f"before {tag}")

        def after(response: t.Any, tag: str = tag) -> t.Any:
            events.append(f"after {tag}")
            return response

        def teardown(exc: BaseException | None, tag: str = tag) -> None:
            events.append(f"teardown {tag}")

        scaffold.url_value_preprocessor(preprocess)
        scaffold.before_request(before)
        scaffold.after_request(after)
        scaffold.teardown_request(teardown)


def nested_app(app: Demijohn, events: list[str]) -> None:
    """``/`` on the app, ``/p/`` on ``parent``, ``/p/c/`` on ``parent.child`` and ``/o/`` on
    ``other``, each blueprint with its own hooks."""
    parent = Blueprint("parent", __name__, url_prefix="/p")
    child = Blueprint("child", __name__, url_prefix="/c")
    other = Blueprint("other", __name__, url_prefix="/o")
    for scaffold, label in ((app, "app"), (parent, "p"), (child, "c"), (other, "o")):
        scaffold.route("/")(lambda: events.append("view") or "ok")
        if scaffold is not app:
            add_hooks(scaffold, label, events)
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    app.register_blueprint(other)


def test_hooks_run_in_order_for_a_nested_blueprint(
    app: Demijohn, client: DemijohnClient, events: list[str]
) -> None:
    add_hooks(app, "app", events)
    nested_app(app, events)
    assert client.get("/p/c/").text == "ok"
    assert events == [
        *("url app1", "url app2", "url p1", "url p2", "url c1", "url c2"),
        *("before app1", "before app2", "before p1", "before p2", "before c1", "before c2"),
        "view",
        *("after c2", "after c1", "after p2", "after p1", "after app2", "after app1"),
        *("teardown c2", "teardown c1", "teardown p2", "teardown p1"),
        *("teardown app2", "teardown app1"),
    ]


@pytest.mark.parametrize(
    ("path", "labels"),
    [("/", []), ("/p/", ["p"]), ("/o/", ["o"]), ("/p/c/", ["p", "c"])],
)
def test_blueprint_hooks_apply_only_to_its_requests(
    app: Demijohn, client: DemijohnClient, events: list[str], path: str, labels: list[str]
) -> None:
    nested_app(app, events)
    assert client.get(path).status_code == 200
    assert {event.split()[1][:-1] for event in events if event != "view"} == set(labels)


def test_blueprint_before_request_can_answer(app: Demijohn, client: DemijohnClient) -> None:
    bp = Blueprint("bp", __name__)
    bp.route("/")(lambda: "view")
    bp.before_request(lambda: "stopped")

    @bp.after_request
    def mark(response: t.Any) -> t.Any:
        response.headers["X-After"] = "yes"
        return response

    app.register_blueprint(bp)
    response = client.get("/")
    assert response.text == "stopped"
    assert response.headers["X-After"] == "yes"


def test_app_wide_hooks_from_a_blueprint(
    app: Demijohn, client: DemijohnClient, events: list[str]
) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/bp")
    bp.route("/")(lambda: "bp")
    app.route("/")(lambda: "app")
    bp.before_app_request(lambda: events.append("before"))
    bp.teardown_app_request(lambda exc: events.append("teardown"))

    @bp.after_app_request
    def after(response: t.Any) -> t.Any:
        events.append("after")
        return response

    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again", url_prefix="/again")
    for path in ("/", "/bp/", "/again/"):
        events.clear()
        assert client.get(path).status_code == 200
        assert events == ["before", "after", "teardown"]


def test_app_errorhandler_from_a_blueprint(app: Demijohn, client: DemijohnClient) -> None:
    bp = Blueprint("bp", __name__)
    app.route("/fail")(lambda: 1 // 0)
    bp.app_errorhandler(404)(lambda e: ("bp handled 404", 404))
    bp.app_errorhandler(ZeroDivisionError)(lambda e: "bp handled zero")
    app.register_blueprint(bp)
    assert client.get("/missing").text == "bp handled 404"
    assert client.get("/fail").text == "bp handled zero"


def test_app_url_processors_from_a_blueprint(app: Demijohn, client: DemijohnClient) -> None:
    bp = Blueprint("bp", __name__)

    @bp.app_url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        g.lang = (values or {}).pop("lang", None)

    @bp.app_url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values.setdefault("lang", g.lang)

    @app.route("/<lang>/page")
    def page() -> str:
        return f"{g.lang} {url_for('page')}"

    app.register_blueprint(bp)
    assert client.get("/fr/page").text == "fr /fr/page"


def test_blueprint_url_processors_apply_to_its_endpoints(
    app: Demijohn, client: DemijohnClient
) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/<lang>")

    @bp.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, t.Any]) -> None:
        g.lang = values.pop("lang")

    @bp.url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang", g.get("lang", "en"))

    @bp.route("/")
    def index() -> str:
        return f"{g.lang} {url_for('.about')}"

    @bp.route("/about")
    def about() -> str:
        return "about"

    @app.route("/plain")
    def plain() -> str:
        return f"{url_for('bp.about')} {url_for('plain')}"

    app.register_blueprint(bp)
    assert client.get("/de/").text == "de /de/about"
    # From outside the blueprint, its url_defaults fill in its own endpoints only.
    assert client.get("/plain").text == "/en/about /plain"


def test_context_processors_are_scoped(app: Demijohn, client: DemijohnClient) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/bp")

    def own() -> dict[str, t.Any]:
        return {"own": "bp"}

    def app_wide() -> dict[str, t.Any]:
        return {"wide": "all"}

    assert bp.context_processor(own) is own
    assert bp.app_context_processor(app_wide) is app_wide
    template = "{{ own|default('-') }} {{ wide }}"
    bp.route("/")(lambda: render_template_string(template))
    app.route("/")(lambda: render_template_string(template))
    app.register_blueprint(bp)
    assert client.get("/bp/").text == "bp all"
    assert client.get("/").text == "- all"


def test_app_template_filters_tests_and_globals(app: Demijohn) -> None:
    bp = Blueprint("bp", __name__)

    def shout(value: str) -> str:
        return value.upper()

    def is_short(value: str) -> bool:
        return len(value) < 3

    def answer() -> int:
        return 42

    assert bp.app_template_filter(shout) is shout
    assert bp.app_template_filter("loud")(shout) is shout
    bp.add_app_template_filter(str.strip, "trim")
    assert bp.app_template_test(is_short) is is_short
    assert bp.app_template_test("tiny")(is_short) is is_short
    bp.add_app_template_test(str.isdigit)
    assert bp.app_template_global(answer) is answer
    assert bp.app_template_global("the_answer")(answer) is answer
    bp.add_app_template_global(len, "size")
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again")

    source = (
        "{{ 'a'|shout }}{{ 'b'|loud }}{{ ' c '|trim }} {{ 'ab' is is_short }}"
        " {{ 'abc' is tiny }} {{ '12' is isdigit }} {{ answer() }}{{ the_answer() }}"
        " {{ size('four') }}"
    )
    with app.app_context():
        assert render_template_string(source) == "ABc True False True 4242 4"


# -- error handlers ---------------------------------------------------------------------------


def handled_by(label: str) -> t.Callable[[Exception], str]:
    return lambda e: f"{label}: {type(e).__name__}"


def test_code_handlers_win_over_class_handlers(app: Demijohn, client: DemijohnClient) -> None:
    bp = Blueprint("bp", __name__)
    bp.route("/")(lambda: abort(404))
    bp.errorhandler(HTTPException)(handled_by("bp class"))
    app.errorhandler(404)(handled_by("app code"))
    app.register_blueprint(bp)
    assert client.get("/").text == "app code: NotFound"


@pytest.mark.parametrize(
    ("registered", "expected"),
    [
        (["app", "p", "c"], "c"),
        (["app", "p"], "p"),
        (["app"], "app"),
    ],
)
def test_innermost_blueprint_handler_first_app_last(
    app: Demijohn, client: DemijohnClient, registered: list[str], expected: str
) -> None:
    parent = Blueprint("parent", __name__, url_prefix="/p")
    child = Blueprint("child", __name__, url_prefix="/c")
    child.route("/")(lambda: 1 // 0)
    scaffolds = {"app": app, "p": parent, "c": child}
    for label in registered:
        scaffolds[label].register_error_handler(ZeroDivisionError, handled_by(label))
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    assert client.get("/p/c/").text == f"{expected}: ZeroDivisionError"


def test_class_handlers_follow_the_mro(app: Demijohn, client: DemijohnClient) -> None:
    bp = Blueprint("bp", __name__)
    bp.route("/key", endpoint="key")(lambda: {}["missing"])
    bp.route("/index", endpoint="index")(lambda: [][0])
    bp.errorhandler(LookupError)(handled_by("lookup"))
    bp.errorhandler(KeyError)(handled_by("key"))
    app.register_blueprint(bp)
    assert client.get("/key").text == "key: KeyError"
    assert client.get("/index").text == "lookup: IndexError"


def test_a_blueprint_handler_beats_a_closer_class_on_the_app(
    app: Demijohn, client: DemijohnClient
) -> None:
    bp = Blueprint("bp", __name__)
    bp.route("/")(lambda: {}["missing"])
    app.route("/")(lambda: {}["missing"])
    bp.errorhandler(LookupError)(handled_by("bp"))
    app.errorhandler(KeyError)(handled_by("app"))
    app.register_blueprint(bp, url_prefix="/bp")
    assert client.get("/bp/").text == "bp: KeyError"
    assert client.get("/").text == "app: KeyError"


def test_unmatched_url_under_a_prefix_uses_the_app_handler(
    app: Demijohn, client: DemijohnClient
) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/bp")
    bp.route("/")(lambda: abort(404))
    bp.errorhandler(404)(handled_by("bp"))
    app.errorhandler(404)(handled_by("app"))
    app.register_blueprint(bp)
    assert client.get("/bp/").text == "bp: NotFound"
    assert client.get("/bp/missing").text == "app: NotFound"


def test_handlers_apply_to_every_registration(app: Demijohn, client: DemijohnClient) -> None:
    bp = Blueprint("bp", __name__)
    bp.route("/")(lambda: 1 // 0)
    bp.errorhandler(ZeroDivisionError)(lambda e: request.blueprint)
    app.register_blueprint(bp, url_prefix="/a")
    app.register_blueprint(bp, url_prefix="/b", name="b")
    assert client.get("/a/").text == "bp"
    assert client.get("/b/").text == "b"


# -- relative URLs ----------------------------------------------------------------------------


def test_relative_endpoints_resolve_in_the_current_blueprint(
    app: Demijohn, client: DemijohnClient
) -> None:
    parent = Blueprint("parent", __name__, url_prefix="/p")
    child = Blueprint("child", __name__, url_prefix="/c")
    for scaffold in (app, parent, child):
        scaffold.route("/target")(endpoint_view)
        scaffold.route("/link")(lambda: url_for(".endpoint_view"))
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    app.register_blueprint(parent, name="again", url_prefix="/again")
    assert client.get("/link").text == "/target"
    assert client.get("/p/link").text == "/p/target"
    assert client.get("/p/c/link").text == "/p/c/target"
    assert client.get("/again/c/link").text == "/again/c/target"


def test_relative_endpoint_outside_a_request_does_not_build(app: Demijohn) -> None:
    app.config["SERVER_NAME"] = "example.test"
    app.route("/")(endpoint_view)
    with app.app_context():
        assert url_for("endpoint_view") == "http://example.test/"
        with pytest.raises(BuildError):
            url_for(".endpoint_view")


# -- static files -----------------------------------------------------------------------------


def test_no_static_route_without_a_static_folder(app: Demijohn) -> None:
    app.register_blueprint(Blueprint("bp", __name__, url_prefix="/bp"))
    assert "bp.static" not in rules(app)


def test_blueprint_static_files(app: Demijohn, client: DemijohnClient, tmp_path: t.Any) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "hello.txt").write_text("hello")
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60
    bp = Blueprint("bp", __name__, static_folder="files", root_path=str(tmp_path))
    assets = Blueprint("assets", __name__, static_folder=tmp_path / "files", static_url_path="/a")
    bp.register_blueprint(assets, url_prefix="/nested")
    app.register_blueprint(bp, url_prefix="/bp")

    assert rules(app)["bp.static"] == "/bp/files/<path:filename>"
    assert rules(app)["bp.assets.static"] == "/bp/nested/a/<path:filename>"
    for path in ("/bp/files/hello.txt", "/bp/nested/a/hello.txt"):
        response = client.get(path)
        assert response.data == b"hello"
        assert response.cache_control.max_age == 60
        response.close()
    assert client.get("/bp/files/missing.txt").status_code == 404
    with app.test_request_context():
        assert url_for("bp.static", filename="hello.txt") == "/bp/files/hello.txt"


# -- CLI --------------------------------------------------------------------------------------


def blueprint_with_command(name: str = "bp", **kwargs: t.Any) -> Blueprint:
    bp = Blueprint(name, __name__, **kwargs)
    bp.cli.command("hello")(lambda: print("hello"))
    return bp


def run(app: Demijohn, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_group_defaults_to_the_blueprint_name(app: Demijohn) -> None:
    app.register_blueprint(blueprint_with_command())
    assert run(app, "bp", "hello") == "hello\n"
    assert "hello" not in app.cli.commands


def test_cli_group_follows_the_registered_name(app: Demijohn) -> None:
    app.register_blueprint(blueprint_with_command(), name="renamed")
    assert run(app, "renamed", "hello") == "hello\n"


def test_nested_cli_group_has_the_dotted_name(app: Demijohn) -> None:
    parent = Blueprint("parent", __name__)
    parent.register_blueprint(blueprint_with_command("child"))
    app.register_blueprint(parent)
    assert run(app, "parent.child", "hello") == "hello\n"


def test_cli_group_none_merges_into_the_app(app: Demijohn) -> None:
    app.register_blueprint(blueprint_with_command(cli_group=None))
    assert run(app, "hello") == "hello\n"
    assert "bp" not in app.cli.commands


@pytest.mark.parametrize(
    ("own", "given", "group"),
    [("custom", None, "custom"), ("custom", "given", "given"), (None, "given", "given")],
)
def test_cli_group_can_be_named(app: Demijohn, own: str | None, given: str, group: str) -> None:
    options = {} if given is None else {"cli_group": given}
    app.register_blueprint(blueprint_with_command(cli_group=own), **options)
    assert run(app, group, "hello") == "hello\n"
    assert "bp" not in app.cli.commands


def test_blueprint_without_commands_adds_no_group(app: Demijohn) -> None:
    app.register_blueprint(Blueprint("bp", __name__))
    assert "bp" not in app.cli.commands
