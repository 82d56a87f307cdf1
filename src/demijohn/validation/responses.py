"""Operations: the views that are part of an API, documented in the OpenAPI document, and whose
return values a response model validates and serialises.

:func:`operation` marks a view (an :class:`~.APIBlueprint` marks each of its own). The response
model is the decorator's ``response`` argument, or else the view's return annotation when that
names a model (``-> Item``, ``-> list[Item]``). The view returns what Flask's views return: the
body alone, or with a status and headers; the body goes through the model (fields it does not
declare are left out) and becomes JSON.
"""

from __future__ import annotations

import collections.abc as cabc
import dataclasses
import functools
import inspect
import typing as t

import pydantic
from pydantic import TypeAdapter
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response as BaseResponse

from demijohn import current_app
from demijohn.calling import is_async
from demijohn.errors import DemijohnError
from demijohn.typing import ResponseReturnValue

from . import structs
from .structs import has_struct
from .types import is_model, without_none

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
P = t.ParamSpec("P")

#: The attribute an operation's view carries its :class:`Operation` in.
OPERATION = "__demijohn_operation__"
#: Containers whose items may be models, for return annotations.
_CONTAINERS = (list, set, frozenset, dict, cabc.Sequence, cabc.Mapping)


class ResponseValidationError(DemijohnError, TypeError):
    """A view returned a value its response model refuses: a mistake in the view, so the
    client gets a 500 and the log the reason.

    .. versionadded:: 0.1
    """


@dataclasses.dataclass(frozen=True)
class Operation:
    """What the OpenAPI document says of one operation, and how its responses are made.

    .. versionadded:: 0.1
    """

    #: The response model, or ``None`` when the view's return value is used as it is.
    response: t.Any = None
    #: The status of a successful response, when the view does not return one.
    status: int = 200
    summary: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    operation_id: str | None = None
    deprecated: bool = False
    #: Other responses the operation gives, by status: a description.
    responses: cabc.Mapping[int, str] = dataclasses.field(default_factory=dict)
    #: The security requirements (``[{"bearer": []}]``), or ``None`` for the document's.
    security: list[dict[str, list[str]]] | None = None

    @functools.cached_property
    def serialise(self) -> t.Callable[[t.Any], bytes] | None:
        """Validates a body by the response model and encodes it as JSON; ``None`` without
        a model. msgspec does it for a model made of msgspec Structs, pydantic otherwise."""
        if self.response is None:
            return None
        model = self.response
        if has_struct(model):
            return lambda body: structs.encode(body, model)
        adapter: TypeAdapter[t.Any] = TypeAdapter(model)
        return lambda body: adapter.dump_json(adapter.validate_python(body, from_attributes=True))


def response_model(annotation: t.Any) -> t.Any:
    """``annotation`` when it names a model a view's value can be validated as (``Item``,
    ``list[Item]``, ``Item | None``, or the body of ``tuple[Item, int]``); ``None`` for
    anything else (``str``, a response, nothing)."""
    inner = without_none(annotation)
    if is_model(inner):
        return annotation
    origin = t.get_origin(inner)
    if origin is tuple:
        # Flask's (body, status) and (body, status, headers) conventions.
        args = t.get_args(inner)
        return response_model(args[0]) if args and args[-1] is not Ellipsis else None
    if origin in _CONTAINERS and any(is_model(arg) for arg in t.get_args(inner)):
        return annotation
    return None


def return_annotation(func: t.Callable[..., t.Any]) -> t.Any:
    """The return annotation of ``func``, evaluated; ``None`` when it has none or it cannot
    be evaluated."""
    try:
        return t.get_type_hints(func, include_extras=True).get("return")
    except Exception:
        return None


_UNSET: t.Any = object()


class OperationDecorator(t.Protocol):
    """What :func:`operation` with arguments returns: a decorator that makes a view an
    operation."""

    @t.overload
    def __call__(
        self, view: t.Callable[P, cabc.Coroutine[t.Any, t.Any, t.Any]], /
    ) -> t.Callable[P, cabc.Coroutine[t.Any, t.Any, ResponseReturnValue]]: ...

    @t.overload
    def __call__(self, view: t.Callable[P, t.Any], /) -> t.Callable[P, ResponseReturnValue]: ...


@t.overload
def operation(
    func: t.Callable[P, cabc.Coroutine[t.Any, t.Any, t.Any]], /
) -> t.Callable[P, cabc.Coroutine[t.Any, t.Any, ResponseReturnValue]]: ...


@t.overload
def operation(func: t.Callable[P, t.Any], /) -> t.Callable[P, ResponseReturnValue]: ...


@t.overload
def operation(
    *,
    response: t.Any = ...,
    status: int = ...,
    summary: str | None = ...,
    description: str | None = ...,
    tags: cabc.Iterable[str] = ...,
    operation_id: str | None = ...,
    deprecated: bool = ...,
    responses: cabc.Mapping[int, str] | None = ...,
    security: list[dict[str, list[str]]] | None = ...,
) -> OperationDecorator: ...


