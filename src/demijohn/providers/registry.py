"""The providers of one application: registering them, working out once what each provider
and each function that asks for one needs (its *plan*), and giving the values.

:class:`Providers` is an extension object, as Flask extensions are: ``Providers(app)`` keeps
itself in ``app.extensions``, adds a parameter binder (:mod:`demijohn.binding`) so that
views, hooks and error handlers receive provided values, and adds its check to
``demijohn check``. Plans are made when a function is first prepared (at the latest on the
first request that uses it) and when the application starts serving; a request only looks
its values up, or makes them.
"""

from __future__ import annotations

import collections.abc as cabc
import contextlib
import functools
import inspect
import threading
import typing as t
import uuid
import weakref

from demijohn import Blueprint, Request, request
from demijohn.calling import describe_function, is_async, run_blocking, run_coroutine
from demijohn.errors import DemijohnError

from . import scopes
from .checks import check_providers
from .errors import ProviderError
from .globals import expose
from .provider import Exit, Lifetime, Provider

if t.TYPE_CHECKING:
    from demijohn import Demijohn
    from demijohn.blueprints import BlueprintSetupState

T = t.TypeVar("T")
F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: The key of ``app.extensions`` under which the application's :class:`Providers` is kept.
EXTENSION_KEY = "demijohn.providers"
#: Where :mod:`demijohn.settings` keeps an application's typed settings.
SETTINGS_KEY = "demijohn.settings"
#: The types a URL value may be annotated with when a provider takes one.
URL_VALUE_TYPES = (str, int, float, bool, uuid.UUID)

_MISSING = object()
_BY_NAME = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)

#: How a dependency is given: from the scope of the call (``None`` for app-lived values).
Resolve = t.Callable[[t.Any], t.Any]


class Plan(t.NamedTuple):
    """What one provider needs, worked out once."""

    #: Each parameter's name and how its value is given.
    dependencies: tuple[tuple[str, Resolve], ...]


