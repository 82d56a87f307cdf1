"""Tests for demijohn.providers.provider: what a provider function makes, the type it is asked
for by, and how its teardown runs."""

from __future__ import annotations

import asyncio
import typing as t

import pytest

from demijohn.errors import SetupTypeError
from demijohn.providers import Lifetime, Provider
from demijohn.providers.provider import Kind


class Session:
    pass


def made(provider: Provider[t.Any], **kwargs: t.Any) -> tuple[t.Any, list[t.Any]]:
    exits: list[t.Any] = []
    return provider.make(kwargs, exits.append), exits


def test_the_kind_and_type_are_read_from_the_function() -> None:
    def plain() -> Session:
        return Session()

    async def coroutine() -> Session:
        return Session()

    def generator() -> t.Iterator[Session]:
        yield Session()

    def full_generator() -> t.Generator[Session, None, None]:
        yield Session()

    async def async_generator() -> t.AsyncIterator[Session]:
        yield Session()

    cases = [
        (plain, Kind.PLAIN),
        (coroutine, Kind.ASYNC),
        (generator, Kind.GENERATOR),
        (full_generator, Kind.GENERATOR),
        (async_generator, Kind.ASYNC_GENERATOR),
    ]
    for func, kind in cases:
        provider = Provider(func)
        assert (provider.kind, provider.provides, provider.lifetime) == (
            kind,
            Session,
            Lifetime.REQUEST,
        )


def test_without_a_return_annotation_it_provides_no_type() -> None:
    def bare():  # type: ignore[no-untyped-def]
        return 1

    def bare_generator():  # type: ignore[no-untyped-def]
        yield 1

    assert Provider(bare).provides is None
    assert Provider(bare_generator).provides is None
    assert Provider(bare, provides=int).provides is int


def test_a_generator_annotated_with_its_value_provides_nothing() -> None:
    def wrong() -> Session:  # type: ignore[misc]
        yield Session()

    assert Provider(wrong).provides is None


def test_a_return_annotation_is_evaluated_on_its_own() -> None:
    def partly(session: Undefined) -> Session:  # type: ignore[name-defined]  # noqa: F821
        raise AssertionError

    def unannotated_return(session: Undefined):  # type: ignore[name-defined, no-untyped-def]  # noqa: F821
        raise AssertionError

    assert Provider(partly).provides is Session
    assert Provider(unannotated_return).provides is None


def test_an_annotation_that_cannot_be_evaluated_is_refused() -> None:
    def broken() -> Undefined:  # type: ignore[name-defined]  # noqa: F821
        raise AssertionError

    with pytest.raises(SetupTypeError, match=r"cannot be evaluated.*provides="):
        Provider(broken)


def test_an_unknown_lifetime_is_refused() -> None:
    with pytest.raises(SetupTypeError, match="'forever', which is not one: use 'app'"):
        Provider(Session, lifetime="forever")


def test_only_app_lived_values_can_be_eager() -> None:
    with pytest.raises(SetupTypeError, match="request-lived and eager"):
        Provider(Session, eager=True)
    assert Provider(Session, lifetime="app", eager=True).eager


def test_a_generator_tears_down_with_or_without_an_error() -> None:
    events: list[str] = []

    def session() -> t.Iterator[str]:
        try:
            yield "session"
            events.append("commit")
        except LookupError as e:
            events.append(f"rollback after {e}")
            raise

    provider = Provider(session)
    value, exits = made(provider)
    assert (value, events) == ("session", [])
    exits[0](None)
    _, exits = made(provider)
    exits[0](LookupError("the view failed"))
    assert events == ["commit", "rollback after the view failed"]


def test_a_generator_may_swallow_the_error_or_raise_another() -> None:
    def swallows() -> t.Iterator[int]:
        try:
            yield 1
        except LookupError:
            pass

    def replaces() -> t.Iterator[int]:
        try:
            yield 1
        except LookupError:
            raise ValueError("rollback failed") from None

    _, exits = made(Provider(swallows))
    exits[0](LookupError())
    _, exits = made(Provider(replaces))
    with pytest.raises(ValueError, match="rollback failed"):
        exits[0](LookupError())


def test_a_generator_that_yields_nothing_or_twice_is_an_error() -> None:
    def nothing() -> t.Iterator[int]:
        return
        yield

    def twice() -> t.Iterator[int]:
        yield 1
        yield 2

    def twice_after_an_error() -> t.Iterator[int]:
        try:
            yield 1
        finally:
            yield 2

    with pytest.raises(RuntimeError, match="returned without yielding"):
        made(Provider(nothing))
    _, exits = made(Provider(twice))
    with pytest.raises(RuntimeError, match="yielded a second time"):
        exits[0](None)
    _, exits = made(Provider(twice_after_an_error))
    with pytest.raises(RuntimeError, match="yielded a second time"):
        exits[0](LookupError())


def test_coroutines_and_async_generators_run_to_completion() -> None:
    events: list[str] = []

    async def coroutine(name: str) -> str:
        await asyncio.sleep(0)
        return name

    async def async_generator() -> t.AsyncIterator[str]:
        await asyncio.sleep(0)
        try:
            yield "connection"
        except LookupError:
            events.append("rolled back")
            raise
        await asyncio.sleep(0)
        events.append("closed")

    assert made(Provider(coroutine), name="x")[0] == "x"
    value, exits = made(Provider(async_generator))
    # Each step runs in an event loop of its own here (no ASGI server), and closing that
    # loop did not finalize the generator early.
    assert (value, events) == ("connection", [])
    exits[0](None)
    _, exits = made(Provider(async_generator))
    exits[0](LookupError())
    assert events == ["closed", "rolled back"]


def test_async_generators_that_misbehave() -> None:
    async def nothing() -> t.AsyncIterator[int]:
        return
        yield

    async def twice() -> t.AsyncIterator[int]:
        yield 1
        yield 2

    async def swallows() -> t.AsyncIterator[int]:
        try:
            yield 1
        except LookupError:
            pass

    async def replaces() -> t.AsyncIterator[int]:
        try:
            yield 1
        except LookupError:
            raise ValueError("rollback failed") from None

    with pytest.raises(RuntimeError, match="returned without yielding"):
        made(Provider(nothing))
    _, exits = made(Provider(twice))
    with pytest.raises(RuntimeError, match="yielded a second time"):
        exits[0](None)
    _, exits = made(Provider(swallows))
    exits[0](LookupError())
    _, exits = made(Provider(replaces))
    with pytest.raises(ValueError, match="rollback failed"):
        exits[0](LookupError())


def test_repr_names_the_function_and_lifetime() -> None:
    def session() -> Session:
        return Session()

    assert repr(Provider(session, lifetime="app")).endswith("(app)>")
    assert "session" in Provider(session).name
