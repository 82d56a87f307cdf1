"""Class-based views: :class:`View` and :class:`MethodView`, which turn one class into one view
function, and :class:`RouteClass`, which turns the methods of one class into a group of routes
under a common URL base.

Everything a class contributes is worked out when it is turned into view functions (by
:meth:`View.as_view` or :meth:`RouteClass.register`): which methods it answers, which of its
handlers ask for the request, which hooks it overrides. A request then only creates the
instance and calls the handler. Routing itself stays in :mod:`demijohn.app` and
:mod:`demijohn.blueprints`; this module only calls their ``add_url_rule``.
"""

from __future__ import annotations

import collections.abc as cabc
import inspect
import re
import typing as t
from dataclasses import dataclass, field

from .blueprints import Blueprint, BlueprintSetupState
from .calling import REQUEST_PARAMETER, is_async, request_parameter
from .errors import SetupError
from .globals import _cv_app, _cv_request, current_app
from .routing import REQUEST_VARIABLE

if t.TYPE_CHECKING:
    from .app import Demijohn
    from .scaffold import Scaffold
    from .typing import ResponseReturnValue
    from .wrappers import Response

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T = t.TypeVar("T")

#: The handler names :class:`MethodView` looks for, one per HTTP verb.
HTTP_METHOD_NAMES = frozenset(["get", "post", "head", "options", "delete", "put", "trace", "patch"])


class ViewFunction(t.Protocol):
    """What :meth:`View.as_view` returns: a view function that remembers the class it was
    made from and the routing defaults that class declared."""

    __name__: str
    view_class: type[t.Any]
    methods: cabc.Collection[str] | None
    provide_automatic_options: bool | None

    def __call__(self, **kwargs: t.Any) -> t.Any: ...


def _call_handler(
    handler: t.Callable[..., t.Any], kwargs: dict[str, t.Any], request_name: str | None
) -> t.Any:
    """Call ``handler`` with the URL values in ``kwargs``, plus the current request in the
    parameter ``request_name`` when it asks for one, running it to completion if it is a
    coroutine function. A URL value of that name wins, as in Flask (natively demijohn refuses
    a ``request`` URL variable; the Flask layer allows it). The parameters the application's
    binders claim get their values too (see :mod:`demijohn.binding`)."""
    if request_name is not None:
        kwargs.setdefault(request_name, _cv_request.get().request)
    app = _cv_app.get().app
    if app.parameter_binders:
        app.bind_method_arguments(handler, kwargs)
    return app.ensure_sync(handler)(**kwargs)


async def _await_handler(
    handler: t.Callable[..., t.Any], kwargs: dict[str, t.Any], request_name: str | None
) -> t.Any:
    """Call ``handler`` as :func:`_call_handler` does, from a view that is a coroutine
    function: a coroutine it returns is awaited here, on the caller's event loop."""
    if request_name is not None:
        kwargs.setdefault(request_name, _cv_request.get().request)
    rv = handler(**kwargs)
    if inspect.isawaitable(rv):
        rv = await rv
    return rv


def _decorate(
    view: t.Callable[..., t.Any], decorators: cabc.Iterable[t.Callable[..., t.Any]]
) -> t.Callable[..., t.Any]:
    """Apply ``decorators`` to ``view``, the first one innermost."""
    for decorator in decorators:
        view = decorator(view)
    return view


# -- View and MethodView ----------------------------------------------------------------------


