"""The serving lifecycle: start-up and shutdown hooks, and background tasks.

:meth:`~Lifecycle.before_serving` functions run once per worker before it serves (on ASGI
lifespan start-up, or on the first request when the server has no lifespan, as WSGI servers
do); :meth:`~Lifecycle.after_serving` functions run when the worker stops (ASGI lifespan
shutdown, or when the process exits: at interpreter exit, or as a :mod:`multiprocessing` worker
ends); once shutdown has begun, requests are still served, but serving only starts again when
:meth:`~Lifecycle.startup` is called.
:meth:`~Lifecycle.add_background_task` runs work after the response has been sent.
"""

from __future__ import annotations

import atexit
import logging
import signal
import sys
import threading
import typing as t
import weakref

from .calling import run_blocking
from .globals import _cv_request
from .scaffold import setupmethod

if t.TYPE_CHECKING:
    from .checks import Problem
    from .config import Config
    from .ctx import AppContext

logger = logging.getLogger(__name__)

T_serving = t.TypeVar("T_serving", bound=t.Callable[[], t.Any])


class Lifecycle:
    """The serving-lifecycle methods of :class:`~demijohn.Demijohn`."""

    if t.TYPE_CHECKING:
        testing: bool
        config: Config

        def run_checks(self) -> list[Problem]: ...

        def app_context(self) -> AppContext: ...

        def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]: ...

        def _check_setup_finished(self, f_name: str) -> None: ...

        @property
        def logger(self) -> logging.Logger: ...

    def _init_lifecycle(self) -> None:
        #: Functions run once when a server starts serving the application.
        self.before_serving_funcs: list[t.Callable[[], t.Any]] = []
        #: Functions run once when the server stops, in reverse order.
        self.after_serving_funcs: list[t.Callable[[], t.Any]] = []
        self._serving = False
        # Set when shutdown begins; a request then no longer starts serving (only startup()).
        self._stopped = False
        self._serving_lock = threading.Lock()
        self._background_threads: set[threading.Thread] = set()

    @setupmethod
    def before_serving(self, f: T_serving) -> T_serving:
        """Run ``f()`` once in each worker before it serves its first request; it may be a
        coroutine function. An application context is pushed."""
        self.before_serving_funcs.append(f)
        return f

    @setupmethod
    def after_serving(self, f: T_serving) -> T_serving:
        """Run ``f()`` once in each worker when it stops serving, in the reverse order of
        registration; it may be a coroutine function."""
        self.after_serving_funcs.append(f)
        return f

    def startup(self) -> None:
        """Run the :meth:`before_serving` functions in an application context, once. The ASGI
        driver calls this on lifespan start-up; otherwise the first request does, and
        :meth:`shutdown` is registered to run at exit.

        Called after :meth:`shutdown`, it starts serving again."""
        self._start(restart=True)

    def _start(self, *, restart: bool) -> bool:
        """Start serving unless serving; after a shutdown only when ``restart`` is true.
        Returns whether the application serves."""
        if not self._serving_lock.acquire(blocking=False):
            # Another request is starting the app. Under ASGI it may be a greenlet on this
            # thread, waiting for the event loop: wait off the loop, or neither finishes.
            run_blocking(self._serving_lock.acquire)
        try:
            if self._stopped and not restart:
                # A first request that waited here while shutdown began.
                return False
            self._stopped = False
            if self._serving:
                return True
            if self.config["CHECK_ON_START"]:
                self._check_on_start()
            if self.before_serving_funcs:
                with self.app_context():
                    for func in self.before_serving_funcs:
                        self.ensure_sync(func)()
            self._serving = True
            return True
        finally:
            self._serving_lock.release()

    def _check_on_start(self) -> None:
        """Refuse to start serving while ``demijohn check`` finds errors (warnings do not
        stop it)."""
        problems = [p for p in self.run_checks() if p.severity == "error"]
        if problems:
            from .checks import ChecksFailed

            raise ChecksFailed(problems)

    def _start_on_first_request(self) -> None:
        """Start serving from the first request when no lifespan protocol did. Once shutdown
        has begun, requests are served without starting again, and without waiting for the
        shutdown: the server is stopping."""
        if self._stopped:
            return
        if self._start(restart=False) and self.after_serving_funcs:
            _apps_to_shut_down_at_exit(self)

    def _shutdown_at_exit(self) -> None:
        try:
            self.shutdown()
        except Exception:
            self.logger.exception("The application's after_serving functions failed at exit")

    def shutdown(self) -> None:
        """Wait for background tasks, then run the :meth:`after_serving` functions, newest
        first, in an application context. Every function runs even when one fails; the first
        failure is raised after the others are logged.

        Requests that arrive from now on are still served, but do not start serving again
        (their :meth:`before_serving` functions do not run); call :meth:`startup` for that."""
        self._stopped = True
        _at_exit.pop(self, None)
        for thread in list(self._background_threads):
            thread.join()
        with self._serving_lock:
            if not self._serving:
                return
            self._serving = False
            failures: list[Exception] = []
            if not self.after_serving_funcs:
                return
            with self.app_context():
                for func in reversed(self.after_serving_funcs):
                    try:
                        self.ensure_sync(func)()
                    except Exception as e:
                        failures.append(e)
        for failure in failures[1:]:
            self.logger.error("An after_serving function failed", exc_info=failure)
        if failures:
            raise failures[0]

    def add_background_task(
        self, func: t.Callable[..., t.Any], *args: t.Any, **kwargs: t.Any
    ) -> None:
        """Run ``func(*args, **kwargs)`` in the background, with an application context.

        Inside a request it runs after the response has been sent to the client, also when
        added by a teardown function or while a streamed body is generated; outside one it
        starts at once in a thread. :meth:`shutdown` waits for those threads. ``func`` may
        be a coroutine function. Failures are logged.

        The task lives in this process only: it is lost if the worker stops first, nothing
        retries it, and under a sync WSGI worker it holds the worker until it ends. Work that
        must happen belongs on a job queue (``demijohn.celery``; docs/scaling.md compares
        the two).

        :param func: the function to run.
        """
        ctx = _cv_request.get(None)
        if ctx is not None:
            ctx._background_tasks.append((func, args, kwargs))
            return
        thread = threading.Thread(
            target=self._run_background_tasks, args=([(func, args, kwargs)],), daemon=True
        )
        self._background_threads.add(thread)
        thread.start()

    def _close_with_background_tasks(
        self,
        body: t.Iterable[bytes],
        tasks: list[t.Any],
        first: t.Callable[[], None] | None = None,
    ) -> t.Iterable[bytes]:
        """``body``, which runs ``tasks`` when the server closes it, after sending it. The list
        is read then, so tasks added later (by a teardown function, or while a streamed body is
        generated) run too.

        :param first: called after the body is closed and before the tasks, which run even
            when it fails.
        """
        return BodyThenTasks(body, lambda: self._run_request_tasks(tasks, first))

    def _run_request_tasks(
        self, tasks: list[t.Any], first: t.Callable[[], None] | None = None
    ) -> None:
        try:
            if first is not None:
                first()
        finally:
            # A streamed body whose generator added none has no app context to push for them.
            if tasks:
                self._run_background_tasks(tasks)

    def _run_background_tasks(self, tasks: list[t.Any]) -> None:
        try:
            with self.app_context():
                for func, args, kwargs in tasks:
                    try:
                        self.ensure_sync(func)(*args, **kwargs)
                    except Exception:
                        self.logger.exception("A background task failed: %r", func)
        finally:
            self._background_threads.discard(threading.current_thread())


