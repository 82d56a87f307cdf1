"""Tests for demijohn.routing: views named by import string, imported on first use."""

from __future__ import annotations

import importlib
import logging
import pathlib
import sys
import typing as t

import pytest
from werkzeug.routing import Map, Rule

from demijohn import Blueprint, Demijohn, url_for, werkzeug_privates
from demijohn.errors import LazyViewError, SetupError, SetupValueError
from demijohn.routing import LazyView, URLMap
from demijohn.testing import DemijohnClient

VIEWS = """
from demijohn import request as current_request

def show(id):
    return f"show {id}"

def echo(request, word):
    return f"{request.method} {request.path} {word}"

def endpoint():
    return current_request.endpoint

async def later():
    return "awaited"

class Greeter:
    def __call__(self):
        return "greetings"

greeter = Greeter()
NOT_A_VIEW = 42
"""


@pytest.fixture
def views(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[str]:
    """An importable package ``lazyapp`` with a ``views`` module, a module that fails to
    import, and a second module with a ``show`` view. Every module imported during the test
    is forgotten afterwards."""
    package = tmp_path / "lazyapp"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(VIEWS)
    (package / "other.py").write_text("def show(id):\n    return 'other'\n")
    (package / "broken.py").write_text("raise RuntimeError('broken at import')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    before = set(sys.modules)
    yield "lazyapp.views"
    for name in set(sys.modules) - before:
        del sys.modules[name]


def line_of_next_statement() -> int:
    """The line after the caller's current one."""
    return sys._getframe(1).f_lineno + 1


# -- laziness ---------------------------------------------------------------------------------


def test_registering_does_not_import(app: Demijohn, views: str) -> None:
    app.add_url_rule("/show/<int:id>", view_func="lazyapp.views:show")
    view = app.view_functions["show"]
    assert isinstance(view, LazyView)
    assert not view.is_resolved
    assert "lazyapp" not in sys.modules
    assert "lazyapp.views" not in sys.modules
    with app.test_request_context():
        assert url_for("show", id=3) == "/show/3"
    assert "lazyapp.views" not in sys.modules


def test_first_request_imports_the_view(app: Demijohn, client: DemijohnClient, views: str) -> None:
    app.add_url_rule("/show/<int:id>", view_func="lazyapp.views:show")
    assert client.get("/show/3").text == "show 3"
    assert "lazyapp.views" in sys.modules
    view = app.view_functions["show"]
    assert view.is_resolved  # type: ignore[attr-defined]
    assert view.resolve() is sys.modules["lazyapp.views"].show  # type: ignore[attr-defined]
    assert client.get("/show/4").text == "show 4"


def test_lazy_view_receives_the_request(app: Demijohn, client: DemijohnClient, views: str) -> None:
    app.add_url_rule("/echo/<word>", view_func="lazyapp.views:echo", methods=["GET", "POST"])
    assert client.post("/echo/hi").text == "POST /echo/hi hi"


@pytest.mark.parametrize(
    ("rule", "import_name", "text"),
    [
        ("/<int:id>", "lazyapp.views.show", "show 5"),
        ("/5", "lazyapp.views:greeter", "greetings"),
        ("/5", "lazyapp.views:later", "awaited"),
    ],
)
def test_other_import_strings_and_targets(
    app: Demijohn, client: DemijohnClient, views: str, rule: str, import_name: str, text: str
) -> None:
    app.add_url_rule(rule, endpoint="view", view_func=import_name)
    assert client.get("/5").text == text


def test_endpoint_defaults_to_the_function_name(
    app: Demijohn, client: DemijohnClient, views: str
) -> None:
    app.add_url_rule("/a", view_func="lazyapp.views:endpoint")
    app.add_url_rule("/b", view_func="lazyapp.views.endpoint", endpoint="named")
    assert set(app.view_functions) >= {"endpoint", "named"}
    assert client.get("/a").text == "endpoint"
    assert client.get("/b").text == "named"


@pytest.mark.parametrize("second", ["lazyapp.views:show", "lazyapp.views.show"])
def test_same_lazy_view_twice_is_not_a_conflict(
    app: Demijohn, client: DemijohnClient, views: str, second: str
) -> None:
    app.add_url_rule("/one/<int:id>", view_func="lazyapp.views:show")
    app.add_url_rule("/two/<int:id>", view_func=second)
    assert "lazyapp.views" not in sys.modules
    assert client.get("/one/1").text == "show 1"
    assert client.get("/two/2").text == "show 2"


def test_different_lazy_views_for_one_endpoint_conflict(app: Demijohn, views: str) -> None:
    app.add_url_rule("/one/<int:id>", view_func="lazyapp.views:show")
    with pytest.raises(SetupError, match="overwriting an existing endpoint function: show"):
        app.add_url_rule("/two/<int:id>", view_func="lazyapp.other:show")
    assert "lazyapp" not in sys.modules


# -- failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("import_name", "reason"),
    [
        ("lazyapp.missing:show", "ImportStringError"),
        ("lazyapp.views:missing", "ImportStringError"),
        ("lazyapp.broken:view", "RuntimeError: broken at import"),
        ("lazyapp.views:NOT_A_VIEW", "TypeError: the object is a int, not a function"),
        ("lazyapp.views", "TypeError: the object is a module, not a function"),
        ("lazyapp.views:Greeter", "TypeError: the object is the class 'Greeter'"),
    ],
)
def test_a_broken_view_raises_when_exceptions_propagate(
    app: Demijohn, client: DemijohnClient, views: str, import_name: str, reason: str
) -> None:
    line = line_of_next_statement()
    app.add_url_rule("/", endpoint="index", view_func=import_name)
    with pytest.raises(LazyViewError) as exc_info:
        client.get("/")
    error = exc_info.value
    assert isinstance(error, ImportError)
    assert error.import_name == import_name
    assert error.registered_at == f"{__file__}:{line}"
    message = str(error)
    assert f"Could not import the view {import_name!r} (registered at {__file__}:{line})" in message
    assert reason in message


def test_a_broken_view_is_a_500_in_production(
    app: Demijohn, views: str, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["TESTING"] = False
    app.add_url_rule("/", endpoint="index", view_func="lazyapp.views:missing")
    app.add_url_rule("/fine/<int:id>", view_func="lazyapp.views:show")
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        assert client.get("/").status_code == 500
    assert "Could not import the view 'lazyapp.views:missing'" in caplog.text
    assert client.get("/fine/1").text == "show 1"


def test_check_views_reports_every_failure_and_imports_the_rest(app: Demijohn, views: str) -> None:
    app.add_url_rule("/plain", view_func=lambda: "plain")
    app.add_url_rule("/a", endpoint="a", view_func="lazyapp.views:missing")
    app.add_url_rule("/show/<int:id>", view_func="lazyapp.views:show")
    line = line_of_next_statement()
    app.add_url_rule("/b", endpoint="b", view_func="lazyapp.broken:view")
    app.add_url_rule("/c", endpoint="c", view_func="lazyapp.views:echo")

    failures = app.check_views()
    assert [failure.import_name for failure in failures] == [
        "lazyapp.views:missing",
        "lazyapp.broken:view",
    ]
    assert failures[1].registered_at == f"{__file__}:{line}"
    assert isinstance(failures[1].reason, RuntimeError)
    assert app.view_functions["show"].is_resolved  # type: ignore[attr-defined]
    assert app.view_functions["c"].is_resolved  # type: ignore[attr-defined]


def test_check_views_is_empty_when_all_import(app: Demijohn, views: str) -> None:
    app.add_url_rule("/show/<int:id>", view_func="lazyapp.views:show")
    assert app.check_views() == []
    assert "lazyapp.views" in sys.modules


# -- blueprints -------------------------------------------------------------------------------


def test_lazy_views_on_blueprints(app: Demijohn, client: DemijohnClient, views: str) -> None:
    parent = Blueprint("parent", __name__, url_prefix="/p")
    child = Blueprint("child", __name__, url_prefix="/c")
    child.add_url_rule("/<int:id>", view_func="lazyapp.views:show")
    child.add_url_rule("/endpoint", view_func="lazyapp.views.endpoint")
    parent.register_blueprint(child)
    app.register_blueprint(parent)
    app.register_blueprint(parent, name="again", url_prefix="/again")
    assert "lazyapp" not in sys.modules

    assert client.get("/p/c/1").text == "show 1"
    assert client.get("/again/c/2").text == "show 2"
    assert client.get("/p/c/endpoint").text == "parent.child.endpoint"
    assert client.get("/again/c/endpoint").text == "again.child.endpoint"


def test_broken_lazy_view_on_a_blueprint_names_its_registration(
    app: Demijohn, client: DemijohnClient, views: str
) -> None:
    bp = Blueprint("bp", __name__)
    line = line_of_next_statement()
    bp.add_url_rule("/", view_func="lazyapp.views:missing")
    app.register_blueprint(bp)
    (failure,) = app.check_views()
    assert failure.registered_at == f"{__file__}:{line}"
    with pytest.raises(LazyViewError, match=f"registered at {__file__}:{line}"):
        client.get("/")


def test_setup_state_accepts_an_import_string(
    app: Demijohn, client: DemijohnClient, views: str
) -> None:
    bp = Blueprint("bp", __name__)
    line = line_of_next_statement()
    bp.record(lambda state: state.add_url_rule("/<int:id>", view_func="lazyapp.views:show"))
    app.register_blueprint(bp)
    view = app.view_functions["bp.show"]
    assert isinstance(view, LazyView)
    assert view.registered_at == f"{__file__}:{line}"
    assert "lazyapp" not in sys.modules
    assert client.get("/1").text == "show 1"


# -- LazyView ---------------------------------------------------------------------------------


def test_lazy_view_repr_and_calling(views: str) -> None:
    view = LazyView("lazyapp.views:show")
    assert view.__name__ == "show"
    assert repr(view) == "<LazyView 'lazyapp.views:show' (not imported)>"
    assert view(id=7) == "show 7"
    assert repr(view) == "<LazyView 'lazyapp.views:show' (imported)>"
    assert LazyView("lazyapp.views.show").__name__ == "show"


def test_lazy_view_equality_and_hash() -> None:
    view = LazyView("pkg.views:show", "here.py:1")
    same = LazyView("pkg.views:show", "there.py:2")
    dotted = LazyView("pkg.views.show")
    other = LazyView("pkg.views:edit")
    assert view == same
    assert view == dotted
    assert hash(view) == hash(same) == hash(dotted)
    assert len({view, same, dotted, other}) == 2
    assert view != other
    assert view != "pkg.views:show"


def test_lazy_view_error_without_a_location(views: str) -> None:
    view = LazyView("lazyapp.views:missing")
    with pytest.raises(LazyViewError) as exc_info:
        view()
    assert exc_info.value.registered_at is None
    assert "registered at" not in str(exc_info.value)
    assert "'package.module:function'" in str(exc_info.value)


@pytest.mark.parametrize("import_name", ["", ".views:show", ":show", "..views"])
def test_strings_that_are_not_import_strings_are_refused(app: Demijohn, import_name: str) -> None:
    with pytest.raises(ValueError, match="is not an import string"):
        LazyView(import_name)
    with pytest.raises(ValueError, match="is not an import string"):
        app.add_url_rule("/", endpoint="x", view_func=import_name)
    with pytest.raises(ValueError, match="is not an import string"):
        Blueprint("bp", __name__).add_url_rule("/", endpoint="x", view_func=import_name)


class TestRequestVariable:
    """A URL variable named ``request`` is refused when the rule is registered."""

    @pytest.mark.parametrize("rule", ["/<request>", "/items/<int:request>", "/<path: request >"])
    def test_refused_with_what_to_do(self, app: Demijohn, rule: str) -> None:
        def view(request: t.Any) -> str:
            return "never"

        with pytest.raises(SetupValueError) as info:
            app.add_url_rule(rule, view_func=view)
        assert str(info.value) == (
            f"The rule {rule!r} has a URL variable named 'request'. That name is reserved for"
            " the request object, which demijohn passes to a view's 'request' parameter, so"
            " the view could not be given this value too. Rename the variable, for example to"
            " '<request_id>', and the view's parameter with it; or, for a Flask application,"
            " run it on the Flask compatibility layer, which passes the value as Flask does."
        )
        assert [r.rule for r in app.url_map.iter_rules()] == ["/static/<path:filename>"]
        assert "view" not in app.view_functions

    def test_a_default_named_request_is_refused(self, app: Demijohn) -> None:
        with pytest.raises(SetupValueError, match=r"^The rule '/' has a default named 'request'"):
            app.add_url_rule("/", "index", lambda request: "", defaults={"request": 1})

    def test_refused_for_a_view_not_imported(self, app: Demijohn, views: str) -> None:
        with pytest.raises(SetupValueError, match="URL variable named 'request'"):
            app.add_url_rule("/<request>", view_func=f"{views}:show")
        assert views not in sys.modules

    def test_refused_on_a_blueprint_where_the_rule_is_written(self) -> None:
        blueprint = Blueprint("shop", __name__)
        with pytest.raises(SetupValueError, match="The rule '/<request>' has a URL variable"):
            blueprint.add_url_rule("/<request>", "show", lambda request: "")

    def test_names_that_only_contain_request_are_allowed(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/request/<request_id>", "by_id", lambda request_id: request_id)
        app.add_url_rule("/r/<my_request>", "mine", lambda my_request: my_request)
        assert client.get("/request/7").text == "7"
        assert client.get("/r/8").text == "8"


class TestRouter:
    """Requests are matched without binding the URL map per request, with the same outcome."""

    def test_static_and_dynamic_routes_match(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/about", "about", lambda: "about")
        app.add_url_rule("/items/<int:item_id>", "item", lambda item_id: f"item {item_id}")
        assert client.get("/about").data == b"about"
        assert client.get("/items/4").data == b"item 4"
        assert client.get("/items/x").status_code == 404

    def test_same_path_other_method_falls_back_to_full_matching(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/thing", "read", lambda: "read", methods=["GET"])
        app.add_url_rule("/<name>", "write", lambda name: f"write {name}", methods=["POST"])
        assert client.post("/thing").data == b"write thing"
        response = client.put("/thing")
        assert response.status_code == 405
        assert set(response.allow) == {"GET", "HEAD", "OPTIONS", "POST"}

    def test_trailing_slash_redirect_keeps_host_and_query(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/dir/", "dir", lambda: "dir")
        response = client.get("/dir?a=1", base_url="http://shop.example:8080")
        assert response.status_code == 308
        assert response.headers["Location"] == "http://shop.example:8080/dir/?a=1"

    def test_defaults_redirect_to_the_canonical_url(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        def page(number: int) -> str:
            return f"page {number}"

        app.add_url_rule("/pages/", "page", page, defaults={"number": 1})
        app.add_url_rule("/pages/<int:number>", "page", page)
        assert client.get("/pages/2").data == b"page 2"
        response = client.get("/pages/1")
        assert response.status_code == 308
        assert response.headers["Location"].endswith("/pages/")

    def test_alias_rule_redirects(self, app: Demijohn, client: DemijohnClient) -> None:
        def view() -> str:
            return "canonical"

        app.add_url_rule("/new", "view", view)
        app.add_url_rule("/old", "view", view, alias=True)
        response = client.get("/old")
        assert response.status_code == 308
        assert response.headers["Location"].endswith("/new")

    def test_rules_added_before_the_first_request_are_seen(self, app: Demijohn) -> None:
        app.add_url_rule("/a", "a", lambda: "a")
        with app.test_request_context("/b"):
            app.preprocess_request()
        app.add_url_rule("/b", "b", lambda: "b")
        assert app.test_client().get("/b").data == b"b"

    @pytest.mark.parametrize("map_class", [URLMap, Map])
    def test_rules_added_to_the_map_after_serving_are_seen(self, map_class: type[Map]) -> None:
        class App(Demijohn):
            url_map_class = map_class

        app = App(__name__)
        app.add_url_rule("/pages/<int:number>", "page", lambda number: f"page {number}")
        app.add_url_rule("/about", "about", lambda: "about")
        client = app.test_client()
        assert client.get("/pages/1").data == b"page 1"
        assert client.get("/about").data == b"about"
        # Setup methods are refused now, but Werkzeug's map still takes rules directly; a
        # rule with defaults makes the static URL a redirect.
        app.url_map.add(Rule("/pages/", endpoint="page", defaults={"number": 1}))
        with app.test_request_context():
            assert url_for("page", number=1) == "/pages/"
        response = client.get("/pages/1")
        assert response.status_code == 308
        assert response.headers["Location"].endswith("/pages/")

    def test_a_replaced_url_map_is_used(self, app: Demijohn, client: DemijohnClient) -> None:
        app.add_url_rule("/a", "a", lambda: "a")
        assert client.get("/a").data == b"a"
        replaced = URLMap()
        replaced.add(Rule("/a", endpoint="b"))
        app.view_functions["b"] = lambda: "b"
        app.url_map = replaced
        assert client.get("/a").data == b"b"

    def test_url_map_counts_additions(self) -> None:
        url_map = URLMap()
        url_map.add(Rule("/a", endpoint="a"))
        rule = Rule("/b", endpoint="b")
        url_map.add(rule)
        assert url_map.additions == 2
        assert [rule.rule for rule in url_map.iter_rules()] == ["/a", "/b"]
        failed = URLMap()
        with pytest.raises(RuntimeError):
            failed.add(rule)  # bound to another map already
        assert failed.additions == 1

    def test_overridden_create_url_adapter_is_used(self) -> None:
        seen: list[str] = []

        class Custom(Demijohn):
            def create_url_adapter(self, request: t.Any) -> t.Any:
                if request is not None:
                    seen.append(request.path)
                return super().create_url_adapter(request)

        app = Custom(__name__)
        app.add_url_rule("/x", "x", lambda: "x")
        assert app.test_client().get("/x").data == b"x"
        assert seen == ["/x"]

    def test_host_check_follows_trusted_hosts_changes(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.add_url_rule("/", "index", lambda: "ok")
        assert client.get("http://a.example/").status_code == 200
        app.config["TRUSTED_HOSTS"] = ["b.example"]
        assert client.get("http://a.example/").status_code == 400
        assert client.get("http://b.example/").status_code == 200


class TestRuleBuilders:
    """URL builders are compiled on first use (tested in test_werkzeug_privates.py); on a
    Werkzeug release where that hook changed, when the rule is added, with the same outcome."""

    def _outcomes(self, protocol: str) -> tuple[list[str], list[tuple[str, str | None, bytes]]]:
        app = Demijohn(__name__)
        app.add_url_rule("/items/<int:item_id>", "item", lambda item_id: f"item {item_id}")

        def page(number: int) -> str:
            return f"page {number}"

        app.add_url_rule("/pages/", "page", page, defaults={"number": 1})
        app.add_url_rule("/pages/<int:number>", "page", page)
        app.add_url_rule("/files/<path:name>", "file", lambda name: name)
        app.add_url_rule("/about", "about", lambda: "about")
        with app.test_request_context():
            urls = [
                url_for("item", item_id=3),
                url_for("item", item_id=4, q="x y"),
                url_for("page"),
                url_for("page", number=1),
                url_for("page", number=2),
                url_for("file", name="a/b c.txt", _external=True),
                url_for("about", _anchor="top"),
            ]
        client = app.test_client(protocol=protocol)
        paths = ["/items/3", "/pages/", "/pages/1", "/pages/2", "/files/a/b", "/about", "/none"]
        sent = [client.get(path) for path in paths]
        return urls, [(r.status, r.headers.get("Location"), r.data) for r in sent]

    def test_urls_and_matching_without_the_hook_are_the_same(
        self, protocol: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        fast = self._outcomes(protocol)
        assert fast[0][:3] == ["/items/3", "/items/4?q=x+y", "/pages/"]
        monkeypatch.setattr(werkzeug_privates, "RULE_BUILDERS", False)
        assert self._outcomes(protocol) == fast


class TestHostCheck:
    """Which Host headers are served: host names (underscores too, as container and service
    names have them), IP addresses and international names, each label 1 to 63 characters."""

    @pytest.fixture(autouse=True)
    def _routes(self, app: Demijohn) -> None:
        app.add_url_rule("/a", "a", lambda: url_for("a", _external=True))

    @pytest.mark.parametrize("method", ["GET", "OPTIONS"])
    def test_label_over_63_characters_is_a_400(
        self, client: DemijohnClient, caplog: pytest.LogCaptureFixture, method: str
    ) -> None:
        response = client.open("/a", method=method, headers={"Host": "x" * 64})
        assert response.status_code == 400
        assert b"1 to 63 characters" in response.data
        assert not [record for record in caplog.records if record.levelno >= logging.ERROR]

    def test_label_of_63_characters_is_served(self, client: DemijohnClient) -> None:
        response = client.get("/a", headers={"Host": "x" * 63})
        assert response.text == f"http://{'x' * 63}/a"

    @pytest.mark.parametrize("host", ["exa_mple.com", "web_app:8000", "_svc.local."])
    def test_names_with_underscores_are_served(self, client: DemijohnClient, host: str) -> None:
        assert client.get("/a", headers={"Host": host}).status_code == 200

    @pytest.mark.parametrize("host", ["a b", "web_app:99999", "a_" + "b" * 63, "a_..b"])
    def test_other_malformed_hosts_are_a_400(self, client: DemijohnClient, host: str) -> None:
        response = client.get("/a", headers={"Host": host})
        assert response.status_code == 400
        assert b"host name" in response.data

    def test_trusted_hosts_list_names_with_underscores(
        self, app: Demijohn, client: DemijohnClient
    ) -> None:
        app.config["TRUSTED_HOSTS"] = ["web_app", ".svc_net"]
        assert client.get("/a", headers={"Host": "web_app:8000"}).status_code == 200
        assert client.get("/a", headers={"Host": "db.svc_net"}).status_code == 200
        assert client.get("/a", headers={"Host": "other_app"}).status_code == 400
        assert client.get("/a", headers={"Host": "example.com"}).status_code == 400