class Providers:
    """The providers of an application (or of a blueprint, added to each application the
    blueprint is registered on).

    ::

        providers = Providers(app)

        @providers.provide
        def get_db() -> Iterator[sqlite3.Connection]:
            db = sqlite3.connect("shop.db")
            yield db
            db.commit()
            db.close()

        @app.get("/products")
        def products(db: sqlite3.Connection):
            ...

    :param app_or_blueprint: the application or blueprint.

    .. versionadded:: 0.1
    """

    def __init__(self, app_or_blueprint: Demijohn | Blueprint) -> None:
        self._providers: list[Provider[t.Any]] = []
        self._by_type: dict[t.Any, Provider[t.Any]] = {}
        self._plans: dict[Provider[t.Any], Plan] = {}
        self._overrides: dict[Provider[t.Any], Provider[t.Any]] = {}
        self._app_values: dict[Provider[t.Any], t.Any] = {}
        self._app_exits: list[tuple[Provider[t.Any], Exit]] = []
        self._lock = threading.Lock()
        # Weak: a function made for one call (a lambda given to call()) must not be kept.
        self._bindings: weakref.WeakKeyDictionary[t.Any, dict[str, t.Callable[[], t.Any]]] = (
            weakref.WeakKeyDictionary()
        )
        self._app: Demijohn | None = None
        self._serving_registered = False
        self._late_registered = False
        if isinstance(app_or_blueprint, Blueprint):
            self._blueprint: Blueprint | None = app_or_blueprint
            app_or_blueprint.record(self._add_to_app)
            return
        self._blueprint = None
        app = app_or_blueprint
        if EXTENSION_KEY in app.extensions:
            raise ProviderError(
                f"The application {app.name!r} already has its Providers. Create them once,"
                " where the application is created, and find them with 'Providers.of(app)'."
            )
        self._app = app
        app.extensions[EXTENSION_KEY] = self
        app.add_parameter_binder(self._bind)
        app.add_check(functools.partial(check_providers, self))
        app.before_serving(self._start)

    @classmethod
    def of(cls, app: Demijohn) -> Providers:
        """The providers of ``app``.

        :raises DemijohnError: the application has none.
        """
        providers = app.extensions.get(EXTENSION_KEY)
        if not isinstance(providers, cls):
            raise DemijohnError(
                f"The application {app.name!r} has no providers. Create them with"
                " 'Providers(app)' where the application is created."
            )
        return providers

    @property
    def app(self) -> Demijohn:
        """The application these providers belong to."""
        if self._app is None:
            raise DemijohnError(
                f"These are the providers of the blueprint {self._blueprint.name!r};"  # type: ignore[union-attr]
                " values are given by an application's. Use 'Providers.of(app)'."
            )
        return self._app

    # -- registering -----------------------------------------------------------------------

    @t.overload
    def provide(self, func: t.Callable[..., cabc.AsyncIterator[T]], /) -> Provider[T]: ...
    @t.overload
    def provide(self, func: t.Callable[..., cabc.Iterator[T]], /) -> Provider[T]: ...
    @t.overload
    def provide(self, func: t.Callable[..., cabc.Awaitable[T]], /) -> Provider[T]: ...
    @t.overload
    def provide(self, func: t.Callable[..., T], /) -> Provider[T]: ...
    @t.overload
    def provide(
        self,
        func: None = None,
        /,
        *,
        lifetime: Lifetime | str = ...,
        provides: t.Any = ...,
        eager: bool = ...,
        by_type: bool = ...,
        after_response: bool = ...,
    ) -> _Decorator: ...
    def provide(
        self,
        func: t.Callable[..., t.Any] | None = None,
        /,
        *,
        lifetime: Lifetime | str = Lifetime.REQUEST,
        provides: t.Any = None,
        eager: bool = False,
        by_type: bool = True,
        after_response: bool = False,
    ) -> t.Any:
        """Register ``func`` as a provider; returns the :class:`Provider`. Usable as a
        decorator, with or without arguments.

        Its parameters are its dependencies, given by what each asks for: another provider
        (by type, or ``Annotated[T, provider]``), the request (a parameter named ``request``
        or annotated with the request class), the application's typed settings (annotated
        with their class), or a URL value of the request by name (annotated with ``str``,
        ``int``, ``float``, ``bool`` or ``UUID``, or not at all; a default is used when the
        URL has no such value).

        :param func: the function that makes the value (see :class:`Provider`).
        :param lifetime: ``"app"``, ``"request"`` (the default) or ``"transient"``.
        :param provides: the type the value is asked for by, when it is not the function's
            return annotation.
        :param eager: make an app-lived value when the application starts serving.
        :param by_type: whether a parameter annotated with the type gets the value; when
            false, only ``Annotated[T, provider]`` does.
        :param after_response: tear a request-lived value down after the response, once a
            streamed body is sent, instead of before the response is sent.
        :raises ProviderError: another provider already gives that type.
        """

        def register(func: t.Callable[..., t.Any]) -> Provider[t.Any]:
            provider: Provider[t.Any] = Provider(
                func,
                lifetime=lifetime,
                provides=provides,
                eager=eager,
                by_type=by_type,
                after_response=after_response,
            )
            self.add(provider)
            return provider

        if func is not None:
            return register(func)
        return register

    def add(self, provider: Provider[t.Any]) -> Provider[t.Any]:
        """Register a :class:`Provider` made elsewhere (a library's, say); returns it.

        :raises ProviderError: another provider already gives its type.
        """
        if provider in self._providers:
            return provider
        key = provider.provides
        if key is not None and provider.by_type:
            other = self._by_type.get(key)
            if other is not None:
                raise ProviderError(
                    f"Both {other.name} and {provider.name} provide {_describe_type(key)}, so a"
                    " parameter of that type could not tell which to use. Register one of them"
                    " with 'by_type=False' and ask for it with 'Annotated[T, provider]'."
                )
            self._by_type[key] = provider
        self._providers.append(provider)
        if self._app is not None and provider.lifetime is Lifetime.APP:
            self._close_when_serving_stops()
        if self._app is not None and provider.after_response and not self._late_registered:
            # Only applications with such a provider run this at each request's end.
            self._late_registered = True
            self._app.teardown_request(_close_late_scope)
        return provider

    def _add_to_app(self, state: BlueprintSetupState) -> None:
        """Add a blueprint's providers to the application it is registered on."""
        app_providers = state.app.extensions.get(EXTENSION_KEY)
        if app_providers is None:
            app_providers = Providers(state.app)
        for provider in self._providers:
            app_providers.add(provider)

    def _close_when_serving_stops(self) -> None:
        if not self._serving_registered:
            self._serving_registered = True
            self.app.after_serving(self.close)

    @property
    def providers(self) -> list[Provider[t.Any]]:
        """The registered providers, in the order they were registered."""
        return list(self._providers)

    # -- plans -------------------------------------------------------------------------------

    def plan(self, provider: Provider[t.Any]) -> Plan:
        """What ``provider`` needs, worked out on first use and kept; every provider it
        depends on is planned too.

        :raises ProviderError: a cycle, a value that would outlive a dependency, or a
            dependency nothing gives.
        """
        plan = self._plans.get(provider)
        if plan is None:
            plan = self._make_plan(provider, ())
        return plan

    def _make_plan(self, provider: Provider[t.Any], path: tuple[Provider[t.Any], ...]) -> Plan:
        if provider in path:
            chain = " -> ".join(each.name for each in (*path[path.index(provider) :], provider))
            raise ProviderError(
                f"The providers depend on each other in a cycle: {chain}. No value in it can be"
                " made first. Break the cycle: have one of them take what it needs from"
                " another provider that depends on none of them."
            )
        signature = _signature(provider.func)
        dependencies = []
        for parameter in signature.parameters.values():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.kind not in _BY_NAME:
                raise ProviderError(
                    f"The parameter {parameter.name!r} of the provider {provider.name} is"
                    " positional-only, but dependencies are passed by name. Remove the '/'."
                )
            resolve = self._dependency(provider, parameter, (*path, provider))
            dependencies.append((parameter.name, resolve))
        plan = self._plans[provider] = Plan(tuple(dependencies))
        return plan

    def _dependency(
        self,
        provider: Provider[t.Any],
        parameter: inspect.Parameter,
        path: tuple[Provider[t.Any], ...],
    ) -> Resolve:
        """How one parameter of a provider is given, checked against its lifetime."""
        found = self._find(parameter)
        app_lived = provider.lifetime is Lifetime.APP
        if isinstance(found, Provider):
            if found not in self._plans:
                self._make_plan(found, path)
            if app_lived and found.lifetime is not Lifetime.APP:
                raise _outlives(provider, parameter.name, found)
            if (
                provider.after_response
                and found.lifetime is not Lifetime.APP
                and not found.after_response
            ):
                raise ProviderError(
                    f"The provider {provider.name} is torn down after the response, but its"
                    f" parameter {parameter.name!r} asks for {found.name}, which is torn down"
                    " before the response is sent: the value would be used after its"
                    f" teardown. Give {found.name} 'after_response=True' too, or make it"
                    " app-lived."
                )
            return functools.partial(self._get, found)
        if found is _SETTINGS:
            return self._settings
        if app_lived:
            what = "the request" if found is _REQUEST else f"the URL value {parameter.name!r}"
            raise ProviderError(
                f"The app-lived provider {provider.name} asks for {what} in its parameter"
                f" {parameter.name!r}, but it is made once for the application, outside any"
                " request. Make it lifetime='request', or give it only app-lived values and"
                " settings."
            )
        if found is _REQUEST:
            return _request
        annotation = parameter.annotation
        if not _is_url_value_type(annotation):
            raise ProviderError(
                f"The parameter {parameter.name!r} of the provider {provider.name} asks for"
                f" {_describe_type(annotation)}, which no provider gives. Register a provider"
                " that returns it, or ask for it with 'Annotated[T, provider]'."
            )
        return functools.partial(_url_value, parameter.name, parameter.default)

    def _find(self, parameter: inspect.Parameter) -> t.Any:
        """What a parameter asks for: a :class:`Provider`, the request, the settings, or
        ``None`` for nothing providers know of."""
        annotation = parameter.annotation
        if t.get_origin(annotation) is t.Annotated:
            annotation, *metadata = t.get_args(annotation)
            for marker in metadata:
                if isinstance(marker, Provider):
                    return marker
        if parameter.name == "request":
            return _REQUEST
        if isinstance(annotation, type):
            if issubclass(annotation, Request):
                return _REQUEST
            settings = self._app.extensions.get(SETTINGS_KEY) if self._app else None
            if settings is not None and isinstance(settings, annotation):
                return _SETTINGS
        if isinstance(annotation, str):
            return self._by_name(annotation)
        try:
            return self._by_type.get(annotation)
        except TypeError:  # an annotation that cannot be a key
            return None

    def _by_name(self, annotation: str) -> Provider[t.Any] | None:
        """The provider of the one type named ``annotation``: an annotation left unevaluated
        because it (or another of the function's) names something only imported under
        ``TYPE_CHECKING``, or defined where the function's module cannot see it."""
        name = annotation.strip().rpartition(".")[2]
        found = [
            provider
            for key, provider in self._by_type.items()
            if getattr(key, "__name__", None) == name
        ]
        return found[0] if len(found) == 1 else None

    def check(self) -> None:
        """Plan every provider now, so that a mistake stops start-up rather than a request.

        :raises ProviderError: the first mistake found.
        """
        for provider in list(self._providers):
            self.plan(provider)

    def problems(self) -> list[tuple[Provider[t.Any], ProviderError]]:
        """Every provider that cannot be planned, with why."""
        found = []
        for provider in list(self._providers):
            try:
                self.plan(provider)
            except ProviderError as e:
                found.append((provider, e))
        return found

    def _start(self) -> None:
        """When the application starts serving: plan every provider, make the eager ones."""
        self.check()
        for provider in self._providers:
            if provider.eager:
                self._get(provider, None)

    # -- giving values ---------------------------------------------------------------------

    def _get(self, provider: Provider[T], scope: scopes.Scope | None) -> T:
        """The value of ``provider`` for the code running now."""
        if self._overrides:
            provider = self._overrides.get(provider, provider)
        lifetime = provider.lifetime
        if lifetime is Lifetime.REQUEST:
            if scope is None:
                scope = scopes.current_scope()
            values = scope.values
            value = values.get(provider, _MISSING)
            if value is _MISSING:
                value = values[provider] = self._make(provider, scope)
            return value  # type: ignore[no-any-return]
        if lifetime is Lifetime.APP:
            value = self._app_values.get(provider, _MISSING)
            if value is _MISSING:
                value = self._make_app_value(provider)
            return value  # type: ignore[no-any-return]
        if scope is None:
            scope = scopes.current_scope()
        return self._make(provider, scope)

    def _make(self, provider: Provider[T], scope: scopes.Scope) -> T:
        plan = self._plans.get(provider) or self.plan(provider)
        dependencies = plan.dependencies
        kwargs = {name: resolve(scope) for name, resolve in dependencies} if dependencies else {}
        return provider.make(
            kwargs, scope.push_late_exit if provider.after_response else scope.push_exit
        )

    def _make_app_value(self, provider: Provider[T]) -> T:
        """Make an app-lived value once, even when several requests ask at the same time."""
        plan = self._plans.get(provider) or self.plan(provider)
        # Dependencies first, each behind the lock in turn, so the lock is never taken twice.
        kwargs = {name: resolve(None) for name, resolve in plan.dependencies}
        if not self._lock.acquire(blocking=False):
            # Under ASGI the holder may be a greenlet on this thread, waiting for the loop.
            run_blocking(self._lock.acquire)
        try:
            value = self._app_values.get(provider, _MISSING)
            if value is _MISSING:
                value = provider.make(kwargs, lambda exit: self._app_exits.append((provider, exit)))
                self._app_values[provider] = value
            return value  # type: ignore[no-any-return]
        finally:
            self._lock.release()

    def _settings(self, scope: t.Any) -> t.Any:
        return self.app.extensions[SETTINGS_KEY]

    def get(self, target: Provider[T] | type[T]) -> T:
        """The value a provider (or the provider of a type) gives the code running now: in a
        request, a view's; in a :meth:`scope` block, the block's.

        :raises ProviderError: no provider gives that type.
        :raises NoScopeError: a request-lived value outside a request and a scope.
        """
        provider = self._provider(target)
        self.plan(provider)
        return t.cast(T, self._get(provider, None))

    def _provider(self, target: t.Any) -> Provider[t.Any]:
        if isinstance(target, Provider):
            return target
        provider = self._by_type.get(target)
        if provider is None:
            raise ProviderError(
                f"No provider gives {_describe_type(target)}. Register one with"
                " '@providers.provide' on a function that returns it."
            )
        return provider

    def close(self) -> None:
        """Tear down the app-lived values, newest first (the application does when it stops
        serving); every teardown runs, and the first failure is raised. Values asked for
        afterwards are made again."""
        self._close_app_values(None)

    def _close_app_values(self, only: Provider[t.Any] | None) -> None:
        failures: list[Exception] = []
        for provider, exit in reversed(list(self._app_exits)):
            if only is not None and provider is not only:
                continue
            self._app_exits.remove((provider, exit))
            try:
                exit(None)
            except Exception as e:
                failures.append(e)
        if only is None:
            self._app_values.clear()
        else:
            self._app_values.pop(only, None)
        if failures:
            for failure in failures[1:]:
                failures[0].add_note(f"Another provider's teardown also failed: {failure!r}")
            raise failures[0]

    # -- injection -------------------------------------------------------------------------

    def _bind(
        self, func: t.Callable[..., t.Any], parameter: inspect.Parameter
    ) -> t.Callable[[], t.Any] | None:
        """The parameter binder (see :mod:`demijohn.binding`): a parameter that asks for a
        provided value, or for the settings, gets it at each call."""
        found = self._find(parameter)
        if found is _SETTINGS:
            return functools.partial(self._settings, None)
        if not isinstance(found, Provider):
            return None
        try:
            self.plan(found)
        except ProviderError as e:
            e.add_note(f"{describe_function(func)} asks for it in {parameter.name!r}.")
            raise
        if found.lifetime is Lifetime.REQUEST:
            return self._request_resolver(found)
        return functools.partial(self._get, found, None)

    def _request_resolver(self, provider: Provider[t.Any]) -> t.Callable[[], t.Any]:
        """What gives a request-lived value to a function: the most common case, so its
        lookup is written out here rather than going through :meth:`_get`."""
        overrides, get, make = self._overrides, self._get, self._make
        current_scope = scopes.current_scope
        plan = self.plan(provider)

        def resolve() -> t.Any:
            if overrides:
                return get(provider, None)
            scope = current_scope()
            values = scope.values
            value = values.get(provider, _MISSING)
            if value is _MISSING:
                if plan.dependencies:
                    value = make(provider, scope)
                else:
                    exits = scope.push_late_exit if provider.after_response else scope.push_exit
                    value = provider.make({}, exits)
                values[provider] = value
            return value

        return resolve

    def bindings(self, func: t.Callable[..., t.Any]) -> dict[str, t.Callable[[], t.Any]]:
        """The parameters of ``func`` that providers fill, each with what gives its value;
        worked out once per function."""
        try:
            bound = self._bindings.get(func)
        except TypeError:  # cannot be referred to weakly: worked out at each call
            return self.app.bound_parameters(func)
        if bound is None:
            bound = self._bindings[func] = self.app.bound_parameters(func)
        return bound

    def call(self, func: t.Callable[..., T], /, *args: t.Any, **kwargs: t.Any) -> T:
        """Call ``func`` with ``args`` and ``kwargs``, and the provided values its other
        parameters ask for, in the current request or :meth:`scope` block, else in a scope
        opened for the call. For scripts, commands, background tasks and tests. A coroutine
        function is run to completion.

        :param func: any function.
        """
        bound = self.bindings(func)
        with self.scope():
            for name, resolve in bound.items():
                if name not in kwargs:
                    kwargs[name] = resolve()
            if is_async(func):
                return run_coroutine(func(*args, **kwargs))  # type: ignore[arg-type]
            return func(*args, **kwargs)

    def inject(self, func: F) -> F:
        """Decorate ``func`` so that each call goes through :meth:`call`: its parameters that
        ask for provided values are filled. For command-line commands and jobs::

            @app.cli.command()
            @providers.inject
            def report(catalog: Catalog) -> None: ...
        """

        @functools.wraps(func)
        def call_injected(*args: t.Any, **kwargs: t.Any) -> t.Any:
            return self.call(func, *args, **kwargs)

        return t.cast(F, call_injected)

    @contextlib.contextmanager
    def scope(self) -> cabc.Iterator[None]:
        """Open a scope for request-lived values outside a request (a script, a command, a
        job), with the application's context: request-lived values are made once in the
        block and torn down, newest first, when it ends. Inside a request or another scope
        it opens none: the values are those of the request or the outer scope."""
        if scopes.in_scope():
            yield
            return
        scope = scopes.Scope()
        with self.app.app_context():
            token = scopes.enter(scope)
            try:
                yield
            except BaseException as e:
                scopes.leave(token)
                scope.close(e)
                raise
            scopes.leave(token)
            scope.close(None)

    def expose_on_g(self, name: str, target: Provider[t.Any] | type[t.Any]) -> None:
        """Make ``g.<name>`` give the value of ``target`` (a provider, or a type one gives),
        for code that reads its resources from ``g``, as Flask applications and extensions
        do: ``providers.expose_on_g("db", Connection)``, then ``g.db`` in a request is the
        same connection a view asking for ``db: Connection`` gets, made on first use and torn
        down with the request. A value the code sets on ``g`` itself wins.

        Call it where the application is set up, after any change of its own to
        ``app.app_ctx_globals_class``: the first call replaces that class with a subclass.

        :raises DemijohnError: ``name`` already gives another value, or is no identifier.
        """
        self._provider(target)
        expose(self, name, target)

    # -- overrides -------------------------------------------------------------------------

    @contextlib.contextmanager
    def override(
        self, target: Provider[T] | type[T], replacement: t.Callable[..., T] | Provider[T]
    ) -> cabc.Iterator[Provider[T]]:
        """Give ``replacement``'s values instead of ``target``'s in the block, for tests: the
        application is not changed. ``replacement`` is a provider function (it may have
        dependencies, and be a generator) and its values have ``target``'s lifetime; an
        app-lived value it made is torn down when the block ends.

        ::

            with providers.override(get_db, lambda: FakeDatabase()):
                response = client.get("/products")

        :param target: the provider, or the type it provides.
        :param replacement: what makes the values instead.
        :raises ProviderError: the replacement's dependencies do not fit the lifetime.
        """
        original = self._provider(target)
        if isinstance(replacement, Provider):
            replacement = replacement.func
        stand_in: Provider[T] = Provider(
            replacement, lifetime=original.lifetime, provides=original.provides
        )
        self.plan(stand_in)
        previous = self._overrides.get(original)
        self._overrides[original] = stand_in
        try:
            yield stand_in
        finally:
            if previous is None:
                del self._overrides[original]
            else:
                self._overrides[original] = previous
            self._plans.pop(stand_in, None)
            self._close_app_values(stand_in)


