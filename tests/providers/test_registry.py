"""Tests for demijohn.providers.registry: registering providers, injecting their values into
views, class-based views, hooks and error handlers over both protocols, lifetimes, and
teardown before the response is sent."""

import asyncio
import typing as t

import pytest

from demijohn import Blueprint, Demijohn, Request, abort, request
from demijohn.errors import DemijohnError
from demijohn.providers import Provider, ProviderError, Providers
from demijohn.testing import DemijohnClient
from demijohn.views import MethodView, RouteClass, View, route
from demijohn.websocket import WebSocket


class Session:
    """A stand-in for a database session that records what happens to it."""

    def __init__(self, log: list[str], name: str = "session") -> None:
        self.log = log
        self.name = name
        log.append(f"open {name}")

    def commit(self) -> None:
        self.log.append(f"commit {self.name}")

    def rollback(self) -> None:
        self.log.append(f"rollback {self.name}")


class Catalog:
    def __init__(self, session: Session) -> None:
        self.session = session


@pytest.fixture
def log() -> list[str]:
    return []


@pytest.fixture
def providers(app: Demijohn, log: list[str]) -> Providers:
    providers = Providers(app)

    @providers.provide
    def get_session() -> t.Iterator[Session]:
        session = Session(log)
        try:
            yield session
        except Exception:
            session.rollback()
            raise
        session.commit()

    @providers.provide
    def get_catalog(session: Session) -> Catalog:
        log.append("make catalog")
        return Catalog(session)

    return providers


# -- injection -------------------------------------------------------------------------------


