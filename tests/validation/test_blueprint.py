"""Tests for demijohn.validation.blueprint: an API blueprint makes its views operations,
class-based ones included, and leaves what the decorator said."""

from __future__ import annotations

from pydantic import BaseModel

from demijohn import Demijohn
from demijohn.testing import DemijohnClient
from demijohn.validation import APIBlueprint, Validation, operation
from demijohn.validation.blueprint import handler_names
from demijohn.validation.responses import operation_of
from demijohn.views import MethodView, RouteClass, View


class Item(BaseModel):
    name: str


def test_views_return_through_their_annotation(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app)
    api = APIBlueprint("api", __name__, url_prefix="/api")

    @api.get("/item")
    def item() -> Item:
        return {"name": "a", "secret": "s"}  # type: ignore[return-value]

    @api.get("/text")
    def text() -> str:
        return "plain"

    @api.post("/created")
    @operation(status=201)
    def created() -> Item:
        return Item(name="b")

    class Items(MethodView):
        def get(self) -> list[Item]:
            return [{"name": "c", "more": 1}]  # type: ignore[list-item]

    class Things(RouteClass):
        def index(self) -> Item:
            return {"name": "d", "more": 1}  # type: ignore[return-value]

    api.add_url_rule("/items", view_func=Items.as_view("items"))
    Things.register(api)
    # Registered twice: the methods are wrapped once.
    api.add_url_rule("/items-again", view_func=Items.as_view("items_again"))
    app.register_blueprint(api)

    assert client.get("/api/item").get_json() == {"name": "a"}
    assert client.get("/api/text").text == "plain"
    assert client.post("/api/created").status_code == 201
    assert client.get("/api/items").get_json() == [{"name": "c"}]
    assert client.get("/api/items-again").get_json() == [{"name": "c"}]
    assert client.get("/api/things/").get_json() == {"name": "d"}
    assert operation_of(Items.get) is not None


def test_handler_names() -> None:
    class Items(MethodView):
        def get(self) -> str:
            return ""

        def delete(self) -> str:
            return ""

    class Plain(View):
        def dispatch_request(self) -> str:
            return ""

    def function() -> str:
        return ""

    assert handler_names(Items.as_view("items")) == ["delete", "get"]
    assert handler_names(Plain.as_view("plain")) == []
    assert handler_names(function) == []
