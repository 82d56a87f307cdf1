"""How demijohn calls the functions an application registers: explicit request passing and
running coroutine functions from synchronous code.

A view, hook or error handler that declares a parameter named ``request``, or a parameter
annotated with the request class, receives the current request object in it. Whether a
function wants it is decided once, when the function is prepared, by reading its signature;
the request path never inspects a signature.

Nothing here knows about routing, WSGI or ASGI: the protocol driver decides how coroutines and
blocking calls run by setting the current :class:`Runner`.
"""

from __future__ import annotations

import builtins
import contextvars
import functools
import inspect
import typing as t
from functools import update_wrapper

from . import conventions
from .errors import SetupTypeError
from .globals import _cv_request
from .wrappers import Request

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T = t.TypeVar("T")

#: The name of the parameter that asks for the request object.
REQUEST_PARAMETER = "request"


#: The kinds of parameter that can be passed by name.
_BY_NAME = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def wants_request(func: t.Callable[..., t.Any]) -> bool:
    """Tell whether ``func`` asks for the request (see :func:`request_parameter`).

    :param func: any callable.
    """
    return request_parameter(func) is not None


def request_parameter(
    func: t.Callable[..., t.Any], request_class: type[Request] | None = None
) -> str | None:
    """The name of the parameter of ``func`` that receives the request, or ``None``.

    A parameter named ``request`` receives it; so does one annotated with
    :class:`~demijohn.Request` or a subclass. String annotations (``from __future__ import
    annotations``) count when they are a name, possibly dotted, bound in the function's
    module; a name imported only under ``TYPE_CHECKING`` cannot be looked up, and does not
    count.

    :param func: any callable.
    :param request_class: the class of the requests ``func`` will be given, when known: an
        annotation must then be that class or a base of it.
    :raises SetupTypeError: two parameters ask for the request, or one is annotated with a
        request class that the requests will not be instances of (under the Flask layer,
        such a parameter does not ask for the request, and is left to the function's
        decorators to fill, as under Flask).
    """
    signature = _signature(func)
    if signature is None:
        return None
    names = []
    for parameter in signature.parameters.values():
        if parameter.kind not in _BY_NAME:
            continue
        if parameter.name == REQUEST_PARAMETER:
            names.append(parameter.name)
            continue
        annotation = _annotation(parameter.annotation, func)
        if isinstance(annotation, type) and issubclass(annotation, Request):
            if request_class is not None and not issubclass(request_class, annotation):
                if not conventions.current().refuse_foreign_request_annotations:
                    continue
                raise SetupTypeError(
                    f"The parameter {parameter.name!r} of {describe_function(func)} is annotated"
                    f" with {annotation.__qualname__!r}, but the application's requests are"
                    f" {request_class.__qualname__!r}, which does not derive from it. Annotate"
                    f" it with {request_class.__qualname__!r}, or set the application's"
                    f" 'request_class' to {annotation.__qualname__!r}."
                )
            names.append(parameter.name)
    if len(names) > 1:
        raise SetupTypeError(
            f"{describe_function(func)} has several parameters that ask for the request:"
            f" {', '.join(map(repr, names))}. Keep one of them."
        )
    return names[0] if names else None


