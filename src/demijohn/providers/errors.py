"""The errors of :mod:`demijohn.providers`: each says what happened, why, and what to do."""

from __future__ import annotations

from demijohn.errors import DemijohnError, SetupError


class ProviderError(SetupError):
    """A provider or a function that asks for one is set up wrongly: a cycle, a value that
    would outlive what it depends on, a dependency nothing gives. Raised when the application
    is set up or first uses the function, and reported by ``demijohn check``.

    .. versionadded:: 0.1
    """


class NoScopeError(DemijohnError, RuntimeError):
    """A request-lived or transient value was asked for outside a request and outside a
    :meth:`Providers.scope() <demijohn.providers.Providers.scope>` block.

    .. versionadded:: 0.1
    """

    def __init__(self) -> None:
        super().__init__(
            "A request-lived value was asked for, but no request is being handled and no"
            " provider scope is open. Run the code inside 'with providers.scope():', or call it"
            " through 'providers.call(func)', which opens one for the call."
        )


__all__ = ["NoScopeError", "ProviderError"]
