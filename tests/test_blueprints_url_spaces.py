"""Tests for blueprints that own their URL space (``owns_url_space=True``): a URL under the
prefix that matches no rule, or a method no rule there allows, is answered by the blueprint's
404 and 405 handlers; the rest of the application keeps its own."""

from __future__ import annotations

import typing as t

import pytest
from werkzeug.exceptions import HTTPException

from demijohn import Blueprint, Demijohn
from demijohn.routing import URLSpaces
from demijohn.testing import DemijohnClient


def json_errors(blueprint: Blueprint) -> None:
    @blueprint.errorhandler(404)
    def not_found(error: HTTPException) -> tuple[dict[str, str], int]:
        return {"error": f"{blueprint.name}: not found"}, 404

    @blueprint.errorhandler(405)
    def not_allowed(error: HTTPException) -> tuple[dict[str, str], int]:
        return {"error": f"{blueprint.name}: method not allowed"}, 405


@pytest.fixture
def api(app: Demijohn) -> Blueprint:
    api = Blueprint("api", __name__, url_prefix="/api", owns_url_space=True)
    json_errors(api)

    @api.get("/items")
    def items() -> list[str]:
        return ["demijohn"]

    @api.route("/items/<int:item_id>", methods=["GET", "PUT"])
    def item(item_id: int) -> dict[str, int]:
        return {"item": item_id}

    @app.errorhandler(404)
    def page_not_found(error: HTTPException) -> tuple[str, int]:
        return "<h1>No such page</h1>", 404

    return api


def test_an_api_answers_json_404s_while_the_site_keeps_html(
    app: Demijohn, client: DemijohnClient, api: Blueprint
) -> None:
    app.register_blueprint(api)
    for path in ("/api/nothing", "/api/items/x", "/api", "/api/"):
        response = client.get(path)
        assert (response.status_code, response.json) == (404, {"error": "api: not found"}), path
    site = client.get("/nothing")
    assert (site.status_code, site.text) == (404, "<h1>No such page</h1>")
    # Only whole path segments are under the prefix.
    assert client.get("/apiary").text == "<h1>No such page</h1>"
    assert client.get("/api/items").json == ["demijohn"]


def test_405_from_the_owner_with_allow(
    app: Demijohn, client: DemijohnClient, api: Blueprint
) -> None:
    app.register_blueprint(api)
    response = client.delete("/api/items/3")
    assert response.status_code == 405
    assert response.json == {"error": "api: method not allowed"}
    assert set(response.allow) == {"GET", "HEAD", "OPTIONS", "PUT"}


def test_a_handler_that_sets_allow_itself_is_kept(app: Demijohn, client: DemijohnClient) -> None:
    api = Blueprint("api", __name__, url_prefix="/api", owns_url_space=True)

    @api.post("/orders")
    def orders() -> str:
        return "ordered"

    @api.errorhandler(405)
    def not_allowed(error: HTTPException) -> tuple[str, int, dict[str, str]]:
        return "no", 405, {"Allow": "POST"}

    app.register_blueprint(api)
    assert client.get("/api/orders").headers["Allow"] == "POST"


def test_an_owner_without_a_handler_leaves_the_error_to_the_application(
    app: Demijohn, client: DemijohnClient
) -> None:
    quiet = Blueprint("quiet", __name__, url_prefix="/quiet", owns_url_space=True)

    @app.errorhandler(404)
    def page_not_found(error: HTTPException) -> tuple[str, int]:
        return "app page", 404

    @quiet.get("/known")
    def known() -> str:
        return "known"

    app.register_blueprint(quiet)
    assert client.get("/quiet/x").text == "app page"
    # Without any 405 handler, Werkzeug's own 405 page, with its Allow.
    response = client.post("/quiet/known")
    assert response.status_code == 405
    assert set(response.allow) == {"GET", "HEAD", "OPTIONS"}


def test_off_by_default_as_in_flask(app: Demijohn, client: DemijohnClient) -> None:
    shy = Blueprint("shy", __name__, url_prefix="/shy")
    json_errors(shy)

    @shy.get("/known")
    def known() -> str:
        return "known"

    app.register_blueprint(shy)
    assert b"<!doctype html>" in client.get("/shy/unknown").data
    assert b"<!doctype html>" in client.post("/shy/known").data
    assert app._url_spaces is None


def test_the_innermost_owner_wins(app: Demijohn, client: DemijohnClient, api: Blueprint) -> None:
    v2 = Blueprint("v2", __name__, owns_url_space=True)
    json_errors(v2)
    reviews = Blueprint("reviews", __name__)  # owns nothing: its parent answers

    @v2.get("/things")
    def things() -> str:
        return "things"

    @reviews.get("/")
    def list_reviews(item_id: int) -> str:
        return "reviews"

    api.register_blueprint(v2, url_prefix="/v2")
    api.register_blueprint(reviews, url_prefix="/items/<int:item_id>/reviews")
    app.register_blueprint(api)
    assert client.get("/api/v2/nothing").json == {"error": "v2: not found"}
    assert client.get("/api/v2").json == {"error": "v2: not found"}
    assert client.post("/api/v2/things").json == {"error": "v2: method not allowed"}
    assert client.get("/api/v3/nothing").json == {"error": "api: not found"}
    assert client.get("/api/items/4/reviews/x").json == {"error": "api: not found"}


