"""Tests for demijohn.binding: parameter binders fill parameters of views, class-based views'
handlers, hooks and error handlers, decided once per function."""

from __future__ import annotations

import inspect
import typing as t

import pytest

from demijohn import Demijohn, Request
from demijohn.errors import SetupError
from demijohn.views import MethodView, RouteClass, View, route

if t.TYPE_CHECKING:
    from demijohn.testing import DemijohnClient


class Clock:
    """A type a binder gives values of."""

    def __init__(self, tick: int) -> None:
        self.tick = tick


def clock_binder(calls: list[str]) -> t.Any:
    """A binder for parameters annotated with :class:`Clock`; records each function it is
    asked about and each value it makes."""
    ticks = iter(range(1, 1000))

    def bind(func: t.Callable[..., t.Any], parameter: inspect.Parameter) -> t.Any:
        calls.append(f"bind {func.__name__}.{parameter.name}")
        if parameter.annotation is not Clock:
            return None
        return lambda: Clock(next(ticks))

    return bind


def test_a_view_gets_the_bound_value_at_each_call(app: Demijohn, client: DemijohnClient) -> None:
    calls: list[str] = []
    app.add_parameter_binder(clock_binder(calls))

    @app.get("/<name>")
    def show(name: str, clock: Clock, request: Request) -> str:
        return f"{name} {clock.tick} {request.path}"

    assert client.get("/a").text == "a 1 /a"
    assert client.get("/b").text == "b 2 /b"
    # Asked once, about the one parameter that neither the URL nor the request fills.
    assert calls == ["bind show.clock"]


def test_an_async_view_gets_it(app: Demijohn, client: DemijohnClient) -> None:
    app.add_parameter_binder(clock_binder([]))

    @app.get("/")
    async def show(clock: Clock) -> str:
        return str(clock.tick)

    assert client.get("/").text == "1"


def test_hooks_and_error_handlers_get_it(app: Demijohn, client: DemijohnClient) -> None:
    app.add_parameter_binder(clock_binder([]))
    seen = []

    @app.before_request
    def before(clock: Clock) -> None:
        seen.append(("before", clock.tick))

    @app.after_request
    def after(response: t.Any, clock: Clock) -> t.Any:
        seen.append(("after", clock.tick))
        return response

    @app.errorhandler(LookupError)
    def missing(error: LookupError, clock: Clock) -> tuple[str, int]:
        return f"missing at {clock.tick}", 404

    @app.get("/")
    def index() -> str:
        raise LookupError

    assert client.get("/").text == "missing at 2"
    assert seen == [("before", 1), ("after", 3)]


def test_class_based_views_get_it(app: Demijohn, client: DemijohnClient) -> None:
    app.add_parameter_binder(clock_binder([]))

    class Show(View):
        def dispatch_request(self, name: str, clock: Clock) -> str:  # type: ignore[override]
            return f"view {name} {clock.tick}"

    class Items(MethodView):
        def get(self, clock: Clock) -> str:
            return f"get {clock.tick}"

        def post(self) -> str:
            return "post"

    class ThingsView(RouteClass):
        # A conventional method's parameters are its URL's: a bound one needs its rule.
        @route("/")
        def index(self, clock: Clock) -> str:
            return f"index {clock.tick}"

    app.add_url_rule("/show/<name>", view_func=Show.as_view("show"))
    app.add_url_rule("/items", view_func=Items.as_view("items"))
    ThingsView.register(app)

    assert client.get("/show/x").text == "view x 1"
    assert client.get("/items").text == "get 2"
    assert client.post("/items").text == "post"
    assert client.get("/things/").text == "index 3"


def test_a_url_value_wins_over_a_binder(app: Demijohn, client: DemijohnClient) -> None:
    app.add_parameter_binder(lambda func, parameter: lambda: "bound")

    @app.get("/<value>")
    def show(value: str) -> str:
        return value

    assert client.get("/from-url").text == "from-url"


def test_the_first_binder_that_claims_a_parameter_wins(
    app: Demijohn, client: DemijohnClient
) -> None:
    app.add_parameter_binder(lambda func, parameter: None)
    app.add_parameter_binder(lambda func, parameter: lambda: "second")
    app.add_parameter_binder(lambda func, parameter: lambda: "third")

    @app.get("/")
    def show(value: str, other: str) -> str:
        return f"{value} {other}"

    assert client.get("/").text == "second second"


