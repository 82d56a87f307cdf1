"""What applications and blueprints share: the registries of views, hooks and error handlers,
and the decorators that fill them.

A :class:`Scaffold` only records; it never handles a request. Decorators are sugar over the
``add_*``/``register_*`` methods, and every method that changes setup is a :func:`setupmethod`,
refused once the application has started serving.
"""

from __future__ import annotations

import contextlib
import os
import typing as t
from collections import defaultdict
from contextvars import ContextVar
from functools import cached_property, update_wrapper

from jinja2 import BaseLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException, default_exceptions

from .errors import SetupTypeError
from .paths import get_root_path
from .registries import HookRegistry, Revision
from .typing import (
    AfterRequestCallable,
    AppOrBlueprintKey,
    BeforeRequestCallable,
    ErrorHandlerCallable,
    RouteCallable,
    TeardownCallable,
    TemplateContextProcessorCallable,
    URLDefaultCallable,
    URLValuePreprocessorCallable,
)

if t.TYPE_CHECKING:
    from .cli.groups import AppGroup
    from .wrappers import Response

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T_after_request = t.TypeVar("T_after_request", bound=AfterRequestCallable[t.Any])
T_before_request = t.TypeVar("T_before_request", bound=BeforeRequestCallable)
T_error_handler = t.TypeVar("T_error_handler", bound=ErrorHandlerCallable)
T_teardown = t.TypeVar("T_teardown", bound=TeardownCallable)
T_template_context_processor = t.TypeVar(
    "T_template_context_processor", bound=TemplateContextProcessorCallable
)
T_url_defaults = t.TypeVar("T_url_defaults", bound=URLDefaultCallable)
T_url_value_preprocessor = t.TypeVar("T_url_value_preprocessor", bound=URLValuePreprocessorCallable)
T_route = t.TypeVar("T_route", bound=RouteCallable)
#: A WebSocket handler usually returns nothing; only a response it returns before accepting
#: is used (it rejects the handshake).
T_websocket = t.TypeVar("T_websocket", bound=t.Callable[..., t.Any])

#: Marks "argument not given" where ``None`` is a meaningful value.
_sentinel = object()

ExceptionKey = type[Exception] | int


#: Set while a blueprint included by import string is registered on its first use, which
#: may come after the application started serving.
_late_setup: ContextVar[bool] = ContextVar("demijohn.late_setup", default=False)


