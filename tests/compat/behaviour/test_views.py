"""A.12: class-based views: ``View`` and ``MethodView``."""

from __future__ import annotations

import typing as t


def test_view_dispatch_request(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import View

    class Hello(View):
        def dispatch_request(self, name: str) -> str:
            return f"hello {name} via {flask.request.method}"

    app.add_url_rule("/hello/<name>", view_func=Hello.as_view("hello"))
    assert client.get("/hello/ann").text == "hello ann via GET"
    assert client.post("/hello/ann").status_code == 405


def test_view_methods_attribute_sets_the_rule(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import View

    class Submit(View):
        methods = ["POST", "PUT"]

        def dispatch_request(self) -> str:
            return flask.request.method

    app.add_url_rule("/", view_func=Submit.as_view("submit"))
    assert client.put("/").text == "PUT"
    assert client.get("/").status_code == 405
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "submit")
    assert rule.methods == {"POST", "PUT", "OPTIONS"}


def test_as_view_attributes(flask: t.Any) -> None:
    from flask.views import View

    class Page(View):
        """A page."""

        methods = ["GET"]
        provide_automatic_options = False

        def dispatch_request(self) -> str:
            return ""

    view = Page.as_view("page")
    assert view.__name__ == "page"
    assert view.view_class is Page
    assert view.methods == ["GET"]
    assert view.provide_automatic_options is False
    assert view.__doc__ == "A page."
    assert view.__module__ == Page.__module__


def test_view_defaults(flask: t.Any) -> None:
    from flask.views import View

    assert View.methods is None
    assert View.provide_automatic_options is None
    assert View.decorators == []
    assert View.init_every_request is True


def test_class_arguments_reach_the_constructor(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import View

    class Greeter(View):
        def __init__(self, greeting: str, punctuation: str = ".") -> None:
            self.greeting = greeting
            self.punctuation = punctuation

        def dispatch_request(self) -> str:
            return self.greeting + self.punctuation

    app.add_url_rule("/", view_func=Greeter.as_view("greet", "hi", punctuation="!"))
    assert client.get("/").text == "hi!"


def test_init_every_request_false_reuses_one_instance(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    from flask.views import View

    created: list[t.Any] = []

    class Shared(View):
        init_every_request = False

        def __init__(self) -> None:
            created.append(self)
            self.count = 0

        def dispatch_request(self) -> str:
            self.count += 1
            return str(self.count)

    view = Shared.as_view("shared")
    assert len(created) == 1
    app.add_url_rule("/", view_func=view)
    assert client.get("/").text == "1"
    assert client.get("/").text == "2"
    assert len(created) == 1


def test_init_every_request_true_creates_per_request(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    from flask.views import View

    created: list[t.Any] = []

    class Fresh(View):
        def __init__(self) -> None:
            created.append(self)
            self.count = 0

        def dispatch_request(self) -> str:
            self.count += 1
            return str(self.count)

    view = Fresh.as_view("fresh")
    assert created == []
    app.add_url_rule("/", view_func=view)
    assert client.get("/").text == "1"
    assert client.get("/").text == "1"
    assert len(created) == 2


def test_decorators_are_applied_outermost_last(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import View

    def tag(label: str) -> t.Callable[..., t.Any]:
        def decorator(f: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
            def wrapper(*args: t.Any, **kwargs: t.Any) -> str:
                return f"{label}({f(*args, **kwargs)})"

            return wrapper

        return decorator

    class Tagged(View):
        decorators = [tag("inner"), tag("outer")]

        def dispatch_request(self) -> str:
            return "view"

    app.add_url_rule("/", view_func=Tagged.as_view("tagged"))
    assert client.get("/").text == "outer(inner(view))"


def test_method_view_dispatches_by_verb(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import MethodView

    class Item(MethodView):
        def get(self, item_id: int) -> str:
            return f"get {item_id}"

        def post(self, item_id: int) -> str:
            return f"post {item_id}"

        def delete(self, item_id: int) -> t.Any:
            return "", 204

    app.add_url_rule("/items/<int:item_id>", view_func=Item.as_view("item"))
    assert client.get("/items/3").text == "get 3"
    assert client.post("/items/3").text == "post 3"
    assert client.delete("/items/3").status_code == 204
    rv = client.put("/items/3")
    assert rv.status_code == 405
    assert sorted(rv.headers["Allow"].split(", ")) == ["DELETE", "GET", "HEAD", "OPTIONS", "POST"]


def test_method_view_methods_from_handlers(flask: t.Any) -> None:
    from flask.views import MethodView

    class Api(MethodView):
        def get(self) -> str:
            return ""

        def patch(self) -> str:
            return ""

        def helper(self) -> None:
            pass

    assert Api.methods == {"GET", "PATCH"}
    assert Api.as_view("api").methods == {"GET", "PATCH"}


def test_method_view_methods_are_inherited(flask: t.Any) -> None:
    from flask.views import MethodView

    class Base(MethodView):
        def get(self) -> str:
            return ""

    class Child(Base):
        def post(self) -> str:
            return ""

    class Mixin:
        def put(self) -> str:
            return ""

    class WithMixin(Mixin, Base):
        pass

    assert Base.methods == {"GET"}
    assert Child.methods == {"GET", "POST"}
    assert WithMixin.methods == {"GET", "PUT"}


def test_method_view_explicit_methods_are_kept(flask: t.Any) -> None:
    from flask.views import MethodView

    class Limited(MethodView):
        methods = ["GET"]

        def get(self) -> str:
            return ""

        def post(self) -> str:
            return ""

    assert Limited.methods == ["GET"]


def test_method_view_without_handlers_has_no_methods(flask: t.Any) -> None:
    from flask.views import MethodView

    class Empty(MethodView):
        pass

    assert Empty.methods is None


def test_head_falls_back_to_get(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import MethodView

    seen: list[str] = []

    class Page(MethodView):
        def get(self) -> str:
            seen.append(flask.request.method)
            return "body"

    app.add_url_rule("/", view_func=Page.as_view("page"))
    rv = client.head("/")
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.headers["Content-Length"] == "4"
    assert seen == ["HEAD"]


def test_explicit_head_handler_wins(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import MethodView

    class Page(MethodView):
        def get(self) -> str:
            return "body"

        def head(self) -> t.Any:
            return "", 204, {"X-Head": "yes"}

    app.add_url_rule("/", view_func=Page.as_view("page"))
    rv = client.head("/")
    assert rv.status_code == 204
    assert rv.headers["X-Head"] == "yes"


def test_automatic_options(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import MethodView

    class Page(MethodView):
        def get(self) -> str:
            return ""

        def post(self) -> str:
            return ""

    app.add_url_rule("/", view_func=Page.as_view("page"))
    rv = client.options("/")
    assert rv.status_code == 200
    assert sorted(rv.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS", "POST"]


def test_provide_automatic_options_false(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import MethodView

    class Page(MethodView):
        provide_automatic_options = False

        def get(self) -> str:
            return ""

    app.add_url_rule("/", view_func=Page.as_view("page"))
    assert client.options("/").status_code == 405


def test_method_view_async_handler(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import MethodView

    class Page(MethodView):
        async def get(self) -> str:
            return "async get"

    app.add_url_rule("/", view_func=Page.as_view("page"))
    assert client.get("/").text == "async get"


def test_method_view_on_a_blueprint(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import MethodView

    class Page(MethodView):
        def get(self) -> str:
            return flask.url_for("bp.page")

    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    bp.add_url_rule("/page", view_func=Page.as_view("page"))
    app.register_blueprint(bp)
    assert client.get("/bp/page").text == "/bp/page"


def test_view_func_endpoint_is_the_as_view_name(flask: t.Any, app: t.Any) -> None:
    from flask.views import View

    class Page(View):
        def dispatch_request(self) -> str:
            return ""

    app.add_url_rule("/", view_func=Page.as_view("named"))
    assert "named" in app.view_functions
    assert app.view_functions["named"].view_class is Page


def test_method_view_dispatch_passes_view_args(flask: t.Any, app: t.Any, client: t.Any) -> None:
    from flask.views import MethodView

    class Pair(MethodView):
        def get(self, a: str, b: int) -> str:
            return f"{a}-{b + 1}"

    app.add_url_rule("/<a>/<int:b>", view_func=Pair.as_view("pair"))
    assert client.get("/x/1").text == "x-2"


def test_a_decorator_fills_a_parameter_annotated_with_its_own_request_class(
    flask: t.Any, app: t.Any, client: t.Any
) -> None:
    import functools

    class Raw(flask.Request):
        """An extension's request class, for the parameters its decorator fills."""

    def with_raw(view: t.Any) -> t.Any:
        @functools.wraps(view)
        def wrapper(**kwargs: t.Any) -> t.Any:
            return view(raw=flask.request.get_data(as_text=True), **kwargs)

        return wrapper

    def echo(name: t.Any, raw: t.Any) -> str:
        return f"{name}: {raw}"

    # As a decorator sees it without postponed annotations: the class itself.
    echo.__annotations__ = {"name": str, "raw": Raw, "return": str}
    app.add_url_rule("/echo/<name>", view_func=with_raw(echo), methods=["POST"])
    assert client.post("/echo/ann", data="body").text == "ann: body"