def _signature(func: t.Callable[..., t.Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(func)
    except (TypeError, ValueError):
        # Builtins and some C callables have no signature; they cannot ask for the request.
        return None


def _annotation(annotation: t.Any, func: t.Callable[..., t.Any]) -> t.Any:
    """An annotation as an object: a string is looked up as a (dotted) name in the module of
    ``func``, never evaluated, so that reading it runs no code and cannot fail; ``None`` when
    it is something else or names nothing there."""
    if not isinstance(annotation, str):
        return annotation
    head, *attributes = annotation.strip().split(".")
    if not all(part.isidentifier() for part in (head, *attributes)):
        return None
    namespace = _module_globals(func)
    value = namespace[head] if head in namespace else getattr(builtins, head, None)
    for attribute in attributes:
        value = getattr(value, attribute, None)
    return value


def _module_globals(func: t.Callable[..., t.Any]) -> dict[str, t.Any]:
    """The globals of the module that defines ``func``, looking through decorators made with
    :func:`functools.wraps`, partials, bound methods and callable instances."""
    target: t.Any = inspect.unwrap(func)
    while isinstance(target, functools.partial):
        target = inspect.unwrap(target.func)
    target = getattr(target, "__func__", target)
    namespace = getattr(target, "__globals__", None)
    if namespace is None:
        call = getattr(type(target), "__call__", None)  # noqa: B004 - a callable instance's method
        namespace = getattr(call, "__globals__", None)
    return namespace if isinstance(namespace, dict) else {}


def wants_parameter(func: t.Callable[..., t.Any], name: str) -> bool:
    """Tell whether ``func`` declares a parameter ``name`` that may be passed by name.

    :param func: any callable.
    :param name: the parameter's name.
    """
    signature = _signature(func)
    if signature is None:
        return False
    parameter = signature.parameters.get(name)
    return parameter is not None and parameter.kind in _BY_NAME


def describe_function(func: t.Callable[..., t.Any]) -> str:
    """Name a registered function for an error message: ``'module.qualname'``, and where it is
    defined when that is known. Wrappers made with :func:`functools.wraps` (including
    demijohn's own) are looked through.

    :param func: any callable.
    """
    target = inspect.unwrap(func)
    module = getattr(target, "__module__", None)
    name = getattr(target, "__qualname__", None) or repr(target)
    described = f"'{module}.{name}'" if module else f"'{name}'"
    code = getattr(target, "__code__", None)
    if code is not None:
        described += f" (defined at {code.co_filename}:{code.co_firstlineno})"
    return described


def pass_request(
    func: t.Callable[..., t.Any], name: str = REQUEST_PARAMETER
) -> t.Callable[..., t.Any]:
    """Wrap ``func`` so that each call also gets the current request, as the keyword argument
    ``name``.

    The wrapper keeps the calling convention of ``func`` for every other argument, so a
    prepared hook chain can call it exactly as it calls functions that do not ask.

    :param func: a function that asks for the request.
    :param name: the parameter that receives it (see :func:`request_parameter`).
    """
    if name == REQUEST_PARAMETER:

        def call_with_request(*args: t.Any, **kwargs: t.Any) -> t.Any:
            return func(*args, request=_cv_request.get().request, **kwargs)

    else:

        def call_with_request(*args: t.Any, **kwargs: t.Any) -> t.Any:
            kwargs[name] = _cv_request.get().request
            return func(*args, **kwargs)

    return update_wrapper(call_with_request, func)


class Runner(t.Protocol):
    """How synchronous code waits for a coroutine, chosen by the protocol driver.

    Under WSGI there is no runner and each coroutine runs in a fresh event loop. The ASGI driver
    sets one for each request (see :mod:`demijohn.asgi`), so that coroutines run on the
    server's event loop and blocking views run off it.
    """

    def run_coroutine(self, awaitable: t.Awaitable[T]) -> T:
        """Run ``awaitable`` to completion and return its result, from synchronous code."""
        ...  # pragma: no cover - protocol

    def run_blocking(self, func: t.Callable[..., T], *args: t.Any, **kwargs: t.Any) -> T:
        """Call a function that may block, without blocking the event loop."""
        ...  # pragma: no cover - protocol


#: The runner of the code running now; unset under WSGI.
_cv_runner: contextvars.ContextVar[Runner] = contextvars.ContextVar("demijohn.runner")


def run_coroutine(awaitable: t.Awaitable[T]) -> T:
    """Run ``awaitable`` to completion from synchronous code and return its result: on the
    server's event loop under ASGI, in a fresh event loop under WSGI.

    :param awaitable: a coroutine or other awaitable.
    """
    runner = _cv_runner.get(None)
    if runner is not None:
        return runner.run_coroutine(awaitable)
    # Imported here so that an application served over WSGI that never awaits anything does not
    # pay for loading asyncio.
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        _close(awaitable)
        raise RuntimeError(
            f"Cannot wait for {awaitable!r} synchronously: this thread is already running an"
            " event loop. Serve the application over ASGI, or await it instead of calling it"
            " through 'ensure_sync'."
        )
    context = contextvars.copy_context()
    try:
        with asyncio.Runner() as runner_:
            return runner_.run(_await(awaitable), context=context)
    finally:
        copy_back(context)


def copy_back(context: contextvars.Context) -> None:
    """Set in the current context the variables that code run in ``context``, a copy of it
    taken for a call, has set: what a plain call would have left, as asgiref's bridges do.
    The runner stays the caller's own; a variable the callee reset to no value keeps the
    caller's value.

    :param context: the callee's context.
    """
    for variable, value in context.items():
        if variable is not _cv_runner and variable.get(_UNSET) is not value:
            variable.set(value)


_UNSET: t.Any = object()


def _close(awaitable: t.Awaitable[t.Any]) -> None:
    close = getattr(awaitable, "close", None)
    if close is not None:
        close()


async def _await(awaitable: t.Awaitable[T]) -> T:
    return await awaitable


def async_to_sync(func: t.Callable[..., t.Awaitable[t.Any]]) -> t.Callable[..., t.Any]:
    """Return a synchronous function that runs the coroutine function ``func`` to completion
    with :func:`run_coroutine`.

    Under WSGI each call runs its own event loop in the calling thread, with a copy of the
    caller's context so that ``request``, ``g`` and ``current_app`` work inside; that costs an
    event loop per call. Under ASGI the coroutine runs on the server's event loop.

    :param func: a coroutine function.
    """

    def run(*args: t.Any, **kwargs: t.Any) -> t.Any:
        # PERF: run_coroutine's first step inline: a view's every call under ASGI takes it.
        runner = _cv_runner.get(None)
        if runner is not None:
            return runner.run_coroutine(func(*args, **kwargs))
        return run_coroutine(func(*args, **kwargs))

    return update_wrapper(run, func)


def on_server_loop() -> bool:
    """Tell whether coroutines that the code running now waits for (with
    :func:`run_coroutine`) run on an ASGI server's event loop, one loop for the whole
    process, rather than each in an event loop of its own, as under WSGI and outside
    requests.

    For resources tied to one event loop, such as a pool of async database connections: they
    can be shared between requests only when this is true.

    .. versionadded:: 0.1
    """
    return _cv_runner.get(None) is not None


def run_blocking(func: t.Callable[..., T], *args: t.Any, **kwargs: t.Any) -> T:
    """Call ``func``, which may block: directly under WSGI, off the event loop under ASGI.

    :param func: a synchronous function.
    """
    runner = _cv_runner.get(None)
    if runner is None:
        return func(*args, **kwargs)
    return runner.run_blocking(func, *args, **kwargs)


def is_async_generator(func: t.Callable[..., t.Any]) -> bool:
    """Tell whether calling ``func`` returns an async generator (``async def`` with
    ``yield``), which creating runs none of its code.

    :param func: any callable.
    """
    return inspect.isasyncgenfunction(func)


def is_async(func: t.Callable[..., t.Any]) -> bool:
    """Tell whether calling ``func`` returns a coroutine (``async def``, also when wrapped).

    :param func: any callable.
    """
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(
        getattr(func, "__call__", None)  # noqa: B004 - a class with ``async def __call__``
    )
