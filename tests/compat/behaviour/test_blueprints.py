"""Blueprints (reference A.6): registration, prefixes, nesting, names, and their hooks."""

from __future__ import annotations

import typing as t

import pytest


def test_endpoint_is_prefixed_with_name(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("shop", __name__)

    @bp.route("/items")
    def items() -> str:
        return flask.request.endpoint + " " + flask.request.blueprint

    app.register_blueprint(bp)
    assert client.get("/items").data == b"shop.items shop"
    assert "shop.items" in app.view_functions


def test_url_prefix_from_constructor_and_registration(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/ctor")
    bp.add_url_rule("/x", "x", lambda: "x")
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="other", url_prefix="/reg/")
    assert client.get("/ctor/x").data == b"x"
    assert client.get("/reg/x").data == b"x"
    with app.test_request_context():
        assert flask.url_for("bp.x") == "/ctor/x"
        assert flask.url_for("other.x") == "/reg/x"


def test_url_prefix_root_rule(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    bp.add_url_rule("/", "index", lambda: "index")
    bp.add_url_rule("", "bare", lambda: "bare")
    app.register_blueprint(bp)
    assert client.get("/bp/").data == b"index"
    assert client.get("/bp").data == b"bare"


def test_same_blueprint_twice_needs_a_new_name(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)
    app.register_blueprint(bp)
    with pytest.raises(ValueError, match="Use 'name=' to ") as info:
        app.register_blueprint(bp, url_prefix="/again")
    assert "The name 'bp' is already registered for this blueprint." in str(info.value)


def test_two_blueprints_same_name(flask: t.Any, app: t.Any) -> None:
    app.register_blueprint(flask.Blueprint("same", __name__))
    with pytest.raises(ValueError, match="already registered") as info:
        app.register_blueprint(flask.Blueprint("same", __name__))
    assert "The name 'same' is already registered for a different blueprint." in str(info.value)


def test_blueprint_name_rules(flask: t.Any) -> None:
    # demijohn words these two messages its own way; both name the rule broken.
    with pytest.raises(ValueError, match="dot"):
        flask.Blueprint("a.b", __name__)
    with pytest.raises(ValueError, match="empty"):
        flask.Blueprint("", __name__)


def test_endpoint_with_dot_rejected(flask: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)
    with pytest.raises(ValueError, match=r"'endpoint'|endpoint 'a.b'"):
        bp.add_url_rule("/", "a.b", lambda: "")


def test_view_name_with_dot_rejected(flask: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)

    def view() -> str:
        return ""

    view.__name__ = "a.b"
    with pytest.raises(ValueError, match="dot"):
        bp.add_url_rule("/", view_func=view)


def test_register_on_itself(flask: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)
    with pytest.raises(ValueError, match=r"(?i)on itself"):
        bp.register_blueprint(bp)


def test_nested_names_and_prefixes(flask: t.Any, app: t.Any, client: t.Any) -> None:
    parent = flask.Blueprint("parent", __name__, url_prefix="/parent")
    child = flask.Blueprint("child", __name__, url_prefix="/child")
    grandchild = flask.Blueprint("grandchild", __name__, url_prefix="/gc")

    @grandchild.route("/v")
    def view() -> t.Any:
        return {
            "endpoint": flask.request.endpoint,
            "blueprint": flask.request.blueprint,
            "blueprints": flask.request.blueprints,
            "url": flask.url_for(".view"),
        }

    child.register_blueprint(grandchild)
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    assert client.get("/parent/child/gc/v").get_json() == {
        "endpoint": "parent.child.grandchild.view",
        "blueprint": "parent.child.grandchild",
        "blueprints": ["parent.child.grandchild", "parent.child", "parent"],
        "url": "/parent/child/gc/v",
    }
    assert list(app.blueprints) == ["parent", "parent.child", "parent.child.grandchild"]


def test_nested_registration_prefix_options(flask: t.Any, app: t.Any, client: t.Any) -> None:
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__, url_prefix="/ignored")
    child.add_url_rule("/v", "v", lambda: "v")
    parent.register_blueprint(child, url_prefix="/c")
    app.register_blueprint(parent, url_prefix="/p")
    assert client.get("/p/c/v").data == b"v"
    assert client.get("/p/ignored/v").status_code == 404


def test_relative_url_for_in_blueprint(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")

    @bp.route("/a")
    def a() -> str:
        return flask.url_for(".b") + " " + flask.url_for("index")

    @bp.route("/b")
    def b() -> str:
        return ""

    @app.route("/")
    def index() -> str:
        return ""

    app.register_blueprint(bp)
    assert client.get("/bp/a").data == b"/bp/b /"


def test_relative_url_for_outside_blueprint(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return flask.url_for(".index")

    assert client.get("/").data == b"/"


def client_for(app: t.Any, protocol: str) -> t.Any:
    """A test client for an app built in the test, over the protocol under test."""
    return app.test_client() if protocol == "wsgi" else app.test_client(protocol=protocol)


def test_blueprint_subdomain(flask: t.Any, protocol: str) -> None:
    app = flask.Flask("behaviour_app", subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.test"
    bp = flask.Blueprint("api", __name__, subdomain="api")
    bp.add_url_rule("/", "index", lambda: "api")
    app.register_blueprint(bp)
    client = client_for(app, protocol)
    assert client.get("/", base_url="http://api.example.test").data == b"api"
    assert client.get("/", base_url="http://example.test").status_code == 404
    with app.app_context():
        assert flask.url_for("api.index") == "http://api.example.test/"


def test_subdomain_ignored_without_subdomain_matching(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    app.config["SERVER_NAME"] = "example.test"
    bp = flask.Blueprint("api", __name__, subdomain="api")
    bp.add_url_rule("/", "index", lambda: "api")
    app.register_blueprint(bp)
    assert client.get("/", base_url="http://api.example.test").status_code == 404


def test_nested_subdomains(flask: t.Any, app: t.Any) -> None:
    app.config["SERVER_NAME"] = "example.test"
    parent = flask.Blueprint("parent", __name__, subdomain="parent")
    child = flask.Blueprint("child", __name__, subdomain="child")
    child.add_url_rule("/", "index", lambda: "")
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    with app.app_context():
        assert flask.url_for("parent.child.index") == "http://child.parent.example.test/"


def test_blueprint_url_defaults(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__, url_defaults={"lang": "en"})

    @bp.route("/hello")
    def hello(lang: str) -> str:
        return lang

    app.register_blueprint(bp)
    app.register_blueprint(bp, name="fr", url_prefix="/fr", url_defaults={"lang": "fr"})
    assert client.get("/hello").data == b"en"
    assert client.get("/fr/hello").data == b"fr"


def test_before_request_order_app_then_outer_to_inner(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    order: list[str] = []
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__)
    child.before_request(lambda: order.append("child"))
    parent.before_request(lambda: order.append("parent"))
    app.before_request(lambda: order.append("app"))
    child.add_url_rule("/v", "v", lambda: "v")
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    client.get("/v")
    assert order == ["app", "parent", "child"]


def test_after_request_order_inner_first(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    parent = flask.Blueprint("parent", __name__)
    child = flask.Blueprint("child", __name__)
    child.after_request(lambda r: (order.append("child"), r)[1])
    parent.after_request(lambda r: (order.append("parent"), r)[1])
    app.after_request(lambda r: (order.append("app"), r)[1])
    child.add_url_rule("/v", "v", lambda: "v")
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    client.get("/v")
    assert order == ["child", "parent", "app"]


def test_teardown_request_order_nested(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    bp = flask.Blueprint("bp", __name__)
    bp.teardown_request(lambda exc: order.append("bp"))
    app.teardown_request(lambda exc: order.append("app"))
    bp.add_url_rule("/v", "v", lambda: "v")
    app.register_blueprint(bp)
    client.get("/v")
    assert order == ["bp", "app"]


def test_blueprint_hooks_only_for_its_routes(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    bp.before_request(lambda: order.append("bp before"))
    bp.after_request(lambda r: (order.append("bp after"), r)[1])
    bp.teardown_request(lambda exc: order.append("bp teardown"))
    bp.add_url_rule("/v", "v", lambda: "v")
    app.add_url_rule("/", "i", lambda: "i")
    app.register_blueprint(bp)
    client.get("/")
    client.get("/bp/nope")
    assert order == []
    client.get("/bp/v")
    assert order == ["bp before", "bp after", "bp teardown"]


def test_app_wide_hooks_from_blueprint(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    bp = flask.Blueprint("bp", __name__)
    bp.before_app_request(lambda: order.append("before"))
    bp.after_app_request(lambda r: (order.append("after"), r)[1])
    bp.teardown_app_request(lambda exc: order.append("teardown"))
    app.add_url_rule("/", "i", lambda: "i")
    app.register_blueprint(bp)
    client.get("/")
    assert order == ["before", "after", "teardown"]


def test_blueprint_url_value_preprocessor_and_defaults(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/<lang>")

    @bp.url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang", flask.g.lang)

    @bp.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        assert values is not None
        flask.g.lang = values.pop("lang")

    @bp.route("/page")
    def page() -> str:
        return flask.g.lang + " " + flask.url_for(".page")

    app.register_blueprint(bp)
    assert client.get("/it/page").data == b"it /it/page"


def test_app_url_defaults_from_blueprint(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)
    bp.app_url_defaults(lambda endpoint, values: values.setdefault("n", 7))
    app.add_url_rule("/n/<int:n>", "n", lambda n: "")
    app.register_blueprint(bp)
    with app.test_request_context():
        assert flask.url_for("n") == "/n/7"


def test_app_url_value_preprocessor_from_blueprint(flask: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    bp = flask.Blueprint("bp", __name__)
    bp.app_url_value_preprocessor(lambda endpoint, values: seen.append(endpoint))
    app.add_url_rule("/", "i", lambda: "i")
    app.register_blueprint(bp)
    client.get("/")
    assert seen == ["i"]


def test_blueprint_context_processor_scoped(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    bp.context_processor(lambda: {"where": "bp"})
    bp.app_context_processor(lambda: {"everywhere": "yes"})
    template = "{{ where|default('none') }} {{ everywhere }}"
    bp.add_url_rule("/", "i", lambda: flask.render_template_string(template))
    app.add_url_rule("/", "i", lambda: flask.render_template_string(template))
    app.register_blueprint(bp)
    assert client.get("/bp/").data == b"bp yes"
    assert client.get("/").data == b"none yes"


def test_app_template_filter_test_global(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)
    bp.app_template_filter("twice")(lambda s: s * 2)
    bp.app_template_test("empty")(lambda s: not s)
    bp.app_template_global("hello")(lambda: "hi")
    bp.add_app_template_filter(str.upper, "up")
    app.register_blueprint(bp)
    with app.app_context():
        rendered = flask.render_template_string(
            "{{ 'ab'|twice }} {{ '' is empty }} {{ hello() }} {{ 'x'|up }}"
        )
    assert rendered == "abab True hi X"


def test_record_and_record_once(flask: t.Any, app: t.Any) -> None:
    calls: list[t.Any] = []
    bp = flask.Blueprint("bp", __name__)
    bp.record(lambda state: calls.append(("record", state.name, state.first_registration)))
    bp.record_once(lambda state: calls.append(("once", state.name)))
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="bp2")
    assert calls == [
        ("record", "bp", True),
        ("once", "bp"),
        ("record", "bp2", False),
    ]


def test_setup_state_attributes(flask: t.Any, app: t.Any) -> None:
    states: list[t.Any] = []
    bp = flask.Blueprint("bp", __name__, url_prefix="/x", subdomain="sub")
    bp.record(states.append)
    app.register_blueprint(bp, url_defaults={"a": 1}, name="named")
    state = states[0]
    assert state.app is app
    assert state.blueprint is bp
    assert state.url_prefix == "/x"
    assert state.subdomain == "sub"
    assert state.name == "named"
    assert state.name_prefix == ""
    assert state.url_defaults == {"a": 1}
    assert state.options == {"url_defaults": {"a": 1}, "name": "named"}
    from flask.blueprints import BlueprintSetupState

    assert isinstance(state, BlueprintSetupState)


def test_setup_state_add_url_rule(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/pre")
    bp.record(lambda state: state.add_url_rule("/rec", "rec", lambda: "recorded"))
    app.register_blueprint(bp)
    assert client.get("/pre/rec").data == b"recorded"
    assert "bp.rec" in app.view_functions


def test_blueprint_setup_after_registration_is_refused(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)
    app.register_blueprint(bp)
    with pytest.raises(AssertionError) as info:
        bp.add_url_rule("/late", "late", lambda: "")
    assert "The setup method 'add_url_rule' can no longer be called on the blueprint 'bp'." in (
        str(info.value)
    )


def test_blueprint_registries_are_its_own(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)

    def hook() -> None:
        return None

    bp.before_request(hook)
    assert bp.before_request_funcs == {None: [hook]}
    assert app.before_request_funcs == {}
    app.register_blueprint(bp)
    assert app.before_request_funcs == {"bp": [hook]}


def test_blueprint_method_shortcuts(flask: t.Any, app: t.Any, client: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__)

    def posted() -> str:
        return "posted"

    def deleted() -> str:
        return "deleted"

    bp.post("/p")(posted)
    bp.delete("/p")(deleted)
    app.register_blueprint(bp)
    assert client.post("/p").data == b"posted"
    assert client.delete("/p").data == b"deleted"
    assert client.get("/p").status_code == 405


def test_blueprint_static_folder(flask: t.Any, app: t.Any, client: t.Any, tmp_path: t.Any) -> None:
    static = tmp_path / "bp_static"
    static.mkdir()
    (static / "style.css").write_text("body{}")
    bp = flask.Blueprint(
        "bp", __name__, static_folder=str(static), static_url_path="/s", url_prefix="/bp"
    )
    app.register_blueprint(bp)
    rv = client.get("/bp/s/style.css")
    assert rv.status_code == 200
    assert rv.data == b"body{}"
    assert rv.headers["Content-Type"] == "text/css; charset=utf-8"
    rv.close()
    with app.test_request_context():
        assert flask.url_for("bp.static", filename="style.css") == "/bp/s/style.css"


def test_blueprint_without_static_folder_has_no_static_route(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    app.register_blueprint(bp)
    assert "bp.static" not in {rule.endpoint for rule in app.url_map.iter_rules()}


def test_blueprint_open_resource(flask: t.Any, tmp_path: t.Any) -> None:
    (tmp_path / "data.txt").write_text("bp data")
    bp = flask.Blueprint("bp", __name__, root_path=str(tmp_path))
    with bp.open_resource("data.txt") as f:
        assert f.read() == b"bp data"
    with bp.open_resource("data.txt", "r") as f:
        assert f.read() == "bp data"


def test_blueprint_templates_searched_after_app(flask: t.Any, tmp_path: t.Any) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "shared.html").write_text("app version")
    (tmp_path / "bp_templates").mkdir()
    (tmp_path / "bp_templates" / "shared.html").write_text("bp version")
    (tmp_path / "bp_templates" / "only_bp.html").write_text("only in bp")
    app = flask.Flask("behaviour_app", root_path=str(tmp_path))
    bp = flask.Blueprint("bp", __name__, root_path=str(tmp_path), template_folder="bp_templates")
    app.register_blueprint(bp)
    with app.app_context():
        assert flask.render_template("shared.html") == "app version"
        assert flask.render_template("only_bp.html") == "only in bp"


def test_blueprint_error_handler_for_code_in_its_views(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = flask.Blueprint("bp", __name__)

    @bp.errorhandler(403)
    def forbidden(e: t.Any) -> t.Any:
        return "bp forbidden", 403

    @bp.route("/f")
    def f() -> str:
        flask.abort(403)

    @app.route("/g")
    def g() -> str:
        flask.abort(403)

    app.register_blueprint(bp)
    assert client.get("/f").data == b"bp forbidden"
    assert b"<title>403 Forbidden</title>" in client.get("/g").data


def test_cli_group_named_after_blueprint(flask: t.Any) -> None:
    from flask.cli import AppGroup

    bp = flask.Blueprint("tools", __name__)
    assert isinstance(bp.cli, AppGroup)
    assert bp.cli.name == "tools"


def test_cli_group_mounted_under_registration_name(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("tools", __name__)
    bp.cli.command("hello")(lambda: None)
    app.register_blueprint(bp, cli_group="admin")
    assert bp.cli.name == "admin"
    assert "admin" in app.cli.commands


def test_cli_group_none_merges_commands(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("tools", __name__, cli_group=None)
    bp.cli.command("hello")(lambda: None)
    app.register_blueprint(bp)
    assert "hello" in app.cli.commands
    assert "tools" not in app.cli.commands


def test_nested_url_value_preprocessors_then_before_request(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    order: list[str] = []
    parent = flask.Blueprint("p", __name__)
    child = flask.Blueprint("c", __name__)
    app.url_value_preprocessor(lambda e, v: order.append("app uvp"))
    parent.url_value_preprocessor(lambda e, v: order.append("parent uvp"))
    child.url_value_preprocessor(lambda e, v: order.append("child uvp"))
    app.before_request(lambda: order.append("app before"))
    parent.before_request(lambda: order.append("parent before"))
    child.before_request(lambda: order.append("child before"))
    child.add_url_rule("/v", "v", lambda: "v")
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    client.get("/v")
    assert order == [
        "app uvp",
        "parent uvp",
        "child uvp",
        "app before",
        "parent before",
        "child before",
    ]


def test_nested_teardown_inner_first(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    parent = flask.Blueprint("p", __name__)
    child = flask.Blueprint("c", __name__)
    app.teardown_request(lambda e: order.append("app"))
    parent.teardown_request(lambda e: order.append("parent"))
    child.teardown_request(lambda e: order.append("child"))
    child.add_url_rule("/v", "v", lambda: "v")
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    client.get("/v")
    assert order == ["child", "parent", "app"]


def test_nested_context_processors_inner_wins(flask: t.Any, app: t.Any, client: t.Any) -> None:
    parent = flask.Blueprint("p", __name__)
    child = flask.Blueprint("c", __name__)
    app.context_processor(lambda: {"a": "app", "b": "app", "z": "app"})
    parent.context_processor(lambda: {"a": "parent", "b": "parent"})
    child.context_processor(lambda: {"b": "child"})
    child.add_url_rule("/v", "v", lambda: flask.render_template_string("{{a}} {{b}} {{z}}"))
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    assert client.get("/v").data == b"parent child app"


def test_after_request_order_with_blueprint_and_this(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    order: list[str] = []
    bp = flask.Blueprint("bp", __name__)
    app.after_request(lambda r: (order.append("app 1"), r)[1])
    app.after_request(lambda r: (order.append("app 2"), r)[1])
    bp.after_request(lambda r: (order.append("bp 1"), r)[1])
    bp.after_request(lambda r: (order.append("bp 2"), r)[1])

    def view() -> str:
        flask.after_this_request(lambda r: (order.append("this"), r)[1])
        return "v"

    bp.add_url_rule("/v", "v", view)
    app.register_blueprint(bp)
    client.get("/v")
    assert order == ["this", "bp 2", "bp 1", "app 2", "app 1"]


def test_before_app_request_runs_with_app_hooks(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    bp = flask.Blueprint("bp", __name__)
    app.before_request(lambda: order.append("app 1"))
    bp.before_request(lambda: order.append("bp"))
    bp.before_app_request(lambda: order.append("bp app-wide"))
    app.before_request(lambda: order.append("app 2"))
    bp.add_url_rule("/v", "v", lambda: "v")
    app.register_blueprint(bp)
    client.get("/v")
    assert order == ["app 1", "app 2", "bp app-wide", "bp"]


def test_blueprint_registered_twice_keeps_hooks_and_handlers(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    seen: list[str] = []
    bp = flask.Blueprint("bp", __name__)
    bp.before_request(lambda: seen.append(flask.request.blueprint))
    bp.register_error_handler(KeyError, lambda e: "handled")

    def fail() -> str:
        raise KeyError()

    bp.add_url_rule("/v", "v", fail)
    app.register_blueprint(bp, url_prefix="/one")
    app.register_blueprint(bp, url_prefix="/two", name="two")
    assert client.get("/one/v").data == b"handled"
    assert client.get("/two/v").data == b"handled"
    assert seen == ["bp", "two"]


def test_same_child_under_two_names(flask: t.Any, app: t.Any) -> None:
    parent = flask.Blueprint("p", __name__)
    child = flask.Blueprint("c", __name__)
    child.add_url_rule("/v", "v", lambda: "v")
    parent.register_blueprint(child, url_prefix="/a")
    parent.register_blueprint(child, url_prefix="/b", name="c2")
    app.register_blueprint(parent)
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    assert rules["p.c.v"] == "/a/v"
    assert rules["p.c2.v"] == "/b/v"


def test_prefix_and_rule_slashes_are_joined(flask: t.Any, app: t.Any) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp/")
    bp.add_url_rule("/x/", "x", lambda: "x")
    bp.add_url_rule("y", "y", lambda: "y")
    app.register_blueprint(bp, url_prefix="/pre/")
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    assert rules["bp.x"] == "/pre/x/"
    assert rules["bp.y"] == "/pre/y"


def test_blueprint_url_defaults_only_for_its_endpoints(flask: t.Any, app: t.Any) -> None:
    from werkzeug.routing import BuildError

    bp = flask.Blueprint("bp", __name__)
    bp.url_defaults(lambda endpoint, values: values.setdefault("x", "bp default"))
    bp.add_url_rule("/b/<x>", "b", lambda x: x)
    app.add_url_rule("/a/<x>", "a", lambda x: x)
    app.register_blueprint(bp)
    with app.test_request_context():
        assert flask.url_for("bp.b") == "/b/bp%20default"
        with pytest.raises(BuildError):
            flask.url_for("a")


def test_blueprint_405_not_sent_to_blueprint_handler(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    bp.register_error_handler(405, lambda e: ("bp 405", 405))
    bp.add_url_rule("/x", "x", lambda: "x")
    app.register_blueprint(bp)
    rv = client.post("/bp/x")
    assert rv.status_code == 405
    assert b"<title>405 Method Not Allowed</title>" in rv.data


def test_nested_static_endpoint(flask: t.Any, app: t.Any, tmp_path: t.Any) -> None:
    parent = flask.Blueprint("p", __name__, url_prefix="/p")
    static = tmp_path / "files"
    static.mkdir()
    child = flask.Blueprint("c", __name__, static_folder=str(static), url_prefix="/c")
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    with app.test_request_context():
        # The static URL path defaults to the folder's name.
        assert flask.url_for("p.c.static", filename="s.css") == "/p/c/files/s.css"
