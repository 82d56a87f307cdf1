"""The template methods of :class:`~demijohn.Demijohn`: creating the Jinja environment, choosing
autoescaping, filling in template contexts, and registering template filters, tests and globals.

They live in :class:`TemplatingMixin` so that :mod:`demijohn.app` stays about one concern. The
environment, loader and render functions themselves are in :mod:`demijohn.templating`; the
blueprint counterparts of the registration methods are in :mod:`demijohn.blueprints`.
"""

from __future__ import annotations

import typing as t
from functools import cached_property

from ..globals import _cv_request, g, request, session
from ..helpers import get_flashed_messages
from ..scaffold import setupmethod
from .environment import DispatchingJinjaLoader, Environment, _default_template_ctx_processor

if t.TYPE_CHECKING:
    from ..app import Demijohn
    from ..config import Config
    from ..json.provider import JSONProvider
    from ..typing import (
        AppOrBlueprintKey,
        TemplateContextProcessorCallable,
        TemplateFilterCallable,
        TemplateGlobalCallable,
        TemplateTestCallable,
    )

T_template_filter = t.TypeVar("T_template_filter", bound="TemplateFilterCallable")
T_template_test = t.TypeVar("T_template_test", bound="TemplateTestCallable")
T_template_global = t.TypeVar("T_template_global", bound="TemplateGlobalCallable")

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: File extensions whose templates are autoescaped.
_AUTOESCAPE_EXTENSIONS = (".html", ".htm", ".xml", ".xhtml", ".svg")


def register_named(
    add: t.Callable[[F, str | None], None], name: F | str | None
) -> F | t.Callable[[F], F]:
    """What a decorator such as ``template_filter`` does, used bare (``@app.template_filter``,
    so ``name`` is the function) or with a name (``@app.template_filter("money")``): register
    the function by calling ``add(function, name)`` and give it back unchanged.

    :param add: registers a function under a name (``None``: the function's own name).
    :param name: the decorated function, or the name to register it under.
    """
    if callable(name):
        add(name, None)
        return name

    def decorator(f: F) -> F:
        add(f, name)
        return f

    return decorator