def test_a_variable_prefix_is_owned_for_each_value(app: Demijohn, client: DemijohnClient) -> None:
    shop = Blueprint("shop", __name__, owns_url_space=True)
    json_errors(shop)

    @shop.get("/")
    def home(lang: str) -> str:
        return lang

    app.register_blueprint(shop, url_prefix="/<any(en, fr):lang>/shop")
    assert client.get("/fr/shop/").text == "fr"
    assert client.get("/en/shop/none").json == {"error": "shop: not found"}
    assert client.get("/de/shop/none").status_code == 404
    assert b"<!doctype html>" in client.get("/de/shop/none").data


def test_registration_may_turn_ownership_on(app: Demijohn, client: DemijohnClient) -> None:
    api = Blueprint("api", __name__)
    json_errors(api)
    app.register_blueprint(api, url_prefix="/api", owns_url_space=True)
    app.register_blueprint(api, url_prefix="/plain", name="plain")
    assert client.get("/api/x").json == {"error": "api: not found"}
    assert b"<!doctype html>" in client.get("/plain/x").data


def test_a_subdomain_is_owned(client: DemijohnClient, app: Demijohn) -> None:
    app.subdomain_matching = True
    app.config["SERVER_NAME"] = "shop.test"
    api = Blueprint("api", __name__, subdomain="api", owns_url_space=True)
    json_errors(api)

    @api.get("/")
    def root() -> str:
        return "api root"

    @app.get("/")
    def index() -> str:
        return "site"

    app.register_blueprint(api)
    assert client.get("/", base_url="http://api.shop.test").text == "api root"
    assert client.get("/x", base_url="http://api.shop.test").json == {"error": "api: not found"}
    assert b"<!doctype html>" in client.get("/x", base_url="http://shop.test").data


def test_an_owner_needs_a_prefix_or_a_subdomain(app: Demijohn) -> None:
    everything = Blueprint("everything", __name__, owns_url_space=True)
    with pytest.raises(ValueError, match="neither a 'url_prefix' nor a 'subdomain'"):
        app.register_blueprint(everything)


def test_errors_raised_by_views_keep_their_usual_handlers(
    app: Demijohn, client: DemijohnClient, api: Blueprint
) -> None:
    from demijohn import abort

    @app.get("/api-legacy/<int:item_id>")
    def legacy(item_id: int) -> str:
        abort(404)

    @app.before_request
    def refuse_secret() -> None:
        from demijohn import request

        if request.path == "/api/secret":
            abort(404)

    app.register_blueprint(api)
    assert client.get("/api-legacy/1").text == "<h1>No such page</h1>"
    # Raised by an application hook, not by matching: the application's handler.
    assert client.get("/api/secret").text == "<h1>No such page</h1>"


def test_host_matching_ignores_subdomains(app: Demijohn) -> None:
    spaces = URLSpaces({}, host_matching=True)
    spaces.add("/api", "ignored", "api")
    adapter = Demijohn("hosts", host_matching=True, static_folder=None).url_map.bind(
        "shop.test", path_info="/api/x"
    )
    assert spaces.owner(adapter) == "api"
    spaces.add("", "www", "www")
    assert spaces.owner(adapter.map.bind("shop.test", path_info="/anything")) == "www"


@pytest.mark.parametrize("path", ["/api/a/b/c", "/api"])
def test_the_prefix_table_is_built_once_and_rebuilt_when_it_grows(path: str) -> None:
    from werkzeug.routing import Map

    spaces = URLSpaces({}, host_matching=False)
    spaces.add("/api/", None, "api")
    adapter = Map().bind("localhost", path_info=path)
    assert spaces.owner(adapter) == "api"
    built = spaces._map
    assert spaces.owner(adapter) == "api"
    assert spaces._map is built
    spaces.add("/api/a", None, "api.a")
    expected: dict[str, t.Any] = {"/api/a/b/c": "api.a", "/api": "api"}
    assert spaces.owner(adapter) == expected[path]


def test_no_owner_is_looked_up_without_a_bound_adapter(app: Demijohn, api: Blueprint) -> None:
    from werkzeug.exceptions import NotFound

    from demijohn.globals import _cv_request

    app.register_blueprint(api)
    with app.test_request_context("/api/nothing"):
        ctx = _cv_request.get()
        error = NotFound()
        ctx.request.routing_exception = error
        ctx.url_adapter = None
        assert app.handle_http_exception(error)[0] == "<h1>No such page</h1>"  # type: ignore[index]