class View:
    """A view written as a class: subclass it, implement :meth:`dispatch_request`, and register
    the function :meth:`as_view` returns::

        class Hello(View):
            def dispatch_request(self, name):
                return f"Hello, {name}!"

        app.add_url_rule("/hello/<name>", view_func=Hello.as_view("hello"))

    By default every request gets a new instance, so instance attributes never leak from one
    request into another. A :meth:`dispatch_request` that declares a ``request`` parameter,
    or one annotated with the request class, receives the current request in it, as view
    functions do.

    .. versionadded:: 0.1
    """

    #: The methods the view's rule allows when ``add_url_rule`` is not given any; ``None``
    #: means ``GET`` only.
    methods: t.ClassVar[cabc.Collection[str] | None] = None

    #: Whether ``OPTIONS`` is answered automatically; ``None`` leaves it to the application
    #: (the ``PROVIDE_AUTOMATIC_OPTIONS`` setting).
    provide_automatic_options: t.ClassVar[bool | None] = None

    #: Decorators applied, in order, to the function :meth:`as_view` returns: the first one is
    #: innermost. Decorate here rather than the class, whose methods are not the view.
    decorators: t.ClassVar[list[t.Callable[..., t.Any]]] = []

    #: Create an instance for every request. Set it to ``False`` to create a single instance
    #: when :meth:`as_view` is called and share it between requests, which saves the cost of
    #: construction but makes any state kept on ``self`` shared by concurrent requests.
    init_every_request: t.ClassVar[bool] = True

    def dispatch_request(self, *args: t.Any, **kwargs: t.Any) -> ResponseReturnValue:
        """Handle the request; the URL values arrive as keyword arguments. Subclasses must
        implement it; it may be ``async def``.

        Declared with ``*args`` and ``**kwargs`` of any type so that an override of any
        signature type-checks: ``(self)``, as Flask declares it and typed Flask code writes
        it, or with the URL values as parameters.

        :param kwargs: the values matched in the URL.
        """
        raise NotImplementedError(
            f"{type(self).__name__!r} must implement 'dispatch_request', or derive from"
            " MethodView to dispatch to one method per HTTP verb."
        )

    @classmethod
    def _dispatches_async(cls) -> bool:
        """Whether handling a request means awaiting a coroutine function; known when the
        view is made."""
        return is_async(cls.dispatch_request)

    async def _dispatch_async(self, kwargs: dict[str, t.Any], request_name: str | None) -> t.Any:
        """Handle the request in a view that is a coroutine function."""
        return await _await_handler(self.dispatch_request, kwargs, request_name)

    @classmethod
    def as_view(cls, name: str, *class_args: t.Any, **class_kwargs: t.Any) -> ViewFunction:
        """Turn the class into a view function for ``add_url_rule``.

        The function creates an instance with ``class_args`` and ``class_kwargs`` (for every
        request, or once now when :attr:`init_every_request` is false) and returns what
        :meth:`dispatch_request` returns. It is named ``name``, which becomes the endpoint,
        carries the class's docstring, module, :attr:`methods` and
        :attr:`provide_automatic_options`, and refers to the class as ``view_class``. As in
        Flask, the instance made for each request is of the class ``view_class`` names when
        the request comes, so code may set it to another class before registering the view.

        :param name: the function's name, used as the default endpoint.
        :param class_args: positional arguments for the class.
        :param class_kwargs: keyword arguments for the class.
        """
        request_name = request_parameter(cls.dispatch_request)
        view: t.Callable[..., t.Any]

        shared = None if cls.init_every_request else cls(*class_args, **class_kwargs)

        def instance() -> tuple[View, str | None]:
            """The instance that handles this request, and its parameter for the request."""
            if shared is not None:
                return shared, request_name
            view_class = rv.view_class
            if view_class is not cls:
                return view_class(*class_args, **class_kwargs), request_parameter(
                    view_class.dispatch_request
                )
            return view_class(*class_args, **class_kwargs), request_name

        # A class that dispatches to coroutines makes a coroutine function, which the
        # pipeline awaits like any async view; decorators get the synchronous view they get
        # in Flask.
        if cls.decorators or not cls._dispatches_async():

            def view(**kwargs: t.Any) -> t.Any:
                self, name = instance()
                return _call_handler(self.dispatch_request, kwargs, name)

        else:

            async def view(**kwargs: t.Any) -> t.Any:
                self, name = instance()
                return await self._dispatch_async(kwargs, name)

        # Name the function before decorating so that decorators built on functools.wraps
        # carry the name; set it again after for decorators that do not.
        view.__name__ = name
        view.__module__ = cls.__module__
        rv = t.cast(ViewFunction, _decorate(view, cls.decorators))
        rv.view_class = cls
        rv.__name__ = name
        rv.__doc__ = cls.__doc__
        rv.__module__ = cls.__module__
        rv.methods = cls.methods
        rv.provide_automatic_options = cls.provide_automatic_options
        return rv


