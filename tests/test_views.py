"""Tests for demijohn.views: View.as_view, MethodView's dispatch by HTTP verb, and RouteClass's
conventions, route decorator, registration, hooks and errors."""

from __future__ import annotations

import functools
import inspect
import re
import typing as t

import pytest

from demijohn import Blueprint, Demijohn, Request, Response, url_for
from demijohn.errors import SetupError
from demijohn.testing import DemijohnClient
from demijohn.typing import ResponseReturnValue
from demijohn.views import MethodView, RouteClass, RouteSpec, View, route


def rules(app: Demijohn) -> dict[str, set[str]]:
    """Rule string to the methods it allows (without the automatic HEAD and OPTIONS)."""
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            found.setdefault(rule.rule, set()).update(set(rule.methods or ()) - {"HEAD", "OPTIONS"})
    return found


def tag(label: str, calls: list[str]) -> t.Callable[[t.Callable[..., t.Any]], t.Any]:
    """A decorator that records ``label`` in ``calls`` each time the view is called."""

    def decorator(view: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        @functools.wraps(view)
        def wrapper(**kwargs: t.Any) -> t.Any:
            calls.append(label)
            return view(**kwargs)

        return wrapper

    return decorator


# -- View -------------------------------------------------------------------------------------


class TestView:
    def test_as_view_carries_the_class_and_its_settings(self) -> None:
        class Greeting(View):
            """Say hello."""

            methods: t.ClassVar[list[str]] = ["GET", "POST"]
            provide_automatic_options = False

        view = Greeting.as_view("greet")
        assert view.__name__ == "greet"
        assert view.__doc__ == "Say hello."
        assert view.__module__ == __name__
        assert view.view_class is Greeting
        assert view.methods == ["GET", "POST"]
        assert view.provide_automatic_options is False

    def test_serves_url_values_with_class_arguments(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Greeting(View):
            def __init__(self, word: str, *, punctuation: str) -> None:
                self.word = word
                self.punctuation = punctuation

            def dispatch_request(self, name: str) -> str:  # type: ignore[override]
                return f"{self.word}, {name}{self.punctuation}"

        app.add_url_rule("/hi/<name>", view_func=Greeting.as_view("hi", "Hi", punctuation="!"))
        assert client.get("/hi/Ann").text == "Hi, Ann!"
        assert "hi" in app.view_functions

    def test_methods_attribute_sets_the_rule_methods(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Submit(View):
            methods = ["POST"]

            def dispatch_request(self) -> str:  # type: ignore[override]
                return "sent"

        app.add_url_rule("/submit", view_func=Submit.as_view("submit"))
        assert client.post("/submit").text == "sent"
        assert client.get("/submit").status_code == 405

    def test_dispatch_request_must_be_implemented(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Nothing(View):
            pass

        app.add_url_rule("/", view_func=Nothing.as_view("nothing"))
        with pytest.raises(NotImplementedError, match="'Nothing' must implement"):
            client.get("/")

    @pytest.mark.parametrize("every_request", [True, False])
    def test_instances(self, app: Demijohn, client: DemijohnClient, every_request: bool) -> None:
        created: list[View] = []

        class Counter(View):
            init_every_request = every_request

            def __init__(self, start: int) -> None:
                created.append(self)
                self.count = start

            def dispatch_request(self) -> str:  # type: ignore[override]
                self.count += 1
                return str(self.count)

        view = Counter.as_view("counter", 10)
        # A shared instance is made with the view, not on the first request.
        assert len(created) == (0 if every_request else 1)
        app.add_url_rule("/", view_func=view)
        assert client.get("/").text == "11"
        assert client.get("/").text == ("11" if every_request else "12")
        assert len(created) == (2 if every_request else 1)

    def test_decorators_are_applied_in_order(self, app: Demijohn, client: DemijohnClient) -> None:
        calls: list[str] = []

        class Decorated(View):
            decorators = [tag("first", calls), tag("second", calls)]

            def dispatch_request(self) -> str:  # type: ignore[override]
                calls.append("view")
                return "ok"

        view = Decorated.as_view("decorated")
        app.add_url_rule("/", view_func=view)
        client.get("/")
        # The first decorator is innermost, so the last one runs first.
        assert calls == ["second", "first", "view"]
        assert view.__name__ == "decorated"
        assert view.view_class is Decorated

    def test_the_view_class_is_read_when_a_request_comes(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        """As in Flask: code may point ``view_class`` at another class before registering."""
        calls: list[str] = []

        class Original(MethodView):
            decorators = [tag("decorated", calls)]

            def get(self) -> str:
                return "original"

        class Other(Original):
            def get(self, request: Request) -> str:  # type: ignore[override]
                return f"other {request.method}"

        view = Original.as_view("index")
        view.view_class = Other
        app.add_url_rule("/", view_func=view)
        assert client.get("/").text == "other GET"
        assert calls == ["decorated"]

    def test_decorator_without_wraps_still_gets_the_name(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        def plain(view: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
            def wrapper(**kwargs: t.Any) -> t.Any:
                return f"[{view(**kwargs)}]"

            return wrapper

        class Wrapped(View):
            decorators = [plain]

            def dispatch_request(self) -> str:  # type: ignore[override]
                return "body"

        view = Wrapped.as_view("wrapped")
        assert view.__name__ == "wrapped"
        assert view.view_class is Wrapped
        app.add_url_rule("/", view_func=view)
        assert client.get("/").text == "[body]"
        assert "wrapped" in app.view_functions

    def test_dispatch_request_may_ask_for_the_request(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Echo(View):
            def dispatch_request(self, request: Request, word: str) -> str:  # type: ignore[override]
                return f"{request.method} {word} {request.args['q']}"

        app.add_url_rule("/<word>", view_func=Echo.as_view("echo"))
        assert client.get("/hey?q=1").text == "GET hey 1"

    def test_async_dispatch_request(self, app: Demijohn, client: DemijohnClient) -> None:
        class Async(View):
            async def dispatch_request(self, id: int) -> str:  # type: ignore[override]
                return f"async {id}"

        app.add_url_rule("/<int:id>", view_func=Async.as_view("async_view"))
        assert client.get("/4").text == "async 4"


# -- MethodView -------------------------------------------------------------------------------


class Items(MethodView):
    def get(self, id: int) -> str:
        return f"get {id}"

    def post(self, id: int) -> str:
        return f"post {id}"


class TestMethodView:
    def test_methods_come_from_the_handlers(self) -> None:
        assert set(Items.methods or ()) == {"GET", "POST"}

    def test_methods_are_inherited_and_extended(self) -> None:
        class MoreItems(Items):
            def delete(self, id: int) -> str:
                return f"delete {id}"

        class Explicit(MethodView):
            methods = ["GET", "PURGE"]

        class ExplicitChild(Explicit):
            def put(self) -> str:
                return "put"

        assert set(MoreItems.methods or ()) == {"GET", "POST", "DELETE"}
        assert set(ExplicitChild.methods or ()) == {"GET", "PURGE", "PUT"}

    def test_class_without_handlers_has_no_methods(self) -> None:
        class Bare(MethodView):
            pass

        assert Bare.methods is None

    def test_dispatches_by_verb(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/items/<int:id>", view_func=Items.as_view("items"))
        assert client.get("/items/1").text == "get 1"
        assert client.post("/items/2").text == "post 2"
        assert client.put("/items/3").status_code == 405

    def test_head_falls_back_to_get(self, app: Demijohn, client: DemijohnClient) -> None:
        class Headed(MethodView):
            def get(self) -> Response:
                return Response("body", headers={"X-From": "get"})

        app.add_url_rule("/", view_func=Headed.as_view("headed"))
        response = client.head("/")
        assert response.status_code == 200
        assert response.headers["X-From"] == "get"
        assert response.data == b""

    def test_explicit_methods_are_kept(self, app: Demijohn, client: DemijohnClient) -> None:
        class ReadOnly(Items):
            methods = ["GET"]

        app.add_url_rule("/<int:id>", view_func=ReadOnly.as_view("read_only"))
        assert client.get("/1").text == "get 1"
        assert client.post("/1").status_code == 405

    def test_allowed_method_without_handler_is_an_error(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Missing(MethodView):
            methods = ["GET", "POST"]

            def get(self) -> str:
                return "get"

        app.add_url_rule("/", view_func=Missing.as_view("missing"))
        with pytest.raises(RuntimeError, match="'Missing' accepts POST requests but has no 'post'"):
            client.post("/")

    def test_async_handler(self, app: Demijohn, client: DemijohnClient) -> None:
        class Async(MethodView):
            async def get(self, id: int) -> str:
                return f"async get {id}"

        assert Async.methods == {"GET"}
        app.add_url_rule("/<int:id>", view_func=Async.as_view("async_view"))
        assert client.get("/5").text == "async get 5"
        assert client.head("/5").status_code == 200

    def test_handler_may_ask_for_the_request(self, app: Demijohn, client: DemijohnClient) -> None:
        class Echo(MethodView):
            def post(self, request: Request, id: int) -> str:
                return f"{id}: {request.get_data(as_text=True)}"

            def head(self, request: Request) -> Response:
                return Response(headers={"X-Method": request.method})

            def get(self, id: int) -> str:
                return str(id)

        app.add_url_rule("/<int:id>", view_func=Echo.as_view("echo"))
        app.add_url_rule("/", view_func=Echo.as_view("echo_head"))
        assert client.post("/3", data="body").text == "3: body"
        assert client.get("/3").text == "3"
        assert client.head("/").headers["X-Method"] == "HEAD"

    def test_automatic_options(self, app: Demijohn, client: DemijohnClient) -> None:
        class NoOptions(Items):
            provide_automatic_options = False

        class OwnOptions(MethodView):
            def options(self) -> Response:
                return Response("mine", headers={"Allow": "GET"})

        app.add_url_rule("/auto/<int:id>", view_func=Items.as_view("auto"))
        app.add_url_rule("/none/<int:id>", view_func=NoOptions.as_view("none"))
        app.add_url_rule("/own", view_func=OwnOptions.as_view("own"))
        auto = client.options("/auto/1")
        assert auto.status_code == 200
        assert set(auto.allow) == {"GET", "HEAD", "POST", "OPTIONS"}
        assert client.options("/none/1").status_code == 405
        assert client.options("/own").text == "mine"

    def test_in_a_blueprint_with_url_for(self, app: Demijohn, client: DemijohnClient) -> None:
        bp = Blueprint("shop", __name__, url_prefix="/shop")

        class Item(MethodView):
            def get(self, id: int) -> str:
                return url_for(".item", id=id + 1)

        bp.add_url_rule("/items/<int:id>", view_func=Item.as_view("item"))
        app.register_blueprint(bp)
        assert client.get("/shop/items/1").text == "/shop/items/2"
        with app.test_request_context():
            assert url_for("shop.item", id=7) == "/shop/items/7"


class TestAsyncClassBasedViews:
    """A class whose handlers are all coroutine functions makes a view that is one, which the
    pipeline awaits like an async view function; a decorated one stays synchronous, as in
    Flask, so that decorators written for sync views keep working."""

    def test_async_handlers_make_an_async_view(self) -> None:
        class Dispatch(View):
            async def dispatch_request(self) -> str:
                return "dispatched"

        class Methods(MethodView):
            async def get(self) -> str:
                return "got"

            async def post(self) -> str:
                return "posted"

        class Mixed(MethodView):
            async def get(self) -> str:
                return "got"

            def post(self) -> str:
                return "posted"

        class Decorated(Dispatch):
            decorators = [lambda view: view]

        assert inspect.iscoroutinefunction(Dispatch.as_view("a"))
        assert inspect.iscoroutinefunction(Methods.as_view("b"))
        assert not inspect.iscoroutinefunction(Mixed.as_view("c"))
        assert not inspect.iscoroutinefunction(Decorated.as_view("d"))

    def test_handlers_get_the_request_and_url_values(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Items(MethodView):
            async def get(self, id: int, request: Request) -> str:
                return f"{id} {request.path}"

            async def post(self, id: int) -> str:
                return f"posted {id}"

        class Shared(View):
            init_every_request = False

            async def dispatch_request(self, name: str) -> str:
                return f"shared {name}"

        class Overridden(MethodView):
            async def dispatch_request(self, request: Request) -> str:
                return f"own dispatch for {request.method}"

        app.add_url_rule("/items/<int:id>", view_func=Items.as_view("items"))
        app.add_url_rule("/shared/<name>", view_func=Shared.as_view("shared"))
        app.add_url_rule("/own", view_func=Overridden.as_view("own"), methods=["GET"])
        assert client.get("/items/3").text == "3 /items/3"
        assert client.post("/items/3").text == "posted 3"
        assert client.get("/shared/ada").text == "shared ada"
        assert client.get("/own").text == "own dispatch for GET"

    def test_a_view_class_replaced_by_a_sync_one_still_answers(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Async(View):
            async def dispatch_request(self) -> str:
                return "async"

        class Sync(View):
            def dispatch_request(self, request: Request) -> str:
                return f"sync {request.path}"

        view = Async.as_view("swapped")
        view.view_class = Sync
        app.add_url_rule("/swapped", view_func=view)
        assert client.get("/swapped").text == "sync /swapped"


# -- RouteClass: conventions ------------------------------------------------------------------


class ProductsView(RouteClass):
    """Products."""

    def index(self) -> str:
        return "index"

    def get(self, id: str) -> str:
        """Show one product."""
        return f"get {id}"

    def post(self) -> tuple[str, int]:
        return "post", 201

    def put(self, id: str) -> str:
        return f"put {id}"

    def patch(self, id: str) -> str:
        return f"patch {id}"

    def delete(self, id: str) -> str:
        return f"delete {id}"

    def helper(self) -> str:
        """Not a route: neither conventional nor decorated."""
        return "helper"


class TestConventions:
    def test_each_convention(self, app: Demijohn, client: DemijohnClient) -> None:
        ProductsView.register(app)
        assert rules(app) == {
            "/products/": {"GET", "POST"},
            "/products/<id>": {"GET", "PUT", "PATCH", "DELETE"},
        }
        assert client.get("/products/").text == "index"
        post = client.post("/products/")
        assert (post.status_code, post.text) == (201, "post")
        assert client.get("/products/a").text == "get a"
        assert client.put("/products/b").text == "put b"
        assert client.patch("/products/c").text == "patch c"
        assert client.delete("/products/d").text == "delete d"
        assert client.get("/products/helper").text == "get helper"

    def test_endpoints_and_url_for(self, app: Demijohn) -> None:
        ProductsView.register(app)
        endpoints = {r.endpoint for r in app.url_map.iter_rules()} - {"static"}
        assert endpoints == {
            f"products_{name}" for name in ("index", "get", "post", "put", "patch", "delete")
        }
        with app.test_request_context():
            assert url_for("products_index") == "/products/"
            assert url_for("products_get", id=3) == "/products/3"
            assert url_for("products_delete", id=4) == "/products/4"

    def test_view_functions_describe_the_method(self, app: Demijohn) -> None:
        ProductsView.register(app)
        view = app.view_functions["products_get"]
        assert view.__name__ == "products_get"
        assert view.__doc__ == "Show one product."
        assert view.view_class is ProductsView  # type: ignore[union-attr]

    def test_several_url_parameters_in_order(self, app: Demijohn, client: DemijohnClient) -> None:
        class Files(RouteClass):
            def get(self, folder: str, name: str, mode: str = "read") -> str:
                return f"{folder}/{name} {mode}"

        Files.register(app)
        assert rules(app) == {"/files/<folder>/<name>": {"GET"}}
        assert client.get("/files/docs/a.txt").text == "docs/a.txt read"

    @pytest.mark.parametrize(
        ("class_name", "base", "prefix"),
        [
            ("ProductsView", "/products", "products"),
            ("ProductCategoriesView", "/product-categories", "product_categories"),
            ("OrderRoutes", "/order", "order"),
            ("HTTPStatusView", "/http-status", "http_status"),
            ("Users", "/users", "users"),
            ("Routes", "/routes", "routes"),
        ],
    )
    def test_default_names(self, class_name: str, base: str, prefix: str) -> None:
        cls: type[RouteClass] = type(class_name, (RouteClass,), {"index": lambda self: ""})
        assert cls.default_route_base() == base
        assert cls.default_endpoint_prefix() == prefix
        assert cls.list_routes() == [RouteSpec(f"{base}/", f"{prefix}_index", "index", ("GET",))]

    def test_inherited_routes_and_dropping_one(self, app: Demijohn, client: DemijohnClient) -> None:
        class ReadOnlyProductsView(ProductsView):
            post = None  # type: ignore[assignment]
            put = patch = delete = None  # type: ignore[assignment]

            def get(self, id: str) -> str:
                return f"read {id}"

        ReadOnlyProductsView.register(app)
        assert rules(app) == {
            "/read-only-products/": {"GET"},
            "/read-only-products/<id>": {"GET"},
        }
        assert client.get("/read-only-products/").text == "index"
        assert client.get("/read-only-products/1").text == "read 1"

    def test_async_methods(self, app: Demijohn, client: DemijohnClient) -> None:
        class Async(RouteClass):
            async def get(self, id: str) -> str:
                return f"async {id}"

        Async.register(app)
        assert client.get("/async/1").text == "async 1"

    def test_wrapped_method_keeps_its_url_parameters(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        def shout(method: t.Callable[..., str]) -> t.Callable[..., str]:
            @functools.wraps(method)
            def wrapper(*args: t.Any, **kwargs: t.Any) -> str:
                return method(*args, **kwargs).upper()

            return wrapper

        class Loud(RouteClass):
            @shout
            def get(self, word: str) -> str:
                return word

        Loud.register(app)
        assert rules(app) == {"/loud/<word>": {"GET"}}
        assert client.get("/loud/hey").text == "HEY"


# -- RouteClass: the route decorator ----------------------------------------------------------


class TestRouteDecorator:
    def test_converter_replaces_the_conventional_rule(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Orders(RouteClass):
            @route("/<int:id>")
            def get(self, id: int) -> str:
                return f"{type(id).__name__} {id}"

        Orders.register(app)
        assert client.get("/orders/12").text == "int 12"
        assert client.get("/orders/abc").status_code == 404

    def test_extra_methods_with_several_rules(self, app: Demijohn, client: DemijohnClient) -> None:
        class Orders(RouteClass):
            @route("/search", methods=["GET", "POST"])
            @route("/find")
            def search(self, request: Request) -> str:
                return f"{request.method} {request.path}"

            def unrouted(self) -> str:
                return "never"

        Orders.register(app)
        assert rules(app) == {"/orders/search": {"GET", "POST"}, "/orders/find": {"GET"}}
        assert client.post("/orders/search").text == "POST /orders/search"
        assert client.get("/orders/find").text == "GET /orders/find"
        assert client.post("/orders/find").status_code == 405
        with app.test_request_context():
            # The top rule is added first, so it is the one built.
            assert url_for("orders_search") == "/orders/search"

    def test_methods_option_on_a_conventional_method(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        class Orders(RouteClass):
            @route("/<int:id>", methods=["put", "post"])
            def put(self, id: int) -> str:
                return f"saved {id}"

        Orders.register(app)
        assert rules(app) == {"/orders/<int:id>": {"PUT", "POST"}}
        assert client.post("/orders/1").text == "saved 1"

    def test_endpoint_and_defaults_options(self, app: Demijohn, client: DemijohnClient) -> None:
        class Pages(RouteClass):
            @route("/", endpoint="home", defaults={"page": 1})
            @route("/page/<int:page>")
            def index(self, page: int) -> str:
                return f"page {page}"

        Pages.register(app)
        assert client.get("/pages/").text == "page 1"
        assert client.get("/pages/page/3").text == "page 3"
        with app.test_request_context():
            assert url_for("home") == "/pages/"
            assert url_for("pages_index", page=2) == "/pages/page/2"

    @pytest.mark.parametrize(
        ("name", "decorator", "error", "message"),
        [
            ("x", route("/x", methods="POST"), TypeError, "list of strings"),
            ("get", route("/<int:request>"), SetupError, "URL variable named 'request'"),
            ("x", route("/", endpoint="a.b"), SetupError, "'a.b' of Bad.x contains a dot"),
            ("before_request", route("/x"), SetupError, "Bad.before_request cannot be a route"),
            ("register", route("/x"), SetupError, "Bad.register cannot be a route"),
            ("_hidden", route("/x"), SetupError, "Bad._hidden cannot be a route"),
        ],
    )
    def test_bad_routes_are_refused(
        self,
        name: str,
        decorator: t.Callable[[t.Any], t.Any],
        error: type[Exception],
        message: str,
    ) -> None:
        members = {"index": lambda self: "", name: decorator(lambda self, **kwargs: "")}
        bad: type[RouteClass] = type("Bad", (RouteClass,), members)
        with pytest.raises(error, match=re.escape(message)):
            bad.list_routes()


# -- RouteClass: registration -----------------------------------------------------------------


class Reports(RouteClass):
    def index(self) -> str:
        return "index"

    def get(self, id: str) -> str:
        return f"get {id}"

    @route("/export/")
    def export(self) -> str:
        return "export"

    @route("/plain")
    def plain(self) -> str:
        return "plain"


class TestRegister:
    @pytest.mark.parametrize(
        ("options", "index", "expected"),
        [
            ({}, "/reports/", {"/reports/<id>", "/reports/export/", "/reports/plain"}),
            (
                {"trailing_slash": False},
                "/reports",
                {"/reports/<id>", "/reports/export", "/reports/plain"},
            ),
            (
                {"route_base": "/items", "route_prefix": "/api/v1/"},
                "/api/v1/items/",
                {"/api/v1/items/<id>", "/api/v1/items/export/", "/api/v1/items/plain"},
            ),
            ({"route_base": "/", "trailing_slash": False}, "/", {"/<id>", "/export", "/plain"}),
        ],
    )
    def test_rules_on_an_app(
        self,
        app: Demijohn,
        client: DemijohnClient,
        options: dict[str, t.Any],
        index: str,
        expected: set[str],
    ) -> None:
        Reports.register(app, **options)
        assert set(rules(app)) == {index, *expected}
        assert client.get(index).text == "index"
        assert client.get(index.rstrip("/") + "/7").text == "get 7"
        if not index.endswith("/"):
            assert client.get(f"{index}/").status_code == 404

    def test_class_attributes(self, app: Demijohn, client: DemijohnClient) -> None:
        class Configured(ProductsView):
            route_base = "goods"
            route_prefix = "/api"
            trailing_slash = False
            endpoint_prefix = "goods"

        Configured.register(app)
        assert set(rules(app)) == {"/api/goods", "/api/goods/<id>"}
        with app.test_request_context():
            assert url_for("goods_index") == "/api/goods"
        # Arguments win over class attributes.
        Configured.register(app, route_base="/other", trailing_slash=True, endpoint_prefix="o")
        assert "/api/other/" in rules(app)

    def test_on_a_blueprint_with_prefixes(self, app: Demijohn, client: DemijohnClient) -> None:
        class Shop(ProductsView):
            def index(self) -> str:
                return url_for(".shop_get", id=5)

        bp = Blueprint("shop", __name__, url_prefix="/shop")
        Shop.register(bp, route_prefix="/api")
        app.register_blueprint(bp)
        assert client.get("/shop/api/shop/").text == "/shop/api/shop/5"
        assert client.delete("/shop/api/shop/5").text == "delete 5"
        with app.test_request_context():
            assert url_for("shop.shop_get", id=5) == "/shop/api/shop/5"

    def test_root_base_on_a_blueprint_without_trailing_slash(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        with_prefix = Blueprint("with_prefix", __name__, url_prefix="/items")
        without_prefix = Blueprint("without_prefix", __name__)
        for bp in (with_prefix, without_prefix):
            ProductsView.register(bp, route_base="/", trailing_slash=False)
            app.register_blueprint(bp)
        assert client.get("/items").text == "index"
        assert client.post("/items").status_code == 201
        assert client.get("/items/7").text == "get 7"
        assert client.get("/").text == "index"
        with app.test_request_context():
            assert url_for("with_prefix.products_index") == "/items"
            assert url_for("without_prefix.products_index") == "/"

    def test_rule_options_for_every_route(self, app: Demijohn, client: DemijohnClient) -> None:
        class Lax(RouteClass):
            @route("/strict/", strict_slashes=True)
            def strict(self) -> str:
                return "strict"

            def index(self) -> str:
                return "index"

        Lax.register(app, strict_slashes=False)
        assert client.get("/lax").text == "index"
        assert client.get("/lax/strict").status_code == 308

    @pytest.mark.parametrize("option", ["methods", "endpoint"])
    def test_per_route_options_are_refused(self, app: Demijohn, option: str) -> None:
        options: dict[str, t.Any] = {option: "x"}
        with pytest.raises(TypeError, match=f"does not take '{option}'"):
            ProductsView.register(app, **options)
        assert rules(app) == {}

    def test_registering_twice_needs_another_endpoint_prefix(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        ProductsView.register(app)
        with pytest.raises(SetupError, match="'products_index' of 'ProductsView' is already"):
            ProductsView.register(app, route_base="/goods")
        assert "/goods/" not in rules(app)  # nothing was added
        ProductsView.register(app, route_base="/goods", endpoint_prefix="goods")
        assert client.get("/goods/1").text == "get 1"
        with app.test_request_context():
            assert url_for("goods_get", id=1) == "/goods/1"

    @pytest.mark.parametrize(
        ("members", "message"),
        [
            (
                {"index": lambda self: "", "get": lambda self: ""},
                "Clash.index and Clash.get both answer GET",
            ),
            (
                {
                    "post": lambda self: "",
                    "replace": route("/", methods=["PUT", "POST"])(lambda self: ""),
                },
                "Clash.post and Clash.replace both answer POST /clash/",
            ),
        ],
    )
    def test_same_method_at_the_same_rule_is_refused(
        self, members: dict[str, t.Any], message: str
    ) -> None:
        clash: type[RouteClass] = type("Clash", (RouteClass,), members)
        with pytest.raises(SetupError, match=re.escape(message)):
            clash.list_routes()

    def test_same_rule_with_other_methods_is_fine(self) -> None:
        class Fine(RouteClass):
            def index(self) -> str:
                return ""

            @route("/", methods=["PUT"])
            def replace_all(self) -> str:
                return ""

        assert [spec.methods for spec in Fine.list_routes()] == [("GET",), ("PUT",)]

    def test_class_without_routes_is_refused(self, app: Demijohn) -> None:
        class Empty(RouteClass):
            def helper(self) -> str:
                return ""

        with pytest.raises(SetupError, match="'Empty' has no routes"):
            Empty.register(app)


# -- RouteClass: calling ----------------------------------------------------------------------


class TestCalling:
    def test_request_parameter_is_filled(self, app: Demijohn, client: DemijohnClient) -> None:
        class Notes(RouteClass):
            def put(self, request: Request, id: str) -> str:
                return f"{id}={request.get_data(as_text=True)}"

        Notes.register(app)
        assert rules(app) == {"/notes/<id>": {"PUT"}}
        assert client.put("/notes/a", data="text").text == "a=text"

    def test_new_instance_for_every_request(self, app: Demijohn, client: DemijohnClient) -> None:
        seen: list[int] = []

        class Counter(RouteClass):
            def __init__(self) -> None:
                self.calls = 0

            def index(self) -> str:
                self.calls += 1
                seen.append(id(self))
                return str(self.calls)

        Counter.register(app)
        assert client.get("/counter/").text == "1"
        assert client.get("/counter/").text == "1"
        assert len(seen) == 2

    def test_hooks_run_around_each_method(self, app: Demijohn, client: DemijohnClient) -> None:
        calls: list[t.Any] = []

        class Hooked(RouteClass):
            def before_request(self, name: str, **kwargs: t.Any) -> None:
                calls.append(("before", name, kwargs))
                self.user = "ann"

            def after_request(self, name: str, response: Response) -> Response:
                calls.append(("after", name, response.get_data(as_text=True)))
                response.headers["X-Method"] = name
                return response

            def get(self, id: str) -> str:
                calls.append(("get", id))
                return f"{self.user} {id}"

        Hooked.register(app)
        response = client.get("/hooked/4")
        assert response.text == "ann 4"
        assert response.headers["X-Method"] == "get"
        assert calls == [("before", "get", {"id": "4"}), ("get", "4"), ("after", "get", "ann 4")]

    def test_before_request_can_answer(self, app: Demijohn, client: DemijohnClient) -> None:
        class Guarded(RouteClass):
            def before_request(self, name: str, **kwargs: t.Any) -> tuple[str, int] | None:
                if kwargs.get("id") == "secret":
                    return "forbidden", 403
                return None

            def after_request(self, name: str, response: Response) -> Response:
                response.headers["X-After"] = "yes"
                return response

            def get(self, id: str) -> str:
                return f"get {id}"

        Guarded.register(app)
        blocked = client.get("/guarded/secret")
        assert (blocked.status_code, blocked.text) == (403, "forbidden")
        assert blocked.headers["X-After"] == "yes"
        assert client.get("/guarded/open").text == "get open"

    def test_hooks_can_call_the_defaults(self, app: Demijohn, client: DemijohnClient) -> None:
        class Audited(RouteClass):
            def before_request(self, name: str, **kwargs: t.Any) -> ResponseReturnValue | None:
                self.audit = [name, *kwargs.values()]
                return super().before_request(name, **kwargs)

            def after_request(self, name: str, response: Response) -> Response:
                response = super().after_request(name, response)
                response.headers["X-Audit"] = ",".join(self.audit)
                return response

            def delete(self, id: str) -> str:
                return "gone"

        Audited.register(app)
        response = client.delete("/audited/9")
        assert (response.text, response.headers["X-Audit"]) == ("gone", "delete,9")

    def test_async_hooks(self, app: Demijohn, client: DemijohnClient) -> None:
        class AsyncHooked(RouteClass):
            async def before_request(self, name: str, **kwargs: t.Any) -> str | None:  # type: ignore[override]
                return "early" if name == "index" else None

            async def after_request(self, name: str, response: Response) -> Response:  # type: ignore[override]
                response.headers["X-Async"] = name
                return response

            def index(self) -> str:
                return "late"

            def get(self, id: str) -> str:
                return id

        AsyncHooked.register(app)
        early = client.get("/async-hooked/")
        assert (early.text, early.headers["X-Async"]) == ("early", "index")
        assert client.get("/async-hooked/x").headers["X-Async"] == "get"

    def test_decorators_wrap_every_route(self, app: Demijohn, client: DemijohnClient) -> None:
        calls: list[str] = []

        class Decorated(RouteClass):
            decorators = [tag("inner", calls), tag("outer", calls)]

            def index(self) -> str:
                calls.append("index")
                return "index"

            def get(self, id: str) -> str:
                calls.append("get")
                return id

        Decorated.register(app)
        client.get("/decorated/")
        client.get("/decorated/1")
        assert calls == ["outer", "inner", "index", "outer", "inner", "get"]
        assert app.view_functions["decorated_get"].__name__ == "decorated_get"
