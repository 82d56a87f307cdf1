"""Checks that find an application's mistakes before a request does: ``demijohn check``.

:func:`run_checks` runs the built-in checks and those the application and its extensions added
with :meth:`Demijohn.add_check <demijohn.Demijohn.add_check>` (for a deployment, ``demijohn
check --deploy``, also those added with ``deploy=True``), and returns every :class:`Problem`
found, each with the file and line to look at. The built-in checks:

- ``urls.include``: every blueprint included by import string
  (:meth:`URLs.include <demijohn.urls.URLs.include>`) imports and registers; the checks
  register them all, so the others see their rules;
- ``urls.endpoint``: no endpoint is declared twice (an included blueprint's endpoint that the
  application already has), and no endpoint :class:`~demijohn.urls.URLs` named after a
  module falls among a blueprint's (``catalog.show`` from ``shop/catalog.py`` beside the
  ``catalog`` blueprint);
- ``views.import``: every view named by import string imports (``shop.ordres.views:index``);
- ``views.signature``: every view accepts the URL variables (and defaults) of each of its
  rules, and requires no argument its rules do not give;
- ``hooks.signature``: request hooks, error handlers, URL value preprocessors, URL defaults
  and template context processors can be called as demijohn calls them;
- ``templates.exist``: each template a view's module names in a literal
  ``render_template("...")`` (or ``stream_template``) call is found by the application's
  loader.

Nothing here runs per request: checks import views and templates, so they run only when asked
(the command, a test, or ``CHECK_ON_START``).

.. versionadded:: 0.1
"""

from __future__ import annotations

import ast
import collections.abc as cabc
import dataclasses
import inspect
import typing as t

from jinja2 import TemplateNotFound

from .calling import request_parameter
from .errors import DemijohnError, LazyViewError
from .routing import LazyView, URLMap
from .urls import IncludeError

if t.TYPE_CHECKING:
    from .app import Demijohn

__all__ = ["Check", "ChecksFailed", "Problem", "run_checks"]


@dataclasses.dataclass(frozen=True)
class Problem:
    """One mistake a check found.

    :param check: the name of the check (``views.signature``).
    :param message: what is wrong, why, and what to do.
    :param location: ``file:line`` to look at, when known.
    :param severity: ``"error"``, a mistake that makes ``demijohn check`` fail and stops a
        start with ``CHECK_ON_START``, or ``"warning"``, shown but not failing (a translation
        not done yet).
    """

    check: str
    message: str
    location: str | None = None
    severity: t.Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        kind = " warning:" if self.severity == "warning" else ""
        return f"{where}[{self.check}]{kind} {self.message}"


class ChecksFailed(DemijohnError, RuntimeError):
    """The application was to start serving with ``CHECK_ON_START`` on, and the checks found
    problems: it does not start.

    :param problems: what the checks found.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(
            f"The application did not start: the checks found {len(problems)}"
            f" problem{'s' if len(problems) != 1 else ''} (CHECK_ON_START is on):\n{lines}\n"
            "Fix them ('demijohn check' lists them), or set CHECK_ON_START to False."
        )


#: A check: given the application, the problems it finds.
Check = t.Callable[["Demijohn"], cabc.Iterable[Problem]]


def run_checks(app: Demijohn, *, deploy: bool = False) -> list[Problem]:
    """Run the built-in checks, then the application's own, and return every problem.

    :param app: the application.
    :param deploy: also run the checks added for a deployment (``add_check(deploy=True)``).
    """
    problems: list[Problem] = []
    for check in (*BUILT_IN, *app.checks, *(app.deploy_checks if deploy else ())):
        problems.extend(check(app))
    return problems


def _location(func: t.Any) -> str | None:
    """``file:line`` of a function's definition."""
    func = inspect.unwrap(func)
    code = getattr(func, "__code__", None)
    if code is None:
        return None
    return f"{code.co_filename}:{code.co_firstlineno}"


def _views(app: Demijohn) -> dict[str, tuple[t.Any, str | None]]:
    """Each endpoint's view and where it was declared, imports that fail left out."""
    views = {}
    for endpoint, view in app.view_functions.items():
        if isinstance(view, LazyView):
            try:
                views[endpoint] = (view.resolve(), view.registered_at)
            except LazyViewError:
                continue
        else:
            views[endpoint] = (view, _location(view))
    return views


def load_includes(app: Demijohn) -> list[IncludeError]:
    """Register every blueprint included by import string that is not yet; the failures."""
    failures = []
    url_map = app.url_map
    for include in url_map.pending if isinstance(url_map, URLMap) else ():
        try:
            include.load()
        except IncludeError as e:
            failures.append(e)
    return failures