def operation(
    func: t.Any = None,
    /,
    *,
    response: t.Any = _UNSET,
    status: int = 200,
    summary: str | None = None,
    description: str | None = None,
    tags: cabc.Iterable[str] = (),
    operation_id: str | None = None,
    deprecated: bool = False,
    responses: cabc.Mapping[int, str] | None = None,
    security: list[dict[str, list[str]]] | None = None,
) -> t.Any:
    """Mark a view (or a class-based view's method) as an operation of the API: it appears in
    the OpenAPI document, and its return value goes through its response model. Use it bare
    (``@operation``) or with arguments; put it below the route decorator. To type checkers,
    the view then returns a response value, whatever its own annotation says, as the
    response model turns it into one.

    :param response: the response model; by default the return annotation, when it names a
        model. ``None`` uses the return value as it is.
    :param status: the status of a successful response, unless the view returns one.
    :param summary: the operation's summary; by default the docstring's first line.
    :param description: its description; by default the rest of the docstring.
    :param tags: its tags; by default the name of its blueprint.
    :param operation_id: its id; by default its endpoint.
    :param deprecated: whether the document marks it deprecated.
    :param responses: descriptions of the other responses it may give, by status.
    :param security: its security requirements, when not the document's.

    .. versionadded:: 0.1
    """

    def decorate(view: F) -> F:
        model = response_model(return_annotation(view)) if response is _UNSET else response
        op = Operation(
            model,
            status,
            summary,
            description,
            tuple(tags),
            operation_id,
            deprecated,
            dict(responses or {}),
            security,
        )
        return with_operation(view, op)

    return decorate if func is None else decorate(func)


def with_operation(view: F, op: Operation) -> F:
    """``view`` carrying ``op``; wrapped so that its return values go through the response
    model when ``op`` has one, or get the operation's status when it has none but a status
    of its own."""
    if op.response is None:
        if op.status == 200:
            setattr(view, OPERATION, op)
            return view
        status = op.status

        def finish(rv: t.Any) -> t.Any:
            return with_status(rv, status)

    else:
        serialise = t.cast("t.Callable[[t.Any], bytes]", op.serialise)

        def finish(rv: t.Any) -> t.Any:
            return make_return(rv, serialise, op, view)

    if is_async(view):

        @functools.wraps(view)
        async def finish_async(*args: t.Any, **kwargs: t.Any) -> t.Any:
            return finish(await view(*args, **kwargs))

        wrapper: t.Any = finish_async
    else:

        @functools.wraps(view)
        def finish_sync(*args: t.Any, **kwargs: t.Any) -> t.Any:
            return finish(view(*args, **kwargs))

        wrapper = finish_sync
    setattr(wrapper, OPERATION, op)
    return t.cast("F", wrapper)


def with_status(rv: t.Any, status: int) -> t.Any:
    """The view's return value with ``status`` where it gave none, read by Flask's
    conventions: a body, ``(body, headers)``, ``(body, status)``, ``(body, status,
    headers)``, or a response, which is left alone."""
    if isinstance(rv, BaseResponse):
        return rv
    if isinstance(rv, tuple):
        if len(rv) == 2 and isinstance(rv[1], (Headers, dict, tuple, list)):
            return rv[0], status, rv[1]
        return rv
    return rv, status


def make_return(
    rv: t.Any,
    serialise: t.Callable[[t.Any], bytes],
    op: Operation,
    view: t.Callable[..., t.Any],
) -> t.Any:
    """The view's return value with its body validated and serialised as JSON, and the
    operation's status unless the view gave one."""
    if isinstance(rv, tuple):
        body, *rest = rv
    else:
        body, rest = rv, []
    if isinstance(body, BaseResponse):
        return rv
    try:
        payload = serialise(body)
    except _refusals() as exc:
        name = getattr(view, "__qualname__", repr(view))
        raise ResponseValidationError(
            f"The view {name} returned a value that its response model"
            f" {_describe(op.response)} refuses: {exc}. Return a value the model accepts, or"
            " declare another model."
        ) from None
    response = current_app.response_class(payload, status=op.status, mimetype="application/json")
    return (response, *rest) if rest else response


def _refusals() -> tuple[type[Exception], ...]:
    """The errors with which pydantic and msgspec refuse a value."""
    return (pydantic.ValidationError, *structs.refusals())


def _describe(annotation: t.Any) -> str:
    if isinstance(annotation, type) and t.get_origin(annotation) is None:
        return annotation.__qualname__
    return repr(annotation)


def operation_of(view: t.Any) -> Operation | None:
    """The :class:`Operation` ``view`` carries, if it is one."""
    return getattr(inspect.unwrap(view, stop=lambda f: hasattr(f, OPERATION)), OPERATION, None)


__all__ = [
    "OPERATION",
    "Operation",
    "OperationDecorator",
    "ResponseValidationError",
    "make_return",
    "operation",
    "operation_of",
    "response_model",
    "return_annotation",
    "with_operation",
]
