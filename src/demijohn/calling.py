"""How demijohn calls the functions an application registers: explicit request passing and
running coroutine functions from synchronous code.

A view, hook or error handler that declares a parameter named ``request`` receives the current
request object in it. Whether a function wants it is decided once, when the function is
prepared, by reading its signature; the request path never inspects a signature.

Nothing here knows about routing, WSGI or ASGI.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import typing as t
from functools import update_wrapper

from .globals import _cv_request

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: The name of the parameter that asks for the request object.
REQUEST_PARAMETER = "request"


def wants_request(func: t.Callable[..., t.Any]) -> bool:
    """Tell whether ``func`` declares a parameter named ``request`` that may be passed by name.

    :param func: any callable.
    """
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        # Builtins and some C callables have no signature; they cannot ask for the request.
        return False
    parameter = signature.parameters.get(REQUEST_PARAMETER)
    if parameter is None:
        return False
    return parameter.kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        inspect.Parameter.KEYWORD_ONLY,
    )


def pass_request(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """Wrap ``func`` so that each call also gets ``request=`` the current request.

    The wrapper keeps the calling convention of ``func`` for every other argument, so a
    prepared hook chain can call it exactly as it calls functions that do not ask.

    :param func: a function for which :func:`wants_request` is true.
    """

    def call_with_request(*args: t.Any, **kwargs: t.Any) -> t.Any:
        return func(*args, request=_cv_request.get().request, **kwargs)

    return update_wrapper(call_with_request, func)


def async_to_sync(func: t.Callable[..., t.Awaitable[t.Any]]) -> t.Callable[..., t.Any]:
    """Return a synchronous function that runs the coroutine function ``func`` to completion.

    Each call runs its own event loop in the calling thread, with a copy of the caller's context
    so that ``request``, ``g`` and ``current_app`` work inside. That costs an event loop per call;
    serve the application over ASGI to run coroutines natively.

    :param func: a coroutine function.
    """

    def run(*args: t.Any, **kwargs: t.Any) -> t.Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError(
                f"Cannot run the coroutine function {func.__qualname__!r} synchronously: this"
                " thread is already running an event loop. Serve the application over ASGI,"
                " or await the function instead of calling it through 'ensure_sync'."
            )
        context = contextvars.copy_context()
        with asyncio.Runner() as runner:
            return runner.run(func(*args, **kwargs), context=context)  # type: ignore[arg-type]

    return update_wrapper(run, func)


def is_async(func: t.Callable[..., t.Any]) -> bool:
    """Tell whether calling ``func`` returns a coroutine (``async def``, also when wrapped).

    :param func: any callable.
    """
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(
        getattr(func, "__call__", None)  # noqa: B004 - a class with ``async def __call__``
    )
