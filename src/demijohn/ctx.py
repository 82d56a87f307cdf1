"""The application and request contexts, the ``g`` namespace, and the helpers that act on the
current context.

A context is pushed by setting a context variable (see :mod:`demijohn.globals`) and popped by
resetting it with the token, so contexts nest, can be pushed more than once, and are private to
each thread, greenlet and asyncio task. Teardown always runs when the outermost push is popped.
"""

from __future__ import annotations

import contextvars
import sys
import typing as t
from functools import update_wrapper
from types import TracebackType

from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import RequestRedirect

from . import conventions, signals
from .errors import ContextError
from .globals import _cv_app, _cv_request

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment
    from werkzeug.routing import MapAdapter

    from .app import Demijohn
    from .sessions import SessionMixin
    from .typing import AfterRequestCallable
    from .wrappers import Request

_sentinel = object()


class _Closable(t.Protocol):
    """A streamed body, as it holds a request's teardown."""

    def close(self) -> None: ...


F = t.TypeVar("F", bound=t.Callable[..., t.Any])


class _AppCtxGlobals:
    """The ``g`` object: a plain namespace that lives as long as the application context.

    Besides attribute access it offers :meth:`get`, :meth:`pop`, :meth:`setdefault`, ``in``
    and iteration over the names set.
    """

    def __getattr__(self, name: str) -> t.Any:
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: t.Any) -> None:
        self.__dict__[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self.__dict__[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: t.Any | None = None) -> t.Any:
        """The value of ``name``, or ``default`` when it is not set."""
        return self.__dict__.get(name, default)

    def pop(self, name: str, default: t.Any = _sentinel) -> t.Any:
        """Remove ``name`` and return its value; ``default`` when it is not set, else
        :exc:`KeyError`."""
        if default is _sentinel:
            return self.__dict__.pop(name)
        return self.__dict__.pop(name, default)

    def setdefault(self, name: str, default: t.Any = None) -> t.Any:
        """The value of ``name``, first setting it to ``default`` when it is not set."""
        return self.__dict__.setdefault(name, default)

    def __contains__(self, item: str) -> bool:
        return item in self.__dict__

    def __iter__(self) -> t.Iterator[str]:
        return iter(self.__dict__)

    def __repr__(self) -> str:
        ctx = _cv_app.get(None)
        if ctx is not None:
            return f"<{conventions.current().package_name}.g of '{ctx.app.name}'>"
        return object.__repr__(self)


class AppContext:
    """The application context: makes ``current_app`` and ``g`` available.

    It is pushed for each request and CLI command, and can be pushed by hand with
    ``with app.app_context():``.

    :param app: the application.
    """

    def __init__(self, app: Demijohn) -> None:
        self.app = app
        self.g: _AppCtxGlobals = app.app_ctx_globals_class()
        self._cv_tokens: list[contextvars.Token[AppContext]] = []
        self._url_adapter: MapAdapter | object | None = _sentinel

    @property
    def url_adapter(self) -> MapAdapter | None:
        """The URL adapter for building URLs without a request; ``None`` without
        ``SERVER_NAME``. Created on first use."""
        adapter = self._url_adapter
        if adapter is _sentinel:
            adapter = self._url_adapter = self.app.create_url_adapter(None)
        return t.cast("MapAdapter | None", adapter)

    @url_adapter.setter
    def url_adapter(self, value: MapAdapter | None) -> None:
        self._url_adapter = value

    def push(self) -> None:
        """Make this the current application context."""
        token = _cv_app.set(self)
        self._cv_tokens.append(token)
        if signals.appcontext_pushed.receivers:
            try:
                signals.appcontext_pushed.send(self.app, _async_wrapper=self.app.ensure_sync)
            except BaseException:
                self._cv_tokens.pop()
                _cv_app.reset(token)
                raise

    def pop(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Pop this context; on the outermost pop, run the app-context teardown functions.

        :param exc: the unhandled exception to pass to teardown functions; by default the one
            being handled, if any.
        """
        self._pop(exc, teardown=True)

    def _pop(self, exc: BaseException | None, teardown: bool) -> None:
        try:
            if teardown and len(self._cv_tokens) == 1:
                if exc is _sentinel:
                    exc = sys.exc_info()[1]
                self.app.do_teardown_appcontext(exc)
        finally:
            ctx = _cv_app.get(None)
            if ctx is not self:
                raise ContextError(
                    f"Popped the wrong application context ({ctx!r} instead of {self!r})."
                    " Contexts must be popped in the reverse order of pushing."
                )
            _cv_app.reset(self._cv_tokens.pop())
        if signals.appcontext_popped.receivers:
            signals.appcontext_popped.send(self.app, _async_wrapper=self.app.ensure_sync)

    def _finish_deferred(self, exc: BaseException | None) -> None:
        """Run the teardown a streamed response postponed (see
        :meth:`RequestContext.hold_teardown`)."""
        self.app.do_teardown_appcontext(exc)

    def __enter__(self) -> AppContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.app.name!r}>"


class RequestContext:
    """The request context: makes ``request`` and ``session`` available while a request is
    handled.

    Pushing it pushes an application context too when none is active for this app, then matches
    the URL. The session is opened the first time it is used, so a view that never touches the
    session never parses its cookie.

    :param app: the application.
    :param environ: the WSGI environment of the request; ``None`` when ``request`` is given
        and was built without one (by the ASGI driver).
    :param request: an already built request object to use instead of building one.
    :param session: a session to use instead of opening one.
    """

    #: What the driver calls with the request context and its application context before
    #: they are popped, to keep them for later (the test client's ``with client:`` does).
    preserve_context: t.Callable[[t.Any], object] | None = None

    #: The exception a hook or the view raised when an error handler answered it.
    _handled_error: Exception | None = None

    def __init__(
        self,
        app: Demijohn,
        environ: WSGIEnvironment | None,
        request: Request | None = None,
        session: SessionMixin | None = None,
    ) -> None:
        self.app = app
        if request is None:
            if environ is None:
                raise TypeError("A request context needs a WSGI environ or a request.")
            request = app.request_class(environ)
            request.json_module = app.json
        self.request: Request = request
        self._router = app._router()
        self._url_adapter: MapAdapter | object | None = _sentinel
        try:
            if self._router is None:
                self._url_adapter = app.create_url_adapter(request)
            else:
                app.check_request_host(request)
        except HTTPException as e:
            request.routing_exception = e
            self._url_adapter = None
        self.flashes: list[tuple[str, str]] | None = None
        #: The session once opened; ``None`` until then.
        self._opened_session: SessionMixin | None = session
        self._after_request_functions: list[AfterRequestCallable[t.Any]] = []
        self._background_tasks: list[
            tuple[t.Callable[..., t.Any], tuple[t.Any, ...], dict[str, t.Any]]
        ] = []
        #: What call_before_response registered and has not run yet; made by the first. An
        #: instance attribute: the request path reads it twice, and reads those faster.
        self._before_response: list[t.Callable[[BaseException | None], t.Any]] | None = None
        #: The streamed bodies holding teardown (see hold_teardown); made by the first.
        self._teardown_holds: list[_Closable] | None = None
        #: Set when the context was popped while held: its app context and the request's error.
        self._deferred_teardown: tuple[AppContext | None, BaseException | None] | None = None
        self._cv_tokens: list[tuple[contextvars.Token[RequestContext], AppContext | None]] = []

    @property
    def session(self) -> SessionMixin:
        """The session, opened through the app's session interface on first use (a null
        session when the interface cannot open one, for example without a secret key).

        Using it, as the ``session`` proxy does, marks the session
        :attr:`~demijohn.sessions.SessionMixin.accessed`: even reading an attribute such as
        ``session.permanent`` makes the response depend on the cookie (``Vary: Cookie``).
        """
        session = self.open_session()
        session.accessed = True
        return session

    @session.setter
    def session(self, value: SessionMixin) -> None:
        self._opened_session = value

    @property
    def _session(self) -> SessionMixin:
        # Flask's name for the session, which Flask code reads to see whether a request used
        # it: opened here if the request never did, without marking it accessed.
        return self.open_session()

    @_session.setter
    def _session(self, value: SessionMixin) -> None:
        self._opened_session = value

    def open_session(self) -> SessionMixin:
        """The session, opened on first use like :attr:`session`, without marking it
        accessed: for the framework's own work, such as refreshing the cookie."""
        session = self._opened_session
        if session is None:
            interface = self.app.session_interface
            session = interface.open_session(self.app, self.request)
            if session is None:
                session = interface.make_null_session(self.app)
            self._opened_session = session
        return session

    def copy(self) -> RequestContext:
        """A new context for the same request object and session, to use in another thread or
        greenlet (see :func:`copy_current_request_context`). The session is opened now if it
        was not yet, so that changes made through the copy are saved with the response, and
        background tasks added through it run with the request's own."""
        request = self.request
        environ = request.environ if request.has_environ else None
        ctx = type(self)(self.app, environ, request, self.session)
        ctx._background_tasks = self._background_tasks
        return ctx

    @property
    def url_adapter(self) -> MapAdapter | None:
        """The URL map bound to this request, for matching and building URLs. Created on
        first use: most requests are matched by the application's router without it."""
        adapter = self._url_adapter
        if adapter is _sentinel:
            try:
                adapter = self.app.create_url_adapter(self.request)
            except HTTPException as e:
                self.request.routing_exception = e
                adapter = None
            self._url_adapter = adapter
        return t.cast("MapAdapter | None", adapter)

    @url_adapter.setter
    def url_adapter(self, value: MapAdapter | None) -> None:
        self._url_adapter = value

    def match_request(self) -> None:
        """Match the request's URL, setting ``url_rule`` and ``view_args`` on the request, or
        keeping the routing error in ``routing_exception``."""
        request = self.request
        try:
            result: tuple[t.Any, dict[str, t.Any]] | None = None
            # A WebSocket handshake may come without an Upgrade header (over HTTP/2); the
            # router matches HTTP requests only.
            if self._router is not None and not request._may_upgrade:
                result = self._router.match(request.path, request.method)
            if result is None:
                adapter = self.url_adapter
                if adapter is None:
                    return
                result = adapter.match(return_rule=True)  # type: ignore[assignment]  # a (rule, values) pair with return_rule
            request.url_rule, request.view_args = result  # type: ignore[misc]  # checked just above
        except RequestRedirect as e:
            request.routing_exception = _sendable_redirect(e)
        except HTTPException as e:
            request.routing_exception = e

    def push(self) -> None:
        """Make this the current request context (pushing an app context when needed) and
        match the URL."""
        app_ctx = _cv_app.get(None)
        if app_ctx is None or app_ctx.app is not self.app:
            app_ctx = self.app.app_context()
            app_ctx.push()
        else:
            app_ctx = None
        self._cv_tokens.append((_cv_request.set(self), app_ctx))
        request = self.request
        if request.url_rule is None and request.routing_exception is None:
            self.match_request()

    def call_before_response(self, callback: t.Callable[[BaseException | None], t.Any]) -> None:
        """Call ``callback(exc)`` once the response is made, before it is sent: after the view,
        the error handler and the after-request functions, newest callback first. For
        resources a request holds (a database session to commit or roll back), whose failure
        must still change the response.

        ``exc`` is the exception the view or a hook raised, also when an error handler
        answered it, else ``None``. Every callback runs even when another fails. When none
        had failed before, the first failure is handled as if the view had raised it: its
        error handler answers, else a 500; otherwise it is logged. Callbacks added after that
        point (by a teardown function, or while no request is dispatched, as in
        :meth:`~demijohn.Demijohn.test_request_context`) run when this context is popped,
        as teardown functions do.

        :param callback: a function of the exception, or ``None``.

        .. versionadded:: 0.1
        """
        if self._before_response is None:
            self._before_response = []
        self._before_response.append(callback)

    def _run_before_response(self, exc: BaseException | None) -> list[Exception]:
        """Run and forget the callbacks of :meth:`call_before_response`; their failures."""
        failures: list[Exception] = []
        while self._before_response:
            callbacks, self._before_response = self._before_response, None
            for callback in reversed(callbacks):
                try:
                    callback(exc)
                except Exception as e:
                    failures.append(e)
        return failures

    def _release_before_response(self, response: t.Any) -> t.Any:
        """Run the :meth:`call_before_response` callbacks for a dispatched request; the
        response to send: ``response``, or the error response for a callback's failure."""
        exc = self._handled_error
        failures = self._run_before_response(exc)
        if not failures:
            return response
        if exc is not None:
            self.app._report_teardown_failures(failures, exc)
            return response
        first = self._handled_error = failures[0]
        for failure in failures[1:]:
            self.app.logger.error("A before-response callback failed", exc_info=failure)
            first.add_note(f"Another before-response callback also failed: {failure!r}")
        return self.app.finalize_request(
            self.app.handle_user_exception(first), from_error_handler=True
        )

    def hold_teardown(self, stream: _Closable) -> None:
        """Keep the teardown functions from running when this context is popped, until
        ``stream`` releases it with :meth:`release_teardown`: a streamed response whose body
        is generated after the view returned still has its database session and ``g``.

        :param stream: the streamed body; :meth:`close_streams` closes it if the response
            that was to carry it is not sent.
        """
        if self._teardown_holds is None:
            self._teardown_holds = []
        self._teardown_holds.append(stream)

    def release_teardown(self, stream: _Closable, exc: BaseException | None = None) -> None:
        """Release the hold of ``stream`` (once; a stream that holds nothing is ignored). When
        the last is released after the context was popped, the postponed teardown runs now;
        call it where this context is current.

        :param stream: the stream that held teardown.
        :param exc: the exception that ended the stream, if any; else teardown functions
            receive the one the request ended with.
        """
        holds = self._teardown_holds
        if holds is None or stream not in holds:
            return
        holds.remove(stream)
        deferred = self._deferred_teardown
        if holds or deferred is None:
            return
        self._deferred_teardown = None
        app_ctx, request_exc = deferred
        if exc is None:
            exc = request_exc
        try:
            self._teardown(exc)
        finally:
            if app_ctx is not None:
                app_ctx._finish_deferred(exc)

    def close_streams(self) -> None:
        """Close the streamed bodies that still hold teardown, so that it runs: for when the
        response that could have carried them has been sent, or will not be (the view raised
        or returned another response, or an after-request function failed). Every stream is
        closed even when closing one fails; the first failure is raised."""
        failures: list[Exception] = []
        for stream in (self._teardown_holds or ())[::-1]:
            try:
                stream.close()
            except Exception as e:
                failures.append(e)
        if failures:
            for failure in failures[1:]:
                failures[0].add_note(f"Closing another stream also failed: {failure!r}")
            raise failures[0]

    def _teardown(self, exc: BaseException | None) -> None:
        try:
            self.app.do_teardown_request(exc)
        finally:
            try:
                if self._before_response:
                    failures = self._run_before_response(exc)
                    self.app._report_teardown_failures(failures, exc)
            finally:
                self.request.close()

    def pop(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Pop this context. On the outermost pop, run the request teardown functions and
        close the request first; the app context pushed with it is popped too.

        :param exc: the unhandled exception to pass to teardown functions; by default the one
            being handled, if any.
        """
        clear_request = len(self._cv_tokens) == 1
        # PERF: plain branches; this runs on every request.
        deferring = False
        if clear_request and self._teardown_holds:
            deferring = True
        try:
            if clear_request:
                if exc is _sentinel:
                    exc = sys.exc_info()[1]
                if not deferring:
                    self._teardown(exc)
        finally:
            ctx = _cv_request.get(None)
            token, app_ctx = self._cv_tokens.pop()
            _cv_request.reset(token)
            if clear_request and not deferring and self.request.has_environ:
                self.request.environ["werkzeug.request"] = None
            if deferring:
                self._deferred_teardown = (app_ctx, exc)
            if app_ctx is not None:
                app_ctx._pop(exc, teardown=not deferring)
            if ctx is not self:
                raise ContextError(
                    f"Popped the wrong request context ({ctx!r} instead of {self!r})."
                    " Contexts must be popped in the reverse order of pushing."
                )

    def __enter__(self) -> RequestContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.request.url!r}"
            f" [{self.request.method}] of {self.app.name}>"
        )


def after_this_request(f: F) -> F:
    """Run ``f(response)`` after the current request, before the ``after_request`` functions;
    it returns the response to send.

    :param f: the function; it may be used as a decorator inside a view.
    """
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'after_this_request' can only be used while a request is being handled, for"
            " example inside a view or a before_request function."
        )
    ctx._after_request_functions.append(f)
    return f


def copy_current_request_context(f: F) -> F:
    """Bind ``f`` to a copy of the current request context, so that it can run later in
    another thread or greenlet with ``request`` and ``session`` available.

    :param f: the function to bind; usually used as a decorator.
    """
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'copy_current_request_context' can only be used while a request is being"
            " handled, for example inside a view."
        )
    ctx = ctx.copy()

    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        with ctx:
            return ctx.app.ensure_sync(f)(*args, **kwargs)

    return t.cast(F, update_wrapper(wrapper, f))


def has_request_context() -> bool:
    """Whether a request context is active (``request`` and ``session`` can be used)."""
    return _cv_request.get(None) is not None


def has_app_context() -> bool:
    """Whether an application context is active (``current_app`` and ``g`` can be used)."""
    return _cv_app.get(None) is not None


def _sendable_redirect(e: RequestRedirect) -> HTTPException:
    """The routing redirect ``e``, or a 400 when its URL cannot be sent in a ``Location``
    header: the request's query string held a raw CR or LF, which Werkzeug copies into the
    redirect, and which no client sends in a conforming request."""
    if "\r" in e.new_url or "\n" in e.new_url:
        return BadRequest(
            "The request's URL holds a raw line break (CR or LF), which a URL cannot contain."
            " Percent-encode it (%0D, %0A)."
        )
    return e