class TemplatingMixin:
    """The template methods of :class:`~demijohn.Demijohn`.

    The environment is created on first use of :attr:`jinja_env`; change
    :attr:`jinja_options` before that, or override :meth:`create_jinja_environment`.
    """

    #: The class of :attr:`jinja_env`.
    jinja_environment: type[Environment] = Environment

    # Provided by the application class.
    config: Config
    json: JSONProvider
    jinja_options: dict[str, t.Any]
    template_context_processors: dict[AppOrBlueprintKey, list[TemplateContextProcessorCallable]]
    if t.TYPE_CHECKING:

        @property
        def debug(self) -> bool: ...

        def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]: ...

        def _check_setup_finished(self, f_name: str) -> None: ...

    def _init_templating(self) -> None:
        # The default processor comes first so that the application's own processors can
        # replace what it provides.
        self.template_context_processors[None] = [_default_template_ctx_processor]

    # -- the environment --------------------------------------------------------------------

    @cached_property
    def jinja_env(self) -> Environment:
        """The Jinja environment that renders this application's templates, created by
        :meth:`create_jinja_environment` on first use."""
        return self.create_jinja_environment()

    def create_jinja_environment(self) -> Environment:
        """Create :attr:`jinja_env` from :attr:`jinja_options`.

        Unless the options say otherwise, autoescaping is chosen by
        :meth:`select_jinja_autoescape`, and templates are reloaded when they change if
        ``TEMPLATES_AUTO_RELOAD`` is on (``None`` follows debug mode). The globals
        ``url_for``, ``get_flashed_messages``, ``config``, ``request``, ``session`` and ``g``
        are added, and the ``tojson`` filter serializes with :attr:`json`.

        .. versionadded:: 0.1
        """
        options = dict(self.jinja_options)
        options.setdefault("autoescape", self.select_jinja_autoescape)
        if "auto_reload" not in options:
            auto_reload = self.config["TEMPLATES_AUTO_RELOAD"]
            options["auto_reload"] = self.debug if auto_reload is None else auto_reload
        app = t.cast("Demijohn", self)
        rv = self.jinja_environment(app, **options)
        rv.globals.update(
            url_for=app.url_for,
            get_flashed_messages=get_flashed_messages,
            config=self.config,
            request=request,
            session=session,
            g=g,
        )
        # Jinja's ``tojson`` filter calls this and makes the result safe to put in HTML.
        rv.policies["json.dumps_function"] = self.json.dumps
        return rv

    def create_global_jinja_loader(self) -> DispatchingJinjaLoader:
        """The loader of :attr:`jinja_env`: the application's template folder first, then
        each blueprint's. Override :attr:`~demijohn.scaffold.Scaffold.jinja_loader` rather
        than this to change where the application's own templates come from.

        .. versionadded:: 0.1
        """
        return DispatchingJinjaLoader(t.cast("Demijohn", self))

    def select_jinja_autoescape(self, filename: str | None) -> bool:
        """Whether the template ``filename`` is autoescaped: for ``.html``, ``.htm``,
        ``.xml``, ``.xhtml`` and ``.svg`` files, and for templates from strings.

        :param filename: the template's name, or ``None`` for a template from a string.

        .. versionadded:: 0.1
        """
        if filename is None:
            return True
        return filename.endswith(_AUTOESCAPE_EXTENSIONS)

    def update_template_context(self, context: dict[str, t.Any]) -> None:
        """Add the values of the context processors to ``context``, in place: the
        application's first, then those of the request's blueprints from the outermost to
        the innermost. Values already in ``context`` (passed to the render call) are kept.

        :param context: the template context.

        .. versionadded:: 0.1
        """
        names: tuple[str | None, ...] = (None,)
        req_ctx = _cv_request.get(None)
        if req_ctx is not None:
            names += tuple(reversed(req_ctx.request.blueprints))
        explicit = context.copy()
        for name in names:
            for func in self.template_context_processors.get(name, ()):
                context.update(self.ensure_sync(func)())
        context.update(explicit)

    # -- registration -----------------------------------------------------------------------

    @t.overload
    def template_filter(self, name: T_template_filter) -> T_template_filter: ...
    @t.overload
    def template_filter(
        self, name: str | None = None
    ) -> t.Callable[[T_template_filter], T_template_filter]: ...
    @setupmethod
    def template_filter(
        self, name: T_template_filter | str | None = None
    ) -> T_template_filter | t.Callable[[T_template_filter], T_template_filter]:
        """Register the decorated function as a template filter, under its own name or
        ``name``. Use it as ``@app.template_filter`` or ``@app.template_filter("name")``.

        :param name: the filter's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        return register_named(self.add_template_filter, name)

    @setupmethod
    def add_template_filter(self, f: TemplateFilterCallable, name: str | None = None) -> None:
        """Register ``f`` as a template filter; the non-decorator form of
        :meth:`template_filter`.

        :param f: the filter function.
        :param name: the filter's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        self.jinja_env.filters[name or f.__name__] = f

    @t.overload
    def template_test(self, name: T_template_test) -> T_template_test: ...
    @t.overload
    def template_test(
        self, name: str | None = None
    ) -> t.Callable[[T_template_test], T_template_test]: ...
    @setupmethod
    def template_test(
        self, name: T_template_test | str | None = None
    ) -> T_template_test | t.Callable[[T_template_test], T_template_test]:
        """Register the decorated function as a template test (``{% if x is name %}``),
        under its own name or ``name``. Use it with or without the name argument.

        :param name: the test's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        return register_named(self.add_template_test, name)

    @setupmethod
    def add_template_test(self, f: TemplateTestCallable, name: str | None = None) -> None:
        """Register ``f`` as a template test; the non-decorator form of
        :meth:`template_test`.

        :param f: the test function; it returns a bool.
        :param name: the test's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        self.jinja_env.tests[name or f.__name__] = f

    @t.overload
    def template_global(self, name: T_template_global) -> T_template_global: ...
    @t.overload
    def template_global(
        self, name: str | None = None
    ) -> t.Callable[[T_template_global], T_template_global]: ...
    @setupmethod
    def template_global(
        self, name: T_template_global | str | None = None
    ) -> T_template_global | t.Callable[[T_template_global], T_template_global]:
        """Register the decorated function as a global available in every template, under
        its own name or ``name``. Use it with or without the name argument.

        :param name: the global's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        return register_named(self.add_template_global, name)

    @setupmethod
    def add_template_global(self, f: TemplateGlobalCallable, name: str | None = None) -> None:
        """Register ``f`` as a template global; the non-decorator form of
        :meth:`template_global`.

        :param f: the function.
        :param name: the global's name in templates; the function's name by default.

        .. versionadded:: 0.1
        """
        self.jinja_env.globals[name or f.__name__] = f