def test_a_view_gets_values_by_type_and_they_are_torn_down_before_the_response(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    @app.after_request
    def after(response: t.Any) -> t.Any:
        log.append("after_request")
        return response

    @app.get("/<int:id>")
    def show(id: int, catalog: Catalog, session: Session) -> str:
        # One session per request: the catalog's is the view's.
        assert catalog.session is session
        log.append(f"view {id}")
        return "ok"

    assert client.get("/3").text == "ok"
    assert log == ["open session", "make catalog", "view 3", "after_request", "commit session"]
    log.clear()
    assert client.get("/4").text == "ok"
    assert log[0] == "open session"


def test_a_view_that_asks_for_nothing_makes_nothing(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    app.get("/")(lambda: "plain")
    assert client.get("/").text == "plain"
    assert log == []


def test_a_value_is_made_on_first_use_only(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    @app.get("/")
    def index() -> str:
        if request.args.get("use"):
            providers.get(Session)
        return "ok"

    client.get("/")
    assert log == []
    client.get("/?use=1")
    assert log == ["open session", "commit session"]


def test_an_explicit_marker_picks_the_provider(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    @providers.provide(by_type=False)
    def reporting_session() -> t.Iterator[Session]:
        yield Session(log, "reporting")

    @app.get("/")
    def index(
        main: Session, reporting: t.Annotated[Session, reporting_session]
    ) -> str:  # fmt: skip
        return f"{main.name} {reporting.name}"

    assert client.get("/").text == "session reporting"


def test_hooks_and_error_handlers_share_the_requests_values(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    seen: list[Session] = []

    @app.before_request
    def before(session: Session) -> None:
        seen.append(session)

    @app.after_request
    def after(response: t.Any, session: Session) -> t.Any:
        seen.append(session)
        return response

    @app.errorhandler(404)
    def not_found(error: Exception, session: Session) -> tuple[str, int]:
        seen.append(session)
        return "gone", 404

    @app.get("/")
    def index(session: Session) -> str:
        seen.append(session)
        abort(404)

    assert client.get("/").text == "gone"
    assert len(seen) == 4
    assert len(set(map(id, seen))) == 1
    # The view's error reached the session's teardown, although a handler answered it.
    assert log == ["open session", "rollback session"]


def test_async_views_and_async_providers(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    @providers.provide
    async def get_name(session: Session) -> str:
        await asyncio.sleep(0)
        return f"async {session.name}"

    @providers.provide
    async def get_numbers() -> t.AsyncIterator[list[int]]:
        await asyncio.sleep(0)
        yield [1, 2]
        await asyncio.sleep(0)
        log.append("numbers closed")

    @app.get("/")
    async def index(name: str, numbers: list[int]) -> str:
        await asyncio.sleep(0)
        return f"{name} {numbers}"

    assert client.get("/").text == "async session [1, 2]"
    assert log == ["open session", "numbers closed", "commit session"]


def test_class_based_views_get_values(
    app: Demijohn, client: DemijohnClient, providers: Providers
) -> None:
    class Show(View):
        def dispatch_request(self, catalog: Catalog) -> str:  # type: ignore[override]
            return f"view {catalog.session.name}"

    class Items(MethodView):
        def get(self, session: Session) -> str:
            return f"get {session.name}"

        async def post(self, request: Request, catalog: Catalog) -> str:
            return f"post {request.method} {catalog.session.name}"

    class ThingsView(RouteClass):
        @route("/")
        def index(self, session: Session) -> str:
            return f"index {session.name}"

    app.add_url_rule("/show", view_func=Show.as_view("show"))
    app.add_url_rule("/items", view_func=Items.as_view("items"), methods=["GET", "POST"])
    ThingsView.register(app)

    assert client.get("/show").text == "view session"
    assert client.get("/items").text == "get session"
    assert client.post("/items").text == "post POST session"
    assert client.get("/things/").text == "index session"


def test_websocket_handlers_get_values(app: Demijohn, providers: Providers, log: list[str]) -> None:
    @app.websocket("/ws")
    async def echo(websocket: WebSocket, session: Session) -> None:
        await websocket.accept()
        await websocket.send(f"hello from {session.name}")

    with app.test_client().websocket("/ws") as ws:
        assert ws.receive() == "hello from session"
    assert log == ["open session", "commit session"]


# -- lifetimes -------------------------------------------------------------------------------


def test_teardown_runs_newest_first(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    @providers.provide
    def get_cache(session: Session) -> t.Iterator[dict[str, str]]:
        log.append("open cache")
        yield {}
        log.append("close cache")

    @app.get("/")
    def index(cache: dict[str, str]) -> str:
        return "ok"

    client.get("/")
    assert log == ["open session", "open cache", "close cache", "commit session"]


def test_app_lived_values_are_made_once_and_closed_at_shutdown(
    app: Demijohn, protocol: str, log: list[str]
) -> None:
    providers = Providers(app)

    @providers.provide(lifetime="app")
    def get_pool() -> t.Iterator[Session]:
        yield Session(log, "pool")
        log.append("pool closed")

    @app.get("/")
    def index(pool: Session) -> str:
        return str(id(pool))

    client = app.test_client(protocol=protocol)
    assert client.get("/").text == client.get("/").text
    assert log == ["open pool"]
    app.shutdown()
    assert log == ["open pool", "pool closed"]
    # Made again when asked for after a shutdown.
    client.get("/")
    assert log[-1] == "open pool"
    providers.close()


def test_eager_app_values_are_made_when_serving_starts(app: Demijohn, log: list[str]) -> None:
    providers = Providers(app)
    providers.provide(lambda: Session(log, "eager"), lifetime="app", eager=True, provides=Session)
    app.startup()
    assert log == ["open eager"]
    app.shutdown()


def test_transient_values_are_made_at_each_use(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    counter = iter(range(100))

    @providers.provide(lifetime="transient")
    def ticket() -> t.Iterator[int]:
        number = next(counter)
        yield number
        log.append(f"ticket {number} done")

    @app.get("/")
    def index(first: int, second: t.Annotated[int, ticket]) -> str:
        return f"{first} {second}"

    assert client.get("/").text == "0 1"
    assert log == ["ticket 1 done", "ticket 0 done"]


def test_providers_get_the_request_and_url_values(app: Demijohn, client: DemijohnClient) -> None:
    providers = Providers(app)

    class Greeting(str):
        pass

    @providers.provide
    def greet(request: Request, name: str, times: int = 1) -> Greeting:
        return Greeting(f"{request.method} {name * times}")

    # The view still takes its URL values, as every view does.
    @app.get("/hello/<name>")
    def hello(name: str, greeting: Greeting) -> str:
        return greeting

    @app.get("/repeat/<name>/<int:times>")
    def repeat(greeting: Greeting, **values: t.Any) -> str:
        return greeting

    @app.get("/nobody")
    def nobody(greeting: Greeting) -> str:
        return greeting

    assert client.get("/hello/ada").text == "GET ada"
    assert client.get("/repeat/ab/2").text == "GET abab"
    with pytest.raises(ProviderError, match=r"URL value 'name'.*<name>"):
        client.get("/nobody")


def test_providers_and_views_get_the_typed_settings(app: Demijohn, client: DemijohnClient) -> None:
    settings_module = pytest.importorskip("demijohn.settings")

    class ShopSettings(settings_module.Settings):  # type: ignore[name-defined, misc]
        PAGE_SIZE: int = 20

    ShopSettings.init_app(app, overrides={"PAGE_SIZE": 5})
    providers = Providers(app)

    class Page(int):
        pass

    @providers.provide(lifetime="app")
    def page(settings: ShopSettings) -> Page:
        return Page(settings.PAGE_SIZE * 2)

    @app.get("/")
    def index(settings: ShopSettings, size: Page) -> str:
        return f"{settings.PAGE_SIZE} {size}"

    assert client.get("/").text == "5 10"


# -- before-response teardown ------------------------------------------------------------------


def test_a_failed_commit_becomes_the_error_handlers_response(
    app: Demijohn, client: DemijohnClient, log: list[str]
) -> None:
    providers = Providers(app)

    @providers.provide
    def session() -> t.Iterator[Session]:
        yield Session(log)
        raise LookupError("the commit failed")

    @app.errorhandler(LookupError)
    def conflict(error: LookupError) -> tuple[str, int]:
        return str(error), 409

    app.get("/")(lambda session: "saved")
    app.view_functions["<lambda>"].__annotations__["session"] = Session

    response = client.get("/")
    assert (response.status_code, response.text) == (409, "the commit failed")


def test_a_failed_commit_is_a_500_without_a_handler(
    app: Demijohn, client: DemijohnClient, log: list[str]
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    providers = Providers(app)

    @providers.provide
    def session() -> t.Iterator[Session]:
        yield Session(log)
        raise RuntimeError("the commit failed")

    @app.get("/")
    def index(session: Session) -> str:
        return "saved"

    assert client.get("/").status_code == 500


def test_teardown_sees_an_unhandled_error(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/")
    def index(session: Session) -> str:
        raise RuntimeError("the view failed")

    assert client.get("/").status_code == 500
    assert log == ["open session", "rollback session"]


def test_values_used_after_the_teardown_are_made_again_and_torn_down_at_the_end(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        providers.get(Session).log.append("used in teardown")

    app.get("/")(lambda: "ok")
    client.get("/")
    assert log == ["open session", "used in teardown", "commit session"]


# -- registering -------------------------------------------------------------------------------


def test_two_providers_of_one_type_are_refused(app: Demijohn, providers: Providers) -> None:
    with pytest.raises(ProviderError, match=r"provide 'Session'.*by_type=False"):

        @providers.provide
        def other() -> Session:
            raise AssertionError

    # The same provider registered again is no conflict.
    first = providers.providers[0]
    assert providers.add(first) is first


def test_an_app_has_one_providers(app: Demijohn, providers: Providers) -> None:
    assert Providers.of(app) is providers
    with pytest.raises(ProviderError, match="already has its Providers"):
        Providers(app)
    with pytest.raises(DemijohnError, match="has no providers"):
        Providers.of(Demijohn("other"))


def test_a_blueprints_providers_serve_the_application(
    app: Demijohn, client: DemijohnClient, log: list[str]
) -> None:
    blueprint = Blueprint("shop", __name__)
    shop_providers = Providers(blueprint)

    @shop_providers.provide
    def session() -> Session:
        return Session(log, "shop")

    @blueprint.get("/")
    def index(session: Session) -> str:
        return session.name

    with pytest.raises(DemijohnError, match=r"blueprint 'shop'.*Providers\.of"):
        shop_providers.app  # noqa: B018
    app.register_blueprint(blueprint, url_prefix="/shop")
    app.register_blueprint(blueprint, name="again", url_prefix="/again")
    assert client.get("/shop/").text == "shop"
    assert Providers.of(app).providers == [session]


# -- mistakes, refused at setup ------------------------------------------------------------------


def test_a_cycle_is_refused_with_the_chain(app: Demijohn, client: DemijohnClient) -> None:
    providers = Providers(app)

    class A:
        pass

    class B:
        pass

    @providers.provide
    def make_a(b: B) -> A:
        raise AssertionError

    @providers.provide
    def make_b(a: A) -> B:
        raise AssertionError

    with pytest.raises(ProviderError, match=r"cycle: .*make_a.* -> .*make_b.* -> .*make_a"):
        providers.check()
    with pytest.raises(ProviderError, match="cycle"):
        app.startup()


def test_an_app_lived_value_may_not_depend_on_a_request_lived_one(
    app: Demijohn, providers: Providers
) -> None:
    @providers.provide(lifetime="app")
    def cache(session: Session) -> dict[str, int]:
        raise AssertionError

    with pytest.raises(ProviderError, match=r"app-lived provider .*cache.* depends, in 'session'"):
        providers.check()


@pytest.mark.parametrize("parameter", ["request: Request", "id: int"])
def test_an_app_lived_value_may_not_ask_for_the_request(app: Demijohn, parameter: str) -> None:
    providers = Providers(app)
    namespace: dict[str, t.Any] = {"Request": Request}
    exec(f"def cache({parameter}) -> dict: pass", namespace)
    providers.provide(namespace["cache"], lifetime="app")
    with pytest.raises(ProviderError, match="made once for the application, outside any request"):
        providers.check()


def test_a_dependency_nothing_gives_is_refused(app: Demijohn) -> None:
    providers = Providers(app)

    @providers.provide
    def catalog(session: Session) -> Catalog:
        raise AssertionError

    with pytest.raises(ProviderError, match="asks for 'Session', which no provider gives"):
        providers.check()


def test_a_positional_only_dependency_is_refused(app: Demijohn, providers: Providers) -> None:
    @providers.provide
    def catalog(session: Session, /) -> Request:
        raise AssertionError

    with pytest.raises(ProviderError, match="positional-only"):
        providers.check()


def test_a_mistake_shows_when_a_view_first_asks(app: Demijohn, client: DemijohnClient) -> None:
    providers = Providers(app)

    @providers.provide
    def catalog(session: Session) -> Catalog:
        raise AssertionError

    @app.get("/")
    def index(catalog: Catalog) -> str:
        raise AssertionError

    with pytest.raises(ProviderError, match="no provider gives") as info:
        app.bound_parameters(index)
    assert "asks for it in 'catalog'" in info.value.__notes__[0]
    # Serving does not start with it either.
    with pytest.raises(ProviderError, match="no provider gives"):
        client.get("/")


def test_get_and_override_refuse_an_unknown_type(app: Demijohn, providers: Providers) -> None:
    with pytest.raises(ProviderError, match="No provider gives 'Request'"):
        providers.get(Request)


def test_an_unregistered_provider_works_as_a_marker(
    app: Demijohn, client: DemijohnClient, providers: Providers
) -> None:
    loose: Provider[str] = Provider(lambda session: "loose " + session.name)
    loose.func.__annotations__["session"] = Session

    @app.get("/")
    def index(value: t.Annotated[str, loose]) -> str:
        return value

    assert client.get("/").text == "loose session"


class Unhashable:
    __hash__ = None  # type: ignore[assignment]


class MyRequest(Request):
    pass


def test_what_a_parameter_asks_for_is_read_from_its_annotation(app: Demijohn) -> None:
    providers = Providers(app)
    app.request_class = MyRequest

    def view(
        unhashable: Unhashable(),  # type: ignore[valid-type]
        note: t.Annotated[str, "a note, not a provider"],
        incoming: MyRequest,
    ) -> None:
        pass

    assert app.bound_parameters(view) == {}

    @providers.provide
    def path(incoming: MyRequest) -> Catalog:
        return t.cast(Catalog, incoming.path)

    @app.get("/where")
    def where(catalog: Catalog) -> str:
        return t.cast(str, catalog)

    assert app.test_client().get("/where").text == "/where"
