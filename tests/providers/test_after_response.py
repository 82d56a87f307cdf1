"""Request-lived values torn down after the response (``after_response=True``): a streamed
body can still use them, and the rest of the request's values go before the response as
usual."""

from __future__ import annotations

import collections.abc as cabc

import pytest

from demijohn import Demijohn, Response, stream_with_context
from demijohn.errors import SetupTypeError
from demijohn.providers import ProviderError, Providers
from demijohn.testing import DemijohnClient


class Cursor:
    """What a streamed body reads from."""

    def __init__(self, events: list[str]) -> None:
        self.events = events
        self.open = True

    def rows(self) -> cabc.Iterator[str]:
        for n in (1, 2):
            assert self.open, "the cursor was closed before the body was sent"
            self.events.append(f"row {n}")
            yield f"{n}\n"


class Audit:
    """A request-lived value torn down before the response."""


def streaming_app(app: Demijohn, events: list[str]) -> Providers:
    providers = Providers(app)

    @providers.provide(after_response=True)
    def cursor() -> cabc.Iterator[Cursor]:
        value = Cursor(events)
        yield value
        value.open = False
        events.append("cursor closed")

    @providers.provide
    def audit() -> cabc.Iterator[Audit]:
        yield Audit()
        events.append("audit closed")

    @app.get("/rows")
    def rows(cursor: Cursor, audit: Audit) -> Response:
        events.append("view")
        return Response(stream_with_context(cursor.rows()))

    return providers


def test_a_stream_reads_a_value_torn_down_after_it(app: Demijohn, client: DemijohnClient) -> None:
    events: list[str] = []
    streaming_app(app, events)
    assert client.get("/rows").text == "1\n2\n"
    assert events == ["view", "audit closed", "row 1", "row 2", "cursor closed"]


def test_a_failure_ends_it_with_the_error(app: Demijohn, client: DemijohnClient) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    events: list[str] = []
    providers = Providers(app)

    @providers.provide(after_response=True)
    def cursor() -> cabc.Iterator[Cursor]:
        try:
            yield Cursor(events)
        except Exception as e:
            events.append(f"cursor saw {e}")
            raise

    @app.get("/broken")
    def broken(cursor: Cursor) -> str:
        raise RuntimeError("view failed")

    assert client.get("/broken").status_code == 500
    assert events == ["cursor saw view failed"]


def test_values_made_after_the_response_began_go_with_the_late_ones(
    app: Demijohn, client: DemijohnClient
) -> None:
    events: list[str] = []
    providers = streaming_app(app, events)

    @app.get("/late")
    def late(cursor: Cursor) -> Response:
        def body() -> cabc.Iterator[str]:
            # Asked for only while the body is sent, after the early teardowns ran.
            providers.get(Audit)
            yield from cursor.rows()

        return Response(stream_with_context(body()))

    assert client.get("/late").text == "1\n2\n"
    assert events == ["row 1", "row 2", "audit closed", "cursor closed"]


def test_only_request_lived_values_can_wait(app: Demijohn) -> None:
    providers = Providers(app)

    def settings() -> Audit:
        return Audit()

    with pytest.raises(SetupTypeError, match="only request-lived values are torn down"):
        providers.provide(settings, lifetime="app", after_response=True)


def test_it_cannot_depend_on_a_value_torn_down_before_it(
    app: Demijohn, client: DemijohnClient
) -> None:
    providers = Providers(app)

    @providers.provide
    def audit() -> Audit:
        return Audit()

    @providers.provide(after_response=True)
    def cursor(audit: Audit) -> Cursor:
        return Cursor([])

    with pytest.raises(ProviderError, match="torn down before the response is sent"):
        providers.plan(cursor)


def test_applications_without_such_values_run_nothing_at_teardown(app: Demijohn) -> None:
    providers = Providers(app)
    providers.provide(lambda: Audit(), provides=Audit)
    assert app.teardown_request_funcs == {}
