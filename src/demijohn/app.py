"""The application class, :class:`Demijohn`: configuration, registration of routes and
blueprints, URL building, contexts, and the WSGI entry point.

The request-handling steps themselves are in :mod:`demijohn.pipeline`, the template methods in
:mod:`demijohn.templating.app`; the registries and decorators shared with blueprints are in
:mod:`demijohn.scaffold`.
"""

from __future__ import annotations

import functools
import os
import sys
import typing as t
import weakref
from datetime import timedelta
from functools import cached_property
from itertools import chain
from urllib.parse import quote as _url_quote

from werkzeug.datastructures import ImmutableDict
from werkzeug.exceptions import Aborter
from werkzeug.routing import BuildError, Map, MapAdapter
from werkzeug.routing import Rule as _WerkzeugRule
from werkzeug.utils import redirect as _wz_redirect

from .binding import ParameterBinding
from .config import Config, ConfigAttribute, as_timedelta
from .ctx import AppContext, RequestContext, _AppCtxGlobals
from .errors import LazyViewError, SetupError, SetupValueError
from .globals import _cv_app, _cv_request, _no_app_msg, g
from .helpers import _checked_redirect_location
from .json.provider import DefaultJSONProvider, JSONProvider
from .lifecycle import Lifecycle
from .logging import create_logger
from .paths import find_package
from .pipeline import RequestPipeline
from .routing import (
    HostCheck,
    LazyView,
    Router,
    Rule,
    URLMap,
    caller_location,
    check_request_variable,
    rule_methods,
)
from .scaffold import Scaffold, _endpoint_from_view_func, setupmethod
from .sessions import SecureCookieSessionInterface, SessionInterface
from .streaming import LoggedBody
from .templating.app import TemplatingMixin
from .typing import Application, RouteCallable, TeardownCallable
from .wrappers import Request, Response
from .wsgi import send_response

if t.TYPE_CHECKING:
    import logging

    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .asgi import ASGIApp
    from .blueprints import Blueprint
    from .checks import Check, Problem
    from .testing import DemijohnClient, DemijohnCliRunner

T_teardown = t.TypeVar("T_teardown", bound=TeardownCallable)
T_shell_context_processor = t.TypeVar(
    "T_shell_context_processor", bound=t.Callable[[], dict[str, t.Any]]
)


#: Characters left unquoted in a URL fragment built by ``url_for(_anchor=...)``.
_ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"


def _static_view(app: Demijohn) -> RouteCallable:
    """The view of the static route: ``app.send_static_file`` reached through a weak
    reference, as in Flask, so that the route does not keep the application alive (a bound
    method would make a cycle, and an application must be freed with its last reference)."""
    app_ref = weakref.ref(app)

    def send_static_file(filename: str) -> Response:
        # Only a request runs this, and a request holds its application.
        return t.cast("Demijohn", app_ref()).send_static_file(filename)

    return send_static_file


