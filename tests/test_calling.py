"""Explicit request passing and coroutine functions under WSGI."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
import typing as t

import pytest

import demijohn
from demijohn import Demijohn, Request, Response, conventions, g
from demijohn.calling import (
    async_to_sync,
    is_async,
    on_server_loop,
    request_parameter,
    run_blocking,
    run_coroutine,
    wants_parameter,
    wants_request,
)
from demijohn.conventions import Conventions
from demijohn.errors import SetupTypeError
from demijohn.testing import DemijohnClient
from demijohn.views import MethodView, RouteClass, View

if t.TYPE_CHECKING:
    from demijohn.wrappers import Request as OnlyForTypeCheckers


class JSONRequest(Request):
    """A request class of the application's own; annotations in this module are strings
    (``from __future__ import annotations``), so they name module-level classes."""


class TestWantsRequest:
    def test_detects_the_parameter(self) -> None:
        def positional(request: Request) -> None: ...
        def keyword_only(*, request: Request) -> None: ...
        def annotated(req: Request) -> None: ...
        def other(req: str) -> None: ...
        def var_kw(**request: t.Any) -> None: ...

        assert wants_request(positional)
        assert wants_request(keyword_only)
        assert wants_request(annotated)
        assert not wants_request(other)
        assert not wants_request(var_kw)

    def test_callables_without_signature(self) -> None:
        assert not wants_request(print)
        assert not wants_request(type)


class TestRequestParameter:
    def test_by_name_or_by_annotation(self) -> None:
        def by_name(item_id: int, request: t.Any) -> None: ...
        def by_class(item_id: int, req: Request) -> None: ...
        def by_subclass(*, incoming: JSONRequest) -> None: ...
        def by_dotted_name(r: demijohn.Request) -> None: ...
        def by_class_object(r: t.Any) -> None: ...

        by_class_object.__annotations__["r"] = Request
        assert request_parameter(by_name) == "request"
        assert request_parameter(by_class) == "req"
        assert request_parameter(by_subclass, JSONRequest) == "incoming"
        assert request_parameter(by_dotted_name) == "r"
        assert request_parameter(by_class_object) == "r"

    def test_annotations_that_do_not_ask(self) -> None:
        def plain(a: int, b: str, c: list[Request], d: Request | None) -> None: ...
        def positional_only(r: Request, /) -> None: ...
        def type_checking_only(r: OnlyForTypeCheckers) -> None: ...
        def missing_name(r: NoSuchName) -> None: ...  # noqa: F821
        def bad_attribute(r: demijohn.NoSuchRequest) -> None: ...

        for func in (plain, positional_only, type_checking_only, missing_name, bad_attribute):
            assert request_parameter(func) is None, func

    def test_looks_through_wrappers(self) -> None:
        def view(item_id: int, req: Request) -> None: ...

        @functools.wraps(view)
        def decorated(*args: t.Any, **kwargs: t.Any) -> None: ...

        class Views:
            def show(self, req: Request) -> None: ...

            def __call__(self, req: Request) -> None: ...

        assert request_parameter(decorated) == "req"
        assert request_parameter(functools.partial(view, 3)) == "req"
        assert request_parameter(Views().show) == "req"
        assert request_parameter(Views()) == "req"

    def test_annotation_the_requests_will_not_match(self) -> None:
        def view(req: JSONRequest) -> None: ...

        with pytest.raises(SetupTypeError) as info:
            request_parameter(view, Request)
        assert str(info.value).startswith(
            f"The parameter 'req' of '{__name__}.TestRequestParameter.test_annotation_the"
            "_requests_will_not_match.<locals>.view' (defined at"
        )
        assert str(info.value).endswith(
            "is annotated with 'JSONRequest', but the application's requests are 'Request',"
            " which does not derive from it. Annotate it with 'Request', or set the"
            " application's 'request_class' to 'JSONRequest'."
        )

    def test_annotation_left_to_decorators_under_flask_names(self) -> None:
        def view(req: JSONRequest) -> None: ...

        previous = conventions.use(Conventions(refuse_foreign_request_annotations=False))
        try:
            assert request_parameter(view, Request) is None
            assert request_parameter(view, JSONRequest) == "req"
        finally:
            conventions.use(previous)

    def test_two_parameters_asking(self) -> None:
        def view(request: Request, other: Request) -> None: ...

        with pytest.raises(
            SetupTypeError, match="several parameters that ask for the request: 'request', 'other'"
        ):
            request_parameter(view)


class TestExplicitRequest:
    def test_view_receives_request_and_url_values(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.route("/items/<int:item_id>")
        def show(request: Request, item_id: int) -> str:
            return f"{request.method} {item_id} {request.args['q']}"

        assert client.get("/items/7?q=x").data == b"GET 7 x"

    def test_passed_request_is_the_proxied_one(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.route("/")
        def same(request: Request) -> str:
            from demijohn import request as proxy

            return str(request is proxy._get_current_object())  # type: ignore[attr-defined]

        assert client.get("/").data == b"True"

    def test_hooks_and_handlers_receive_request(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        seen: list[str] = []

        @app.before_request
        def before(request: Request) -> None:
            seen.append(f"before {request.path}")

        @app.after_request
        def after(response: Response, request: Request) -> Response:
            seen.append(f"after {request.path}")
            return response

        @app.teardown_request
        def teardown(exc: BaseException | None, request: Request) -> None:
            seen.append(f"teardown {request.path}")

        @app.errorhandler(404)
        def missing(e: Exception, request: Request) -> tuple[str, int]:
            return f"missing {request.path}", 404

        assert client.get("/nope").data == b"missing /nope"
        assert seen == ["before /nope", "after /nope", "teardown /nope"]

    def test_signature_is_read_once(
        self, app: Demijohn, client: DemijohnClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import demijohn.calling as calling

        calls: list[t.Any] = []
        original = calling.request_parameter

        def counting(func: t.Any, request_class: t.Any = None) -> str | None:
            calls.append(func)
            return original(func, request_class)

        monkeypatch.setattr("demijohn.pipeline.request_parameter", counting)

        @app.route("/")
        def index(request: Request) -> str:
            return "ok"

        for _ in range(3):
            assert client.get("/").data == b"ok"
        assert calls.count(index) == 1


class TestRequestByAnnotation:
    def test_view_and_hooks(self, app: Demijohn, client: DemijohnClient) -> None:
        seen: list[str] = []

        @app.before_request
        def before(req: Request) -> None:
            seen.append(f"before {req.path}")

        @app.after_request
        def after(response: Response, req: Request) -> Response:
            seen.append(f"after {req.path}")
            return response

        @app.teardown_request
        def teardown(exc: BaseException | None, req: Request) -> None:
            seen.append(f"teardown {req.path}")

        @app.errorhandler(ValueError)
        def bad_value(e: ValueError, incoming: Request) -> tuple[str, int]:
            return f"bad {incoming.path}", 400

        @app.route("/items/<int:item_id>")
        def show(item_id: int, req: Request) -> str:
            return f"{req.method} {item_id} {req.args['q']}"

        @app.route("/fail")
        def fail() -> str:
            raise ValueError()

        assert client.get("/items/7?q=x").text == "GET 7 x"
        assert client.get("/fail").text == "bad /fail"
        assert seen == [
            *("before /items/7", "after /items/7", "teardown /items/7"),
            *("before /fail", "after /fail", "teardown /fail"),
        ]

    def test_the_applications_request_class(self, app: Demijohn, client: DemijohnClient) -> None:
        app.request_class = JSONRequest

        @app.route("/own")
        def own(req: JSONRequest) -> str:
            return type(req).__name__

        @app.route("/base")
        def base(req: Request) -> str:
            return type(req).__name__

        assert client.get("/own").text == "JSONRequest"
        assert client.get("/base").text == "JSONRequest"

    def test_a_request_class_the_application_does_not_use(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        @app.route("/")
        def index(req: JSONRequest) -> str:
            return "never"

        with pytest.raises(SetupTypeError, match="annotated with 'JSONRequest'"):
            client.get("/")

    def test_class_based_views(self, app: Demijohn, client: DemijohnClient) -> None:
        class Show(View):
            def dispatch_request(self, name: str, req: Request) -> str:
                return f"view {name} {req.method}"

        class Items(MethodView):
            def get(self, name: str, req: Request) -> str:
                return f"get {name} {req.method}"

        class ProductsView(RouteClass):
            def get(self, id: str, req: Request) -> str:
                return f"product {id} {req.method}"

        app.add_url_rule("/view/<name>", view_func=Show.as_view("show"))
        app.add_url_rule("/items/<name>", view_func=Items.as_view("items"))
        ProductsView.register(app)
        assert [spec.rule for spec in ProductsView.list_routes()] == ["/products/<id>"]
        assert client.get("/view/a").text == "view a GET"
        assert client.get("/items/b").text == "get b GET"
        assert client.get("/products/c").text == "product c GET"

    def test_a_url_value_of_the_same_name_wins(self, app: Demijohn, client: DemijohnClient) -> None:
        # A parameter is never given two values: the URL's is passed, as to any parameter.
        @app.route("/by/<req>")
        def show(req: Request) -> str:
            return f"url value {req}"

        assert client.get("/by/x").text == "url value x"


class TestAsyncUnderWSGI:
    def test_async_view_and_hooks(self, app: Demijohn, client: DemijohnClient) -> None:
        @app.before_request
        async def before() -> None:
            await asyncio.sleep(0)
            g.seen = "before"

        @app.route("/<name>")
        async def hello(name: str, request: Request) -> str:
            await asyncio.sleep(0)
            return f"{g.seen} {name} {request.method}"

        @app.after_request
        async def after(response: Response) -> Response:
            response.headers["X-Async"] = "yes"
            return response

        response = client.get("/ada")
        assert response.data == b"before ada GET"
        assert response.headers["X-Async"] == "yes"

    def test_async_error_handler_and_teardown(self, app: Demijohn, client: DemijohnClient) -> None:
        torn_down: list[BaseException | None] = []

        @app.errorhandler(ValueError)
        async def handle(e: ValueError) -> tuple[str, int]:
            return f"handled {e}", 418

        @app.teardown_request
        async def teardown(exc: BaseException | None) -> None:
            torn_down.append(exc)

        @app.route("/")
        async def fail() -> str:
            raise ValueError("boom")

        response = client.get("/")
        assert (response.status_code, response.data) == (418, b"handled boom")
        assert torn_down == [None]

    def test_async_callable_object(self, app: Demijohn, client: DemijohnClient) -> None:
        class View:
            async def __call__(self) -> str:
                return "object"

        assert is_async(View())
        app.add_url_rule("/", "view", View())
        assert client.get("/").data == b"object"

    def test_async_to_sync_refuses_inside_a_running_loop(self) -> None:
        async def work() -> int:
            return 1

        runner = async_to_sync(work)

        async def main() -> None:
            with pytest.raises(RuntimeError, match="already running an event loop"):
                runner()

        asyncio.run(main())
        assert runner() == 1

    def test_ensure_sync_returns_sync_functions_unchanged(self, app: Demijohn) -> None:
        def plain() -> None: ...

        assert app.ensure_sync(plain) is plain


class TestWithoutARunner:
    """Outside an ASGI request nothing chooses how to wait: coroutines get an event loop of
    their own and blocking calls run where they are called."""

    def test_run_coroutine_in_a_fresh_loop_like_a_plain_call(self) -> None:
        """The coroutine sees the caller's context variables, and the caller then sees those
        it set, as asgiref's bridge (which Flask uses) does."""
        var: contextvars.ContextVar[str] = contextvars.ContextVar("var")
        var.set("outer")
        loops: list[asyncio.AbstractEventLoop] = []

        async def work(n: int) -> str:
            loops.append(asyncio.get_running_loop())
            seen = var.get()
            var.set(f"inner {n}")
            await asyncio.sleep(0)
            return f"{seen} {n}"

        assert run_coroutine(work(1)) == "outer 1"
        assert var.get() == "inner 1"
        assert run_coroutine(work(2)) == "inner 1 2"
        assert var.get() == "inner 2"
        assert loops[0] is not loops[1]
        assert all(loop.is_closed() for loop in loops)

    def test_run_coroutine_accepts_any_awaitable(self) -> None:
        class Ready:
            def __await__(self) -> t.Generator[None, None, str]:
                yield None  # lets the loop run once, as a bare future-less yield may
                return "ready"

        assert run_coroutine(Ready()) == "ready"

    def test_run_coroutine_refused_inside_a_running_loop(self) -> None:
        async def work() -> None: ...

        async def main() -> None:
            with pytest.raises(RuntimeError, match="already running an event loop"):
                run_coroutine(work())
            future = asyncio.get_running_loop().create_future()
            with pytest.raises(RuntimeError, match="Serve the application over ASGI"):
                run_coroutine(future)

        asyncio.run(main())

    def test_run_coroutine_errors_propagate(self) -> None:
        async def fail() -> None:
            await asyncio.sleep(0)
            raise LookupError("missing")

        with pytest.raises(LookupError, match="missing"):
            run_coroutine(fail())

    def test_nothing_runs_on_a_server_loop_outside_asgi(self) -> None:
        assert on_server_loop() is False

    def test_run_blocking_calls_in_this_thread(self) -> None:
        def where(prefix: str, *, suffix: str) -> str:
            return f"{prefix}{threading.current_thread().name}{suffix}"

        here = threading.current_thread().name
        assert run_blocking(where, "<", suffix=">") == f"<{here}>"

    def test_async_to_sync_keeps_the_function_identity(self) -> None:
        async def fetch(n: int) -> int:
            """Fetch n."""
            return n * 2

        runner = async_to_sync(fetch)
        assert (runner.__name__, runner.__doc__, runner(4)) == ("fetch", "Fetch n.", 8)
        assert runner.__wrapped__ is fetch  # type: ignore[attr-defined]

    def test_is_async(self) -> None:
        async def coroutine_function() -> None: ...

        class SyncCallable:
            def __call__(self) -> None: ...

        assert is_async(functools.partial(coroutine_function))
        assert not is_async(lambda: None)
        assert not is_async(SyncCallable())


