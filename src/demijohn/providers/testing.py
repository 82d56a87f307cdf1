"""A pytest fixture for tests of applications that use providers.

Load it from a ``conftest.py``::

    pytest_plugins = ["demijohn.providers.testing"]

and ask for ``override_provider`` in a test. It replaces a provider of the application the
test's ``app`` fixture returns until the test ends::

    def test_invite(client, override_provider):
        override_provider(Mailer, lambda: FakeMailer())
        assert client.post("/invite/ada").status_code == 200

It is a plugin of its own, rather than part of demijohn's pytest plugin, because that one is
loaded by every test run wherever demijohn is installed, and this battery stays out of the
core.

.. versionadded:: 0.1
"""

from __future__ import annotations

import contextlib
import typing as t

import pytest

from .registry import Providers

if t.TYPE_CHECKING:
    from demijohn import Demijohn

    from .provider import Provider

T = t.TypeVar("T")


class OverrideProvider(t.Protocol):
    """What the ``override_provider`` fixture gives: call it to override a provider until the
    test ends; it returns the stand-in provider."""

    def __call__(
        self,
        target: Provider[T] | type[T],
        replacement: t.Callable[..., T] | Provider[T],
        app: Demijohn | None = None,
    ) -> Provider[T]: ...


@pytest.fixture
def override_provider(request: pytest.FixtureRequest) -> t.Iterator[OverrideProvider]:
    """Override providers of the test's application (its ``app`` fixture, unless ``app=`` is
    given) until the test ends, newest override undone first."""
    with contextlib.ExitStack() as stack:

        def override(
            target: Provider[T] | type[T],
            replacement: t.Callable[..., T] | Provider[T],
            app: Demijohn | None = None,
        ) -> Provider[T]:
            if app is None:
                app = t.cast("Demijohn", request.getfixturevalue("app"))
            return stack.enter_context(Providers.of(app).override(target, replacement))

        yield override


__all__ = ["OverrideProvider", "override_provider"]
