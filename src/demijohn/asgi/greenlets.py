"""The greenlet runtime of the ASGI driver: where synchronous code runs, and how it waits.

A request's synchronous code (``wsgi_app``, the pipeline, hooks, sync handlers, a Flask
extension's code) runs in a worker greenlet on the server's event loop. When it waits for a
coroutine, the coroutine is stepped inside that greenlet, and each time the coroutine waits
for a future the greenlet hands the future to the loop's task and is switched back with the
outcome. So the coroutine sees the request's context variables, and synchronous code it calls
may wait for coroutines in turn. Blocking calls go to the driver's bounded thread pool; a
coroutine a pool thread waits for comes back to the loop, in a greenlet of its own. What runs
in a pool thread runs to its end: a cancelled request waits for it before the cancellation
goes on. Context variables a call in the thread pool sets are copied back to the caller when
it returns, as they would be after a plain call.

Worker greenlets are reused, since making one costs more than the rest of a small request: up
to :data:`MAX_IDLE_WORKERS` per event loop's thread wait between requests, holding nothing of
the request they served. This is the only module of demijohn that imports greenlet.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import types
import typing as t

import greenlet

from ..calling import _cv_runner, copy_back

if t.TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

T = t.TypeVar("T")


class _Yield:
    """Pass one value a coroutine yielded (a future, or ``None`` to let others run) from a
    request greenlet up to the event loop's task, and bring back what the task sends in."""

    __slots__ = ("value",)

    def __init__(self, value: t.Any) -> None:
        self.value = value

    def __await__(self) -> t.Generator[t.Any, t.Any, t.Any]:
        return (yield self.value)


class LoopRunner:
    """The runner of code in a request greenlet on the event loop's thread.

    A coroutine is stepped inside the greenlet itself; each time it waits, the greenlet hands
    what it waits for to the loop's task and is resumed with the outcome. So the coroutine sees
    the request's context variables, and synchronous code it calls may wait for coroutines in
    turn.

    :param loop: the server's event loop.
    :param executor: the pool that runs blocking calls.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, executor: ThreadPoolExecutor) -> None:
        self.loop = loop
        self.executor = executor

    def run_coroutine(self, awaitable: t.Awaitable[T]) -> T:
        """Run ``awaitable`` to completion in this greenlet, waiting on the event loop."""
        parent = greenlet.getcurrent().parent
        if parent is None:
            close = getattr(awaitable, "close", None)
            if close is not None:
                close()
            raise RuntimeError(
                "Cannot wait for a coroutine here: this code is not running inside a request"
                " greenlet. Await it instead."
            )
        # PERF: a coroutine is sent values and thrown into as it is.
        iterator = awaitable if type(awaitable) is types.CoroutineType else _steps(awaitable)
        value: t.Any = None
        error: BaseException | None = None
        while True:
            try:
                yielded = iterator.send(value) if error is None else iterator.throw(error)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                value, error = parent.switch(_Yield(yielded)), None
            except BaseException as e:
                value, error = None, e

    def run_blocking(self, func: t.Callable[..., T], *args: t.Any, **kwargs: t.Any) -> T:
        """Run ``func`` in the thread pool, with the request's context, and wait for it."""
        context = contextvars.copy_context()
        context.run(_cv_runner.set, ThreadRunner(self))
        future = self.executor.submit(context.run, func, *args, **kwargs)
        try:
            return self.run_coroutine(wait_for_thread(future, self.loop))
        finally:
            copy_back(context)


async def wait_for_thread(future: Future[T], loop: asyncio.AbstractEventLoop) -> T:
    """The result of a call submitted to the thread pool.

    A thread cannot be cancelled: when the waiting task is, a call that has not started is
    dropped, and one that has is waited for; the cancellation is raised once it has ended, so
    that nothing the call uses (the request's resources) is torn down under it.

    :param future: the call's future.
    :param loop: the loop to wait on.
    """
    try:
        return await asyncio.wrap_future(future, loop=loop)
    except asyncio.CancelledError:
        # Cancelling the wrapper cancelled a call still queued; one already running goes on.
        while not future.done():
            try:
                await asyncio.wrap_future(future, loop=loop)
            except asyncio.CancelledError:
                continue  # cancelled again: the call still runs
            except BaseException:  # the call failed: the cancellation wins
                break
        raise


def _steps(awaitable: t.Awaitable[T]) -> t.Generator[t.Any, t.Any, T]:
    """The steps of ``awaitable`` as an iterator that can be sent values and thrown into.

    A coroutine's and a future's own iterator can; any other awaitable is awaited by a
    coroutine, since ``__await__`` may return a bare iterator (granian's receive and send
    return awaitables whose iterator has only ``__next__``), which ``await`` handles.
    """
    if type(awaitable) is types.CoroutineType or isinstance(awaitable, asyncio.Future):
        return awaitable.__await__()
    return _awaited(awaitable).__await__()


