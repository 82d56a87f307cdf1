"""How demijohn calls the functions an application registers: explicit request passing and
running coroutine functions from synchronous code.

A view, hook or error handler that declares a parameter named ``request`` receives the current
request object in it. Whether a function wants it is decided once, when the function is
prepared, by reading its signature; the request path never inspects a signature.

Nothing here knows about routing, WSGI or ASGI: the protocol driver decides how coroutines and
blocking calls run by setting the current :class:`Runner`.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import typing as t
from functools import update_wrapper

from .globals import _cv_request

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T = t.TypeVar("T")

#: The name of the parameter that asks for the request object.
REQUEST_PARAMETER = "request"


def wants_request(func: t.Callable[..., t.Any]) -> bool:
    """Tell whether ``func`` declares a parameter named ``request`` that may be passed by name.

    :param func: any callable.
    """
    return wants_parameter(func, REQUEST_PARAMETER)


def wants_parameter(func: t.Callable[..., t.Any], name: str) -> bool:
    """Tell whether ``func`` declares a parameter ``name`` that may be passed by name.

    :param func: any callable.
    :param name: the parameter's name.
    """
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        # Builtins and some C callables have no signature; they cannot ask for the request.
        return False
    parameter = signature.parameters.get(name)
    if parameter is None:
        return False
    return parameter.kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        inspect.Parameter.KEYWORD_ONLY,
    )


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


def pass_request(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """Wrap ``func`` so that each call also gets ``request=`` the current request.

    The wrapper keeps the calling convention of ``func`` for every other argument, so a
    prepared hook chain can call it exactly as it calls functions that do not ask.

    :param func: a function for which :func:`wants_request` is true.
    """

    def call_with_request(*args: t.Any, **kwargs: t.Any) -> t.Any:
        return func(*args, request=_cv_request.get().request, **kwargs)

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
    with asyncio.Runner() as runner_:
        return runner_.run(_await(awaitable), context=context)


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
        return run_coroutine(func(*args, **kwargs))

    return update_wrapper(run, func)


def run_blocking(func: t.Callable[..., T], *args: t.Any, **kwargs: t.Any) -> T:
    """Call ``func``, which may block: directly under WSGI, off the event loop under ASGI.

    :param func: a synchronous function.
    """
    runner = _cv_runner.get(None)
    if runner is None:
        return func(*args, **kwargs)
    return runner.run_blocking(func, *args, **kwargs)


def is_async(func: t.Callable[..., t.Any]) -> bool:
    """Tell whether calling ``func`` returns a coroutine (``async def``, also when wrapped).

    :param func: any callable.
    """
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(
        getattr(func, "__call__", None)  # noqa: B004 - a class with ``async def __call__``
    )
