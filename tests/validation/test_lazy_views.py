"""Tests of demijohn.validation with views named by import string: bound when they are first
imported, and documented when they belong to an API blueprint."""

from __future__ import annotations

import importlib
import pathlib
import sys
import typing as t

import pytest

from demijohn import Demijohn
from demijohn.testing import DemijohnClient
from demijohn.validation import APIBlueprint, Validation

VIEWS = '''
def search(q: str, page: int = 1) -> str:
    """Search."""
    return f"{q} {page}"
'''


@pytest.fixture
def lazy_views(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[str]:
    """An importable module ``lazy_search`` with a view; forgotten after the test."""
    (tmp_path / "lazy_search.py").write_text(VIEWS)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield "lazy_search:search"
    sys.modules.pop("lazy_search", None)


def test_a_lazy_view_is_bound_and_documented(
    app: Demijohn, client: DemijohnClient, lazy_views: str
) -> None:
    validation = Validation(app)
    api = APIBlueprint("api", __name__, url_prefix="/api")
    api.add_url_rule("/search", view_func=lazy_views)
    app.add_url_rule("/search", view_func=lazy_views, endpoint="html_search")
    app.register_blueprint(api)

    assert client.get("/api/search?q=tea&page=2").text == "tea 2"
    assert client.get("/search?q=tea").text == "tea 1"
    assert client.get("/search").status_code == 422
    paths = validation.document(app)["paths"]
    # Only the API blueprint's route is an operation.
    assert list(paths) == ["/api/search"]
    assert paths["/api/search"]["get"]["summary"] == "Search."


INCLUDED = """
from demijohn.validation import APIBlueprint

api = APIBlueprint("api", __name__)


@api.get("/items/<int:item_id>")
def item(item_id: int) -> dict[str, int]:
    \"\"\"One item.\"\"\"
    return {"id": item_id}
"""


def test_a_blueprint_included_by_import_string_is_documented(
    app: Demijohn, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from demijohn.urls import URLs

    (tmp_path / "included_api.py").write_text(INCLUDED)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    validation = Validation(app)
    urls = URLs("included_api")
    urls.include("included_api:api", url_prefix="/api")
    urls.init_app(app)
    try:
        # No request has reached /api yet, so the blueprint is not registered.
        assert "included_api" not in sys.modules
        paths = validation.document(app)["paths"]
        assert paths["/api/items/{item_id}"]["get"]["summary"] == "One item."
        assert app.test_client().get("/api/items/3").get_json() == {"id": 3}
    finally:
        sys.modules.pop("included_api", None)