class MethodView(View):
    """A view that calls the method named after the request's HTTP verb, in lower case::

        class Items(MethodView):
            def get(self, id):
                return load(id)

            def put(self, id, request):
                return save(id, request.json)

        app.add_url_rule("/items/<int:id>", view_func=Items.as_view("item"))

    :attr:`~View.methods` is filled in from the handlers the class and its bases define,
    unless the class sets it. A ``HEAD`` request goes to ``get`` when there is no ``head``.
    Handlers may be ``async def``, and a handler that declares a ``request`` parameter (or
    one annotated with the request class) receives the current request in it.

    .. versionadded:: 0.1
    """

    #: The handlers that ask for the request, and the parameter of each that receives it;
    #: worked out when the class is made.
    _request_handlers: t.ClassVar[cabc.Mapping[str, str]] = {}

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "methods" not in cls.__dict__:
            methods: set[str] = set()
            for base in cls.__bases__:
                methods.update(getattr(base, "methods", None) or ())
            methods.update(name.upper() for name in HTTP_METHOD_NAMES if hasattr(cls, name))
            if methods:
                cls.methods = methods
        names = HTTP_METHOD_NAMES | {method.lower() for method in cls.methods or ()}
        cls._request_handlers = {
            name: request_name
            for name in names
            if callable(handler := getattr(cls, name, None))
            and (request_name := request_parameter(handler)) is not None
        }

    def dispatch_request(self, **kwargs: t.Any) -> ResponseReturnValue:
        """Call the handler for the request's method with the URL values.

        :param kwargs: the values matched in the URL.
        :raises RuntimeError: the class allows the method but defines no handler for it.
        """
        handler, name = self._handler()
        return _call_handler(handler, kwargs, self._request_handlers.get(name))  # type: ignore[no-any-return]

    @classmethod
    def _dispatches_async(cls) -> bool:
        if cls.dispatch_request is not MethodView.dispatch_request:
            return super()._dispatches_async()
        names = HTTP_METHOD_NAMES | {method.lower() for method in cls.methods or ()}
        handlers = [h for name in names if callable(h := getattr(cls, name, None))]
        return bool(handlers) and all(is_async(handler) for handler in handlers)

    async def _dispatch_async(self, kwargs: dict[str, t.Any], request_name: str | None) -> t.Any:
        if type(self).dispatch_request is not MethodView.dispatch_request:
            return await super()._dispatch_async(kwargs, request_name)
        handler, name = self._handler()
        return await _await_handler(handler, kwargs, self._request_handlers.get(name))

    def _handler(self) -> tuple[t.Callable[..., t.Any], str]:
        """The handler for the current request's method, and its name."""
        method = _cv_request.get().request.method
        name = method.lower()
        handler = getattr(self, name, None)
        if handler is None and name == "head":
            name = "get"
            handler = getattr(self, name, None)
        if handler is None:
            raise RuntimeError(
                f"The view class {type(self).__name__!r} accepts {method} requests but has no"
                f" {name!r} method to handle them. Define '{name}', or remove {method!r} from"
                " its 'methods'."
            )
        return handler, name


# -- RouteClass -------------------------------------------------------------------------------

#: The attribute where :func:`route` stores its rules on a function.
_ROUTES_ATTRIBUTE = "_demijohn_routes"

#: The methods :class:`RouteClass` routes by name, and the HTTP method each answers.
CONVENTIONAL_ROUTES: cabc.Mapping[str, str] = {
    "index": "GET",
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
}

