"""The parameter binder: which parameters of an application's functions this battery fills,
decided once per function when demijohn prepares it (see :mod:`demijohn.binding`).

A parameter with a source marker (``Annotated[int, Query()]``) is filled wherever it is, in a
view, a hook or an error handler. A parameter whose source follows from its type alone (a
model is the body, a scalar a query value) is filled only in views (a hook's ``endpoint: str``
is the endpoint, not a query value), and only when no provider of :mod:`demijohn.providers`
gives that type.
"""

from __future__ import annotations

import inspect
import typing as t

from demijohn import current_app
from demijohn.binding import Resolver
from demijohn.routing import LazyView
from demijohn.views import RouteClass, View

from .plan import MessageFormatter, Plan
from .responses import operation_of
from .types import marker_of

if t.TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from demijohn import Demijohn

#: Where the i18n and providers batteries keep themselves in ``app.extensions``.
_I18N = "demijohn.i18n"
_PROVIDERS = "demijohn.providers"


def translated_message(error: ErrorDetails) -> str:
    """The default message formatter: pydantic's message, translated by the application's
    :mod:`demijohn.i18n` when it has one. The message translated is pydantic's template
    (``"Input should be greater than or equal to {ge}"``), then filled with the error's
    values, so that a catalogue needs one entry per kind of error.

    .. versionadded:: 0.1
    """
    if _I18N not in current_app.extensions:
        return error["msg"]
    from pydantic_core import PydanticKnownError

    from demijohn.i18n import gettext

    ctx = error.get("ctx") or {}
    try:
        template = PydanticKnownError(error["type"], ctx or None).message_template  # type: ignore[arg-type]
        return gettext(template).format(**ctx)
    except (KeyError, ValueError, TypeError, IndexError):
        # An error pydantic does not know by type (a validator's own): its message as it is.
        return gettext(error["msg"])


class Binder:
    """The binder one application uses.

    :param app: the application.
    :param formatter: formats each field error's message.
    """

    def __init__(self, app: Demijohn, formatter: MessageFormatter) -> None:
        self.app = app
        self.formatter = formatter
        #: The plans, by function.
        self.plans: dict[t.Any, Plan] = {}
        self._views: set[int] = set()
        self._views_seen = -1

    def __call__(
        self, func: t.Callable[..., t.Any], parameter: inspect.Parameter
    ) -> Resolver | None:
        found = marker_of(parameter)
        if found is None:
            return None
        parts, marker = found
        if parts.marker is None and (not self.is_view(func) or self.is_provided(parts.type)):
            return None
        key = getattr(func, "__func__", func)
        plan = self.plans.get(key)
        if plan is None:
            plan = self.plans[key] = Plan(func, self.formatter, method=hasattr(func, "__self__"))
        plan.add(parameter, parts, marker)
        return plan.resolver(parameter.name)

    def is_provided(self, annotation: t.Any) -> bool:
        """Whether a provider of :mod:`demijohn.providers` gives values of ``annotation`` by
        type: such a parameter is the provider's, whichever binder was added first."""
        providers = self.app.extensions.get(_PROVIDERS)
        if providers is None:
            return False
        return any(p.by_type and p.provides == annotation for p in providers.providers)

    def is_view(self, func: t.Callable[..., t.Any]) -> bool:
        """Whether ``func`` is a view, or a class-based view's method."""
        owner = getattr(func, "__self__", None)
        if owner is not None:
            return isinstance(owner, (View, RouteClass))
        if operation_of(func) is not None:
            return True
        views = self.app.view_functions
        if self._views_seen != len(views) or id(func) not in self._views:
            self._views = {id(_target(v)) for v in views.values()}
            self._views_seen = len(views)
        return id(func) in self._views


def _target(view: t.Any) -> t.Any:
    if isinstance(view, LazyView):
        return view.resolve() if view.is_resolved else view
    return view


__all__ = ["Binder", "translated_message"]
