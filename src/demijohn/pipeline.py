"""The request pipeline: everything between "a request context is pushed" and "a response
object exists", written once for every protocol.

The steps are short methods an application subclass can override, in the order they run:
:meth:`~RequestPipeline.full_dispatch_request` → :meth:`~RequestPipeline.preprocess_request` →
:meth:`~RequestPipeline.dispatch_request` → :meth:`~RequestPipeline.finalize_request` →
:meth:`~RequestPipeline.make_response` → :meth:`~RequestPipeline.process_response`, with
``handle_*`` methods for errors and ``do_teardown_*`` for clean-up.

Hook chains, error-handler lookups and view callers are prepared once per blueprint scope and
endpoint and cached after the first request, when setup is over; before that they are computed
each time so that setup may still change them. Protocol drivers (WSGI, ASGI) are elsewhere.
"""

from __future__ import annotations

import collections.abc as cabc
import functools
import logging
import sys
import typing as t

from werkzeug.exceptions import BadRequest, BadRequestKeyError, HTTPException, InternalServerError
from werkzeug.routing import RequestRedirect, RoutingException, WebsocketMismatch
from werkzeug.wrappers import Response as BaseResponse

from . import signals
from .calling import (
    async_to_sync,
    describe_function,
    is_async,
    is_async_generator,
    pass_request,
    request_parameter,
    run_blocking,
    wants_parameter,
)
from .globals import _cv_app, _cv_request
from .registries import Revision
from .returns import error_page, needs_environ, renders_plainly, split_tuple
from .routing import LazyView, URLSpaces
from .streaming import AsyncStream

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment
    from werkzeug.routing import Map, Rule

    from .config import Config
    from .ctx import RequestContext
    from .json.provider import JSONProvider
    from .typing import (
        AppOrBlueprintKey,
        ErrorHandlerCallable,
        ResponseReturnValue,
        RouteCallable,
    )
    from .wrappers import Request, Response

_sentinel = object()

Scope = tuple["str | None", ...]


class Hooks(t.NamedTuple):
    """The prepared hook chains of one blueprint scope, in the order they run."""

    url_value: tuple[t.Callable[..., t.Any], ...]
    before: tuple[t.Callable[..., t.Any], ...]
    after: tuple[t.Callable[..., t.Any], ...]
    teardown: tuple[t.Callable[..., t.Any], ...]
    #: The registries' revision these chains were built from.
    revision: int


def _scopes(request: Request) -> Scope:
    """The hook scopes of a request, innermost blueprint first and the app (``None``) last."""
    return (*request.blueprints, None)