#: Class-name endings left out of the default route base and endpoint prefix.
_NAME_SUFFIXES = ("View", "Routes")

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def route(rule: str, **options: t.Any) -> t.Callable[[F], F]:
    """Expose a method of a :class:`RouteClass` at ``rule``, relative to the class's route base.

    Stack it to give a method several rules; they are added in the order they are written, so
    the top one is what ``url_for`` builds when several fit. On a conventional method (``get``,
    ``put``, ...) it replaces the conventional rule, for example to give a converter::

        class ProductsView(RouteClass):
            @route("/<int:id>")
            def get(self, id): ...

            @route("/search", methods=["GET", "POST"])
            @route("/find")
            def search(self): ...

    :param rule: the URL rule, relative to the route base; ``"/"`` is the base itself.
    :param options: ``methods`` (by default the conventional method, else ``GET``),
        ``endpoint`` (the full endpoint name, replacing the class's default) and any option of
        :meth:`~demijohn.Demijohn.add_url_rule`.
    """

    def decorator(func: F) -> F:
        routes = getattr(func, _ROUTES_ATTRIBUTE, ())
        setattr(func, _ROUTES_ATTRIBUTE, ((rule, options), *routes))
        return func

    return decorator


@dataclass(frozen=True)
class RouteSpec:
    """One URL rule that :meth:`RouteClass.register` adds; :meth:`RouteClass.list_routes`
    returns them so the result of the conventions can be inspected before registering."""

    #: The full rule, with the prefix and route base.
    rule: str
    #: The endpoint name, without any blueprint prefix.
    endpoint: str
    #: The name of the method that answers the rule.
    method_name: str
    #: The HTTP methods the rule allows.
    methods: tuple[str, ...]
    #: Other options for ``add_url_rule``.
    options: cabc.Mapping[str, t.Any] = field(default_factory=dict)


def _first(*values: T | None, default: T) -> T:
    """The first of ``values`` that is not ``None``, else ``default``."""
    return next((value for value in values if value is not None), default)


def _words(class_name: str, separator: str) -> str:
    """``ProductCategoriesView`` → ``product<separator>categories``."""
    for suffix in _NAME_SUFFIXES:
        if class_name.endswith(suffix) and class_name != suffix:
            class_name = class_name[: -len(suffix)]
            break
    return _WORD_BOUNDARY.sub(separator, class_name).lower()


def _join_rule(parts: cabc.Iterable[str], trailing_slash: bool, is_base: bool) -> str:
    """Join rule parts with single slashes. A rule that ends at the route base, or whose last
    part ends with a slash, keeps a trailing slash only when ``trailing_slash`` is true; the
    root without one is ``""``, which only a blueprint's URL prefix can stand for."""
    joined = "/".join(stripped for part in parts if (stripped := part.strip("/")))
    if not joined:
        return "/" if trailing_slash else ""
    return f"/{joined}/" if trailing_slash and is_base else f"/{joined}"


def _url_parameters(func: t.Callable[..., t.Any], bound: cabc.Container[str] = ()) -> list[str]:
    """The parameters of a method, after ``self``, that a conventional rule takes from the URL:
    those without a default, except the one that receives the request, those the
    application's parameter binders fill (``bound``), ``*args`` and ``**kwargs``."""
    parameters = list(inspect.signature(func).parameters.values())[1:]
    named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    request_name = request_parameter(func)
    return [
        parameter.name
        for parameter in parameters
        if parameter.kind in named
        and parameter.default is inspect.Parameter.empty
        and parameter.name != request_name
        and parameter.name not in bound
    ]


def _rule_methods(options: dict[str, t.Any], default: str) -> tuple[str, ...]:
    methods = options.pop("methods", None) or (default,)
    if isinstance(methods, str):
        raise TypeError(
            'Allowed methods must be a list of strings, for example: @route(..., methods=["POST"])'
        )
    return tuple(method.upper() for method in methods)