def check_includes(app: Demijohn) -> list[Problem]:
    """``urls.include`` and ``urls.endpoint``: every blueprint included by import string
    imports and registers."""
    return [Problem(error.check, str(error), error.location) for error in load_includes(app)]


def check_endpoint_namespaces(app: Demijohn) -> list[Problem]:
    """``urls.endpoint``: an endpoint named after its module by :class:`~demijohn.urls.URLs`
    does not start with the name of a blueprint, whose URL defaults and relative names would
    then apply to it."""
    problems = []
    names = {name.partition(".")[0] for name in app.blueprints}
    for rule in app.url_map.iter_rules():
        endpoint = rule.endpoint
        if "." not in endpoint or rule.__dict__.get("_demijohn_blueprint", "") is not None:
            continue
        if endpoint.partition(".")[0] in names:
            view = app.view_functions.get(endpoint)
            problems.append(
                Problem(
                    "urls.endpoint",
                    f"The endpoint {endpoint!r} of the rule {rule.rule!r} starts with the name"
                    f" of the blueprint {endpoint.partition('.')[0]!r}, so it reads as one of"
                    " that blueprint's endpoints. Give it another endpoint with endpoint=, or"
                    " move the module.",
                    getattr(view, "registered_at", None) or _location(view),
                )
            )
    return problems


def import_lazy_views(app: Demijohn) -> list[LazyViewError]:
    """Import every view registered by import string, after registering the blueprints
    included by import string; the failures of the views (what :meth:`Demijohn.check_views
    <demijohn.Demijohn.check_views>` returns)."""
    load_includes(app)
    failures = []
    for view in app.view_functions.values():
        if isinstance(view, LazyView):
            try:
                view.resolve()
            except LazyViewError as e:
                failures.append(e)
    return failures


def check_lazy_views(app: Demijohn) -> list[Problem]:
    """``views.import``: every view named by import string imports."""
    return [Problem("views.import", str(error), error.registered_at) for error in app.check_views()]


def _signature(
    app: Demijohn, func: t.Any, url_values: cabc.Container[str] = ()
) -> inspect.Signature | None:
    """``func``'s signature without the parameters demijohn fills: the request's, and those
    the application's parameter binders claim; ``None`` when it cannot be read. The binders
    are offered the parameters as when the view is prepared to serve: all but the request's
    and ``url_values``, which the rule passes (a binder keeps what it is offered: offered a URL
    value, the validation battery would read it from the query string too)."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    injected = request_parameter(func)
    try:
        bound = app.bound_parameters(func, url_values, request_name=injected)
    except DemijohnError:
        return None  # a binder refused a parameter: its own check reports why
    return signature.replace(
        parameters=[
            p for p in signature.parameters.values() if p.name != injected and p.name not in bound
        ]
    )


def _accepted(
    app: Demijohn, func: t.Any, given: cabc.Container[str]
) -> tuple[set[str], set[str], bool] | None:
    """The names ``func`` accepts by keyword, those it requires, and whether it takes any
    keyword; ``None`` when its signature cannot be read. ``given`` are the names the rule
    passes. A parameter a binder fills is accepted but not required."""
    signature = _signature(app, func, given)
    if signature is None:
        return None
    keywords = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    accepted = {
        parameter.name
        for parameter in inspect.signature(func).parameters.values()
        if parameter.kind in keywords
    }
    required, any_keyword = set(), False
    for parameter in signature.parameters.values():
        if parameter.kind is parameter.VAR_KEYWORD:
            any_keyword = True
        elif parameter.kind in keywords and parameter.default is parameter.empty:
            required.add(parameter.name)
    return accepted, required, any_keyword


def _preprocessed(app: Demijohn, endpoint: str) -> bool:
    """Whether URL value preprocessors may change the values ``endpoint``'s view gets."""
    scopes: list[str | None] = [None]
    name = endpoint.rpartition(".")[0]
    while name:
        scopes.append(name)
        name = name.rpartition(".")[0]
    return any(app.url_value_preprocessors.get(scope) for scope in scopes)


