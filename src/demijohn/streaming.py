"""Streamed response bodies: async generators as bodies under either protocol, and
server-sent events.

A view may return an async generator (or any async iterable) as its body. Under ASGI each item
is produced on the server's event loop; under WSGI the stream gets an event loop of its own for
its lifetime. :func:`event_stream` turns events into a ``text/event-stream`` response.
"""

from __future__ import annotations

import collections.abc as cabc
import contextvars
import dataclasses
import json
import re
import sys
import types
import typing as t

from .calling import _cv_runner
from .globals import current_app

if t.TYPE_CHECKING:
    import asyncio

    from .ctx import RequestContext
    from .wrappers import Response

T = t.TypeVar("T")


class _StreamBody:
    """A response body that produces its items one step at a time, closes its source once,
    and, when it was built for :func:`~demijohn.stream_with_context`, holds the request's
    teardown until it is closed.

    With a request context, each step and the closing run in a copy of the context variables
    taken while the request was handled (so the source sees the same ``request``, ``session``
    and ``g`` as the view, wherever the server iterates the body: another thread, another
    task), and the teardown functions run once, when the stream ends or is closed. The stream
    closes itself when its source is exhausted or fails, so teardown sees the error that ended
    it, if any.

    :param context: the request context whose teardown to hold, if any.
    """

    def __init__(self, context: RequestContext | None) -> None:
        self._context = context
        self._vars = None if context is None else contextvars.copy_context()
        self._closed = False
        if context is not None:
            context.hold_teardown(self)

    def __iter__(self) -> t.Self:
        return self

    def _run(self, func: t.Callable[..., T], *args: t.Any) -> T:
        variables = self._vars
        if variables is None:
            return func(*args)
        # The view's context variables, but the runner of the code iterating the body now (a
        # pool thread under ASGI), not that of the view, which may be a greenlet.
        runner = _cv_runner.get(None)
        if runner is not None:
            variables.run(_cv_runner.set, runner)
        return variables.run(func, *args)

    def _produce(self) -> t.Any:
        """The next item of the source; raises ``StopIteration`` or ``StopAsyncIteration`` at
        its end. Each subclass defines it."""
        ...

    def _close_source(self) -> None:
        """Close the source, running its ``finally`` blocks. Each subclass defines it."""
        ...

    def __next__(self) -> t.Any:
        if self._closed:
            raise StopIteration
        try:
            return self._run(self._produce)
        except (StopIteration, StopAsyncIteration):
            pass
        except BaseException:
            # Closed while the error is being handled, so teardown functions receive it.
            self.close()
            raise
        # Closed outside the handler, so teardown sees no error when the stream just ended.
        self.close()
        raise StopIteration

    def close(self) -> None:
        """Close the source, then release the request's teardown (which then runs, when the
        request has ended and no other stream holds it). Closing again does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            self._close_source()
        finally:
            if self._context is not None:
                self._run(self._context.release_teardown, self, sys.exc_info()[1])


class ContextStream(_StreamBody):
    """A generator (or any iterator) as a response body that keeps the request context: what
    :func:`~demijohn.stream_with_context` returns for one.

    :param source: the iterator.
    :param context: the request context whose teardown to hold.
    """

    def __init__(self, source: cabc.Iterator[t.Any], context: RequestContext) -> None:
        super().__init__(context)
        self._source = source

    def _produce(self) -> t.Any:
        return next(self._source)

    def _close_source(self) -> None:
        close = getattr(self._source, "close", None)
        if close is not None:
            self._run(close)


class AsyncStream(_StreamBody):
    """A synchronous iterator over an async iterable, so that it can be a response body.

    :param source: the async iterable, usually an async generator.
    :param context: the request context whose teardown :func:`~demijohn.stream_with_context`
        holds: each step then runs with the view's context variables (``request``, ``g``), and
        closing the stream releases the teardown.
    """

    def __init__(
        self, source: cabc.AsyncIterable[t.Any], context: RequestContext | None = None
    ) -> None:
        super().__init__(context)
        self._iterator = aiter(source)
        self._loop: asyncio.Runner | None = None
        self._started = False

    def _step(self, awaitable: t.Awaitable[T]) -> T:
        runner = _cv_runner.get(None)
        if runner is not None:
            return runner.run_coroutine(awaitable)
        if self._loop is None:
            import asyncio  # only a WSGI server iterating an async body needs an event loop

            self._loop = asyncio.Runner()
        return self._loop.run(_await(awaitable))

    def _produce(self) -> t.Any:
        self._started = True
        return self._step(anext(self._iterator))

    def _close_source(self) -> None:
        """Close the async generator (running its ``finally`` blocks) and the private loop.
        An async generator that never started has nothing to run: no loop is made for it."""
        try:
            aclose = getattr(self._iterator, "aclose", None)
            if aclose is not None and (
                self._started or not isinstance(self._iterator, types.AsyncGeneratorType)
            ):
                self._run(self._step, aclose())
        finally:
            if self._loop is not None:
                self._loop.close()
                self._loop = None


async def _await(awaitable: t.Awaitable[T]) -> T:
    return await awaitable


@dataclasses.dataclass
class ServerSentEvent:
    """One server-sent event.

    :param data: the payload; anything that is not a string is sent as JSON.
    :param event: the event type the browser dispatches (``message`` when not given).
    :param id: the id the browser sends back in ``Last-Event-ID`` after reconnecting.
    :param retry: how long the browser waits before reconnecting, in milliseconds.
    """

    data: t.Any = ""
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def encode(self) -> str:
        """The event in the ``text/event-stream`` format, ending with a blank line."""
        lines = []
        if self.event is not None:
            lines.append(f"event: {_one_line(self.event)}")
        if self.id is not None:
            lines.append(f"id: {_one_line(self.id)}")
        if self.retry is not None:
            lines.append(f"retry: {int(self.retry)}")
        data = self.data if isinstance(self.data, str) else _dumps(self.data)
        lines.extend(f"data: {line}" for line in _LINE_BREAK.split(data))
        return "\n".join(lines) + "\n\n"


#: The line breaks of the event stream format; ``str.splitlines`` also splits on others
#: (form feed, U+2028), which would change the data, and drops a trailing empty line.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"A server-sent event field cannot contain a line break: {value!r}.")
    return value


def _dumps(value: t.Any) -> str:
    try:
        return str(current_app.json.dumps(value))
    except RuntimeError:
        return json.dumps(value)


def event_stream(
    events: cabc.Iterable[t.Any] | cabc.AsyncIterable[t.Any],
) -> Response:
    """A ``text/event-stream`` response that sends each item of ``events`` as a server-sent
    event: a :class:`ServerSentEvent` as it is, anything else as its data.

    Caching and proxy buffering are turned off. Combine with
    :func:`~demijohn.stream_with_context` when a sync generator needs the request.

    :param events: a generator or async generator of events.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    body: t.Any
    if isinstance(events, cabc.AsyncIterable):
        body = AsyncStream(_encode_async(events))
    else:
        body = _encode_sync(events)
    response: Response = app.response_class(body, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response


def _encode(item: t.Any) -> str:
    event = item if isinstance(item, ServerSentEvent) else ServerSentEvent(data=item)
    return event.encode()


def _encode_sync(events: cabc.Iterable[t.Any]) -> cabc.Iterator[str]:
    try:
        for item in events:
            yield _encode(item)
    except GeneratorExit:
        pass  # closed early by the server, which is no error for teardown functions
    finally:
        # Closing the response closes the source too: a stream_with_context source then
        # releases the request's teardown.
        close = getattr(events, "close", None)
        if close is not None:
            close()


async def _encode_async(events: cabc.AsyncIterable[t.Any]) -> cabc.AsyncIterator[str]:
    async for item in events:
        yield _encode(item)


class LoggedBody:
    """A streamed WSGI body whose failures are logged as the application's errors.

    A body that raises once its response has started cannot become an error page: the status
    was sent. The exception is logged on the application's logger (the record carries the
    request as ``record.request``, so logging filters can tell which request it was), then
    raised on, so that the server ends the response by closing the connection.

    :param body: the body the response gave.
    :param logger: the application's logger.
    :param request: the request being answered.
    """

    __slots__ = ("_iterator", "body", "logger", "request")

    def __init__(self, body: cabc.Iterable[bytes], logger: t.Any, request: t.Any) -> None:
        self.body = body
        self._iterator = iter(body)
        self.logger = logger
        self.request = request

    def __iter__(self) -> t.Self:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._iterator)
        except StopIteration:
            raise
        except Exception:
            request = self.request
            self.logger.error(
                f"Exception on {request.path} [{request.method}] while streaming the response",
                exc_info=True,
                extra={"request": request},
            )
            raise

    def close(self) -> None:
        """Close the body (running its clean-up)."""
        close = getattr(self.body, "close", None)
        if close is not None:
            close()