class RouteClass:
    """A group of routes written as one class: each route is a method, and the class is
    registered on an application or blueprint under one URL base.

    Methods with these names are routed by convention (``id`` stands for the method's URL
    parameters, one path segment each, in order)::

        index(self)        GET     /
        get(self, id)      GET     /<id>
        post(self)         POST    /
        put(self, id)      PUT     /<id>
        patch(self, id)    PATCH   /<id>
        delete(self, id)   DELETE  /<id>

    Other methods are routes only when decorated with :func:`route`, which also replaces a
    conventional rule (to add a converter, for example). The URL parameters of a method are
    its parameters after ``self`` that have no default; a parameter named ``request`` (or
    annotated with the request class) is not one, and receives the current request instead.
    Methods whose name starts with ``_``, and the names :class:`RouteClass` itself defines,
    are never routes. Set a conventional name to ``None`` in a subclass to drop an inherited
    route.

    The route base defaults to the class name without a ``View`` or ``Routes`` ending, in
    lower case with hyphens between words (``ProductCategoriesView`` → ``/product-categories``).
    Endpoints are the same words joined with underscores, then the method name
    (``product_categories_index``), so they contain no dots and work on blueprints
    (``url_for("shop.product_categories_get", id=3)``).

    Every request creates a new instance, which calls :meth:`before_request`, the method, and
    :meth:`after_request`. Methods and hooks may be ``async def``. :attr:`decorators` wraps
    each route's view function.

    .. versionadded:: 0.1
    """

    #: The URL base of the routes; by default derived from the class name.
    route_base: t.ClassVar[str | None] = None

    #: A path put before the route base, such as ``"/api/v1"``.
    route_prefix: t.ClassVar[str | None] = None

    #: Whether the base URL (``index``, ``post``, and ``@route("/")``) and rules written with
    #: a trailing slash keep it. Werkzeug redirects the URL without the slash to the one with.
    trailing_slash: t.ClassVar[bool] = True

    #: The start of every endpoint name; by default derived from the class name.
    endpoint_prefix: t.ClassVar[str | None] = None

    #: Decorators applied, in order, to the view function of every route: the first one is
    #: innermost.
    decorators: t.ClassVar[list[t.Callable[..., t.Any]]] = []

    def before_request(self, name: str, **kwargs: t.Any) -> ResponseReturnValue | None:
        """Run before the method that answers the request. Return ``None`` to go on, or a
        response value to answer with it instead of calling the method. Does nothing by
        default.

        :param name: the name of the method about to be called.
        :param kwargs: the values matched in the URL.
        """
        return None

    def after_request(self, name: str, response: Response) -> Response:
        """Run after the method (or a :meth:`before_request` that answered); return the
        response to send. Returns ``response`` unchanged by default.

        :param name: the name of the method that was routed to.
        :param response: the response, already converted to a response object.
        """
        return response

    @classmethod
    def default_route_base(cls) -> str:
        """The route base used when none is given: ``/`` and the class name in hyphenated
        lower case, without a ``View`` or ``Routes`` ending."""
        return "/" + _words(cls.__name__, "-")

    @classmethod
    def default_endpoint_prefix(cls) -> str:
        """The endpoint prefix used when none is given: the class name in snake case, without
        a ``View`` or ``Routes`` ending."""
        return _words(cls.__name__, "_")

    @classmethod
    def list_routes(
        cls,
        route_base: str | None = None,
        route_prefix: str | None = None,
        trailing_slash: bool | None = None,
        endpoint_prefix: str | None = None,
        *,
        app: Demijohn | None = None,
    ) -> list[RouteSpec]:
        """The rules :meth:`register` would add, in the order it adds them. The arguments are
        those of :meth:`register`; with ``app``, the parameters its binders fill (a provided
        value) are not taken from the URL by conventional rules.

        :raises SetupError: two methods answer the same method at the same rule, a method
            that cannot be a route is decorated with :func:`route`, a rule names ``request``
            as a URL variable, or the class has no routes at all.
        """
        base = _first(route_base, cls.route_base, default=cls.default_route_base())
        prefix = _first(route_prefix, cls.route_prefix, default="")
        slash = cls.trailing_slash if trailing_slash is None else trailing_slash
        endpoints = _first(
            endpoint_prefix, cls.endpoint_prefix, default=cls.default_endpoint_prefix()
        )
        specs = [
            spec
            for name, member in cls._route_members().items()
            for spec in cls._specs_for(name, member, (prefix, base), slash, endpoints, app)
        ]
        if not specs:
            raise SetupError(
                f"{cls.__name__!r} has no routes. Define 'index', 'get', 'post', 'put',"
                " 'patch' or 'delete', or expose methods with @route."
            )
        _check_clashes(cls.__name__, specs)
        return specs

    @classmethod
    def register(
        cls,
        app_or_blueprint: Scaffold,
        route_base: str | None = None,
        route_prefix: str | None = None,
        trailing_slash: bool | None = None,
        endpoint_prefix: str | None = None,
        **options: t.Any,
    ) -> None:
        """Add the class's routes to an application or blueprint.

        Each argument left as ``None`` takes the class attribute of the same name, and then the
        default. Register the class more than once on the same application with a different
        ``endpoint_prefix`` each time.

        :param app_or_blueprint: a :class:`~demijohn.Demijohn` or :class:`~demijohn.Blueprint`.
        :param route_base: the URL base, such as ``"/products"``; ``"/"`` for none.
        :param route_prefix: a path put before the base, such as ``"/api"``.
        :param trailing_slash: whether the base URL ends with a slash (``/products/``) or
            not (``/products``); true by default.
        :param endpoint_prefix: the start of every endpoint name, such as ``"products"``.
        :param options: options for every rule (``subdomain``, ``host``, ``strict_slashes``,
            ...); those given to :func:`route` win.
        """
        for reserved in ("methods", "endpoint"):
            if reserved in options:
                raise TypeError(
                    f"register() does not take {reserved!r}: it differs for each route. Give"
                    " it to @route on the method instead."
                )
        app = (
            None
            if isinstance(app_or_blueprint, Blueprint)
            else t.cast("Demijohn", app_or_blueprint)
        )
        specs = cls.list_routes(route_base, route_prefix, trailing_slash, endpoint_prefix, app=app)
        taken = [
            spec.endpoint for spec in specs if spec.endpoint in app_or_blueprint.view_functions
        ]
        if taken:
            raise SetupError(
                f"The endpoint {taken[0]!r} of {cls.__name__!r} is already registered on"
                f" {app_or_blueprint!r}. To register the class again, pass another"
                " 'endpoint_prefix'."
            )
        views: dict[str, t.Callable[..., t.Any]] = {}
        for spec in specs:
            view = views.get(spec.method_name)
            if view is None:
                view = views[spec.method_name] = cls._create_view(spec.method_name, spec.endpoint)
            rule_options = {**options, **spec.options, "methods": spec.methods}
            if spec.rule or not isinstance(app_or_blueprint, Blueprint):
                app_or_blueprint.add_url_rule(spec.rule or "/", spec.endpoint, view, **rule_options)
            else:
                _add_root_rule(app_or_blueprint, spec.endpoint, view, rule_options)

    # -- building routes ----------------------------------------------------------------------

    @classmethod
    def _route_members(cls) -> dict[str, t.Callable[..., t.Any]]:
        """The class's routed methods by name, base classes' first, in definition order."""
        reserved = RouteClass.__dict__
        members: dict[str, t.Any] = {}
        for klass in reversed(cls.__mro__):
            if klass in RouteClass.__mro__:
                continue
            members.update(vars(klass))
        routed: dict[str, t.Callable[..., t.Any]] = {}
        for name, member in members.items():
            has_routes = hasattr(member, _ROUTES_ATTRIBUTE)
            if name.startswith("_") or name in reserved:
                if has_routes:
                    raise SetupError(
                        f"{cls.__name__}.{name} cannot be a route: the name is reserved by"
                        " RouteClass or starts with '_'. Rename the method."
                    )
                continue
            if callable(member) and (has_routes or name in CONVENTIONAL_ROUTES):
                routed[name] = member
        return routed

    @classmethod
    def _specs_for(
        cls,
        name: str,
        member: t.Callable[..., t.Any],
        base_parts: tuple[str, str],
        trailing_slash: bool,
        endpoint_prefix: str,
        app: Demijohn | None = None,
    ) -> list[RouteSpec]:
        """The rules of one method: its :func:`route` rules, else its conventional rule."""
        routes: tuple[tuple[str, dict[str, t.Any]], ...] = getattr(member, _ROUTES_ATTRIBUTE, ())
        if not routes:
            bound = app.bound_parameters(member) if app is not None else {}
            parameters = "/".join(f"<{p}>" for p in _url_parameters(member, bound))
            routes = ((parameters, {}),)
        default_method = CONVENTIONAL_ROUTES.get(name, "GET")
        specs = []
        for rule, route_options in routes:
            if REQUEST_VARIABLE.search(rule):
                raise SetupError(
                    f"The rule {rule!r} of {cls.__name__}.{name} has a URL variable named"
                    f" {REQUEST_PARAMETER!r}, which is reserved for the request object."
                    " Rename the variable."
                )
            options = dict(route_options)
            methods = _rule_methods(options, default_method)
            endpoint = options.pop("endpoint", None) or f"{endpoint_prefix}_{name}"
            if "." in endpoint:
                raise SetupError(
                    f"The endpoint {endpoint!r} of {cls.__name__}.{name} contains a dot. Dots"
                    " separate blueprint names in endpoints; use an underscore instead."
                )
            is_base = not rule.strip("/") or rule.endswith("/")
            full_rule = _join_rule((*base_parts, rule), trailing_slash, is_base)
            specs.append(RouteSpec(full_rule, endpoint, name, methods, options))
        return specs

    @classmethod
    def _create_view(cls, name: str, endpoint: str) -> t.Callable[..., t.Any]:
        """The view function of one method: it creates an instance per request and calls the
        hooks (only those the class overrides) around the method."""
        request_name = request_parameter(getattr(cls, name))
        run_before = cls.before_request is not RouteClass.before_request
        run_after = cls.after_request is not RouteClass.after_request

        def view(**kwargs: t.Any) -> t.Any:
            instance = cls()
            app = current_app
            rv = app.ensure_sync(instance.before_request)(name, **kwargs) if run_before else None
            if rv is None:
                rv = _call_handler(getattr(instance, name), kwargs, request_name)
            if run_after:
                rv = app.ensure_sync(instance.after_request)(name, app.make_response(rv))
            return rv

        view.__name__ = endpoint
        view.__doc__ = getattr(cls, name).__doc__
        view.__module__ = cls.__module__
        view.view_class = cls  # type: ignore[attr-defined]
        return _decorate(view, cls.decorators)


