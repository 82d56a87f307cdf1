"""Hooks and decorators (reference A.5): request hooks, their order, template registrations."""

from __future__ import annotations

import typing as t

import pytest


def test_before_request_in_registration_order(app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    app.before_request(lambda: order.append("one"))
    app.before_request(lambda: order.append("two"))
    app.add_url_rule("/", "i", lambda: order.append("view") or "ok")
    client.get("/")
    assert order == ["one", "two", "view"]


def test_before_request_return_short_circuits(app: t.Any, client: t.Any) -> None:
    order: list[str] = []

    @app.before_request
    def stop() -> t.Any:
        order.append("stop")
        return "stopped", 403

    app.before_request(lambda: order.append("never"))
    app.add_url_rule("/", "i", lambda: order.append("view") or "ok")
    app.after_request(lambda r: (order.append("after"), r)[1])
    rv = client.get("/")
    assert rv.status_code == 403
    assert rv.data == b"stopped"
    assert order == ["stop", "after"]


def test_after_request_reverse_order(app: t.Any, client: t.Any) -> None:
    order: list[str] = []

    @app.after_request
    def first(response: t.Any) -> t.Any:
        order.append("first")
        return response

    @app.after_request
    def second(response: t.Any) -> t.Any:
        order.append("second")
        return response

    app.add_url_rule("/", "i", lambda: "ok")
    client.get("/")
    assert order == ["second", "first"]


def test_after_request_can_replace_response(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.after_request(lambda r: flask.Response("replaced", status=202))
    app.add_url_rule("/", "i", lambda: "ok")
    rv = client.get("/")
    assert rv.status_code == 202
    assert rv.data == b"replaced"


def test_after_this_request_runs_before_after_request(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    order: list[str] = []
    app.after_request(lambda r: (order.append("after_request"), r)[1])

    @app.route("/")
    def index() -> str:
        flask.after_this_request(lambda r: (order.append("this_1"), r)[1])
        flask.after_this_request(lambda r: (order.append("this_2"), r)[1])
        return "ok"

    client.get("/")
    assert order == ["this_1", "this_2", "after_request"]


def test_after_request_runs_for_errors_handled(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.after_request(lambda r: (r.headers.set("X-After", "1"), r)[1])

    @app.route("/")
    def index() -> str:
        flask.abort(404)

    rv = client.get("/")
    assert rv.status_code == 404
    assert rv.headers["X-After"] == "1"


def test_after_request_runs_for_routing_404(app: t.Any, client: t.Any) -> None:
    app.after_request(lambda r: (r.headers.set("X-After", "1"), r)[1])
    assert client.get("/nothing").headers["X-After"] == "1"


def test_after_request_runs_for_unhandled_500(app: t.Any, client: t.Any) -> None:
    app.testing = False
    app.after_request(lambda r: (r.headers.set("X-After", "1"), r)[1])

    @app.route("/")
    def index() -> str:
        raise RuntimeError("x")

    rv = client.get("/")
    assert rv.status_code == 500
    assert rv.headers["X-After"] == "1"


def test_exception_in_before_request_goes_to_error_handler(app: t.Any, client: t.Any) -> None:
    @app.before_request
    def fail() -> None:
        raise ValueError("before")

    app.register_error_handler(ValueError, lambda e: (f"handled {e}", 400))
    app.add_url_rule("/", "i", lambda: "ok")
    rv = client.get("/")
    assert rv.status_code == 400
    assert rv.data == b"handled before"


def test_exception_in_after_request_is_a_500(app: t.Any, client: t.Any) -> None:
    app.testing = False
    calls: list[str] = []

    @app.after_request
    def fail(response: t.Any) -> t.Any:
        calls.append("after")
        raise ValueError("after")

    app.register_error_handler(ValueError, lambda e: ("handled", 400))
    app.register_error_handler(
        500, lambda e: (f"500 for {type(e.original_exception).__name__}", 500)
    )
    app.add_url_rule("/", "i", lambda: "ok")
    rv = client.get("/")
    assert rv.status_code == 500
    assert rv.data == b"500 for ValueError"
    # It runs again on the error response, and that failure is logged, not raised.
    assert calls == ["after", "after"]


def test_exception_in_after_request_propagates_when_testing(app: t.Any, client: t.Any) -> None:
    @app.after_request
    def fail(response: t.Any) -> t.Any:
        raise ValueError("after")

    app.add_url_rule("/", "i", lambda: "ok")
    with pytest.raises(ValueError, match="after"):
        client.get("/")


def test_url_value_preprocessor_runs_before_before_request(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    order: list[t.Any] = []

    @app.url_value_preprocessor
    def pre(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        order.append(("pre", endpoint, dict(values or {})))

    app.before_request(lambda: order.append("before"))

    @app.route("/<int:n>")
    def view(n: int) -> str:
        order.append(("view", n))
        return "ok"

    client.get("/5")
    assert order == [("pre", "view", {"n": 5}), "before", ("view", 5)]


def test_url_value_preprocessor_gets_none_for_404(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    app.url_value_preprocessor(lambda endpoint, values: seen.append((endpoint, values)))
    client.get("/missing")
    assert seen == [(None, None)]


def test_url_value_preprocessor_can_change_view_args(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.url_value_preprocessor
    def pop_prefix(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        assert values is not None
        flask.g.lang = values.pop("lang")

    @app.route("/<lang>/page")
    def page() -> str:
        return t.cast(str, flask.g.lang)

    assert client.get("/de/page").data == b"de"


def test_url_defaults_applied_when_building(flask: t.Any, app: t.Any) -> None:
    @app.url_defaults
    def defaults(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("page", 1)

    @app.route("/list/<int:page>")
    def listing(page: int) -> str:
        return ""

    with app.test_request_context():
        assert flask.url_for("listing") == "/list/1"
        assert flask.url_for("listing", page=3) == "/list/3"


def test_context_processor(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.context_processor
    def inject() -> dict[str, t.Any]:
        return {"who": "world", "path": flask.request.path}

    @app.route("/hi")
    def hi() -> str:
        return t.cast(str, flask.render_template_string("hello {{ who }} at {{ path }}"))

    assert client.get("/hi").data == b"hello world at /hi"


def test_context_processor_does_not_override_explicit(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    app.context_processor(lambda: {"x": "processor"})

    @app.route("/")
    def index() -> str:
        return t.cast(str, flask.render_template_string("{{ x }}", x="explicit"))

    assert client.get("/").data == b"explicit"


def test_default_template_context(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        flask.g.v = "gv"
        flask.session["s"] = "sv"
        return t.cast(
            str,
            flask.render_template_string(
                "{{ request.path }} {{ g.v }} {{ session.s }} {{ config.TESTING }}"
                " {{ url_for('index') }}"
            ),
        )

    assert client.get("/").data == b"/ gv sv True /"


def test_template_filter_with_and_without_name(flask: t.Any, app: t.Any) -> None:
    @app.template_filter()
    def reverse(s: str) -> str:
        return s[::-1]

    @app.template_filter("shout")
    def upper(s: str) -> str:
        return s.upper()

    app.add_template_filter(lambda s: s + "!", "bang")
    with app.app_context():
        rendered = flask.render_template_string(
            "{{ 'abc'|reverse }} {{ 'x'|shout }} {{ 'y'|bang }}"
        )
    assert rendered == "cba X y!"


def test_template_test_and_global(flask: t.Any, app: t.Any) -> None:
    @app.template_test()
    def even(n: int) -> bool:
        return n % 2 == 0

    @app.template_global()
    def answer() -> int:
        return 42

    app.add_template_test(lambda n: n > 10, "big")
    app.add_template_global(lambda: "g", "glob")
    with app.app_context():
        rendered = flask.render_template_string(
            "{{ 4 is even }} {{ 3 is even }} {{ 11 is big }} {{ answer() }} {{ glob() }}"
        )
    assert rendered == "True False True 42 g"


def test_shell_context_processor(app: t.Any) -> None:
    app.shell_context_processor(lambda: {"extra": 1})
    context = app.make_shell_context()
    assert context["app"] is app
    assert context["extra"] == 1
    assert "g" in context


def test_hook_registries_are_keyed_by_none(app: t.Any) -> None:
    def hook() -> None:
        return None

    app.before_request(hook)
    assert app.before_request_funcs == {None: [hook]}


def test_decorators_return_the_function(app: t.Any) -> None:
    def hook() -> None:
        return None

    def handler(e: Exception) -> str:
        return ""

    assert app.before_request(hook) is hook
    assert app.teardown_request(hook) is hook
    assert app.errorhandler(404)(handler) is handler
    assert app.route("/")(hook) is hook


def test_teardown_appcontext_exception_after_handled_500(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    app.testing = False
    app.teardown_appcontext(seen.append)

    @app.route("/")
    def index() -> str:
        raise LookupError("gone")

    assert client.get("/").status_code == 500
    assert [type(e) for e in seen] == [LookupError]


def test_before_request_runs_for_redirects_and_405(app: t.Any, client: t.Any) -> None:
    seen: list[str] = []
    app.before_request(lambda: seen.append("before"))
    app.add_url_rule("/dir/", "d", lambda: "dir")
    app.add_url_rule("/post", "p", lambda: "", methods=["POST"])
    assert client.get("/dir").status_code == 308
    assert client.get("/post").status_code == 405
    assert seen == ["before", "before"]


def test_before_request_may_return_dict_or_tuple(app: t.Any, client: t.Any) -> None:
    app.before_request(lambda: ({"blocked": True}, 429))
    app.add_url_rule("/", "i", lambda: "never")
    rv = client.get("/")
    assert rv.status_code == 429
    assert rv.get_json() == {"blocked": True}


def test_after_request_sees_g_and_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.after_request
    def stamp(response: t.Any) -> t.Any:
        response.headers["X-Seen"] = f"{flask.g.value} {flask.request.path}"
        return response

    @app.route("/p")
    def page() -> str:
        flask.g.value = "v"
        return ""

    assert client.get("/p").headers["X-Seen"] == "v /p"


def test_teardown_appcontext_reverse_order_and_g(flask: t.Any, app: t.Any, client: t.Any) -> None:
    order: list[str] = []
    app.teardown_appcontext(lambda exc: order.append("first " + flask.g.get("v", "-")))
    app.teardown_appcontext(lambda exc: order.append("second"))

    @app.route("/")
    def index() -> str:
        flask.g.v = "g"
        return ""

    client.get("/")
    assert order == ["second", "first g"]


def test_teardown_gets_exception_from_before_request(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)

    @app.before_request
    def fail() -> None:
        raise KeyError("before")

    app.add_url_rule("/", "i", lambda: "")
    with pytest.raises(KeyError):
        client.get("/")
    assert [type(e) for e in seen] == [KeyError]


def test_failing_teardown_is_raised_after_success(app: t.Any, client: t.Any) -> None:
    @app.teardown_request
    def fail(exc: BaseException | None) -> None:
        raise ValueError("teardown failed")

    app.add_url_rule("/", "i", lambda: "ok")
    with pytest.raises(ValueError, match="teardown failed"):
        client.get("/")


def test_request_started_and_finished_signals(flask: t.Any, app: t.Any, client: t.Any) -> None:
    events: list[t.Any] = []

    def started(sender: t.Any, **kwargs: t.Any) -> None:
        events.append(("started", flask.request.path))

    def finished(sender: t.Any, response: t.Any, **kwargs: t.Any) -> None:
        events.append(("finished", response.status_code))

    app.before_request(lambda: events.append("before"))
    app.after_request(lambda r: (events.append("after"), r)[1])
    app.add_url_rule("/s", "s", lambda: "")
    with (
        flask.request_started.connected_to(started, app),
        flask.request_finished.connected_to(finished, app),
    ):
        client.get("/s")
    assert events == [("started", "/s"), "before", "after", ("finished", 200)]


def test_after_this_request_from_before_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.before_request
    def register() -> None:
        flask.after_this_request(lambda r: (r.headers.set("X-Before", "1"), r)[1])

    app.add_url_rule("/", "i", lambda: "x")
    assert client.get("/").headers["X-Before"] == "1"


def test_after_this_request_runs_for_handled_error(flask: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        flask.after_this_request(lambda r: (r.headers.set("X-This", "1"), r)[1])
        flask.abort(400)

    rv = client.get("/")
    assert rv.status_code == 400
    assert rv.headers["X-This"] == "1"


def test_after_this_request_runs_for_500(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.testing = False

    @app.route("/")
    def index() -> str:
        flask.after_this_request(lambda r: (r.headers.set("X-This", "1"), r)[1])
        raise ValueError("x")

    rv = client.get("/")
    assert rv.status_code == 500
    assert rv.headers["X-This"] == "1"


def test_context_processor_can_shadow_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    app.context_processor(lambda: {"request": "shadowed"})
    app.add_url_rule("/", "i", lambda: flask.render_template_string("{{ request }}"))
    assert client.get("/").data == b"shadowed"


def test_url_defaults_order_for_nested_endpoint(flask: t.Any, app: t.Any) -> None:
    order: list[tuple[str, str]] = []
    parent = flask.Blueprint("p", __name__)
    child = flask.Blueprint("c", __name__)
    app.url_defaults(lambda endpoint, values: order.append(("app", endpoint)))
    parent.url_defaults(lambda endpoint, values: order.append(("parent", endpoint)))
    child.url_defaults(lambda endpoint, values: order.append(("child", endpoint)))
    child.add_url_rule("/v", "v", lambda: "")
    parent.add_url_rule("/w", "w", lambda: "")
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    with app.test_request_context():
        flask.url_for("p.c.v")
        flask.url_for("p.w")
    assert order == [
        ("app", "p.c.v"),
        ("parent", "p.c.v"),
        ("child", "p.c.v"),
        ("app", "p.w"),
        ("parent", "p.w"),
    ]