class _Decorator(t.Protocol):
    @t.overload
    def __call__(self, func: t.Callable[..., cabc.AsyncIterator[T]], /) -> Provider[T]: ...
    @t.overload
    def __call__(self, func: t.Callable[..., cabc.Iterator[T]], /) -> Provider[T]: ...
    @t.overload
    def __call__(self, func: t.Callable[..., cabc.Awaitable[T]], /) -> Provider[T]: ...
    @t.overload
    def __call__(self, func: t.Callable[..., T], /) -> Provider[T]: ...


#: What a parameter may ask for besides a provider.
_REQUEST = object()
_SETTINGS = object()


def _request(scope: t.Any) -> Request:
    return request._get_current_object()  # type: ignore[attr-defined, no-any-return]


def _url_value(name: str, default: t.Any, scope: t.Any) -> t.Any:
    values = request.view_args or {}
    if name in values:
        return values[name]
    if default is not inspect.Parameter.empty:
        return default
    raise ProviderError(
        f"A provider asks for the URL value {name!r}, but the rule of {request.path!r} has no"
        f" such variable. Add <{name}> to the rule, give the parameter a default, or annotate"
        " it with the type of a provider if it should be a provided value."
    )


def _signature(func: t.Callable[..., t.Any]) -> inspect.Signature:
    """``func``'s signature, its annotations evaluated; left as strings when one of them cannot
    be (they are then matched to provided types by name)."""
    try:
        return inspect.signature(func, eval_str=True)
    except Exception:
        return inspect.signature(func)


