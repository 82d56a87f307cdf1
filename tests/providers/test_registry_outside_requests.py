"""Tests for demijohn.providers.registry outside views: overrides for tests, and
``call``, ``scope``, ``inject`` and ``get`` for scripts, commands and jobs."""

import asyncio
import typing as t

import click
import pytest

from demijohn import Demijohn, current_app
from demijohn.providers import NoScopeError, ProviderError, Providers
from demijohn.testing import DemijohnClient


class Session:
    def __init__(self, log: list[str], name: str = "session") -> None:
        self.log = log
        self.name = name
        log.append(f"open {name}")


class Mailer:
    def __init__(self, sent: list[str]) -> None:
        self.sent = sent


@pytest.fixture
def log() -> list[str]:
    return []


@pytest.fixture
def providers(app: Demijohn, log: list[str]) -> Providers:
    providers = Providers(app)

    @providers.provide
    def get_session() -> t.Iterator[Session]:
        session = Session(log)
        yield session
        log.append(f"close {session.name}")

    @providers.provide(lifetime="app")
    def get_mailer() -> t.Iterator[Mailer]:
        yield Mailer([])
        log.append("mailer closed")

    return providers


# -- overrides ---------------------------------------------------------------------------------


def test_an_override_replaces_a_provider_for_the_block(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    @app.get("/")
    def index(session: Session) -> str:
        return session.name

    def fake_session() -> t.Iterator[Session]:
        yield Session(log, "fake")
        log.append("fake closed")

    assert client.get("/").text == "session"
    with providers.override(Session, fake_session):
        assert client.get("/").text == "fake"
    assert client.get("/").text == "session"
    assert log == [
        "open session",
        "close session",
        "open fake",
        "fake closed",
        "open session",
        "close session",
    ]


def test_an_override_of_an_app_lived_value_is_torn_down_with_the_block(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    sent: list[str] = []

    @app.post("/mail")
    def mail(mailer: Mailer) -> str:
        mailer.sent.append("hello")
        return "sent"

    def fake_mailer() -> t.Iterator[Mailer]:
        yield Mailer(sent)
        log.append("fake mailer closed")

    with providers.override(providers.providers[1], fake_mailer):
        client.post("/mail")
        client.post("/mail")
        assert log == []
    assert (sent, log) == (["hello", "hello"], ["fake mailer closed"])
    # The real one again, made now.
    client.post("/mail")
    assert sent == ["hello", "hello"]
    providers.close()
    assert log[-1] == "mailer closed"


def test_overrides_nest_and_may_have_dependencies(
    app: Demijohn, providers: Providers, log: list[str]
) -> None:
    def outer(mailer: Mailer) -> Session:
        return Session(log, f"outer with {type(mailer).__name__}")

    def inner() -> Session:
        return Session(log, "inner")

    with providers.override(Session, outer), providers.scope():
        assert providers.get(Session).name == "outer with Mailer"
        with providers.override(Session, inner):
            # The innermost override wins at once, also in a scope that is already open.
            assert providers.get(Session).name == "inner"
        assert providers.get(Session).name == "outer with Mailer"
    with providers.scope():
        assert providers.get(Session).name == "session"
    providers.close()


def test_an_override_must_fit_the_lifetime(
    app: Demijohn, providers: Providers, log: list[str]
) -> None:
    def needs_a_session(session: Session) -> Mailer:
        raise AssertionError

    override = providers.override(Mailer, needs_a_session)
    with pytest.raises(ProviderError, match="app-lived"):
        override.__enter__()


# -- outside requests --------------------------------------------------------------------------


def test_call_opens_a_scope_for_the_call(
    app: Demijohn, providers: Providers, log: list[str]
) -> None:
    def report(title: str, session: Session, mailer: Mailer) -> str:
        mailer.sent.append(title)
        return f"{title} by {session.name}, app {current_app.name}"

    assert providers.call(report, "daily") == "daily by session, app demijohn_test_app"
    assert log == ["open session", "close session"]
    # A value passed in wins.
    assert providers.call(report, "x", session=Session(log, "mine")).startswith("x by mine")
    providers.close()


def test_call_runs_coroutine_functions(app: Demijohn, providers: Providers) -> None:
    async def job(session: Session) -> str:
        await asyncio.sleep(0)
        return session.name

    assert providers.call(job) == "session"


def test_a_scope_shares_values_and_tears_them_down_at_its_end(
    app: Demijohn, providers: Providers, log: list[str]
) -> None:
    with providers.scope():
        first = providers.get(Session)
        assert providers.call(lambda session: session, session=None) is None
        assert providers.call(lambda: providers.get(Session)) is first
        assert log == ["open session"]
    assert log == ["open session", "close session"]


def test_a_scope_that_fails_tears_down_with_the_error(
    app: Demijohn, providers: Providers, log: list[str]
) -> None:
    @providers.provide
    def careful() -> t.Iterator[int]:
        try:
            yield 1
        except LookupError:
            log.append("rolled back")
            raise

    def job() -> None:
        with providers.scope():
            providers.get(careful)
            raise LookupError

    with pytest.raises(LookupError):
        job()
    assert log == ["rolled back"]


def test_outside_a_request_and_a_scope_request_values_are_refused(
    app: Demijohn, providers: Providers
) -> None:
    with pytest.raises(NoScopeError, match=r"providers\.scope\(\)"):
        providers.get(Session)
    # App-lived values need no scope.
    assert isinstance(providers.get(Mailer), Mailer)
    providers.close()


def test_inject_fills_a_commands_parameters(
    app: Demijohn, providers: Providers, log: list[str]
) -> None:
    @app.cli.command()
    @click.argument("name")
    @providers.inject
    def greet(name: str, session: Session) -> None:
        click.echo(f"{name} via {session.name}")

    result = app.test_cli_runner().invoke(args=["greet", "ada"])
    assert (result.exit_code, result.output) == (0, "ada via session\n")
    assert log == ["open session", "close session"]


def test_in_a_request_call_uses_the_requests_values(
    app: Demijohn, client: DemijohnClient, providers: Providers, log: list[str]
) -> None:
    def service(session: Session) -> str:
        return session.name

    @app.get("/")
    def index(session: Session) -> str:
        assert providers.call(lambda session: session, session=None) is None
        with providers.scope():
            assert providers.get(Session) is session
        return providers.call(service)

    assert client.get("/").text == "session"
    assert log == ["open session", "close session"]


def test_call_works_with_callables_that_cannot_be_weakly_referred_to(
    app: Demijohn, providers: Providers
) -> None:
    class Job:
        __slots__ = ()

        def __call__(self, session: Session) -> str:
            return session.name

    assert providers.call(Job()) == "session"
