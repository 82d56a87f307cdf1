"""Tests for demijohn.urls: one URL module with endpoints named after module paths, and
blueprints included by import string, imported when first needed."""

from __future__ import annotations

import importlib
import pathlib
import sys
import typing as t

import pytest

from demijohn import Demijohn, url_for
from demijohn.checks import load_includes
from demijohn.errors import SetupError
from demijohn.routing import IncludeRule, IncludingAdapter
from demijohn.testing import DemijohnClient
from demijohn.urls import IncludeError, URLs, endpoint_for

CATALOG = """
from demijohn import Blueprint, request

catalog = Blueprint("catalog", __name__)
store = catalog
seen = []


@catalog.before_request
def remember():
    seen.append(request.endpoint)


@catalog.get("/")
def index():
    return {"seen": list(seen)}


@catalog.get("/<int:product_id>")
def show(product_id):
    return {"product": product_id, "blueprint": request.blueprint}


@catalog.errorhandler(404)
def not_found(error):
    return {"error": "no such product"}, 404
"""

PAGES = """
from demijohn import request, url_for


def index():
    return {"catalog": url_for("catalog.show", product_id=3), "blueprint": request.blueprint}
"""


@pytest.fixture
def shop(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[pathlib.Path]:
    """An importable package ``urlshop``: two ``show`` views in two modules, a page that
    builds a URL of the catalog, and the catalog blueprint. Every module imported during the
    test is forgotten afterwards."""
    package = tmp_path / "urlshop"
    for sub in ("orders", "users", "catalog"):
        (package / sub).mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "pages.py").write_text(PAGES)
    (package / "orders" / "__init__.py").write_text("")
    (package / "orders" / "views.py").write_text("def show(id):\n    return f'order {id}'\n")
    (package / "users" / "__init__.py").write_text("")
    (package / "users" / "views.py").write_text("def show(id):\n    return f'user {id}'\n")
    (package / "catalog" / "__init__.py").write_text(CATALOG)
    (package / "notes.py").write_text("catalog = 'not a blueprint'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    before = set(sys.modules)
    yield package
    for name in set(sys.modules) - before:
        del sys.modules[name]


def shop_urls(**include: t.Any) -> URLs:
    urls = URLs("urlshop")
    urls.get("/", ".pages:index")
    urls.get("/orders/<int:id>", "urlshop.orders.views:show")
    urls.get("/users/<int:id>", "urlshop.users.views:show")
    urls.include("urlshop.catalog:catalog", url_prefix="/catalog", **include)
    return urls


# -- endpoints named after modules ------------------------------------------------------------


def test_endpoints_follow_the_module_path() -> None:
    assert endpoint_for("shop.orders.views:show", "shop") == "orders.views.show"
    assert endpoint_for("shop.orders.views.show", "shop") == "orders.views.show"
    assert endpoint_for("shop:index", "shop") == "index"
    assert endpoint_for("elsewhere.views:show", "shop") == "elsewhere.views.show"
    # Only whole package names count: "shopping" is not under "shop".
    assert endpoint_for("shopping.views:show", "shop") == "shopping.views.show"
    assert endpoint_for(test_endpoints_follow_the_module_path, "tests") == (
        "test_urls.test_endpoints_follow_the_module_path"
    )


def test_two_show_views_in_two_modules_do_not_collide(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    shop_urls().init_app(app)
    assert client.get("/orders/1").text == "order 1"
    assert client.get("/users/2").text == "user 2"
    with app.test_request_context():
        assert url_for("orders.views.show", id=5) == "/orders/5"
        assert url_for("users.views.show", id=6) == "/users/6"


def test_nothing_is_imported_when_the_urls_are_registered(
    app: Demijohn, shop: pathlib.Path
) -> None:
    shop_urls().init_app(app)
    assert not [name for name in sys.modules if name.startswith("urlshop")]
    assert [(rule, endpoint) for rule, endpoint, _ in shop_urls()][:2] == [
        ("/", "pages.index"),
        ("/orders/<int:id>", "orders.views.show"),
    ]


def test_a_dotted_endpoint_of_a_module_is_not_a_blueprint(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    shop_urls().init_app(app)
    assert client.get("/").json == {"catalog": "/catalog/3", "blueprint": None}


def test_views_given_as_functions_and_every_method(app: Demijohn, client: DemijohnClient) -> None:
    def show() -> str:
        return "shown"

    urls = URLs("tests")
    urls.add("/a", show, endpoint="a")
    urls.post("/b", show, endpoint="b")
    urls.put("/b", show, endpoint="b")
    urls.patch("/b", show, endpoint="b")
    urls.delete("/b", show, endpoint="b")
    urls.get("/c", show)
    urls.init_app(app)
    assert client.get("/a").text == "shown"
    methods = ("POST", "PUT", "PATCH", "DELETE")
    assert [client.open("/b", method=m).status_code for m in methods] == [200] * 4
    assert client.get("/b").status_code == 405
    assert "test_urls.show" in app.view_functions
    with pytest.raises(TypeError, match="use 'add' with 'methods='"):
        urls.get("/d", show, methods=["POST"])


def test_every_endpoint_conflict_is_reported_at_once(app: Demijohn) -> None:
    urls = URLs("urlshop")
    urls.get("/a", "urlshop.a:show", endpoint="show")
    urls.get("/b", "urlshop.b:show", endpoint="show")
    urls.get("/c", "urlshop.c:view", endpoint="static")
    urls.get("/a2", "urlshop.a.show", endpoint="show")  # the same view: not a conflict
    with pytest.raises(SetupError) as caught:
        urls.init_app(app)
    message = str(caught.value)
    assert f"{__file__}:" in message
    assert "'show' names 'urlshop.b:show', but" in message
    assert "'static' is already an endpoint of the application" in message
    assert "urlshop.a.show" not in message


# -- blueprints included by import string -----------------------------------------------------


def test_a_request_under_the_prefix_imports_the_blueprint(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    shop_urls().init_app(app)
    assert client.get("/orders/1").status_code == 200
    assert "urlshop.catalog" not in sys.modules
    # The first request runs the blueprint's own hooks too.
    assert client.get("/catalog/").json == {"seen": ["catalog.index"]}
    assert client.get("/catalog/7").json == {"product": 7, "blueprint": "catalog"}
    assert "catalog" in app.blueprints


def test_building_a_url_imports_the_blueprint(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    shop_urls().init_app(app)
    assert client.get("/").json == {"catalog": "/catalog/3", "blueprint": None}
    assert "urlshop.catalog" in sys.modules


def test_building_other_urls_does_not(app: Demijohn, shop: pathlib.Path) -> None:
    shop_urls().init_app(app)
    with app.test_request_context():
        assert isinstance(app.url_map.bind(""), IncludingAdapter)
        assert url_for("orders.views.show", id=1) == "/orders/1"
        with pytest.raises(Exception, match="Could not build url for endpoint 'nowhere'"):
            url_for("nowhere")
    assert "urlshop.catalog" not in sys.modules


def test_once_loaded_the_prefix_belongs_to_the_blueprint(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    @app.get("/<path:page>")
    def anything(page: str) -> str:
        return f"page {page}"

    shop_urls().init_app(app)
    assert client.get("/catalog/7").status_code == 200
    assert client.get("/catalog/none").status_code == 404
    assert client.post("/catalog/7").status_code == 405
    assert client.get("/catalogue").text == "page catalogue"
    # Nothing pending: adapters are Werkzeug's own again.
    assert not isinstance(app.url_map.bind(""), IncludingAdapter)


def test_an_owned_included_blueprint_answers_its_404s(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    shop_urls(owns_url_space=True).init_app(app)
    # The first request to it is a 404 of its own, answered by its handler.
    assert client.get("/catalog/none").json == {"error": "no such product"}
    assert client.get("/nowhere").status_code == 404
    assert b"<!doctype html>" in client.get("/nowhere").data


def test_include_under_another_name(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    urls = URLs("urlshop")
    urls.include("urlshop.catalog:catalog", url_prefix="/shop", name="store")
    urls.init_app(app)
    with app.test_request_context():
        assert url_for("store.show", product_id=1) == "/shop/1"
    assert client.get("/shop/1").json == {"product": 1, "blueprint": "store"}


@pytest.mark.parametrize(
    ("import_name", "options", "message"),
    [
        ("urlshop.catalogue:catalog", {}, "No module named 'urlshop.catalogue'"),
        ("urlshop.notes:catalog", {}, "it names a str, not a Blueprint"),
        ("urlshop.catalog:store", {}, r"Pass name='catalog' to include\(\)"),
    ],
)
def test_an_include_that_fails_says_why(
    app: Demijohn, shop: pathlib.Path, import_name: str, options: dict[str, t.Any], message: str
) -> None:
    urls = URLs("urlshop")
    urls.include(import_name, url_prefix="/catalog", **options)
    line = sys._getframe().f_lineno - 1
    urls.init_app(app)
    client = app.test_client()
    with pytest.raises(IncludeError, match=message) as caught:
        client.get("/catalog/1")
    assert caught.value.registered_at == f"{__file__}:{line}"
    assert f"(included at {__file__}:{line})" in str(caught.value)
    # The failure is remembered, and raised again rather than registering half twice.
    with pytest.raises(IncludeError) as again:
        client.get("/catalog/1")
    assert again.value is caught.value


def test_a_failed_include_is_a_500_when_exceptions_do_not_propagate(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    urls = URLs("urlshop")
    urls.include(".catalogue:catalog", url_prefix="/catalog")
    urls.init_app(app)
    assert client.get("/catalog/1").status_code == 500
    assert client.get("/elsewhere").status_code == 404


def test_an_included_endpoint_the_application_has_is_refused(
    app: Demijohn, shop: pathlib.Path
) -> None:
    app.add_url_rule("/legacy/<int:product_id>", "catalog.show", lambda product_id: "old")
    shop_urls().init_app(app)
    (failure,) = load_includes(app)
    assert failure.check == "urls.endpoint"
    assert "its endpoint 'catalog.show' (declared at" in str(failure)
    assert "catalog/__init__.py:" in str(failure)


def test_a_registration_that_fails_is_reported(app: Demijohn, shop: pathlib.Path) -> None:
    from demijohn import Blueprint

    app.register_blueprint(Blueprint("catalog", "urlshop"))
    shop_urls().init_app(app)
    with pytest.raises(IncludeError, match="registering it failed: The name 'catalog' is"):
        app.test_client().get("/catalog/1")


def test_includes_need_demijohns_url_map(shop: pathlib.Path) -> None:
    from werkzeug.routing import Map

    class PlainMapApp(Demijohn):
        url_map_class = Map

    app = PlainMapApp("plain")
    with pytest.raises(SetupError, match=r"Derive it from demijohn\.routing\.URLMap"):
        shop_urls().init_app(app)


def test_included_blueprints_answer_websockets(app: Demijohn, shop: pathlib.Path) -> None:
    (shop / "catalog" / "live.py").write_text(
        "from demijohn import Blueprint\n\n"
        "live = Blueprint('live', __name__)\n\n\n"
        "@live.websocket('/feed')\n"
        "async def feed(websocket):\n"
        "    await websocket.accept()\n"
        "    await websocket.send('hello')\n"
    )
    urls = URLs("urlshop")
    urls.include(".catalog.live:live", url_prefix="/live")
    urls.init_app(app)
    with app.test_client().websocket("/live/feed") as websocket:
        assert websocket.receive() == "hello"


def test_an_application_with_includes_is_freed_with_its_last_reference(shop: pathlib.Path) -> None:
    import gc
    import weakref

    app = Demijohn("freed", static_folder=None)
    shop_urls().init_app(app)
    ref = weakref.ref(app)
    gc.disable()
    try:
        del app
        assert ref() is None
    finally:
        gc.enable()


def test_a_variable_prefix_and_nested_blueprints(
    app: Demijohn, client: DemijohnClient, shop: pathlib.Path
) -> None:
    (shop / "regional.py").write_text(
        "from demijohn import Blueprint\n\n"
        "regional = Blueprint('regional', __name__)\n"
        "offers = Blueprint('offers', __name__)\n\n\n"
        "@regional.get('/')\n"
        "def home(lang):\n"
        "    return f'home {lang}'\n\n\n"
        "@offers.get('/<int:offer_id>')\n"
        "def show(lang, offer_id):\n"
        "    return f'offer {offer_id} in {lang}'\n\n\n"
        "regional.register_blueprint(offers, url_prefix='/offers')\n"
    )
    urls = URLs("urlshop")
    urls.include(".regional:regional", url_prefix="/<any(en, fr):lang>/shop")
    urls.init_app(app)
    assert client.get("/fr/shop/").text == "home fr"
    assert client.get("/en/shop/offers/2").text == "offer 2 in en"
    assert client.get("/de/shop/").status_code == 404
    with app.test_request_context():
        assert url_for("regional.offers.show", lang="fr", offer_id=1) == "/fr/shop/offers/1"


def test_a_nested_endpoint_the_application_has_is_refused(
    app: Demijohn, shop: pathlib.Path
) -> None:
    (shop / "nested.py").write_text(
        "from demijohn import Blueprint\n\n"
        "outer = Blueprint('outer', __name__)\n"
        "inner = Blueprint('inner', __name__)\n"
        "inner.add_url_rule('/x', view_func='urlshop.orders.views:show')\n"
        "outer.register_blueprint(inner, url_prefix='/inner')\n"
    )
    app.add_url_rule("/taken", "outer.inner.show", lambda: "taken")
    urls = URLs("urlshop")
    urls.include(".nested:outer", url_prefix="/outer")
    urls.init_app(app)
    (failure,) = load_includes(app)
    assert "its endpoint 'outer.inner.show' (declared at" in str(failure)
    assert failure.location == f"{shop / 'nested.py'}:5"


def test_an_include_loads_once(app: Demijohn, shop: pathlib.Path) -> None:
    shop_urls().init_app(app)
    (include,) = app.url_map.pending  # type: ignore[attr-defined]
    assert repr(include) == "<LazyInclude 'urlshop.catalog:catalog' (not loaded)>"
    include.load()
    include.load()
    assert repr(include) == "<LazyInclude 'urlshop.catalog:catalog' (loaded)>"
    assert app.url_map.pending == ()  # type: ignore[attr-defined]


def test_a_thread_that_waited_finds_it_loaded(app: Demijohn, shop: pathlib.Path) -> None:
    shop_urls().init_app(app)
    (include,) = app.url_map.pending  # type: ignore[attr-defined]

    class LoadedWhileWaiting:
        """The lock, as a thread sees it that waited while another loaded the blueprint."""

        def __enter__(self) -> None:
            include._loaded = True

        def __exit__(self, *exc_info: object) -> None:
            pass

    include._lock = LoadedWhileWaiting()
    include.load()
    assert "catalog" not in app.blueprints


def test_the_stand_in_rule_builds_no_url(app: Demijohn, shop: pathlib.Path) -> None:
    from werkzeug.routing import BuildError

    shop_urls().init_app(app)
    assert [r.rule for r in app.url_map.iter_rules("catalog.*")] == ["/catalog<include:rest>"] * 2
    with app.test_request_context(), pytest.raises(BuildError):
        url_for("catalog.*", rest="/x")
    assert "catalog" in app.blueprints  # its name pointed at the blueprint, so it was loaded


def test_only_rules_with_a_view_declare_an_endpoint() -> None:
    from demijohn import Blueprint

    blueprint = Blueprint("b", __name__)
    blueprint.add_url_rule("/x", "x")  # its view comes later, through view_functions
    blueprint.add_url_rule("/y", view_func="urlshop.views:y")
    assert [endpoint for endpoint, _ in blueprint.declared_endpoints] == ["y"]


def test_demijohn_check_counts_the_rules_not_the_stand_ins(
    app: Demijohn, shop: pathlib.Path
) -> None:
    from click.testing import CliRunner

    from demijohn.cli import DemijohnGroup

    shop_urls().init_app(app)
    result = CliRunner().invoke(DemijohnGroup(create_app=lambda: app), ["check"])
    rules = list(app.url_map.iter_rules())
    stand_ins = [rule for rule in rules if isinstance(rule, IncludeRule)]
    assert stand_ins
    counted = len(rules) - len(stand_ins)
    assert result.output == f"No problems found in {app.name!r} ({counted} rules checked).\n"