class TestWantsParameter:
    def test_kinds_of_parameter(self) -> None:
        def func(a: int, /, b: int, *args: int, c: int, **kwargs: int) -> None: ...

        assert [wants_parameter(func, name) for name in "abc"] == [False, True, True]
        assert not wants_parameter(func, "args")
        assert not wants_parameter(func, "kwargs")
        assert not wants_parameter(func, "missing")

    def test_classes_partials_and_callables(self) -> None:
        class View:
            def __init__(self, websocket: t.Any) -> None: ...

        class Handler:
            def __call__(self, websocket: t.Any) -> None: ...

        def taking(websocket: t.Any, room: str) -> None: ...

        assert wants_parameter(View, "websocket")
        assert wants_parameter(Handler(), "websocket")
        assert wants_parameter(functools.partial(taking, room="r"), "websocket")
        assert not wants_parameter(functools.partial(taking, None), "websocket")

    def test_callables_without_a_signature(self) -> None:
        import inspect

        with pytest.raises(ValueError, match="no signature found"):
            inspect.signature(type)
        assert not wants_parameter(type, "object")


class TestContextVariables:
    """A context variable a view sets is seen by the after-request functions, whether the
    view is sync or async and whatever the protocol: calling a view is like a plain call.

    Each test makes its own variable: a WSGI request runs in the test's own context, where a
    variable it set would stay for the next test.
    """

    @pytest.mark.parametrize("kind", ["sync", "async"])
    def test_a_variable_set_in_the_view_reaches_after_request(
        self, app: Demijohn, client: DemijohnClient, kind: str
    ) -> None:
        plain_call_var: contextvars.ContextVar[str] = contextvars.ContextVar("plain_call_var")
        if kind == "sync":

            @app.route("/")
            def sync_view() -> str:
                plain_call_var.set("set by the view")
                return "view"

        else:

            @app.route("/")
            async def async_view() -> str:
                plain_call_var.set("set by the view")
                return "view"

        @app.after_request
        def after(response: Response) -> Response:
            response.headers["X-Var"] = plain_call_var.get("unset")
            return response

        assert client.get("/").headers["X-Var"] == "set by the view"

    def test_a_variable_set_in_an_awaited_coroutine_reaches_the_sync_caller(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        plain_call_var: contextvars.ContextVar[str] = contextvars.ContextVar("plain_call_var")

        async def load() -> None:
            plain_call_var.set("set by the coroutine")

        @app.route("/")
        def index() -> str:
            app.ensure_sync(load)()
            return plain_call_var.get("unset")

        assert client.get("/").data == b"set by the coroutine"


def test_asgi_views_hooks_and_their_threads_run_on_the_server_loop(
    app: Demijohn, client: DemijohnClient, protocol: str
) -> None:
    seen: list[bool] = []

    @app.before_request
    def hook() -> None:
        seen.append(on_server_loop())

    @app.get("/sync")
    def sync_view() -> str:
        seen.append(on_server_loop())
        return "ok"

    @app.get("/async")
    async def async_view() -> str:
        seen.append(on_server_loop())
        return "ok"

    client.get("/sync")
    client.get("/async")
    assert seen == [protocol == "asgi"] * 4