class RequestPipeline:
    """The request-handling methods of :class:`~demijohn.Demijohn`.

    This class holds no state of its own beyond the caches of prepared callables; it reads the
    registries that :class:`~demijohn.scaffold.Scaffold` fills.
    """

    # Provided by the application class.
    config: Config
    json: JSONProvider
    if t.TYPE_CHECKING:

        def bind_parameters(
            self, func: t.Any, prepared: t.Any, skip: t.Any = ..., request_name: str | None = ...
        ) -> t.Any: ...

        def log_exception(
            self,
            exc_info: tuple[type[BaseException], BaseException, t.Any] | tuple[None, None, None],
        ) -> None: ...

        @property
        def debug(self) -> bool: ...

        @property
        def testing(self) -> bool: ...

        @property
        def logger(self) -> logging.Logger: ...

    request_class: type[Request]
    response_class: type[Response]
    url_map: Map
    session_interface: t.Any
    view_functions: dict[str, RouteCallable]
    before_request_funcs: dict[AppOrBlueprintKey, list[t.Any]]
    after_request_funcs: dict[AppOrBlueprintKey, list[t.Any]]
    teardown_request_funcs: dict[AppOrBlueprintKey, list[t.Any]]
    teardown_appcontext_funcs: list[t.Any]
    _hook_revision: Revision
    url_value_preprocessors: dict[AppOrBlueprintKey, list[t.Any]]
    error_handler_spec: dict[
        AppOrBlueprintKey, dict[int | None, dict[type[Exception], ErrorHandlerCallable]]
    ]
    _got_first_request: bool
    #: The URL prefixes blueprints own, if any does (see :class:`~demijohn.routing.URLSpaces`).
    _url_spaces: URLSpaces | None = None

    def _init_pipeline(self) -> None:
        #: Prepared hook chains by blueprint name.
        self._hook_plans: dict[str | None, Hooks] = {}
        #: Prepared view callers by endpoint: (registered view, caller).
        self._views: dict[str, tuple[t.Any, t.Callable[..., t.Any]]] = {}
        #: Prepared error handlers by the handler's id: (handler, prepared).
        self._prepared_handlers: dict[int, tuple[t.Any, t.Callable[..., t.Any]]] = {}
        #: Error handlers by (exception class, blueprint name); ``None`` when there is none.
        self._handlers: dict[tuple[type[BaseException], str | None], t.Any] = {}
        #: Encoded error pages by (code, description), for :meth:`_error_page`.
        self._error_pages: dict[tuple[int | None, str | None], bytes] = {}

    # -- preparing callables ----------------------------------------------------------------

    def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        """Return a function that can be called synchronously: ``func`` itself, or for a
        coroutine function a wrapper that runs it to completion (see :meth:`async_to_sync`).

        :param func: a function registered by the application.
        """
        if is_async(func):
            return self.async_to_sync(func)
        return func

    def async_to_sync(
        self, func: t.Callable[..., t.Coroutine[t.Any, t.Any, t.Any]]
    ) -> t.Callable[..., t.Any]:
        """Wrap a coroutine function so that calling it runs it in a fresh event loop. Override
        to run coroutines differently under WSGI.

        :param func: a coroutine function.
        """
        return async_to_sync(func)

    def prepare_callable(
        self, func: t.Callable[..., t.Any], url_values: cabc.Container[str] = ()
    ) -> t.Callable[..., t.Any]:
        """Turn a registered function into what the pipeline calls: synchronous, and given the
        request when it asks for it, with a ``request`` parameter or one annotated with the
        request class (see :func:`~demijohn.calling.request_parameter`), and the values the
        parameter binders give (see :mod:`demijohn.binding`). Done once per function.

        :param func: a view, hook or handler.
        :param url_values: the names of the values the caller passes itself (a view's URL
            variables). A parameter of one of these names gets that value rather than the
            request, as in Flask.
        """
        prepared = self.ensure_sync(func)
        name = request_parameter(func, self.request_class)
        if name is not None and name not in url_values:
            prepared = pass_request(prepared, name)
        return self.bind_parameters(func, prepared, url_values, name)  # type: ignore[no-any-return]

    def _hooks(self, request: Request) -> Hooks:
        """The prepared hook chains of the request's blueprint scope, built once per scope and
        again whenever the hook registries have changed since (an extension may add a hook
        from inside a view, and Flask would run it)."""
        rule = request.url_rule
        revision = self._hook_revision.value
        # Kept on the matched rule too, for this app: the pipeline asks three times a request.
        cached = getattr(rule, "_demijohn_hooks", None)
        if cached is not None and cached[0] is self and cached[1].revision == revision:
            return cached[1]  # type: ignore[no-any-return]
        name = request.blueprint
        hooks = self._hook_plans.get(name)
        if hooks is None or hooks.revision != revision:
            hooks = self._hook_plans[name] = self._build_hooks(request, revision)
        if rule is not None:
            rule._demijohn_hooks = (self, hooks)  # type: ignore[attr-defined]
        return hooks

    def _build_hooks(self, request: Request, revision: int) -> Hooks:
        scopes = _scopes(request)
        return Hooks(
            self._build_chain(self.url_value_preprocessors, scopes, outside_in=True),
            self._build_chain(self.before_request_funcs, scopes, outside_in=True),
            self._build_chain(self.after_request_funcs, scopes, outside_in=False),
            self._build_chain(self.teardown_request_funcs, scopes, outside_in=False),
            revision,
        )

    def _build_chain(
        self, registry: dict[AppOrBlueprintKey, list[t.Any]], scopes: Scope, outside_in: bool
    ) -> tuple[t.Callable[..., t.Any], ...]:
        """The prepared functions of one hook kind for a blueprint scope: outside-in is the app
        first, in registration order; inside-out is the innermost blueprint first, in reverse
        registration order."""
        funcs: list[t.Any] = []
        if outside_in:
            for name in reversed(scopes):
                funcs.extend(registry.get(name, ()))
        else:
            for name in scopes:
                funcs.extend(reversed(registry.get(name, ())))
        return tuple(self.prepare_callable(f) for f in funcs)

    def _view_caller(self, endpoint: str) -> t.Callable[..., t.Any]:
        """The prepared caller of the view registered for ``endpoint``."""
        view = self.view_functions[endpoint]
        cached = self._views.get(endpoint)
        if cached is not None and cached[0] is view:
            return cached[1]
        target = view.resolve() if isinstance(view, LazyView) else view
        caller = self.prepare_callable(target, self.url_variables(endpoint))
        if (
            self.config["ASGI_SYNC_VIEWS_IN_THREADS"]
            and not is_async(target)
            and not is_async_generator(target)
        ):
            caller = functools.partial(run_blocking, caller)
        self._views[endpoint] = (view, caller)
        return caller

    def url_variables(self, endpoint: str) -> set[str]:
        """The names of the values the rules of ``endpoint`` pass its view: URL variables and
        defaults. The parameters an extension's own preparation of the view leaves alone.

        .. versionadded:: 0.1
        """
        try:
            rules = list(self.url_map.iter_rules(endpoint))
        except KeyError:
            # A view registered without a rule (through 'view_functions') gets no values.
            return set()
        return {name for rule in rules for name in rule.arguments}

    # -- the pipeline -----------------------------------------------------------------------

    def handle_request(self, ctx: RequestContext) -> Response:
        """Handle one request: push ``ctx``, run :meth:`full_dispatch_request` (an unhandled
        error becomes :meth:`handle_exception`'s response), pop ``ctx``, return the response.
        Both drivers call it: :meth:`wsgi_app` with the context of an environ, the ASGI
        driver with one whose request it built from the scope. Teardown has run when it
        returns, unless a streamed body holds it (``ctx.close_streams()`` releases it).

        :param ctx: the context of the request, not pushed yet; the driver has started the
            application (``before_serving``) before making it.

        .. versionadded:: 0.1
        """
        error: BaseException | None = None
        response: Response | None = None
        try:
            try:
                ctx.push()
                response = self.full_dispatch_request()
                if ctx._before_response:
                    response = ctx._release_before_response(response)
            except Exception as e:
                error = e
                response = self.handle_exception(e)
            except BaseException as e:
                error = e
                raise
        finally:
            preserve = ctx.preserve_context
            if preserve is not None:
                preserve(_cv_app.get())
                preserve(_cv_request.get())
            if error is not None and self.should_ignore_error(error):
                error = None
            try:
                if ctx._teardown_holds and (response is None or response.is_sequence):
                    # No stream built for this request will be sent: teardown runs now.
                    ctx.close_streams()
            finally:
                ctx.pop(error)
        return response  # type: ignore[return-value]  # set unless an exception propagates

    def full_dispatch_request(self) -> Response:
        """Handle the current request from start to response: send ``request_started``, run
        the before-request hooks and the view, handle errors, and finalize the response."""
        self._got_first_request = True
        try:
            if signals.request_started.receivers:
                signals.request_started.send(self, _async_wrapper=self.ensure_sync)
            rv = self.preprocess_request()
            if rv is None:
                rv = self.dispatch_request()
        except Exception as e:
            _cv_request.get()._handled_error = e  # what call_before_response callbacks see
            rv = self.handle_user_exception(e)
        return self.finalize_request(rv)

    def preprocess_request(self) -> ResponseReturnValue | None:
        """Run the URL value preprocessors, then the before-request functions, app first and
        then each blueprint from the outermost in. A function that returns a value other than
        ``None`` ends the chain, and the value becomes the response."""
        request = _cv_request.get().request
        hooks = self._hooks(request)
        if hooks.url_value:
            endpoint, values = request.endpoint, request.view_args
            for func in hooks.url_value:
                func(endpoint, values)
        for func in hooks.before:
            rv = func()
            if rv is not None:
                return rv  # type: ignore[no-any-return]
        return None

    def dispatch_request(self) -> ResponseReturnValue:
        """Call the view for the matched URL and return what it returns (or raise the routing
        error, or answer an automatic ``OPTIONS`` request)."""
        request = _cv_request.get().request
        if request.routing_exception is not None:
            self.raise_routing_exception(request)
        rule: Rule = request.url_rule  # type: ignore[assignment]
        if rule.websocket:
            return self.dispatch_websocket(request, rule)
        if request.method == "OPTIONS" and getattr(rule, "provide_automatic_options", False):
            return self.make_default_options_response()
        view_args: dict[str, t.Any] = request.view_args  # type: ignore[assignment]  # set with url_rule
        return self._view_caller(rule.endpoint)(**view_args)  # type: ignore[no-any-return]

    def dispatch_websocket(self, request: Request, rule: Rule) -> ResponseReturnValue:
        """Call the WebSocket handler for the matched URL.

        The handler gets the :class:`~demijohn.websocket.WebSocket` in a parameter named
        ``websocket`` (also ``request.websocket``). Once it has accepted the connection its
        return value is ignored; if it returns without accepting, what it returns (or a 403)
        answers the handshake. A client that disconnects ends the handler quietly.

        :param request: the handshake request.
        :param rule: the matched rule.
        """
        from .websocket import UpgradeRequired, WebSocketDisconnect

        websocket = request.websocket
        if websocket is None:
            raise UpgradeRequired()
        view_args = dict(t.cast("dict[str, t.Any]", request.view_args))
        if self._wants_websocket(rule.endpoint):
            view_args["websocket"] = websocket
        try:
            rv = self._view_caller(rule.endpoint)(**view_args)
        except WebSocketDisconnect:
            rv = None
        if websocket.accepted or websocket.state == "closed":
            return self.response_class(status=204)
        if rv is None:
            return self.response_class("The WebSocket handshake was rejected.", status=403)
        return rv  # type: ignore[no-any-return]

    def _wants_websocket(self, endpoint: str) -> bool:
        view = self.view_functions[endpoint]
        target = view.resolve() if isinstance(view, LazyView) else view
        return wants_parameter(target, "websocket")

    def raise_routing_exception(self, request: Request) -> t.NoReturn:
        """Raise the error that URL matching recorded. In debug mode a redirect that would
        drop a form body raises :class:`~demijohn.debughelpers.FormDataRoutingRedirect`.

        :param request: the request whose ``routing_exception`` to raise.
        """
        exc = t.cast(HTTPException, request.routing_exception)
        if isinstance(exc, WebsocketMismatch):
            adapter = _cv_request.get().url_adapter
            if adapter is None or not adapter.websocket:
                # Only a WebSocket rule matched this plain HTTP request: say how to connect.
                from .websocket import UpgradeRequired

                raise UpgradeRequired() from None
        if (
            not self.debug
            or not isinstance(exc, RequestRedirect)
            or exc.code in (307, 308)
            or request.method in ("GET", "HEAD", "OPTIONS")
        ):
            raise exc
        from .debughelpers import FormDataRoutingRedirect

        raise FormDataRoutingRedirect(request)

    def make_default_options_response(self) -> Response:
        """The response to an automatic ``OPTIONS`` request: empty, with ``Allow`` listing the
        methods the URL accepts."""
        adapter = _cv_request.get().url_adapter
        methods = adapter.allowed_methods()  # type: ignore[union-attr]
        rv = self.response_class()
        rv.allow.update(methods)
        return rv

    def finalize_request(
        self, rv: ResponseReturnValue | HTTPException, from_error_handler: bool = False
    ) -> Response:
        """Turn a view's return value into the response to send, and process it.

        :param rv: what the view (or a hook or error handler) returned.
        :param from_error_handler: the response is already for an error; a failure while
            processing it is logged instead of raised, so it cannot hide the first error.
        """
        response = self.make_response(rv)
        try:
            response = self.process_response(response)
            if signals.request_finished.receivers:
                signals.request_finished.send(
                    self, _async_wrapper=self.ensure_sync, response=response
                )
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def process_response(self, response: Response) -> Response:
        """Run the ``after_this_request`` callbacks, then the after-request functions (innermost
        blueprint first, each scope in reverse order), then save the session if it was used.

        :param response: the response so far; each function returns the one to continue with.
        """
        ctx = _cv_request.get()
        for func in ctx._after_request_functions:
            response = self.ensure_sync(func)(response)
            if response is None:
                raise _returned_no_response(func)
        for func in self._hooks(ctx.request).after:
            response = func(response)
            if response is None:
                raise _returned_no_response(func)
        self._save_session(ctx, response)
        return response

    def _save_session(self, ctx: RequestContext, response: Response) -> None:
        """Save the session if the request opened it, or if its cookie must be refreshed.

        A session nobody read is not opened, except when the client sent a session cookie and
        ``SESSION_REFRESH_EACH_REQUEST`` is on: a permanent session's expiry then moves forward
        on every request, as users of cookie sessions expect.
        """
        session = ctx._opened_session
        if session is None:
            # Most requests have no cookie at all: the rest of the check is skipped.
            if not ctx.request._sent_cookies or not self._session_needs_refresh(ctx.request):
                return
            session = ctx.open_session()
        if not self.session_interface.is_null_session(session):
            self.session_interface.save_session(self, session, response)

    def _session_needs_refresh(self, request: Request) -> bool:
        return (
            request._sent_cookies
            and bool(self.config["SESSION_REFRESH_EACH_REQUEST"])
            and self.session_interface.get_cookie_name(self) in request.cookies
        )

    # -- return values ----------------------------------------------------------------------

    def make_response(self, rv: ResponseReturnValue | HTTPException) -> Response:
        """Convert a view's return value into an instance of :attr:`response_class`.

        Accepted: a response object; ``str``, ``bytes`` or ``bytearray`` as the body; a ``dict``
        or ``list`` as JSON; a generator or iterator, or an async generator or iterable, as a
        streamed body; any other WSGI callable;
        or a tuple ``(body, status, headers)``, ``(body, status)`` or ``(body, headers)``.

        :param rv: the return value.
        """
        if type(rv) is str:
            # PERF: the commonest return value, built without the generic constructor.
            response = self.response_class.from_text(rv)
            if response is not None:
                return response
        elif type(rv) is dict or type(rv) is list:
            # PERF: the next commonest; a plain dict or list is neither an iterator nor an
            # async iterable, so the ABC checks below can be skipped.
            return self.json.response(rv)
        status: t.Any = None
        headers: t.Any = None
        if type(rv) is tuple:
            rv, status, headers = split_tuple(rv)
        if rv is None:
            raise TypeError(
                f"The view function for {self._current_endpoint()!r} did not return a valid"
                " response. The function either returned None or ended without a return"
                " statement. Return a string, dict, list, tuple, response object or WSGI"
                " callable."
            )
        if not isinstance(rv, self.response_class):
            rv, status, headers = self._convert_body(rv, status, headers)
        response = rv
        if status is not None:
            if isinstance(status, str | bytes | bytearray):
                response.status = status  # type: ignore[assignment]
            else:
                response.status_code = status
        if headers:
            response.headers.update(headers)
        return response

    def _convert_body(
        self, rv: t.Any, status: t.Any, headers: t.Any
    ) -> tuple[Response, t.Any, t.Any]:
        """Make a response object from a body that is not one yet. Returns it with the status
        and headers still to apply (``None`` when the constructor took them)."""
        if isinstance(rv, HTTPException) and renders_plainly(type(rv)):
            page = self._error_page(rv)
            if page is not None:
                return page, status, headers
        if isinstance(rv, str | bytes | bytearray | cabc.Iterator):
            body: t.Any = rv
            return self.response_class(body, status=status, headers=headers), None, None
        if isinstance(rv, cabc.AsyncIterable):
            body = AsyncStream(rv)
            return self.response_class(body, status=status, headers=headers), None, None
        if isinstance(rv, dict | list):
            return self.json.response(rv), status, headers
        if isinstance(rv, HTTPException):
            # The error's own response, built directly rather than by calling the error as a
            # WSGI application, which would give a streamed body.
            environ = _environ_for_error(rv)
            response = self.response_class.force_type(rv.get_response(environ), environ)
            return t.cast("Response", response), status, headers
        if isinstance(rv, BaseResponse) or callable(rv):
            return self._coerce_response(rv), status, headers
        raise TypeError(
            "The view function did not return a valid response. The return type must be a"
            " string, dict, list, tuple with headers or status, Response instance, or WSGI"
            f" callable, but it was a {type(rv).__name__}."
        )

    def _error_page(self, e: HTTPException) -> Response | None:
        """The page of an HTTP error as :attr:`response_class`, made once per code and
        description (see :func:`~demijohn.returns.error_page`)."""
        return error_page(self.response_class, e, self._error_pages)

    def _coerce_response(self, rv: t.Any) -> Response:
        if isinstance(rv, BaseResponse):
            environ = None  # not needed to change a response's class
        else:
            # A WSGI application is called with the request's environ, made now if needed.
            ctx = _cv_request.get(None)
            environ = ctx.request.environ if ctx is not None else None
        try:
            return self.response_class.force_type(rv, environ)  # type: ignore[return-value]
        except TypeError as e:
            raise TypeError(
                f"{e}\nThe view function did not return a valid response. The return type"
                " must be a string, dict, list, tuple with headers or status, Response"
                f" instance, or WSGI callable, but it was a {type(rv).__name__}."
            ).with_traceback(sys.exc_info()[2]) from None

    @staticmethod
    def _current_endpoint() -> str | None:
        ctx = _cv_request.get(None)
        return ctx.request.endpoint if ctx is not None else None

    # -- errors -----------------------------------------------------------------------------

    def _find_error_handler(
        self, e: Exception, blueprints: list[str]
    ) -> ErrorHandlerCallable | None:
        """The handler for ``e``: handlers for its HTTP code first, then for its class along the
        MRO; within each, the innermost blueprint first and the app last.

        :param e: the exception.
        :param blueprints: the request's blueprints, innermost first.
        """
        exc_class = type(e)
        key = (exc_class, blueprints[0] if blueprints else None)
        if key in self._handlers:
            return self._handlers[key]  # type: ignore[no-any-return]
        code = e.code if isinstance(e, HTTPException) else None
        handler = self._lookup_handler(exc_class, code, (*blueprints, None))
        if self._got_first_request:
            self._handlers[key] = handler
        return handler

    def _lookup_handler(
        self, exc_class: type[Exception], code: int | None, scopes: Scope
    ) -> ErrorHandlerCallable | None:
        for c in (code, None) if code is not None else (None,):
            for name in scopes:
                handler_map = self.error_handler_spec.get(name, {}).get(c)
                if not handler_map:
                    continue
                for cls in exc_class.__mro__:
                    handler = handler_map.get(cls)
                    if handler is not None:
                        return handler
        return None

    def _call_handler(self, handler: ErrorHandlerCallable, e: Exception) -> t.Any:
        """Call an error handler, prepared once (its signature is not read per error)."""
        cached = self._prepared_handlers.get(id(handler))
        if cached is not None and cached[0] is handler:
            return cached[1](e)
        prepared = self.prepare_callable(handler)
        if self._got_first_request:
            self._prepared_handlers[id(handler)] = (handler, prepared)
        return prepared(e)

    def handle_http_exception(self, e: HTTPException) -> HTTPException | ResponseReturnValue:
        """Handle an HTTP error: call the registered handler, or return the error itself as
        the response. Routing redirects and code-less errors are returned unchanged.

        :param e: the HTTP error.
        """
        if e.code is None or isinstance(e, RoutingException):
            return e
        blueprints = _cv_request.get().request.blueprints
        if not blueprints and self._url_spaces is not None:
            return self._url_spaces.handle(self, e)  # perhaps under a blueprint's prefix
        handler = self._find_error_handler(e, blueprints)
        if handler is None:
            return e
        return self._call_handler(handler, e)  # type: ignore[no-any-return]

    def trap_http_exception(self, e: Exception) -> bool:
        """Whether an HTTP error should be raised like any other exception instead of being
        turned into its response (``TRAP_HTTP_EXCEPTIONS``, ``TRAP_BAD_REQUEST_ERRORS``).

        :param e: the HTTP error.
        """
        if self.config["TRAP_HTTP_EXCEPTIONS"]:
            return True
        trap_bad_request = self.config["TRAP_BAD_REQUEST_ERRORS"]
        if trap_bad_request is None and self.debug and isinstance(e, BadRequestKeyError):
            return True
        if trap_bad_request:
            return isinstance(e, BadRequest)
        return False

    def handle_user_exception(self, e: Exception) -> HTTPException | ResponseReturnValue:
        """Handle an exception raised by a hook or view: HTTP errors go to
        :meth:`handle_http_exception`; others to their registered handler, or are raised again
        (and reach :meth:`handle_exception`).

        :param e: the exception.
        """
        if isinstance(e, BadRequestKeyError) and (
            self.debug or self.config["TRAP_BAD_REQUEST_ERRORS"]
        ):
            e.show_exception = True
        if isinstance(e, HTTPException) and not self.trap_http_exception(e):
            return self.handle_http_exception(e)
        handler = self._find_error_handler(e, _cv_request.get().request.blueprints)
        if handler is None:
            raise e
        return self._call_handler(handler, e)  # type: ignore[no-any-return]

    def handle_exception(self, e: Exception) -> Response:
        """Handle an exception nothing else handled: send ``got_request_exception``, then
        re-raise it when exceptions propagate (``PROPAGATE_EXCEPTIONS``, testing or debug),
        else log it and answer 500 through the handler for
        :class:`~werkzeug.exceptions.InternalServerError`, if any.

        :param e: the exception.
        """
        exc_info = sys.exc_info()
        if signals.got_request_exception.receivers:
            signals.got_request_exception.send(self, _async_wrapper=self.ensure_sync, exception=e)
        propagate = self.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            propagate = self.testing or self.debug
        if propagate:
            if exc_info[1] is e:
                raise
            raise e
        self.log_exception(exc_info)
        server_error: InternalServerError | ResponseReturnValue
        server_error = InternalServerError(original_exception=e)
        handler = self._find_error_handler(server_error, _cv_request.get().request.blueprints)
        if handler is not None:
            server_error = self._call_handler(handler, server_error)
        return self.finalize_request(server_error, from_error_handler=True)

    def should_ignore_error(self, error: BaseException | None) -> bool:
        """Whether teardown functions should see ``error`` as ``None``. Never, by default.

        :param error: the unhandled exception.
        """
        return False

    # -- teardown ---------------------------------------------------------------------------

    def do_teardown_request(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Run the request teardown functions (innermost blueprint first, each scope in reverse
        order), then send ``request_tearing_down``. Every function runs even when another
        fails; see :meth:`_report_teardown_failures` for what happens to the failures.

        :param exc: the unhandled exception, or ``None``; by default the one being handled.
        """
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        request = _cv_request.get().request
        funcs = self._hooks(request).teardown
        if not funcs and not signals.request_tearing_down.receivers:
            return
        failures = _run_all(funcs, exc)
        if signals.request_tearing_down.receivers:
            failures.extend(_run_all((self._send_tearing_down,), exc))
        self._report_teardown_failures(failures, exc)

    def _send_tearing_down(self, exc: BaseException | None) -> None:
        signals.request_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=exc)

    def do_teardown_appcontext(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Run the app-context teardown functions in reverse order, then send
        ``appcontext_tearing_down``. Every function runs even when another fails.

        :param exc: the unhandled exception, or ``None``; by default the one being handled.
        """
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        if not self.teardown_appcontext_funcs and not signals.appcontext_tearing_down.receivers:
            return
        # App-context teardown also runs with no request (CLI commands, app_context()), so
        # these functions are not given one.
        funcs = [self.ensure_sync(f) for f in reversed(self.teardown_appcontext_funcs)]
        failures = _run_all(funcs, exc)
        if signals.appcontext_tearing_down.receivers:
            failures.extend(_run_all((self._send_appcontext_tearing_down,), exc))
        self._report_teardown_failures(failures, exc)

    def _send_appcontext_tearing_down(self, exc: BaseException | None) -> None:
        signals.appcontext_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=exc)

    def _report_teardown_failures(
        self, failures: list[Exception], exc: BaseException | None
    ) -> None:
        """Teardown failures never hide the error that was already being handled: with one, they
        are only logged. Without one, the first failure is raised, after the others are logged
        and noted on it."""
        if not failures:
            return
        if exc is not None:
            for failure in failures:
                self.logger.error(
                    "A teardown function failed while an error was being handled",
                    exc_info=failure,
                )
            return
        first, rest = failures[0], failures[1:]
        for failure in rest:
            self.logger.error("A teardown function failed", exc_info=failure)
            first.add_note(f"Another teardown function also failed: {failure!r}")
        raise first


def _environ_for_error(e: HTTPException) -> WSGIEnvironment | None:
    """The request's environ for an error whose class may read it (made now if needed), else
    only the one that exists already."""
    ctx = _cv_request.get(None)
    if ctx is None:
        return None
    request = ctx.request
    return request.environ if request.has_environ or needs_environ(type(e)) else None


def _run_all(
    funcs: cabc.Iterable[t.Callable[[BaseException | None], t.Any]], exc: BaseException | None
) -> list[Exception]:
    """Call each function with ``exc``; return the exceptions they raised, in order."""
    failures: list[Exception] = []
    for func in funcs:
        try:
            func(exc)
        except Exception as e:
            failures.append(e)
    return failures


def _returned_no_response(func: t.Callable[..., t.Any]) -> TypeError:
    """The error for an after-request function that returned ``None``: without it the next
    function, or the server, fails on ``None`` far from the cause."""
    return TypeError(
        f"The after-request function {describe_function(func)} returned None. An after-request"
        " function receives the response and must return it, or a response object that"
        " replaces it: end the function with 'return response'."
    )


__all__ = ["RequestPipeline"]
