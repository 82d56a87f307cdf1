"""The providers' check for ``demijohn check``: ``providers.graph`` reports every provider
that cannot be planned (a cycle, an app-lived value that depends on a shorter-lived one, a
dependency nothing gives) and every view, hook or error handler whose provided parameters
cannot be given, each at the line that defines it."""

from __future__ import annotations

import inspect
import typing as t

from demijohn.checks import Problem
from demijohn.errors import LazyViewError
from demijohn.routing import LazyView

from .errors import ProviderError

if t.TYPE_CHECKING:
    from demijohn import Demijohn

    from .registry import Providers

CHECK = "providers.graph"


def _location(func: t.Any) -> str | None:
    code = getattr(inspect.unwrap(func), "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else None


def _registered_functions(app: Demijohn) -> list[tuple[t.Any, frozenset[str]]]:
    """The views (those named by import string that import), hooks and error handlers, each
    with the names of the values its caller passes it itself: a view's URL variables, as when
    it is prepared to serve. Offered to the binders as well, a URL value would be taken for a
    parameter of theirs (the validation battery's query value, say)."""
    funcs: list[tuple[t.Any, frozenset[str]]] = []
    for endpoint, view in app.view_functions.items():
        if isinstance(view, LazyView):
            try:
                view = view.resolve()
            except LazyViewError:
                continue  # views.import reports it
        funcs.append((view, frozenset(app.url_variables(endpoint))))
    for registry in (app.before_request_funcs, app.after_request_funcs):
        for hooks in registry.values():
            funcs.extend((hook, frozenset()) for hook in hooks)
    for by_code in app.error_handler_spec.values():
        for handlers in by_code.values():
            funcs.extend((handler, frozenset()) for handler in handlers.values())
    return funcs


def check_providers(providers: Providers, app: Demijohn) -> list[Problem]:
    """``providers.graph``: every provider can be planned, and every function that asks for
    provided values can be given them.

    :param providers: the application's providers.
    :param app: the application.
    """
    problems = [
        Problem(CHECK, str(error), _location(provider.func))
        for provider, error in providers.problems()
    ]
    for func, url_values in _registered_functions(app):
        try:
            app.bound_parameters(func, url_values)
        except ProviderError as e:
            notes = " ".join(getattr(e, "__notes__", ()))
            problems.append(Problem(CHECK, f"{e} {notes}".strip(), _location(func)))
    return problems


__all__ = ["CHECK", "check_providers"]
