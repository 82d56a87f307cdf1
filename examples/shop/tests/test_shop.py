"""The shop, end to end through the test client."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from sqlalchemy.orm import Session

from demijohn import Demijohn
from demijohn.routing import LazyView
from demijohn.testing import DemijohnClient


def test_every_lazy_view_imports(app: Demijohn) -> None:
    assert app.check_views() == []


def test_url_module_registers_without_importing_views(tmp_path: pathlib.Path) -> None:
    code = (
        "import sys\n"
        "from examples.shop import create_app\n"
        "from examples.shop.settings import Testing\n"
        f"app = create_app(Testing, {{'DATABASE_URL': 'sqlite:///{tmp_path / 'db.sqlite3'}',"
        f" 'SECRET_KEY_FILE': {str(tmp_path / 'secret-key')!r}}})\n"
        "print(sorted(m for m in sys.modules if m.startswith('examples.shop.')"
        " and m.endswith(('.pages', '.views', '.live', '.api'))))\n"
    )
    root = pathlib.Path(__file__).parents[3]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    # The orders' module holds a class-based view, whose class is asked for its routes.
    assert result.stdout.strip() == "['examples.shop.orders.views']"


def test_lazy_views_are_listed_by_import_string(app: Demijohn) -> None:
    lazy = [v for v in app.view_functions.values() if isinstance(v, LazyView)]
    assert {v.import_name for v in lazy} >= {
        "examples.shop.pages:index",
        "examples.shop.catalog.views:show_product",
    }


def test_index_links(client: DemijohnClient) -> None:
    assert client.get("/").json == {
        "products": "/catalog/",
        "export": "/catalog/export.csv",
        "api": "/api/docs",
        "openapi": "/api/openapi.json",
        "health": "/healthz",
        "ready": "/readyz",
        "stats": "/stats",
        "events": "/events",
        "prices": "ws://localhost/ws/prices",
    }


def test_health_and_readiness(client: DemijohnClient) -> None:
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ok", "checks": {"database": True}}
    # /health was the shop's before demijohn.production gave it these two.
    assert client.get("/health").status_code == 404


def test_echo_receives_the_request_explicitly(client: DemijohnClient) -> None:
    response = client.post("/echo?x=1", json={"hello": "world"})
    assert response.json == {"method": "POST", "args": {"x": "1"}, "json": {"hello": "world"}}


def test_products_are_listed_cheapest_first(client: DemijohnClient) -> None:
    products = client.get("/catalog/").get_json()
    assert isinstance(products, list)
    assert [p["name"] for p in products] == ["Cork bung", "Airlock", "Demijohn, 5 l"]
    assert products[0]["reviews"] == f"/catalog/{products[0]['id']}/reviews/"


def test_create_and_show_product(client: DemijohnClient) -> None:
    response = client.post("/catalog/", json={"name": "Siphon", "price_cents": 800})
    assert response.status_code == 201
    assert client.get(response.headers["Location"]).get_json()["name"] == "Siphon"


def test_invalid_product_is_400(client: DemijohnClient) -> None:
    response = client.post("/catalog/", json={"name": "", "price_cents": -1})
    assert response.status_code == 400
    assert b"price_cents" in response.data
    assert client.post("/catalog/", data="not json").status_code == 415


def test_catalog_export_streams_one_row_at_a_time(client: DemijohnClient) -> None:
    client.post("/catalog/", json={"name": 'Funnel, "wide"', "price_cents": 500})
    response = client.get("/catalog/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "id,name,price_cents"
    assert lines[1] == '1,"Demijohn, 5 l",2400'
    assert lines[-1] == '4,"Funnel, ""wide""",500'


def test_missing_product_is_404(client: DemijohnClient) -> None:
    assert client.get("/catalog/999").status_code == 404


def test_reviews_in_the_nested_blueprint(client: DemijohnClient) -> None:
    assert client.get("/catalog/1/reviews/").json == []
    response = client.post("/catalog/1/reviews/", json={"stars": 5, "text": "Holds wine."})
    assert response.status_code == 201
    assert client.get("/catalog/1/reviews/").json == [{"id": 1, "stars": 5, "text": "Holds wine."}]
    client.post("/catalog/1/reviews/", json={"stars": 3, "text": "Fine."})
    # What a page that shows the first review polls for.
    assert client.get("/catalog/1/reviews/?after=1").json == [
        {"id": 2, "stars": 3, "text": "Fine."}
    ]


def test_reviews_of_a_missing_product_are_404(client: DemijohnClient) -> None:
    assert client.get("/catalog/999/reviews/").status_code == 404
    assert client.post("/catalog/1/reviews/", json={"stars": 9}).status_code == 400


def test_database_session_is_closed_after_each_request(
    app: Demijohn, client: DemijohnClient
) -> None:
    opened = []

    @app.before_request
    def remember(db: Session) -> None:
        opened.append(db)

    client.get("/catalog/1")
    # Closed: it holds no connection, and nothing it loaded any more.
    assert not opened[0].in_transaction()
    assert list(opened[0]) == []


def test_the_shop_passes_its_checks(app: Demijohn) -> None:
    assert app.run_checks() == []