class Demijohn(Scaffold, RequestPipeline, TemplatingMixin, Lifecycle, ParameterBinding):
    """The application: one object that holds the configuration, the URL rules, the views and
    the hooks, and that is called by the server for each request.

    :param import_name: the name of the application's module or package, usually
        ``__name__``. It locates resources and names the logger.
    :param static_url_path: the URL prefix of the static route; defaults to the name of the
        static folder.
    :param static_folder: the folder of static files, relative to ``root_path``; ``None``
        for no static route.
    :param static_host: with ``host_matching``, the host the static route answers on.
    :param host_matching: match the ``host`` option of rules against the request's host.
    :param subdomain_matching: match the ``subdomain`` option of rules against
        ``SERVER_NAME``.
    :param template_folder: the folder of templates, relative to ``root_path``.
    :param instance_path: the instance folder; by default ``instance`` beside the package, or
        under ``sys.prefix`` for an installed package.
    :param instance_relative_config: resolve relative config file names in the instance
        folder instead of ``root_path``.
    :param root_path: the application's folder, when ``import_name`` cannot locate it.
    """

    #: The class of request objects.
    request_class: type[Request] = Request
    #: The class of response objects.
    response_class: type[Response] = Response
    #: The class of :attr:`config`.
    config_class: type[Config] = Config
    #: The class of :attr:`aborter`, used by :func:`~demijohn.abort`.
    aborter_class: type[Aborter] = Aborter
    #: The class of the ``g`` object.
    app_ctx_globals_class: type[_AppCtxGlobals] = _AppCtxGlobals
    #: The class of :attr:`json`, the JSON provider.
    json_provider_class: type[JSONProvider] = DefaultJSONProvider
    #: The class of URL rules :meth:`add_url_rule` creates.
    url_rule_class: type[_WerkzeugRule] = Rule
    #: The class of :attr:`url_map`.
    url_map_class: type[Map] = URLMap
    #: The test client class; ``None`` means :class:`~demijohn.testing.DemijohnClient`.
    test_client_class: type[DemijohnClient] | None = None
    #: The CLI runner class; ``None`` means :class:`~demijohn.testing.DemijohnCliRunner`.
    test_cli_runner_class: type[DemijohnCliRunner] | None = None
    #: How sessions are stored; the default signs them into a cookie.
    session_interface: SessionInterface = SecureCookieSessionInterface()
    #: Options for the Jinja environment.
    jinja_options: dict[str, t.Any] = {}
    #: The checks run only for a deployment (see :meth:`add_check`); set on the first.
    deploy_checks: tuple[Check, ...] = ()

    #: The configuration every application starts from.
    default_config = ImmutableDict(
        {
            "DEBUG": None,
            "TESTING": False,
            "PROPAGATE_EXCEPTIONS": None,
            "SECRET_KEY": None,
            "SECRET_KEY_FALLBACKS": None,
            "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
            "USE_X_SENDFILE": False,
            "TRUSTED_HOSTS": None,
            "SERVER_NAME": None,
            "APPLICATION_ROOT": "/",
            "SESSION_COOKIE_NAME": "session",
            "SESSION_COOKIE_DOMAIN": None,
            "SESSION_COOKIE_PATH": None,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SECURE": False,
            "SESSION_COOKIE_PARTITIONED": False,
            "SESSION_COOKIE_SAMESITE": None,
            "SESSION_REFRESH_EACH_REQUEST": True,
            "MAX_CONTENT_LENGTH": None,
            "MAX_FORM_MEMORY_SIZE": 500_000,
            "MAX_FORM_PARTS": 1_000,
            "SEND_FILE_MAX_AGE_DEFAULT": None,
            "TRAP_BAD_REQUEST_ERRORS": None,
            "TRAP_HTTP_EXCEPTIONS": False,
            "EXPLAIN_TEMPLATE_LOADING": False,
            "PREFERRED_URL_SCHEME": "http",
            "TEMPLATES_AUTO_RELOAD": None,
            "MAX_COOKIE_SIZE": 4093,
            "PROVIDE_AUTOMATIC_OPTIONS": True,
            # demijohn's own keys.
            "ASGI_THREADS": 40,
            "ASGI_SYNC_VIEWS_IN_THREADS": True,
            "CHECK_ON_START": False,
        }
    )

    #: ``TESTING``: exceptions propagate to the test client instead of becoming 500s.
    testing = ConfigAttribute[bool]("TESTING")
    #: ``SECRET_KEY``: signs the session cookie and anything else that needs signing.
    secret_key = ConfigAttribute[str | bytes | None]("SECRET_KEY")
    #: ``PERMANENT_SESSION_LIFETIME`` as a :class:`~datetime.timedelta`.
    permanent_session_lifetime = ConfigAttribute[timedelta](
        "PERMANENT_SESSION_LIFETIME",
        get_converter=as_timedelta,  # type: ignore[arg-type]
    )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def __init__(
        self,
        import_name: str,
        static_url_path: str | None = None,
        static_folder: str | os.PathLike[str] | None = "static",
        static_host: str | None = None,
        host_matching: bool = False,
        subdomain_matching: bool = False,
        template_folder: str | os.PathLike[str] | None = "templates",
        instance_path: str | None = None,
        instance_relative_config: bool = False,
        root_path: str | None = None,
    ) -> None:
        super().__init__(
            import_name=import_name,
            static_folder=static_folder,
            static_url_path=static_url_path,
            template_folder=template_folder,
            root_path=root_path,
        )
        if instance_path is None:
            instance_path = self.auto_find_instance_path()
        elif not os.path.isabs(instance_path):
            raise ValueError(
                f"The instance path must be absolute, but {instance_path!r} was given."
                " Build it with os.path.abspath() or from the app's root path."
            )
        #: The instance folder, for files that are not part of the package (config, data).
        self.instance_path = instance_path
        #: The configuration, a dict with loaders (see :class:`~demijohn.config.Config`).
        self.config = self.make_config(instance_relative_config)
        #: Used by :func:`~demijohn.abort` to raise HTTP errors.
        self.aborter = self.make_aborter()
        #: The JSON provider (``app.json.dumps``, ``app.json.response``).
        self.json: JSONProvider = self.json_provider_class(self)
        #: Called with ``(error, endpoint, values)`` when :meth:`url_for` cannot build a URL.
        self.url_build_error_handlers: list[
            t.Callable[[Exception, str, dict[str, t.Any]], str]
        ] = []
        #: Functions run when every application context is popped.
        self.teardown_appcontext_funcs: list[TeardownCallable] = []
        #: Functions that add names to the ``demijohn shell`` namespace.
        self.shell_context_processors: list[t.Callable[[], dict[str, t.Any]]] = []
        #: The application's and its extensions' own checks (see :meth:`add_check`).
        self.checks: list[Check] = []
        #: Registered blueprints by their dotted name.
        self.blueprints: dict[str, Blueprint] = {}
        #: Where extensions keep their per-application state, by extension name.
        self.extensions: dict[str, t.Any] = {}
        #: The URL rules. Add converters through ``url_map.converters``.
        self.url_map = self.url_map_class(host_matching=host_matching)
        self.subdomain_matching = subdomain_matching
        self._got_first_request = False
        self._init_pipeline()
        self._router_cache: Router | None = None
        self._host_check = HostCheck()
        self._init_lifecycle()
        self._init_templating()
        if self.has_static_folder:
            if bool(static_host) != host_matching:
                raise SetupValueError(
                    "'static_host' is required exactly when 'host_matching' is on: the static"
                    " route needs a host to match. Pass both, or neither."
                )
            self.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                endpoint="static",
                host=static_host,
                view_func=_static_view(self),
            )

    # -- construction -----------------------------------------------------------------------

    @cached_property
    def name(self) -> str:
        """The application's name: the import name, or the main script's name when the import
        name is ``__main__``."""
        if self.import_name == "__main__":
            fn = getattr(sys.modules["__main__"], "__file__", None)
            if fn is None:
                return "__main__"
            return os.path.splitext(os.path.basename(str(fn)))[0]
        return self.import_name

    @cached_property
    def logger(self) -> logging.Logger:
        """The application's logger, named after :attr:`name`; see
        :func:`demijohn.logging.create_logger`."""
        return create_logger(self)

    @property
    def debug(self) -> bool:
        """``DEBUG``: debug mode (detailed errors, exceptions propagate, template reload)."""
        return bool(self.config["DEBUG"])

    @debug.setter
    def debug(self, value: bool) -> None:
        self.config["DEBUG"] = value
        if self.config["TEMPLATES_AUTO_RELOAD"] is None and "jinja_env" in self.__dict__:
            self.__dict__["jinja_env"].auto_reload = value

    def make_config(self, instance_relative: bool = False) -> Config:
        """Create :attr:`config` from :attr:`default_config`, with ``DEBUG`` from the
        ``DEMIJOHN_DEBUG`` environment variable.

        :param instance_relative: resolve relative file names in the instance folder.
        """
        from .helpers import get_debug_flag

        root_path = self.instance_path if instance_relative else self.root_path
        defaults = dict(self.default_config)
        defaults["DEBUG"] = get_debug_flag()
        return self.config_class(root_path, defaults)

    def make_aborter(self) -> Aborter:
        """Create :attr:`aborter` from :attr:`aborter_class`."""
        return self.aborter_class()

    def auto_find_instance_path(self) -> str:
        """The default instance folder: ``instance`` beside the package, or
        ``<prefix>/var/<name>-instance`` for an installed package."""
        prefix, package_path = find_package(self.import_name)
        if prefix is None:
            return os.path.join(package_path, "instance")
        return os.path.join(prefix, "var", f"{self.name}-instance")

    def open_instance_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO[t.Any]:
        """Open a file in the instance folder; unlike :meth:`open_resource`, it may write.

        :param resource: the path inside the instance folder.
        :param mode: any mode :func:`open` accepts.
        :param encoding: the text encoding, for text modes.
        """
        path = os.path.join(self.instance_path, resource)
        if "b" in mode:
            return open(path, mode)
        return open(path, mode, encoding=encoding)

    # -- setup ------------------------------------------------------------------------------

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_first_request:
            raise SetupError(
                f"The setup method '{f_name}' can no longer be called on the application."
                " It has already handled its first request, and changes made now would not"
                " apply consistently.\nMake sure all imports, decorators, functions, etc."
                " needed to set up the application are done before running it."
            )

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: RouteCallable | str | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Register a URL rule and, optionally, its view.

        :param rule: the URL rule, for example ``"/users/<int:id>"``.
        :param endpoint: the endpoint name; the view function's name by default.
        :param view_func: the view, or an import string (``"package.module:function"``)
            naming a view that is imported on the first request that needs it.
        :param provide_automatic_options: answer ``OPTIONS`` automatically; by default when
            ``OPTIONS`` is not among the methods and ``PROVIDE_AUTOMATIC_OPTIONS`` is on.
        :param options: ``methods`` and any option of :class:`werkzeug.routing.Rule`.
        """
        check_request_variable(rule, options.get("defaults"))
        if isinstance(view_func, str):
            view_func = LazyView(view_func, caller_location(1))
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)  # type: ignore[arg-type]
        options["endpoint"] = endpoint
        methods = rule_methods(options.pop("methods", None), view_func)
        required_methods = set(getattr(view_func, "required_methods", ()))
        if provide_automatic_options is None:
            provide_automatic_options = getattr(view_func, "provide_automatic_options", None)
        if provide_automatic_options is None:
            provide_automatic_options = (
                "OPTIONS" not in methods and self.config["PROVIDE_AUTOMATIC_OPTIONS"]
            )
            if provide_automatic_options:
                required_methods.add("OPTIONS")
        methods |= required_methods
        rule_obj = self.url_rule_class(rule, methods=methods, **options)
        rule_obj.provide_automatic_options = provide_automatic_options  # type: ignore[attr-defined]
        self.url_map.add(rule_obj)
        if view_func is not None:
            old_func = self.view_functions.get(endpoint)
            if old_func is not None and old_func != view_func:
                raise SetupError(
                    "View function mapping is overwriting an existing endpoint function:"
                    f" {endpoint}. Give the view another endpoint name with 'endpoint='."
                )
            self.view_functions[endpoint] = view_func

    @setupmethod
    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Register a blueprint: its routes, hooks and handlers join the application's.

        :param blueprint: the blueprint.
        :param options: ``url_prefix``, ``subdomain``, ``url_defaults``, ``name`` (to
            register the same blueprint twice) and ``cli_group``; they override the
            blueprint's own values.
        """
        blueprint.register(self, options)

    def iter_blueprints(self) -> t.ValuesView[Blueprint]:
        """The registered blueprints, in registration order."""
        return self.blueprints.values()

    @setupmethod
    def teardown_appcontext(self, f: T_teardown) -> T_teardown:
        """Run ``f(exc)`` whenever an application context is popped (after every request,
        CLI command and ``with app.app_context()`` block)."""
        self.teardown_appcontext_funcs.append(f)
        return f

    @setupmethod
    def shell_context_processor(self, f: T_shell_context_processor) -> T_shell_context_processor:
        """Register ``f`` to add names to ``demijohn shell``; it returns a dict."""
        self.shell_context_processors.append(f)
        return f

    def make_shell_context(self) -> dict[str, t.Any]:
        """The namespace of ``demijohn shell``: ``app`` and ``g``, then what each shell
        context processor returns, in registration order.

        .. versionadded:: 0.1
        """
        rv: dict[str, t.Any] = {"app": self, "g": g}
        for processor in self.shell_context_processors:
            rv.update(processor())
        return rv

    @setupmethod
    def add_check(self, check: Check, *, deploy: bool = False) -> Check:
        """Add a check that ``demijohn check`` (and :meth:`run_checks`) runs after the built-in
        ones: a function that takes the application and returns (or yields) the
        :class:`~demijohn.checks.Problem` objects it finds. Extensions add theirs in
        ``init_app``. Usable as a decorator.

        :param check: the check.
        :param deploy: run it only for a deployment (``demijohn check --deploy``): it judges
            the settings production serves with (debug off, a strong secret key), which a
            development checkout need not have.

        .. versionadded:: 0.1
        """
        if deploy:
            # On the class until the first: one more instance attribute slows every request.
            self.deploy_checks = (*self.deploy_checks, check)
        else:
            self.checks.append(check)
        return check

    def run_checks(self, *, deploy: bool = False) -> list[Problem]:
        """Run the built-in checks and the application's own (see :mod:`demijohn.checks`)
        in an application context, and return every problem found: imports views named by
        import string and reads the modules of views, so call it from a command, a test or a
        deployment check, not per request.

        :param deploy: also run the checks added with ``deploy=True``.

        .. versionadded:: 0.1
        """
        from .checks import run_checks

        with self.app_context():
            return run_checks(self, deploy=deploy)

    def check_views(self) -> list[LazyViewError]:
        """Import every view registered by import string, and return the failures.

        Use it in a test or a deployment check so that a mistyped import string fails early
        rather than on the first request to its URL. Each failure names the import string,
        the error and where the route was registered.
        """
        from .checks import import_lazy_views

        return import_lazy_views(self)

    # -- URLs -------------------------------------------------------------------------------

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Bind :attr:`url_map` for matching and building.

        With a request, the adapter matches that request (its host is checked against
        ``TRUSTED_HOSTS`` first). Without one, an adapter for building external URLs exists
        only when ``SERVER_NAME`` is set.

        :param request: the request, or ``None``.
        """
        if request is not None:
            self.check_request_host(request)
            subdomain = None
            server_name = self.config["SERVER_NAME"]
            if self.url_map.host_matching:
                server_name = None
            elif not self.subdomain_matching:
                subdomain = self.url_map.default_subdomain or ""
            if type(self.url_map).bind_to_environ is URLMap.bind_to_environ:
                return t.cast(URLMap, self.url_map).bind_to_request(request, server_name, subdomain)
            return self.url_map.bind_to_environ(
                request.environ, server_name=server_name, subdomain=subdomain
            )
        if self.config["SERVER_NAME"] is not None:
            return self.url_map.bind(
                self.config["SERVER_NAME"],
                script_name=self.config["APPLICATION_ROOT"],
                url_scheme=self.config["PREFERRED_URL_SCHEME"],
            )
        return None

    def check_request_host(self, request: Request) -> None:
        """Refuse a request whose ``Host`` header is malformed, or not in ``TRUSTED_HOSTS``
        when that is set, with a 400. Each distinct host is checked once.

        :param request: the request.
        """
        self._host_check.check(request, self.config["TRUSTED_HOSTS"])

    def _router(self) -> Router | None:
        """The router for matching requests, when the URL map allows one (no host or
        subdomain matching, and :meth:`create_url_adapter` not overridden); rebuilt when rules
        were added since."""
        router = self._router_cache
        if router is not None and router.is_current(self.url_map):
            return router
        if (
            type(self).create_url_adapter is not Demijohn.create_url_adapter
            or self.url_map.host_matching
            or self.subdomain_matching
        ):
            return None
        router = self._router_cache = Router(self.url_map)
        return router

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: t.Any,
    ) -> str:
        """Build the URL of ``endpoint``; see :func:`demijohn.url_for`."""
        req_ctx = _cv_request.get(None)
        if req_ctx is not None:
            url_adapter = req_ctx.url_adapter
            if endpoint[:1] == ".":
                blueprint_name = req_ctx.request.blueprint
                endpoint = f"{blueprint_name}{endpoint}" if blueprint_name else endpoint[1:]
            if _external is None:
                _external = _scheme is not None
        else:
            app_ctx = _cv_app.get(None)
            url_adapter = (
                app_ctx.url_adapter if app_ctx is not None else self.create_url_adapter(None)
            )
            if _external is None:
                _external = True
        if url_adapter is None:
            raise RuntimeError(
                "Unable to build URLs outside an active request without 'SERVER_NAME'"
                " configured. Also configure 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME'"
                " as needed."
            )
        if _scheme is not None and not _external:
            raise ValueError("When specifying '_scheme', '_external' must be True.")
        self.inject_url_defaults(endpoint, values)
        try:
            rv = url_adapter.build(
                endpoint, values, method=_method, url_scheme=_scheme, force_external=_external
            )
        except BuildError as error:
            values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external)
            return self.handle_url_build_error(error, endpoint, values)
        if _anchor is not None:
            rv = f"{rv}#{_url_quote(_anchor, safe=_ANCHOR_SAFE)}"
        return rv

    def inject_url_defaults(self, endpoint: str, values: dict[str, t.Any]) -> None:
        """Let the URL-defaults functions of the app and of the endpoint's blueprints fill in
        ``values`` in place, app first.

        :param endpoint: the endpoint being built.
        :param values: the URL values; changed in place.
        """
        names: t.Iterable[str | None] = (None,)
        if "." in endpoint:
            from .wrappers import _blueprint_chain

            names = chain(names, reversed(_blueprint_chain(endpoint.rpartition(".")[0])))
        for name in names:
            for func in self.url_default_functions.get(name, ()):
                func(endpoint, values)

    def handle_url_build_error(
        self, error: BuildError, endpoint: str, values: dict[str, t.Any]
    ) -> str:
        """Try each of :attr:`url_build_error_handlers`; the first to return a value gives
        the URL. When none does, the error is raised.

        :param error: the build error.
        :param endpoint: the endpoint being built.
        :param values: the values given, including the ``_*`` options.
        """
        for handler in self.url_build_error_handlers:
            try:
                rv = handler(error, endpoint, values)
            except BuildError as e:
                error = e
            else:
                if rv is not None:
                    return rv
        if error is sys.exc_info()[1]:
            raise
        raise error

    def redirect(self, location: str, code: int = 302) -> Response:
        """A redirect response; :func:`demijohn.redirect` calls this.

        A location that cannot be sent fails here, where error handling sees it (see
        :func:`demijohn.redirect`).

        :param location: the URL to redirect to.
        :param code: the status code.
        """
        location = _checked_redirect_location(location)
        return _wz_redirect(location, code=code, Response=self.response_class)  # type: ignore[return-value]

    # -- contexts ---------------------------------------------------------------------------

    @classmethod
    def current(cls) -> t.Self:
        """The application of the active context, typed as this class: ``current_app`` for
        code that needs its subclass's type (``ShopApp.current().mailer``).

        :raises RuntimeError: no application context is active.
        :raises TypeError: the active application is not an instance of this class.
        """
        ctx = _cv_app.get(None)
        if ctx is None:
            raise RuntimeError(_no_app_msg)
        if not isinstance(ctx.app, cls):
            raise TypeError(
                f"The current application {ctx.app.name!r} is a {type(ctx.app).__name__}, not"
                f" a {cls.__name__}: ask the class it was made from, or a base of it."
            )
        return ctx.app

    def app_context(self) -> AppContext:
        """A new application context, to use as ``with app.app_context():``."""
        return AppContext(self)

    def request_context(self, environ: WSGIEnvironment) -> RequestContext:
        """A new request context for a WSGI environment.

        :param environ: the WSGI environment.
        """
        return RequestContext(self, environ)

    def test_request_context(self, *args: t.Any, **kwargs: t.Any) -> RequestContext:
        """A request context for a request made up from the arguments, which are those of
        :class:`~demijohn.testing.EnvironBuilder` (path, method, headers, data, json, ...)."""
        from .testing import EnvironBuilder

        builder = EnvironBuilder(self, *args, **kwargs)
        try:
            return self.request_context(builder.get_environ())
        finally:
            builder.close()

    def test_client(self, use_cookies: bool = True, **kwargs: t.Any) -> DemijohnClient:
        """A test client that sends requests to this application without a server.

        :param use_cookies: keep cookies between requests.
        :param kwargs: passed to :attr:`test_client_class`; ``protocol="asgi"`` sends the
            requests through the ASGI driver instead of the WSGI one.
        """
        from .testing import DemijohnClient

        cls = self.test_client_class or DemijohnClient
        return cls(self, self.response_class, use_cookies=use_cookies, **kwargs)

    def test_cli_runner(self, **kwargs: t.Any) -> DemijohnCliRunner:
        """A runner for this application's CLI commands, for tests.

        :param kwargs: passed to :attr:`test_cli_runner_class`.
        """
        from .testing import DemijohnCliRunner

        cls = self.test_cli_runner_class or DemijohnCliRunner
        return cls(self, **kwargs)

    # -- logging ----------------------------------------------------------------------------

    def log_exception(
        self,
        exc_info: tuple[type[BaseException], BaseException, t.Any] | tuple[None, None, None],
    ) -> None:
        """Log an unhandled exception at ERROR, with the request's path and method. Called by
        :meth:`handle_exception`; override to add context or send errors elsewhere.

        It lives in this module, as Flask's does in ``flask.app``, so the default log format's
        ``%(module)s`` reads ``ERROR in app:`` and log filters written for Flask still match.

        :param exc_info: the exception, as :func:`sys.exc_info` returns it.
        """
        request = _cv_request.get().request
        self.logger.error(f"Exception on {request.path} [{request.method}]", exc_info=exc_info)

    # -- development server -----------------------------------------------------------------

    def run(
        self,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        load_dotenv: bool = True,
        **options: t.Any,
    ) -> None:
        """Serve the application with Werkzeug's development server. It is for local
        development only: deploy behind a production WSGI or ASGI server.

        Under the ``demijohn`` command (``DEMIJOHN_RUN_FROM_CLI=true``) it only prints a
        warning and returns, so that an ``app.run()`` outside an ``if __name__ ==
        "__main__":`` block cannot block the command; ``demijohn run`` serves instead.

        :param host: the interface to bind to; by default the host of ``SERVER_NAME``,
            else ``127.0.0.1``.
        :param port: the port; by default that of ``SERVER_NAME``, else ``5000``.
        :param debug: debug mode; it overrides ``DEBUG`` and ``DEMIJOHN_DEBUG``.
        :param load_dotenv: load ``.demijohnenv`` and ``.env`` (unless
            ``DEMIJOHN_SKIP_DOTENV`` is set), then let ``DEMIJOHN_DEBUG`` override ``DEBUG``.
        :param options: passed to :func:`werkzeug.serving.run_simple`; ``use_reloader``
            and ``use_debugger`` default to debug mode, ``threaded`` to ``True``.

        .. versionadded:: 0.1
        """
        from .cli.run import run_app

        run_app(self, host, port, debug, load_dotenv, **options)

    # -- WSGI -------------------------------------------------------------------------------

    def wsgi_app(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """The WSGI application: run :meth:`handle_request` for a context of ``environ``,
        then send the response. Wrap this, not the app, in WSGI middleware
        (``app.wsgi_app = Middleware(app.wsgi_app)``) to keep the app object usable.

        :param environ: the WSGI environment.
        :param start_response: the WSGI ``start_response`` callable.
        """
        if not self._serving:
            self._start_on_first_request()
        ctx = self.request_context(environ)
        preserve = environ.get("werkzeug.debug.preserve_context")
        if preserve is not None:
            ctx.preserve_context = preserve
        response = self.handle_request(ctx)
        if ctx._background_tasks or ctx._teardown_holds:
            return send_response(self, ctx, response, environ, start_response)
        # PERF: send_response inline for a request that holds nothing: most of them.
        body = response(environ, start_response)
        if type(body) is list or response.is_sequence or response.direct_passthrough:
            return body
        return LoggedBody(body, self.logger, ctx.request)

    def __call__(self, *args: t.Any) -> t.Any:
        """Serve a request: ``app(environ, start_response)`` is a WSGI call and runs
        :meth:`wsgi_app`; ``app(scope, receive, send)`` is an ASGI call and runs :attr:`asgi`
        (``app(scope)`` too, for servers that speak ASGI 2)."""
        if len(args) == 2:
            return self.wsgi_app(*args)
        if len(args) == 3:
            return self.asgi(*args)
        if len(args) == 1:
            return functools.partial(self.asgi, args[0])
        raise TypeError(
            "The application was called with"
            f" {len(args)} arguments. WSGI servers call it with (environ, start_response),"
            " ASGI servers with (scope, receive, send)."
        )

    def _drives_natively(self) -> bool:
        """Whether :meth:`wsgi_app` and :meth:`request_context` are demijohn's own (no WSGI
        middleware wrapped around the first), so that the ASGI driver may skip them."""
        names = ("wsgi_app", "request_context")
        cls = type(self)
        own = all(getattr(cls, name) is getattr(Demijohn, name) for name in names)
        return own and not any(name in self.__dict__ for name in names)

    @cached_property
    def asgi(self) -> ASGIApp:
        """The application's ASGI entry point: ``uvicorn module:app.asgi``."""
        from .asgi import ASGIApp

        return ASGIApp(self)


Application.register(Demijohn)