def setupmethod(f: F) -> F:
    """Mark a method as part of setup: calling it after the first request is an error."""
    name = f.__name__

    def wrapper_func(self: Scaffold, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if not _late_setup.get():
            self._check_setup_finished(name)
        return f(self, *args, **kwargs)

    return t.cast(F, update_wrapper(wrapper_func, f))


@contextlib.contextmanager
def late_setup() -> t.Iterator[None]:
    """Allow setup methods in this context (this thread or task) although the application is
    serving: for registering a blueprint included by import string when it is first needed,
    which is setup the application asked for, done late.

    .. versionadded:: 0.1
    """
    token = _late_setup.set(True)
    try:
        yield
    finally:
        _late_setup.reset(token)


class Scaffold:
    """The registries and decorators shared by :class:`~demijohn.Demijohn` and
    :class:`~demijohn.Blueprint`.

    :param import_name: the import name of the module or package that defines the object; it
        locates ``root_path`` and the static and template folders.
    :param static_folder: a folder of static files, relative to ``root_path``.
    :param static_url_path: the URL prefix of the static route; defaults to the folder's name.
    :param template_folder: a folder of templates, relative to ``root_path``.
    :param root_path: the folder the other paths are relative to, when it cannot be found
        from ``import_name`` (namespace packages, for example).
    """

    _static_folder: str | None = None
    _static_url_path: str | None = None

    def __init__(
        self,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        root_path: str | None = None,
    ):
        self.import_name = import_name
        self.static_folder = static_folder
        self.static_url_path = static_url_path
        self.template_folder = template_folder
        if root_path is None:
            root_path = get_root_path(self.import_name)
        self.root_path = root_path

        #: Endpoint name to view function (or :class:`~demijohn.routing.LazyView`).
        self.view_functions: dict[str, RouteCallable] = {}
        #: ``{scope: {code or None: {exception class: handler}}}``; scope ``None`` is the app.
        self.error_handler_spec: dict[
            AppOrBlueprintKey,
            dict[int | None, dict[type[Exception], ErrorHandlerCallable]],
        ] = defaultdict(lambda: defaultdict(dict))
        #: Incremented by every change to the request-hook registries below, so that the
        #: pipeline's prepared hook chains are rebuilt when an extension changes them late.
        self._hook_revision = Revision()
        self.before_request_funcs: dict[AppOrBlueprintKey, list[BeforeRequestCallable]] = (
            HookRegistry(self._hook_revision)
        )
        self.after_request_funcs: dict[AppOrBlueprintKey, list[AfterRequestCallable[t.Any]]] = (
            HookRegistry(self._hook_revision)
        )
        self.teardown_request_funcs: dict[AppOrBlueprintKey, list[TeardownCallable]] = HookRegistry(
            self._hook_revision
        )
        self.template_context_processors: dict[
            AppOrBlueprintKey, list[TemplateContextProcessorCallable]
        ] = defaultdict(list)
        self.url_value_preprocessors: dict[
            AppOrBlueprintKey, list[URLValuePreprocessorCallable]
        ] = HookRegistry(self._hook_revision)
        self.url_default_functions: dict[AppOrBlueprintKey, list[URLDefaultCallable]] = defaultdict(
            list
        )

    def _check_setup_finished(self, f_name: str) -> None:
        raise NotImplementedError

    # -- files ------------------------------------------------------------------------------

    @property
    def static_folder(self) -> str | None:
        """The absolute path of the static folder, or ``None``."""
        if self._static_folder is not None:
            return os.path.join(self.root_path, self._static_folder)
        return None

    @static_folder.setter
    def static_folder(self, value: str | os.PathLike[str] | None) -> None:
        if value is not None:
            value = os.fspath(value).rstrip(r"\/")
        self._static_folder = value

    @property
    def has_static_folder(self) -> bool:
        """Whether a static folder was given."""
        return self.static_folder is not None

    @property
    def static_url_path(self) -> str | None:
        """The URL prefix of the static route: the value given, else ``/`` and the folder's
        base name, else ``None``."""
        if self._static_url_path is not None:
            return self._static_url_path
        if self.static_folder is not None:
            basename = os.path.basename(self.static_folder)
            return f"/{basename}".rstrip("/")
        return None

    @static_url_path.setter
    def static_url_path(self, value: str | None) -> None:
        if value is not None:
            value = value.rstrip("/")
        self._static_url_path = value

    @cached_property
    def cli(self) -> AppGroup:
        """The click group of this object's commands (``@app.cli.command()``), named after it.

        It is made the first time it is used, so that an application that defines no commands
        never loads click. Assigning another group replaces it.
        """
        from .cli.groups import AppGroup

        return AppGroup(getattr(self, "name", None))

    @cached_property
    def jinja_loader(self) -> BaseLoader | None:
        """A file loader for ``template_folder``, or ``None`` when there is none."""
        if self.template_folder is not None:
            return FileSystemLoader(os.path.join(self.root_path, self.template_folder))
        return None

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """How long browsers may cache a static file, in seconds: ``SEND_FILE_MAX_AGE_DEFAULT``
        (``None`` means conditional requests only). Override to vary it by file.

        :param filename: the requested file's path inside the static folder.
        """
        from .globals import current_app

        value = current_app.config["SEND_FILE_MAX_AGE_DEFAULT"]
        if value is None:
            return None
        if hasattr(value, "total_seconds"):
            return int(value.total_seconds())
        return int(value)

    def send_static_file(self, filename: str) -> Response:
        """The view behind the ``static`` endpoint: send ``filename`` from the static folder.

        :param filename: the path inside the static folder, taken from the URL.
        """
        from .helpers import send_from_directory

        if not self.has_static_folder:
            raise RuntimeError(
                f"{self!r} has no static folder, so it cannot send static files. Pass"
                " 'static_folder' when creating it."
            )
        max_age = self.get_send_file_max_age(filename)
        return send_from_directory(t.cast(str, self.static_folder), filename, max_age=max_age)

    def open_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO[t.Any]:
        """Open a file relative to :attr:`root_path` for reading.

        :param resource: the path, relative to the root path, with forward slashes.
        :param mode: ``"r"``/``"rt"`` for text or ``"rb"`` for bytes; writing is refused.
        :param encoding: the text encoding when reading text.
        """
        if mode not in {"r", "rt", "rb"}:
            raise ValueError(
                f"open_resource() only reads, but mode {mode!r} was given. Use 'r' or 'rb'."
            )
        path = os.path.join(self.root_path, resource)
        if mode == "rb":
            return open(path, mode)
        return open(path, mode, encoding=encoding)

    # -- routes -----------------------------------------------------------------------------

    def _method_route(
        self, method: str, rule: str, options: dict[str, t.Any]
    ) -> t.Callable[[T_route], T_route]:
        if "methods" in options:
            raise TypeError(
                f"The '{method.lower()}' decorator already sets the method; use 'route'"
                " with 'methods=' to allow several."
            )
        return self.route(rule, methods=[method], **options)

    @setupmethod
    def get(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["GET"]``."""
        return self._method_route("GET", rule, options)

    @setupmethod
    def post(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["POST"]``."""
        return self._method_route("POST", rule, options)

    @setupmethod
    def put(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["PUT"]``."""
        return self._method_route("PUT", rule, options)

    @setupmethod
    def delete(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["DELETE"]``."""
        return self._method_route("DELETE", rule, options)

    @setupmethod
    def patch(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Shortcut for :meth:`route` with ``methods=["PATCH"]``."""
        return self._method_route("PATCH", rule, options)

    @setupmethod
    def websocket(self, rule: str, **options: t.Any) -> t.Callable[[T_websocket], T_websocket]:
        """Register the decorated function as the WebSocket handler for ``rule``.

        The handler receives a :class:`~demijohn.websocket.WebSocket` in a parameter named
        ``websocket`` and the URL values in the others. WebSockets are served over ASGI.

        :param rule: the URL rule, for example ``"/ws/<room>"``.
        :param options: ``endpoint`` and options of :class:`werkzeug.routing.Rule`.
        """
        if "methods" in options:
            raise TypeError("A WebSocket handler answers GET handshakes only; drop 'methods='.")
        return self.route(rule, websocket=True, provide_automatic_options=False, **options)

    @setupmethod
    def route(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Register the decorated function as the view for ``rule``.

        :param rule: the URL rule, for example ``"/users/<int:id>"``.
        :param options: ``endpoint``, ``methods`` and any option of
            :class:`werkzeug.routing.Rule`.
        """

        def decorator(f: T_route) -> T_route:
            endpoint = options.pop("endpoint", None)
            self.add_url_rule(rule, endpoint, f, **options)
            return f

        return decorator

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: RouteCallable | str | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Register a URL rule; see :meth:`demijohn.Demijohn.add_url_rule`."""
        raise NotImplementedError

    @setupmethod
    def endpoint(self, endpoint: str) -> t.Callable[[F], F]:
        """Register the decorated function as the view for ``endpoint``, whose rule is added
        separately (for example with ``add_url_rule(rule, endpoint)``).

        :param endpoint: the endpoint name.
        """

        def decorator(f: F) -> F:
            self.view_functions[endpoint] = f
            return f

        return decorator

    # -- hooks ------------------------------------------------------------------------------

    @setupmethod
    def before_request(self, f: T_before_request) -> T_before_request:
        """Run ``f`` before each request; a return value other than ``None`` becomes the
        response and the view is not called."""
        self.before_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def after_request(self, f: T_after_request) -> T_after_request:
        """Run ``f(response)`` after each request; it returns the response to send. Functions
        run in the reverse order of registration."""
        self.after_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def teardown_request(self, f: T_teardown) -> T_teardown:
        """Run ``f(exc)`` when the request context is popped, whatever happened before.
        ``exc`` is the unhandled exception, or ``None``."""
        self.teardown_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def context_processor(self, f: T_template_context_processor) -> T_template_context_processor:
        """Register ``f`` to add values to each template's context; it returns a dict."""
        self.template_context_processors[None].append(f)
        return f

    @setupmethod
    def url_value_preprocessor(self, f: T_url_value_preprocessor) -> T_url_value_preprocessor:
        """Run ``f(endpoint, values)`` before the request's hooks, to pull values out of
        the matched URL values."""
        self.url_value_preprocessors[None].append(f)
        return f

    @setupmethod
    def url_defaults(self, f: T_url_defaults) -> T_url_defaults:
        """Run ``f(endpoint, values)`` when building a URL, to fill in values in place."""
        self.url_default_functions[None].append(f)
        return f

    @setupmethod
    def errorhandler(
        self, code_or_exception: type[Exception] | int
    ) -> t.Callable[[T_error_handler], T_error_handler]:
        """Register the decorated function to handle an HTTP status code or an exception class.

        :param code_or_exception: an HTTP error code, or an exception class.
        """

        def decorator(f: T_error_handler) -> T_error_handler:
            self.register_error_handler(code_or_exception, f)
            return f

        return decorator

    @setupmethod
    def register_error_handler(
        self, code_or_exception: type[Exception] | int, f: ErrorHandlerCallable
    ) -> None:
        """Register ``f`` to handle an HTTP status code or an exception class; the
        non-decorator form of :meth:`errorhandler`."""
        exc_class, code = self._get_exc_class_and_code(code_or_exception)
        self.error_handler_spec[None][code][exc_class] = f

    @staticmethod
    def _get_exc_class_and_code(
        exc_class_or_code: type[Exception] | int,
    ) -> tuple[type[Exception], int | None]:
        """Resolve a code or exception class to the class and, for HTTP errors, the code."""
        if isinstance(exc_class_or_code, int):
            try:
                exc_class: type[Exception] = default_exceptions[exc_class_or_code]
            except KeyError:
                raise ValueError(
                    f"'{exc_class_or_code}' is not a recognized HTTP error code. Use a"
                    " subclass of HTTPException with that code instead."
                ) from None
        else:
            exc_class = exc_class_or_code
        if isinstance(exc_class, Exception):
            raise TypeError(
                f"{exc_class!r} is an instance, not a class. Handlers can only be registered"
                " for exception classes."
            )
        if not issubclass(exc_class, Exception):
            raise ValueError(
                f"'{exc_class.__name__}' is not a subclass of Exception. Handlers can only be"
                " registered for exception classes."
            )
        if issubclass(exc_class, HTTPException):
            return exc_class, exc_class.code
        return exc_class, None


def _endpoint_from_view_func(view_func: t.Callable[..., t.Any] | str) -> str:
    """The default endpoint of a view: its function name (for an import string, the part
    after ``:`` or the last ``.``)."""
    if isinstance(view_func, str):
        return view_func.replace(":", ".").rpartition(".")[2]
    if view_func is None:
        raise SetupTypeError("Give a view function or an endpoint name when adding a URL rule.")
    return view_func.__name__