def test_without_binders_functions_are_unchanged(app: Demijohn) -> None:
    def view() -> str:
        return ""

    assert app.parameter_binders == ()
    assert app.bind_parameters(view, view) is view
    assert app.bound_parameters(view) == {}


def test_a_function_no_binder_claims_is_not_wrapped(app: Demijohn) -> None:
    app.add_parameter_binder(clock_binder([]))

    def view(name: str) -> str:
        return name

    assert app.bind_parameters(view, view) is view


def test_string_annotations_are_evaluated(app: Demijohn) -> None:
    app.add_parameter_binder(clock_binder([]))

    def view(clock: Clock, other: Undefined) -> None:  # type: ignore[name-defined]  # noqa: F821
        pass

    def evaluable(clock: Clock) -> None:
        pass

    # One annotation names nothing: none is evaluated, and nothing is bound.
    assert app.bound_parameters(view) == {}
    assert list(app.bound_parameters(evaluable)) == ["clock"]


def test_a_binder_may_refuse_a_parameter_at_setup(app: Demijohn, client: DemijohnClient) -> None:
    def refuse(func: t.Any, parameter: inspect.Parameter) -> None:
        if parameter.annotation is Clock:
            raise SetupError("no clocks here")

    app.add_parameter_binder(refuse)
    app.config["PROPAGATE_EXCEPTIONS"] = True

    @app.get("/")
    def show(clock: Clock) -> str:
        return ""

    with pytest.raises(SetupError, match="no clocks here"):
        client.get("/")


def test_add_parameter_binder_is_a_setup_method(app: Demijohn, client: DemijohnClient) -> None:
    app.get("/")(lambda: "")
    client.get("/")
    with pytest.raises(SetupError, match="add_parameter_binder"):
        app.add_parameter_binder(lambda func, parameter: None)


def test_a_callable_without_a_signature_is_left_alone(app: Demijohn) -> None:
    app.add_parameter_binder(lambda func, parameter: lambda: 1)
    assert app.bound_parameters(max) == {}


def test_bound_parameters_skip_what_the_caller_fills(app: Demijohn) -> None:
    app.add_parameter_binder(lambda func, parameter: lambda: 1)

    def func(a: int, b: int, request: t.Any, /, *args: int, c: int, **kwargs: int) -> None:
        pass

    def keywords(a: int, b: int, c: int) -> None:
        pass

    assert list(app.bound_parameters(func)) == ["c"]
    assert list(app.bound_parameters(keywords, skip={"a"}, request_name="b")) == ["c"]


def test_checks_leave_out_bound_parameters(app: Demijohn) -> None:
    app.add_parameter_binder(clock_binder([]))

    @app.get("/")
    def show(clock: Clock) -> str:
        return ""

    @app.before_request
    def before(clock: Clock) -> None:
        pass

    assert app.run_checks() == []


def test_signature_checks_leave_a_refused_function_to_the_binders_check(app: Demijohn) -> None:
    def refuse(func: t.Any, parameter: inspect.Parameter) -> None:
        raise SetupError("no")

    app.add_parameter_binder(refuse)

    @app.get("/")
    def show(clock: Clock) -> str:
        return ""

    @app.before_request
    def before(clock: Clock) -> None:
        pass

    # Without the binder, both would be reported as wanting an argument nobody gives.
    assert app.run_checks() == []


def test_a_route_class_conventional_rule_leaves_bound_parameters_out_of_the_url(
    app: Demijohn, client: DemijohnClient
) -> None:
    app.add_parameter_binder(clock_binder([]))

    class Orders(RouteClass):
        def index(self, clock: Clock) -> str:
            return f"index {clock.tick}"

        def get(self, order_id: int, clock: Clock) -> str:
            return f"order {order_id} {clock.tick}"

    Orders.register(app)
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert rules == {"/orders/", "/orders/<order_id>"}
    assert client.get("/orders/").text == "index 1"
    assert client.get("/orders/7").text == "order 7 2"
