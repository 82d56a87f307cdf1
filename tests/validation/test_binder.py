"""Tests for demijohn.validation.binder: which functions' parameters are filled (views by
type, anything by marker), class-based views, async views, providers alongside, and the
messages of field errors, translated through demijohn.i18n."""

from __future__ import annotations

import dataclasses
import typing as t
from pathlib import Path
from typing import Annotated

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from pydantic import BaseModel

from demijohn import Demijohn, Request
from demijohn.i18n import I18n
from demijohn.providers import Providers
from demijohn.testing import DemijohnClient
from demijohn.validation import Header, Query, Validation, translated_message
from demijohn.views import MethodView, RouteClass


def write_catalogue(directory: Path, locale: str, messages: dict[str, str]) -> None:
    """Compile ``messages`` into ``<directory>/<locale>/LC_MESSAGES/messages.mo``."""
    catalogue = Catalog(locale=locale, fuzzy=False)
    for msgid, translation in messages.items():
        catalogue.add(msgid, translation)
    folder = directory / locale / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as fp:
        write_mo(fp, catalogue)


class Item(BaseModel):
    name: str


class Stock:
    """A service a provider gives."""

    def __init__(self) -> None:
        self.items = ["a", "b", "c"]


def test_views_are_prepared_once_and_do_not_change_without_parameters(
    app: Demijohn, client: DemijohnClient
) -> None:
    Validation(app)

    @app.get("/<name>")
    def show(name: str, request: Request) -> str:
        return f"{name} {request.args.get('page')}"

    def plain() -> str:
        return "plain"

    # A view none of whose parameters the binder claims is called as it is.
    assert app.bind_parameters(plain, plain) is plain
    assert client.get("/x?page=2").text == "x 2"


def test_an_async_view(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app)

    @app.post("/")
    async def create(item: Item, page: int = 1) -> str:
        return f"{item.name} {page}"

    assert client.post("/?page=2", json={"name": "a"}).text == "a 2"
    assert client.post("/?page=x", json={}).status_code == 422


def test_hooks_get_values_only_by_marker(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app)
    seen: list[t.Any] = []

    @app.url_value_preprocessor
    def pull(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        # Typed as a scalar, but not a view's: the endpoint, not a query value.
        seen.append(endpoint)

    @app.before_request
    def before(token: Annotated[str, Header(alias="X-Token")] = "none") -> None:
        seen.append(token)

    @app.get("/")
    def index() -> str:
        return "ok"

    assert client.get("/", headers={"X-Token": "t"}).text == "ok"
    assert seen == ["index", "t"]


def test_class_based_views(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app)

    class Items(MethodView):
        def get(self, item_id: int, verbose: bool = False) -> str:
            return f"get {item_id} {verbose}"

        def put(self, item_id: int, item: Item) -> str:
            return f"put {item_id} {item.name}"

    class Things(RouteClass):
        def index(self, page: Annotated[int, Query(ge=1)] = 1) -> str:
            return f"index {page}"

    app.add_url_rule("/items/<int:item_id>", view_func=Items.as_view("items"))
    Things.register(app)

    # The URL value is the rule's, not a query value, though the binder sees the method's
    # whole signature.
    assert client.get("/items/3?verbose=1").text == "get 3 True"
    assert client.put("/items/4", json={"name": "n"}).text == "put 4 n"
    assert client.put("/items/4", json={}).get_json(force=True)["errors"][0]["location"] == (
        "body.name"
    )
    assert client.get("/things/?page=2").text == "index 2"
    assert client.get("/things/?page=0").status_code == 422


def test_providers_and_bound_values_together(app: Demijohn, client: DemijohnClient) -> None:
    providers = Providers(app)
    Validation(app)

    @providers.provide
    def stock() -> Stock:
        return Stock()

    @app.get("/")
    def index(stock: Stock, limit: Annotated[int, Query(ge=1)] = 2) -> str:
        return ",".join(stock.items[:limit])

    assert client.get("/?limit=1").text == "a"
    assert client.get("/").text == "a,b"
    assert client.get("/?limit=0").status_code == 422


@dataclasses.dataclass
class Settings:
    """A dataclass, a body by its type, that a provider gives."""

    currency: str = "EUR"


def test_a_provided_type_is_the_providers(app: Demijohn, client: DemijohnClient) -> None:
    # Validation's binder is asked first, and leaves the provider's type alone.
    Validation(app)
    providers = Providers(app)

    @providers.provide
    def settings() -> Settings:
        return Settings()

    @app.post("/")
    def price(settings: Settings, item: Item) -> str:
        return f"{item.name} in {settings.currency}"

    assert client.post("/", json={"name": "tea"}).text == "tea in EUR"


def test_a_message_formatter(app: Demijohn, client: DemijohnClient) -> None:
    Validation(app, message_formatter=lambda error: f"{error['type']}!")

    @app.get("/")
    def index(page: int) -> str:
        return ""

    assert client.get("/").get_json(force=True)["errors"][0]["message"] == "missing!"


def test_messages_are_translated_by_i18n(tmp_path: Path, protocol: str) -> None:
    write_catalogue(
        tmp_path / "translations",
        "de",
        {
            "Input should be greater than or equal to {ge}": "Muss mindestens {ge} sein",
            "Field required": "Pflichtfeld",
        },
    )
    app = Demijohn("translated", root_path=str(tmp_path))
    I18n(app)
    Validation(app)

    @app.get("/")
    def index(page: Annotated[int, Query(ge=1)], size: int) -> str:
        return ""

    client = app.test_client(protocol=protocol)
    german = client.get("/?page=0", headers={"Accept-Language": "de"}).get_json(force=True)
    assert [e["message"] for e in german["errors"]] == ["Muss mindestens 1 sein", "Pflichtfeld"]
    english = client.get("/?page=0").get_json(force=True)
    assert english["errors"][0]["message"] == "Input should be greater than or equal to 1"


def test_messages_pydantic_does_not_know_are_translated_as_they_are(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "translations", "de", {"Expected `int`": "Erwartet: `int`"})
    app = Demijohn("translated", root_path=str(tmp_path))
    I18n(app)
    error: t.Any = {"type": "msgspec", "loc": (), "msg": "Expected `int`", "input": "x"}
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert translated_message(error) == "Erwartet: `int`"
