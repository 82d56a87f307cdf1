"""Routing and URL building (reference A.2): rules, methods, redirects, converters, url_for."""

from __future__ import annotations

import typing as t

import pytest


def test_endpoint_defaults_to_function_name(app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return ""

    assert app.view_functions["index"] is index
    assert [r.endpoint for r in app.url_map.iter_rules() if r.rule == "/"] == ["index"]


def test_explicit_endpoint(app: t.Any) -> None:
    @app.route("/x", endpoint="named")
    def view() -> str:
        return "named"

    with app.test_request_context():
        assert app.url_for("named") == "/x"
    assert "view" not in app.view_functions


def test_endpoint_decorator(app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/e", "ep")

    @app.endpoint("ep")
    def later() -> str:
        return "later"

    assert client.get("/e").data == b"later"


def test_add_url_rule_with_view_func(app: t.Any, client: t.Any) -> None:
    def hello() -> str:
        return "added"

    app.add_url_rule("/h", view_func=hello)
    assert client.get("/h").data == b"added"
    assert "hello" in app.view_functions


def test_overwriting_endpoint_with_other_function_fails(app: t.Any) -> None:
    @app.route("/a", endpoint="same")
    def a() -> str:
        return "a"

    with pytest.raises(AssertionError) as info:

        @app.route("/b", endpoint="same")
        def b() -> str:
            return "b"

    assert "View function mapping is overwriting an existing endpoint function: same" in str(
        info.value
    )


def test_same_function_may_be_registered_twice(app: t.Any, client: t.Any) -> None:
    def view() -> str:
        return "v"

    app.add_url_rule("/one", "v", view)
    app.add_url_rule("/two", "v", view)
    assert client.get("/one").data == b"v"
    assert client.get("/two").data == b"v"


def test_methods_as_string_is_type_error(app: t.Any) -> None:
    with pytest.raises(TypeError, match="Allowed methods must be a list of strings"):
        app.add_url_rule("/", "x", lambda: "", methods="POST")


def test_method_shortcut_rejects_methods(app: t.Any) -> None:
    with pytest.raises(TypeError):
        app.get("/", methods=["GET"])


@pytest.mark.parametrize("shortcut", ["get", "post", "put", "delete", "patch"])
def test_method_shortcuts(app: t.Any, client: t.Any, shortcut: str) -> None:
    getattr(app, shortcut)("/m")(lambda: shortcut)
    assert getattr(client, shortcut)("/m").data == shortcut.encode()
    other = "post" if shortcut != "post" else "get"
    assert getattr(client, other)("/m").status_code == 405


def test_methods_are_uppercased(app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["post"])
    def index() -> str:
        return "posted"

    assert client.post("/").data == b"posted"


def test_view_function_methods_attribute(app: t.Any, client: t.Any) -> None:
    def view() -> str:
        return "put"

    view.methods = ["PUT"]  # type: ignore[attr-defined]
    app.add_url_rule("/", "view", view)
    assert client.put("/").data == b"put"
    assert client.get("/").status_code == 405


def test_required_methods_attribute(app: t.Any, client: t.Any) -> None:
    def view() -> str:
        return "ok"

    view.required_methods = ["POST"]  # type: ignore[attr-defined]
    app.add_url_rule("/", "view", view)
    assert client.get("/").status_code == 200
    assert client.post("/").status_code == 200


def test_405_has_allow_header(app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["POST", "PUT"])
    def index() -> str:
        return ""

    rv = client.get("/")
    assert rv.status == "405 METHOD NOT ALLOWED"
    assert sorted(rv.headers["Allow"].split(", ")) == ["OPTIONS", "POST", "PUT"]
    assert b"The method is not allowed for the requested URL." in rv.data


def test_404_page(app: t.Any, client: t.Any) -> None:
    rv = client.get("/missing")
    assert rv.status == "404 NOT FOUND"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<title>404 Not Found</title>" in rv.data
    assert b"The requested URL was not found on the server." in rv.data


def test_head_is_automatic_for_get(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "body"

    rv = client.head("/")
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.headers["Content-Length"] == "4"


def test_automatic_options(app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["GET", "POST"])
    def index() -> str:
        return "not called"

    rv = client.options("/")
    assert rv.status_code == 200
    assert sorted(rv.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS", "POST"]
    assert rv.data == b""


def test_automatic_options_lists_methods_of_all_rules(app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/", "a", lambda: "", methods=["GET"])
    app.add_url_rule("/", "b", lambda: "", methods=["DELETE"])
    rv = client.options("/")
    assert sorted(rv.headers["Allow"].split(", ")) == ["DELETE", "GET", "HEAD", "OPTIONS"]


def test_provide_automatic_options_false(app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/", "i", lambda: "", provide_automatic_options=False)
    rv = client.options("/")
    assert rv.status_code == 405
    assert sorted(rv.headers["Allow"].split(", ")) == ["GET", "HEAD"]


def test_view_attribute_provide_automatic_options(app: t.Any, client: t.Any) -> None:
    def view() -> str:
        return "own options"

    view.provide_automatic_options = False  # type: ignore[attr-defined]
    app.add_url_rule("/", "view", view, methods=["GET", "OPTIONS"])
    assert client.options("/").data == b"own options"


def test_explicit_options_method_calls_view(app: t.Any, client: t.Any) -> None:
    @app.route("/", methods=["OPTIONS"])
    def index() -> str:
        return "mine"

    assert client.options("/").data == b"mine"


def test_config_disables_automatic_options(app: t.Any, client: t.Any) -> None:
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.add_url_rule("/", "i", lambda: "")
    assert client.options("/").status_code == 405


def test_strict_slashes_redirect(app: t.Any, client: t.Any) -> None:
    @app.route("/dir/")
    def directory() -> str:
        return "dir"

    rv = client.get("/dir?x=1")
    assert rv.status == "308 PERMANENT REDIRECT"
    assert rv.headers["Location"] == "http://localhost/dir/?x=1"
    assert client.get("/dir", follow_redirects=True).data == b"dir"


def test_no_slash_rule_does_not_match_trailing_slash(app: t.Any, client: t.Any) -> None:
    @app.route("/file")
    def file() -> str:
        return "file"

    assert client.get("/file/").status_code == 404


def test_strict_slashes_false(app: t.Any, client: t.Any) -> None:
    @app.route("/loose/", strict_slashes=False)
    def loose() -> str:
        return "loose"

    rv = client.get("/loose")
    assert rv.status_code == 200
    assert rv.data == b"loose"


def test_strict_slashes_redirect_keeps_post(app: t.Any, client: t.Any) -> None:
    @app.route("/form/", methods=["POST"])
    def form() -> str:
        return "posted"

    rv = client.post("/form")
    assert rv.status_code == 308
    assert client.post("/form", follow_redirects=True).data == b"posted"


def test_merge_slashes_redirect(app: t.Any, client: t.Any) -> None:
    @app.route("/a/b")
    def ab() -> str:
        return "ab"

    rv = client.get("/a//b")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/a/b"


def test_merge_slashes_off(app: t.Any, client: t.Any) -> None:
    @app.route("/a/b", merge_slashes=False)
    def ab() -> str:
        return "ab"

    assert client.get("/a//b").status_code == 404


def test_redirect_to_rule_option(app: t.Any, client: t.Any) -> None:
    @app.route("/new/<int:n>")
    def new(n: int) -> str:
        return str(n)

    app.add_url_rule("/old/<int:n>", "old", redirect_to="/new/<n>")
    rv = client.get("/old/3")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/new/3"


def test_defaults_rule_option_and_redirect_to_canonical(app: t.Any, client: t.Any) -> None:
    @app.route("/page/", defaults={"n": 1})
    @app.route("/page/<int:n>")
    def page(n: int) -> str:
        return f"page {n}"

    assert client.get("/page/").data == b"page 1"
    assert client.get("/page/5").data == b"page 5"
    rv = client.get("/page/1")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/page/"


def test_int_converter(app: t.Any, client: t.Any) -> None:
    @app.route("/n/<int:n>")
    def number(n: int) -> str:
        return repr(n)

    assert client.get("/n/42").data == b"42"
    assert client.get("/n/-1").status_code == 404
    assert client.get("/n/x").status_code == 404


def test_float_converter(app: t.Any, client: t.Any) -> None:
    @app.route("/f/<float:x>")
    def number(x: float) -> str:
        return repr(x)

    assert client.get("/f/1.5").data == b"1.5"
    assert client.get("/f/1").status_code == 404


def test_path_converter(app: t.Any, client: t.Any) -> None:
    @app.route("/p/<path:rest>")
    def path(rest: str) -> str:
        return rest

    assert client.get("/p/a/b/c.txt").data == b"a/b/c.txt"


def test_string_converter_rejects_slash(app: t.Any, client: t.Any) -> None:
    @app.route("/s/<name>")
    def name(name: str) -> str:
        return name

    assert client.get("/s/a%20b").data == b"a b"
    assert client.get("/s/a/b").status_code == 404


def test_any_converter(app: t.Any, client: t.Any) -> None:
    @app.route("/<any(cat, dog):kind>")
    def kind(kind: str) -> str:
        return kind

    assert client.get("/dog").data == b"dog"
    assert client.get("/cow").status_code == 404


def test_uuid_converter(app: t.Any, client: t.Any) -> None:
    import uuid

    @app.route("/u/<uuid:u>")
    def ident(u: uuid.UUID) -> str:
        return type(u).__name__ + " " + str(u)

    value = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
    assert client.get(f"/u/{value}").data == f"UUID {value}".encode()
    assert client.get("/u/nope").status_code == 404


def test_custom_converter(app: t.Any, client: t.Any) -> None:
    from werkzeug.routing import BaseConverter

    class ListConverter(BaseConverter):
        def to_python(self, value: str) -> list[str]:
            return value.split(",")

        def to_url(self, value: list[str]) -> str:
            return ",".join(value)

    app.url_map.converters["list"] = ListConverter

    @app.route("/l/<list:items>")
    def items(items: list[str]) -> str:
        return "|".join(items)

    assert client.get("/l/a,b").data == b"a|b"
    with app.test_request_context():
        assert app.url_for("items", items=["x", "y"]) == "/l/x,y"


def test_request_routing_attributes(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/r/<int:n>")
    def routed(n: int) -> t.Any:
        req = flask.request
        return {
            "rule": req.url_rule.rule,
            "view_args": req.view_args,
            "endpoint": req.endpoint,
            "blueprint": req.blueprint,
            "blueprints": req.blueprints,
            "exc": req.routing_exception,
        }

    assert client.get("/r/3").get_json() == {
        "rule": "/r/<int:n>",
        "view_args": {"n": 3},
        "endpoint": "routed",
        "blueprint": None,
        "blueprints": [],
        "exc": None,
    }


def test_routing_exception_visible_to_before_request(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    seen: list[t.Any] = []

    @app.before_request
    def record() -> None:
        seen.append((type(flask.request.routing_exception).__name__, flask.request.url_rule))

    assert client.get("/nowhere").status_code == 404
    assert seen == [("NotFound", None)]


def test_before_request_may_answer_a_404_request(app: t.Any, client: t.Any) -> None:
    @app.before_request
    def answer() -> str:
        return "intercepted"

    rv = client.get("/nowhere")
    assert rv.status_code == 200
    assert rv.data == b"intercepted"


def test_url_for_basic_and_query(flask: t.Any, app: t.Any) -> None:
    @app.route("/user/<name>")
    def user(name: str) -> str:
        return name

    with app.test_request_context():
        assert flask.url_for("user", name="a b") == "/user/a%20b"
        assert flask.url_for("user", name="x", page=2, q="é") == "/user/x?page=2&q=%C3%A9"
        assert flask.url_for("user", name="x", tag=["a", "b"]) == "/user/x?tag=a&tag=b"


def test_url_for_anchor_method_scheme(flask: t.Any, app: t.Any) -> None:
    def thing() -> str:
        return ""

    app.add_url_rule("/get", "thing", thing, methods=["GET"])
    app.add_url_rule("/post", "thing", thing, methods=["POST"])
    with app.test_request_context():
        assert flask.url_for("thing", _anchor="top x") == "/get#top%20x"
        assert flask.url_for("thing", _method="POST") == "/post"
        assert flask.url_for("thing", _external=True) == "http://localhost/get"
        assert flask.url_for("thing", _scheme="https", _external=True) == "https://localhost/get"


def test_url_for_scheme_requires_external(flask: t.Any, app: t.Any) -> None:
    app.add_url_rule("/", "i", lambda: "")
    with app.test_request_context(), pytest.raises(ValueError, match="When specifying '_scheme'"):
        flask.url_for("i", _scheme="https", _external=False)


def test_url_for_within_request_uses_request_host(flask: t.Any, app: t.Any) -> None:
    app.add_url_rule("/", "i", lambda: "")
    with app.test_request_context(base_url="https://example.org/root/"):
        assert flask.url_for("i") == "/root/"
        assert flask.url_for("i", _external=True) == "https://example.org/root/"


def test_url_for_outside_request_needs_server_name(flask: t.Any, app: t.Any) -> None:
    app.add_url_rule("/", "i", lambda: "")
    with app.app_context(), pytest.raises(RuntimeError) as info:
        flask.url_for("i")
    assert "Unable to build URLs outside an active request without 'SERVER_NAME'" in str(info.value)


def test_url_for_outside_request_is_external(flask: t.Any, app: t.Any) -> None:
    app.config.update(
        SERVER_NAME="example.com", APPLICATION_ROOT="/app", PREFERRED_URL_SCHEME="https"
    )
    app.add_url_rule("/x", "x", lambda: "")
    with app.app_context():
        assert flask.url_for("x") == "https://example.com/app/x"
        assert flask.url_for("x", _external=False) == "/app/x"


def test_url_for_without_context_is_runtime_error(flask: t.Any) -> None:
    with pytest.raises(RuntimeError, match="Working outside of application context"):
        flask.url_for("x")


def test_build_error_unknown_endpoint(flask: t.Any, app: t.Any) -> None:
    from werkzeug.routing import BuildError

    @app.route("/index")
    def index() -> str:
        return ""

    with app.test_request_context(), pytest.raises(BuildError) as info:
        flask.url_for("indx")
    message = str(info.value)
    assert message.startswith("Could not build url for endpoint 'indx'.")
    assert "Did you mean 'index' instead?" in message
    assert isinstance(info.value, LookupError)


def test_build_error_missing_value(flask: t.Any, app: t.Any) -> None:
    from werkzeug.routing import BuildError

    @app.route("/u/<name>")
    def user(name: str) -> str:
        return name

    with app.test_request_context(), pytest.raises(BuildError) as info:
        flask.url_for("user")
    assert "Did you forget to specify values ['name']?" in str(info.value)


def test_build_error_reraised_inside_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.routing import BuildError

    @app.route("/")
    def index() -> str:
        return flask.url_for("nope")

    with pytest.raises(BuildError):
        client.get("/")


def test_url_build_error_handlers(flask: t.Any, app: t.Any) -> None:
    def fallback(error: t.Any, endpoint: str, values: dict[str, t.Any]) -> str:
        return f"/fallback/{endpoint}"

    app.url_build_error_handlers.append(fallback)
    with app.test_request_context():
        assert flask.url_for("anything") == "/fallback/anything"


def test_url_defaults_and_value_preprocessor(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values.setdefault("lang", flask.g.get("lang", "en"))

    @app.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        assert values is not None
        flask.g.lang = values.pop("lang")

    @app.route("/<lang>/about")
    def about() -> str:
        return flask.g.lang + " " + flask.url_for("about")

    assert client.get("/fr/about").data == b"fr /fr/about"


def client_for(app: t.Any, protocol: str) -> t.Any:
    """A test client for an app built in the test, over the protocol under test."""
    return app.test_client() if protocol == "wsgi" else app.test_client(protocol=protocol)


def test_subdomain_matching(flask: t.Any, protocol: str) -> None:
    app = flask.Flask("behaviour_app", subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.com"

    @app.route("/", subdomain="<user>")
    def profile(user: str) -> str:
        return user

    @app.route("/")
    def root() -> str:
        return "root"

    c = client_for(app, protocol)
    assert c.get("/", base_url="http://alice.example.com").data == b"alice"
    assert c.get("/", base_url="http://example.com").data == b"root"
    with app.app_context():
        assert flask.url_for("profile", user="bob") == "http://bob.example.com/"


def test_host_matching(flask: t.Any, protocol: str) -> None:
    app = flask.Flask("behaviour_app", host_matching=True, static_host="static.test")

    @app.route("/", host="a.test")
    def a() -> str:
        return "a"

    @app.route("/", host="<name>.b.test")
    def b(name: str) -> str:
        return "b " + name

    c = client_for(app, protocol)
    assert c.get("/", base_url="http://a.test").data == b"a"
    assert c.get("/", base_url="http://x.b.test").data == b"b x"
    assert c.get("/", base_url="http://other.test").status_code == 404
    with app.test_request_context(base_url="http://a.test"):
        assert flask.url_for("b", name="y") == "http://y.b.test/"
        assert flask.url_for("static", filename="s.css") == "http://static.test/static/s.css"


def test_server_name_does_not_restrict_hosts(app: t.Any, client: t.Any) -> None:
    app.config["SERVER_NAME"] = "example.com"
    app.add_url_rule("/", "i", lambda: "served")
    assert client.get("/", base_url="http://other.org").data == b"served"


def test_trusted_hosts(app: t.Any, client: t.Any) -> None:
    app.config["TRUSTED_HOSTS"] = ["good.test"]
    app.add_url_rule("/", "i", lambda: "ok")
    assert client.get("/", base_url="http://good.test").status_code == 200
    rv = client.get("/", base_url="http://evil.test")
    assert rv.status_code == 400


def test_debug_post_to_slash_redirect_is_still_308(app: t.Any, client: t.Any) -> None:
    app.debug = True

    @app.route("/slash/", methods=["POST"])
    def slash() -> str:
        return "posted"

    rv = client.post("/slash", data={"a": "b"})
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/slash/"


def test_options_on_unknown_path_is_404(app: t.Any, client: t.Any) -> None:
    assert client.options("/nothing").status_code == 404


def test_head_on_post_only_route_is_405(app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/", "i", lambda: "", methods=["POST"])
    rv = client.head("/")
    assert rv.status_code == 405
    assert sorted(rv.headers["Allow"].split(", ")) == ["OPTIONS", "POST"]


def test_url_map_strict_slashes_off(app: t.Any, client: t.Any) -> None:
    app.url_map.strict_slashes = False
    app.add_url_rule("/dir/", "d", lambda: "dir")
    assert client.get("/dir").data == b"dir"


def test_url_build_error_handler_returning_none_reraises(flask: t.Any, app: t.Any) -> None:
    from werkzeug.routing import BuildError

    calls: list[str] = []

    def handler(error: t.Any, endpoint: str, values: dict[str, t.Any]) -> None:
        calls.append(endpoint)
        return None

    app.url_build_error_handlers.append(handler)
    with app.test_request_context(), pytest.raises(BuildError):
        flask.url_for("missing")
    assert calls == ["missing"]


def test_url_build_error_handler_raising_own_error(flask: t.Any, app: t.Any) -> None:
    def handler(error: t.Any, endpoint: str, values: dict[str, t.Any]) -> str:
        raise LookupError(f"no {endpoint}")

    app.url_build_error_handlers.append(handler)
    with app.test_request_context(), pytest.raises(LookupError, match="no thing"):
        flask.url_for("thing")


def test_build_error_wrong_method(flask: t.Any, app: t.Any) -> None:
    from werkzeug.routing import BuildError

    app.add_url_rule("/", "only_get", lambda: "")
    with app.test_request_context(), pytest.raises(BuildError) as info:
        flask.url_for("only_get", _method="POST")
    assert "Did you mean to use methods" in str(info.value)


def test_build_error_relative_endpoint_outside_blueprint(flask: t.Any, app: t.Any) -> None:
    from werkzeug.routing import BuildError

    with app.test_request_context(), pytest.raises(BuildError) as info:
        flask.url_for(".nothing")
    assert "Could not build url for endpoint 'nothing'." in str(info.value)


def test_url_for_int_value_for_string_part(flask: t.Any, app: t.Any) -> None:
    app.add_url_rule("/u/<name>", "u", lambda name: name)
    with app.test_request_context():
        assert flask.url_for("u", name=5) == "/u/5"


def test_url_for_in_request_with_server_name(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.config["SERVER_NAME"] = "example.com"

    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.url_for("index", _external=True))

    assert client.get("/", base_url="http://other.org").data == b"http://example.com/"


def test_inject_url_defaults(flask: t.Any, app: t.Any) -> None:
    app.url_defaults(lambda endpoint, values: values.setdefault("page", 2))
    values: dict[str, t.Any] = {}
    app.inject_url_defaults("any", values)
    assert values == {"page": 2}


def test_url_rule_class_override(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from werkzeug.routing import Rule

    class TaggedRule(Rule):
        tag = "tagged"

    app.url_rule_class = TaggedRule

    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.request.url_rule.tag)

    assert client.get("/").data == b"tagged"


def test_alias_and_build_only_rules(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/external", "ext", build_only=True)
    app.add_url_rule("/", "i", lambda: "i")
    assert client.get("/external").status_code == 404
    with app.test_request_context():
        assert flask.url_for("ext") == "/external"


def test_rule_defaults_passed_to_view(app: t.Any, client: t.Any) -> None:
    @app.route("/", defaults={"mode": "list"})
    def index(mode: str) -> str:
        return mode

    assert client.get("/").data == b"list"


def test_add_url_rule_without_view_func_or_endpoint(app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/later", "later")
    with pytest.raises(KeyError):
        client.get("/later")


def test_url_variable_named_request_is_passed_to_the_view(app: t.Any, client: t.Any) -> None:
    @app.route("/", defaults={"request": None})
    @app.route("/<request>")
    def show(request: str | None) -> str:
        return f"value {request}"

    assert client.get("/abc").data == b"value abc"
    assert client.get("/").data == b"value None"


def test_url_variable_named_request_is_passed_to_a_method_view(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    from flask.views import MethodView

    class Show(MethodView):
        def get(self, request: str) -> str:
            return f"{flask.request.method} {request}"

    app.add_url_rule("/<request>", view_func=Show.as_view("show"))
    assert client.get("/abc").data == b"GET abc"


@pytest.mark.parametrize("host", ["a b", "exa_mple.com", "web_app:8000", "bücher..example"])
def test_host_with_characters_no_host_name_has_is_served(
    app: t.Any, client: t.Any, host: str
) -> None:
    app.add_url_rule("/", "index", lambda: "served")
    assert client.get("/", headers={"Host": host}).data == b"served"


@pytest.mark.parametrize("method", ["GET", "OPTIONS"])
def test_host_label_over_63_characters_is_400(
    flask: t.Any, app: t.Any, client: t.Any, method: str
) -> None:
    app.add_url_rule("/", "index", lambda: flask.url_for("index", _external=True))
    assert client.open("/", method=method, headers={"Host": "x" * 64}).status_code == 400
