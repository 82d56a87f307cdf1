"""The ASGI lifespan: the server's start-up and shutdown messages run the application's
serving hooks (:meth:`~demijohn.Demijohn.before_serving` and
:meth:`~demijohn.Demijohn.after_serving`); start-up in debug mode puts Werkzeug's debugger in
front of HTTP requests, and shutdown ends the driver's thread pool.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import typing as t

from .greenlets import run_in_greenlet

if t.TYPE_CHECKING:
    from .application import ASGIApp
    from .interface import Receive, Scope, Send

logger = logging.getLogger(__name__)


async def serve_lifespan(driver: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer the server's start-up and shutdown messages.

    :param driver: the application's ASGI driver.
    :param scope: the ``lifespan`` scope.
    :param receive: the ASGI receive callable.
    :param send: the ASGI send callable.
    """
    app = driver.app
    while True:
        message = await receive()
        phase = "startup" if message["type"] == "lifespan.startup" else "shutdown"
        runner = driver.make_runner()
        hook = app.startup
        if phase == "shutdown":
            # Wait for background tasks off the loop: they may need it to finish.
            hook = functools.partial(runner.run_blocking, app.shutdown)
        try:
            await run_in_greenlet(runner, hook)
        except Exception as e:
            logger.exception("The application's %s hooks failed", phase)
            answer = {"type": f"lifespan.{phase}.failed", "message": repr(e)}
        else:
            answer = {"type": f"lifespan.{phase}.complete"}
            if phase == "startup" and app.debug:
                add_debugger(driver)
        if phase == "shutdown":
            await _close_executor(driver)
        await send(answer)
        if phase == "shutdown" or answer["type"].endswith(".failed"):
            return


def add_debugger(driver: ASGIApp) -> None:
    """Answer HTTP requests through Werkzeug's debugger, as the development server does in
    debug mode: a request that fails shows its traceback in the browser, with a console that
    asks for the PIN logged here. Added on lifespan start-up only, so that a test client,
    which has none, sees the application's exceptions as it does under WSGI. WebSocket
    handshakes do not go through it.

    :param driver: the application's ASGI driver.
    """
    if driver._debugger is None:
        from werkzeug.debug import DebuggedApplication

        driver._debugger = DebuggedApplication(driver._respond, evalex=True)
        driver.app.logger.warning(
            " * Debugger is active! Never serve debug mode where others can reach it."
        )
        driver.app.logger.info(" * Debugger PIN: %s", driver._debugger.pin)
    driver._answer = driver._debugger


async def _close_executor(driver: ASGIApp) -> None:
    """Let the pool's threads finish what they run, and end them, even when shutdown failed.
    Waited for off the loop: a blocking view may still need it. The runner that uses it goes
    too: a later request makes both again."""
    executor, driver._executor = driver.executor, None
    driver._runner = None
    await asyncio.to_thread(executor.shutdown)
