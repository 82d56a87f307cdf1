"""``APIBlueprint``: a blueprint all of whose routes are operations of the API (see
:func:`~.responses.operation`), so that none of them needs the decorator."""

from __future__ import annotations

import typing as t

from demijohn import Blueprint
from demijohn.routing import LazyView
from demijohn.views import HTTP_METHOD_NAMES, MethodView, RouteClass

from .responses import OPERATION, operation

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def handler_names(view: t.Any) -> list[str]:
    """The names of the methods a class-based view's function calls: a
    :class:`~demijohn.views.MethodView`'s HTTP verbs, the method a
    :class:`~demijohn.views.RouteClass` route is made from (looked up by its endpoint)."""
    cls = getattr(view, "view_class", None)
    if cls is None:
        return []
    if issubclass(cls, MethodView):
        return [name for name in sorted(HTTP_METHOD_NAMES) if callable(getattr(cls, name, None))]
    if issubclass(cls, RouteClass):
        return [spec.method_name for spec in cls.list_routes() if spec.endpoint == view.__name__]
    return []


def mark_class_handlers(view: t.Any) -> None:
    """Make the methods a class-based view's function calls operations, once."""
    cls = view.view_class
    for name in handler_names(view):
        method = cls.__dict__.get(name)
        if method is not None and not hasattr(method, OPERATION):
            setattr(cls, name, operation(method))


class APIBlueprint(Blueprint):
    """A :class:`~demijohn.Blueprint` whose views are all operations of the API: each appears
    in the OpenAPI document, tagged with the blueprint's name, and a view whose return
    annotation names a model has its return values validated and serialised by it. A view
    decorated with :func:`~.responses.operation` keeps what the decorator says; the methods
    of class-based views registered here are operations too.

    .. versionadded:: 0.1
    """

    if t.TYPE_CHECKING:
        # The views of an API blueprint return models, which the response model turns into
        # responses: the route decorators take any function.

        def route(self, rule: str, **options: t.Any) -> t.Callable[[F], F]: ...
        def get(self, rule: str, **options: t.Any) -> t.Callable[[F], F]: ...
        def post(self, rule: str, **options: t.Any) -> t.Callable[[F], F]: ...
        def put(self, rule: str, **options: t.Any) -> t.Callable[[F], F]: ...
        def patch(self, rule: str, **options: t.Any) -> t.Callable[[F], F]: ...
        def delete(self, rule: str, **options: t.Any) -> t.Callable[[F], F]: ...

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Any = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        if callable(view_func) and not isinstance(view_func, LazyView):
            if hasattr(view_func, "view_class"):
                mark_class_handlers(view_func)
            if not hasattr(view_func, OPERATION):
                view_func = operation(view_func)
        super().add_url_rule(rule, endpoint, view_func, provide_automatic_options, **options)


__all__ = ["APIBlueprint", "handler_names", "mark_class_handlers"]
