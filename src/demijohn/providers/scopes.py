"""Scopes: where request-lived values are kept, and who tears them down.

Inside a request the request is the scope: its values are kept with the request, and the
scope is closed through demijohn's
:meth:`~demijohn.ctx.RequestContext.call_before_response`, so the teardowns run before the
response is sent, also when the view failed or the client left. Outside a request (a script,
a command, a background job) :meth:`Providers.scope() <demijohn.providers.Providers.scope>`
opens a scope of its own, which runs the teardowns, newest first, when it ends.
"""

from __future__ import annotations

import contextvars
import typing as t

from demijohn.globals import request_ctx

from .errors import NoScopeError

if t.TYPE_CHECKING:
    from .provider import Exit

#: The key of :attr:`Request.state <demijohn.Request.state>` under which a request's scope is
#: kept.
STATE_KEY = "demijohn.providers.scope"


class Scope:
    """The request-lived values of one request or one :meth:`~Providers.scope` block, and
    their teardowns.

    :param state: for a request's scope, the request's :attr:`~demijohn.Request.state`, which
        keeps it until it is closed; once closed, a later use (a teardown function, say) opens
        a new one, closed as the request context is popped.
    """

    __slots__ = ("_exits", "_late_exits", "_state", "push_exit", "push_late_exit", "values")

    def __init__(self, state: dict[str, t.Any] | None = None) -> None:
        #: The values made in this scope, by the provider that made them.
        self.values: dict[t.Any, t.Any] = {}
        self._exits: list[Exit] = []
        #: Takes the teardown of a value made in this scope.
        self.push_exit: t.Callable[[Exit], t.Any] = self._exits.append
        #: The teardowns of values torn down after the response (see :meth:`close_late`).
        self._late_exits: list[Exit] = []
        #: Takes the teardown of a value torn down after the response.
        self.push_late_exit: t.Callable[[Exit], t.Any] = self._late_exits.append
        self._state = state

    def close(self, exc: BaseException | None = None) -> None:
        """Tear down the values this scope kept, newest first, and forget them; every
        teardown runs. The first failure is raised, with the others noted on it.

        :param exc: the exception the scope ended with, raised at each generator's ``yield``.

        Values torn down after the response are kept, with the scope, until
        :meth:`close_late`; what is made after this goes with them.
        """
        if self._late_exits:
            self.values = {p: v for p, v in self.values.items() if p.after_response}
            # What is made from now on is torn down with the late values.
            self.push_exit = self.push_late_exit
            _run(self._exits, exc)
            return
        self._forget()
        _run(self._exits, exc)

    def close_late(self, exc: BaseException | None = None) -> None:
        """Tear down the values that live until after the response, newest first."""
        self._forget()
        _run(self._late_exits, exc)

    def _forget(self) -> None:
        state = self._state
        if state is not None and state.get(STATE_KEY) is self:
            del state[STATE_KEY]
        self.values.clear()


def _run(exits: list[Exit], exc: BaseException | None) -> None:
    """Run ``exits``, newest first, each once; raise the first failure, noting the others."""
    failures: list[Exception] = []
    while exits:
        teardown = exits.pop()
        try:
            teardown(exc)
        except Exception as e:
            failures.append(e)
    if failures:
        for failure in failures[1:]:
            failures[0].add_note(f"Another provider's teardown also failed: {failure!r}")
        raise failures[0]


#: The scope a :meth:`~Providers.scope` block opened, outside any request.
_cv_scope: contextvars.ContextVar[Scope] = contextvars.ContextVar("demijohn.providers.scope")


def current_scope() -> Scope:
    """The scope of the code running now: the current request's (made on first use), else
    the innermost :meth:`~Providers.scope` block's.

    :raises NoScopeError: neither a request nor a scope block is running.
    """
    try:
        ctx = request_ctx._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:
        scope = _cv_scope.get(None)
        if scope is None:
            raise NoScopeError() from None
        return scope
    state = ctx.request.state
    scope = state.get(STATE_KEY)
    if scope is None:
        scope = state[STATE_KEY] = Scope(state)
        ctx.call_before_response(scope.close)
    return scope


def in_scope() -> bool:
    """Whether a request or a scope block is running."""
    try:
        request_ctx._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:
        return _cv_scope.get(None) is not None
    return True


def enter(scope: Scope) -> contextvars.Token[Scope]:
    """Make ``scope`` the current one outside requests; reset with :func:`leave`."""
    return _cv_scope.set(scope)


def leave(token: contextvars.Token[Scope]) -> None:
    _cv_scope.reset(token)


__all__ = ["STATE_KEY", "Scope", "current_scope", "enter", "in_scope", "leave"]