class BodyThenTasks:
    """A WSGI response body that calls ``then`` when the server closes it, after closing
    ``body`` (which may run the request's postponed teardown functions).

    :param body: the response body.
    :param then: what to call once the body is closed.
    """

    def __init__(self, body: t.Iterable[bytes], then: t.Callable[[], None]) -> None:
        self.body = body
        self._then = then

    def __iter__(self) -> t.Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        """Close the body, then run what comes after it, even when closing failed."""
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self._then()


#: The applications whose after_serving functions run at interpreter exit, newest last. Weak,
#: so an application (one made by each test, say) is not kept alive for that alone.
_at_exit: weakref.WeakKeyDictionary[Lifecycle, None] = weakref.WeakKeyDictionary()
_at_exit_registered = False


def _apps_to_shut_down_at_exit(app: Lifecycle) -> None:
    """Shut ``app`` down when the process exits, with one exit handler for all applications,
    and say in its log when that will be."""
    global _at_exit_registered
    if app in _at_exit:
        return
    _at_exit[app] = None
    if not _at_exit_registered:
        atexit.register(_shut_down_at_exit)
        _register_with_multiprocessing()
        _at_exit_registered = True
    _log_when_after_serving_runs(app)


def _register_with_multiprocessing() -> None:
    """In a worker that :mod:`multiprocessing` started, also shut down as the worker ends.

    A forked worker leaves with ``os._exit`` once its target returns, which skips ``atexit``
    (granian's WSGI workers do); it runs multiprocessing's own exit finalizers first. A process
    that multiprocessing did not start need not have imported it: nothing is imported for that.
    """
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None or multiprocessing.parent_process() is None:
        return
    from multiprocessing.util import Finalize

    # Before multiprocessing's own clean-up (pools, queues), which the functions may use.
    Finalize(None, _shut_down_at_exit, exitpriority=100)


def _log_when_after_serving_runs(app: Lifecycle) -> None:
    """Say when ``app``'s after_serving functions will run; warn when the usual way to stop a
    server, SIGTERM, would end the process without running them.

    Python leaves SIGTERM to its default action, which ends the process at once, unless
    someone installs a handler: gunicorn and granian do, waitress and Werkzeug's development
    server do not. The handler is only read here; the server owns the process's signals.
    """
    count = len(app.after_serving_funcs)
    # Nothing sends SIGTERM to a test run: there the warning would only be noise.
    sigterm_skips_them = signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    if sigterm_skips_them and not app.testing:
        app.logger.warning(
            "The application started on its first request (no ASGI lifespan), so its %d"
            " after_serving function(s) run when this process exits; SIGTERM would end the"
            " process without running them, since this server leaves SIGTERM's default action"
            " in place. Stop the server with SIGINT (Ctrl+C), have SIGTERM raise"
            " KeyboardInterrupt (signal.signal(signal.SIGTERM, signal.default_int_handler) in"
            " the application's module), or serve over ASGI with a lifespan.",
            count,
        )
    else:
        app.logger.info(
            "The application started on its first request (no ASGI lifespan), so its %d"
            " after_serving function(s) run when this process exits.",
            count,
        )


def _shut_down_at_exit() -> None:
    """Shut down the applications still serving, newest first."""
    for app in reversed(list(_at_exit.keys())):
        app._shutdown_at_exit()
