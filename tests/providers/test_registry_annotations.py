"""Tests for demijohn.providers.registry with string annotations (``from __future__ import
annotations``): names imported only for type checking, or defined where the module cannot see
them, are matched to provided types by name."""

from __future__ import annotations

import typing as t

import pytest

from demijohn import Demijohn
from demijohn.providers import Provider, ProviderError, Providers

if t.TYPE_CHECKING:
    from demijohn.testing import DemijohnClient


class Session:
    name = "session"


def test_a_name_only_imported_for_type_checking_is_matched_by_name(
    app: Demijohn, client: DemijohnClient
) -> None:
    providers = Providers(app)
    providers.provide(Session)

    # 'DemijohnClient' cannot be evaluated at run time, so no annotation of the view is.
    @app.get("/")
    def index(session: Session, unused: DemijohnClient | None = None) -> str:
        return session.name

    assert client.get("/").text == "session"


def test_a_providers_own_string_annotations_are_matched_too(
    app: Demijohn, client: DemijohnClient
) -> None:
    providers = Providers(app)
    providers.provide(Session)

    class Local:  # not visible from the module: its annotation stays a string
        pass

    @providers.provide(provides=Local)
    def local(session: Session, page: int = 1, *args: t.Any, **kwargs: t.Any) -> Local:
        assert session.name == "session"
        return Local()

    @app.get("/")
    def index(value: Local, page: int = 1) -> str:
        return type(value).__name__

    assert client.get("/").text == "Local"


def test_an_ambiguous_or_unknown_name_is_not_matched(app: Demijohn) -> None:
    providers = Providers(app)

    class Other:
        pass

    Other.__name__ = "Session"
    providers.provide(Session)
    providers.provide(Other)

    def view(session: Session, unused: DemijohnClient) -> None:
        pass

    assert app.bound_parameters(view) == {}

    @providers.provide
    def broken(session: Unknown, unused: DemijohnClient) -> int:  # type: ignore[name-defined]  # noqa: F821
        raise AssertionError

    with pytest.raises(ProviderError, match="asks for 'Unknown', which no provider gives"):
        providers.plan(broken)


def test_an_annotation_that_cannot_be_a_key_is_left_alone(app: Demijohn) -> None:
    Providers(app)

    def view(values: dict[str, list] | None = None) -> None:  # type: ignore[type-arg]
        pass

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

    def other(value: Unhashable()) -> None:  # type: ignore[valid-type]
        pass

    assert app.bound_parameters(view) == {}
    assert app.bound_parameters(other) == {}


def test_close_runs_every_teardown_and_raises_the_first_failure(app: Demijohn) -> None:
    providers = Providers(app)
    events: list[str] = []

    def failing(name: str) -> Provider[str]:
        def make() -> t.Iterator[str]:
            yield name
            events.append(name)
            raise RuntimeError(name)

        return providers.provide(make, lifetime="app", by_type=False)

    first, second = failing("first"), failing("second")
    providers.get(first)
    providers.get(second)
    with pytest.raises(RuntimeError, match="second") as info:
        providers.close()
    assert events == ["second", "first"]
    assert info.value.__notes__ == [
        "Another provider's teardown also failed: RuntimeError('first')"
    ]


def test_an_override_may_be_another_provider(app: Demijohn) -> None:
    providers = Providers(app)
    providers.provide(Session)

    class Fake(Session):
        name = "fake"

    with providers.override(Session, Provider(Fake)), providers.scope():
        assert providers.get(Session).name == "fake"