async def _awaited(awaitable: t.Awaitable[T]) -> T:
    return await awaitable


class ThreadRunner:
    """The runner of code in a pool thread: coroutines run on the event loop, in a greenlet
    with this thread's context, while the thread waits.

    :param loop_runner: the runner of the request that sent the code here.
    """

    def __init__(self, loop_runner: LoopRunner) -> None:
        self.loop_runner = loop_runner

    def run_coroutine(self, awaitable: t.Awaitable[T]) -> T:
        """Run ``awaitable`` on the event loop and block this thread until it is done."""
        runner = self.loop_runner
        context = contextvars.copy_context()
        coroutine = run_in_greenlet(runner, runner.run_coroutine, awaitable, context=context)
        try:
            return asyncio.run_coroutine_threadsafe(coroutine, runner.loop).result()  # type: ignore[no-any-return]
        finally:
            copy_back(context)

    def run_blocking(self, func: t.Callable[..., T], *args: t.Any, **kwargs: t.Any) -> T:
        """Call ``func`` here: this thread may block."""
        return func(*args, **kwargs)


async def run_in_greenlet(
    runner: LoopRunner,
    func: t.Callable[..., T],
    *args: t.Any,
    context: contextvars.Context | None = None,
) -> T:
    """Call the synchronous ``func`` in a greenlet on the event loop, letting the event loop
    wait for whatever it waits for, and return its result.

    Greenlets are reused: making one costs more than the rest of a simple request; at most
    :data:`MAX_IDLE_WORKERS` wait per thread. The worker's parent is the greenlet awaiting
    this, so that a request served from inside another's (an application awaited in an async
    view) hands its waits to the right one.

    :param runner: the runner the greenlet's code sees.
    :param func: the function to call.
    :param args: its arguments.
    :param context: the context to run in; a copy of the current one by default.
    """
    idle: list[_Worker] | None = getattr(_workers, "idle", None)
    if idle is None:
        idle = _workers.idle = []
    glet = idle.pop() if idle else _new_worker()
    here = greenlet.getcurrent()
    if glet.parent is not here:
        glet.parent = here
    glet.gr_context = contextvars.copy_context() if context is None else context
    value = glet.switch(func, args, runner)
    while type(value) is _Yield:
        try:
            result = await value
        except BaseException as e:  # delivered to the code that waited
            value = glet.throw(type(e), e, e.__traceback__)
        else:
            value = glet.switch(result)
    glet.gr_context = None
    result, error = glet.outcome
    glet.outcome = _NO_OUTCOME
    if len(idle) < MAX_IDLE_WORKERS:
        idle.append(glet)
    if error is not None:
        raise error
    return result  # type: ignore[no-any-return]


def _new_worker() -> _Worker:
    """A worker greenlet, started and waiting for its first function. Started without one,
    since the arguments a greenlet starts with are held until it ends."""
    worker = _Worker(_work)
    worker.switch()
    return worker


def _work() -> None:
    """The body of a worker greenlet: run one function per switch, forever, with the runner
    it is given set as the current one in the context it runs in. What it hands
    back, to its parent of the moment, when the function has returned or raised is the pair
    ``(result, error)``, left in the greenlet's ``outcome`` attribute rather than passed in
    the switch, so that the worker's frame keeps no reference to it, nor to the function and
    arguments, while it waits to be reused."""
    func, args, runner = greenlet.getcurrent().parent.switch()  # type: ignore[union-attr]
    while True:
        _cv_runner.set(runner)
        try:
            outcome: tuple[t.Any, BaseException | None] = (func(*args), None)
        except BaseException as e:
            outcome = (None, e)
        # The worker is no local while it waits: the greenlet's frame holding the greenlet
        # would be a cycle no collector sees, and a worker dropped from the pool would never
        # be freed.
        worker = greenlet.getcurrent()
        worker.outcome = outcome  # type: ignore[attr-defined]
        parent = worker.parent
        del func, args, runner, outcome, worker
        func, args, runner = parent.switch(_DONE)  # type: ignore[union-attr]


class _Worker(greenlet.greenlet):
    """A worker greenlet, running :func:`_work`."""

    __slots__ = ("outcome",)

    def __init__(self, run: t.Callable[[], None]) -> None:
        super().__init__(run)
        #: The result and error of the function it ran last, until its caller takes them.
        self.outcome: tuple[t.Any, BaseException | None] = _NO_OUTCOME


_NO_OUTCOME: tuple[None, None] = (None, None)


#: What a worker switches to its parent with once its function has ended.
_DONE = object()


#: How many idle worker greenlets each event loop's thread keeps for reuse. Each holds only
#: its own small stack; one more request at once than this makes a greenlet used once.
MAX_IDLE_WORKERS = 64
_workers = threading.local()