def _add_root_rule(
    blueprint: Blueprint,
    endpoint: str,
    view: t.Callable[..., t.Any],
    options: dict[str, t.Any],
) -> None:
    """Add a rule that is the blueprint's URL prefix itself, without a trailing slash. The
    prefix is known only when the blueprint is registered; without one the rule is ``/``."""

    def add(state: BlueprintSetupState) -> None:
        state.add_url_rule("" if state.url_prefix else "/", endpoint, view, **options)

    blueprint.record(add)


def _check_clashes(class_name: str, specs: cabc.Iterable[RouteSpec]) -> None:
    """Refuse two methods answering the same HTTP method at the same rule: only the first
    would ever be reached."""
    seen: dict[tuple[str, str], str] = {}
    for spec in specs:
        methods = set(spec.methods)
        if "GET" in methods:
            methods.add("HEAD")
        for method in sorted(methods):
            other = seen.setdefault((spec.rule, method), spec.method_name)
            if other != spec.method_name:
                raise SetupError(
                    f"{class_name}.{other} and {class_name}.{spec.method_name} both answer"
                    f" {method} {spec.rule or '/'}; the second could never be reached. Give one"
                    " of them another rule with @route, or other URL parameters."
                )


__all__ = [
    "CONVENTIONAL_ROUTES",
    "HTTP_METHOD_NAMES",
    "MethodView",
    "RouteClass",
    "RouteSpec",
    "View",
    "ViewFunction",
    "route",
]