def check_view_signatures(app: Demijohn) -> list[Problem]:
    """``views.signature``: each view takes its rules' URL variables and defaults, and needs
    nothing else. Views whose values URL value preprocessors may change are skipped."""
    problems = []
    views = _views(app)
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in views or _preprocessed(app, rule.endpoint):
            continue
        view, location = views[rule.endpoint]
        given = set(rule.arguments) | set(rule.defaults or ())
        shape = _accepted(app, view, given)
        if shape is None:
            continue
        accepted, required, any_keyword = shape
        if rule.websocket:
            # A WebSocket handler may take the connection as 'websocket', or not.
            required.discard("websocket")
        unaccepted = sorted(given - accepted) if not any_keyword else []
        missing = sorted(required - given)
        name = getattr(view, "__qualname__", repr(view))
        if unaccepted:
            problems.append(
                Problem(
                    "views.signature",
                    f"The view {name!r} of the rule {rule.rule!r} does not accept"
                    f" {', '.join(map(repr, unaccepted))}, which the rule passes to it. Add a"
                    " parameter of that name, or rename the URL variable.",
                    location,
                )
            )
        if missing:
            problems.append(
                Problem(
                    "views.signature",
                    f"The view {name!r} requires {', '.join(map(repr, missing))}, which the rule"
                    f" {rule.rule!r} does not give. Add the URL variable to the rule, a default"
                    " to the parameter, or a 'defaults' entry to the rule.",
                    location,
                )
            )
    return problems


#: How demijohn calls each kind of hook: the number of positional arguments.
_HOOK_ARITY = {
    "before_request_funcs": ("before-request function", 0),
    "after_request_funcs": ("after-request function", 1),
    "teardown_request_funcs": ("teardown function", 1),
    "url_value_preprocessors": ("URL value preprocessor", 2),
    "url_default_functions": ("URL defaults function", 2),
    "template_context_processors": ("template context processor", 0),
}


def _callable_with(app: Demijohn, func: t.Any, count: int) -> bool | None:
    """Whether ``func`` can be called with ``count`` positional arguments (the request, if it
    asks for it, by name); ``None`` when its signature cannot be read."""
    signature = _signature(app, func)
    if signature is None:
        return None
    try:
        signature.bind(*range(count))
    except TypeError:
        return False
    return True


def check_hook_signatures(app: Demijohn) -> list[Problem]:
    """``hooks.signature``: every registered hook and error handler can be called with the
    arguments demijohn gives it."""
    problems = []
    hooks: list[tuple[str, int, t.Any]] = []
    for attribute, (kind, count) in _HOOK_ARITY.items():
        for functions in getattr(app, attribute).values():
            hooks.extend((kind, count, func) for func in functions)
    hooks.extend(("teardown_appcontext function", 1, f) for f in app.teardown_appcontext_funcs)
    for by_code in app.error_handler_spec.values():
        for handlers in by_code.values():
            hooks.extend(("error handler", 1, handler) for handler in handlers.values())
    for kind, count, func in hooks:
        if _callable_with(app, func, count) is False:
            arguments = f"{count} argument{'s' if count != 1 else ''}" if count else "none"
            problems.append(
                Problem(
                    "hooks.signature",
                    f"The {kind} {getattr(func, '__qualname__', repr(func))!r} cannot be called"
                    f" as demijohn calls it: it is given {arguments} (and the request if it has"
                    " a 'request' parameter). Change its parameters to match.",
                    _location(func),
                )
            )
    return problems


_TEMPLATE_FUNCTIONS = frozenset({"render_template", "stream_template"})


def _template_calls(path: str) -> list[tuple[str, int]]:
    """``(template name, line)`` of each literal ``render_template`` call in a file."""
    try:
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
    except (OSError, SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in _TEMPLATE_FUNCTIONS:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((first.value, node.lineno))
    return found


def check_templates(app: Demijohn) -> list[Problem]:
    """``templates.exist``: each template named by a literal ``render_template`` call in a
    view's module is found by the application's loader."""
    files = set()
    for view, _ in _views(app).values():
        func = inspect.unwrap(getattr(view, "view_class", view))
        try:
            source = inspect.getsourcefile(func)
        except TypeError:
            continue
        if source is not None:
            files.add(source)
    problems = []
    loader = app.jinja_env.loader
    for path in sorted(files):
        for name, line in _template_calls(path):
            try:
                if loader is not None:
                    loader.get_source(app.jinja_env, name)
            except TemplateNotFound as e:
                problems.append(Problem("templates.exist", str(e.message), f"{path}:{line}"))
    return problems


#: The built-in checks, in the order they run.
BUILT_IN: tuple[Check, ...] = (
    check_includes,
    check_endpoint_namespaces,
    check_lazy_views,
    check_view_signatures,
    check_hook_signatures,
    check_templates,
)