def _is_url_value_type(annotation: t.Any) -> bool:
    if isinstance(annotation, str):
        return annotation.rpartition(".")[2] in {kind.__name__ for kind in URL_VALUE_TYPES}
    return annotation is inspect.Parameter.empty or annotation in URL_VALUE_TYPES


def _outlives(provider: Provider[t.Any], name: str, dependency: Provider[t.Any]) -> ProviderError:
    return ProviderError(
        f"The app-lived provider {provider.name} depends, in {name!r}, on the"
        f" {dependency.lifetime.value}-lived {dependency.name}: made once, it would keep that"
        " value for the application's whole life, after the value's own lifetime ended and it"
        f" was torn down. Make {dependency.name} app-lived too, or make {provider.name}"
        f" {dependency.lifetime.value}-lived."
    )


def _describe_type(annotation: t.Any) -> str:
    if isinstance(annotation, str):
        return repr(annotation.strip("'\""))
    return repr(getattr(annotation, "__qualname__", annotation))


def _close_late_scope(exc: BaseException | None) -> None:
    """Tear down the current request's values that live until after the response (a
    ``teardown_request`` function)."""
    scope = request.state.get(scopes.STATE_KEY)
    if scope is not None:
        scope.close_late(exc)


__all__ = ["EXTENSION_KEY", "Plan", "Providers"]
