"""Jinja templates: the application's environment, the loader that searches the application's and
the blueprints' template folders, and the functions that render templates.

The methods of :class:`~demijohn.Demijohn` that build and configure the environment are in
:mod:`demijohn.app_templating`; flashing messages is in :mod:`demijohn.helpers`. Nothing here keeps
state of its own: the environment lives on the application, the context on the current contexts.
"""

from __future__ import annotations

import typing as t

from jinja2 import BaseLoader, Template, TemplateNotFound
from jinja2 import Environment as BaseEnvironment

from . import signals
from .globals import _cv_app, _cv_request, current_app
from .helpers import stream_with_context

if t.TYPE_CHECKING:
    from .app import Demijohn
    from .scaffold import Scaffold

__all__ = [
    "DispatchingJinjaLoader",
    "Environment",
    "get_template_attribute",
    "render_template",
    "render_template_string",
    "stream_template",
    "stream_template_string",
]

#: What a loader's ``get_source`` returns: the source, the file name, and an up-to-date check.
TemplateSource = tuple[str, "str | None", "t.Callable[[], bool] | None"]


def _default_template_ctx_processor() -> dict[str, t.Any]:
    """Put ``g`` in every template's context, and ``request`` while a request is handled. It
    is the first context processor of every application.

    ``session`` stays the environment's global proxy, so that only a template that uses it
    marks the session accessed (and adds ``Vary: Cookie``).
    """
    rv: dict[str, t.Any] = {}
    app_ctx = _cv_app.get(None)
    if app_ctx is not None:
        rv["g"] = app_ctx.g
    req_ctx = _cv_request.get(None)
    if req_ctx is not None:
        rv["request"] = req_ctx.request
    return rv


class Environment(BaseEnvironment):
    """The Jinja environment of an application: a :class:`jinja2.Environment` that knows its
    application and, unless given another loader, loads templates through
    :meth:`~demijohn.Demijohn.create_global_jinja_loader`.

    Replace it through :attr:`Demijohn.jinja_environment <demijohn.Demijohn.jinja_environment>`.

    :param app: the application.
    :param options: options of :class:`jinja2.Environment`.

    .. versionadded:: 0.1
    """

    def __init__(self, app: Demijohn, **options: t.Any) -> None:
        if "loader" not in options:
            options["loader"] = app.create_global_jinja_loader()
        super().__init__(**options)
        #: The application this environment belongs to.
        self.app = app


class DispatchingJinjaLoader(BaseLoader):
    """The loader of the application's environment: it asks the application's loader first,
    then the loader of each blueprint in registration order, and returns the first match.

    With ``EXPLAIN_TEMPLATE_LOADING`` on, every loader is asked and what each one found is
    logged (see :func:`~demijohn.debughelpers.explain_template_loading_attempts`).

    :param app: the application.

    .. versionadded:: 0.1
    """

    def __init__(self, app: Demijohn) -> None:
        self.app = app

    def get_source(self, environment: BaseEnvironment, template: str) -> TemplateSource:
        """Find ``template`` and return its source, file name and up-to-date check.

        :param environment: the environment loading the template.
        :param template: the template's name.
        :raises jinja2.TemplateNotFound: when no loader has it.
        """
        if self.app.config["EXPLAIN_TEMPLATE_LOADING"]:
            return self._get_source_explained(environment, template)
        for _owner, loader in self._iter_loaders():
            try:
                return loader.get_source(environment, template)
            except TemplateNotFound:
                continue
        raise TemplateNotFound(template)

    def _get_source_explained(self, environment: BaseEnvironment, template: str) -> TemplateSource:
        """Ask every loader, log the attempts, and return the first match."""
        from .debughelpers import explain_template_loading_attempts

        attempts: list[tuple[BaseLoader, Scaffold, TemplateSource | None]] = []
        first: TemplateSource | None = None
        for owner, loader in self._iter_loaders():
            try:
                rv: TemplateSource | None = loader.get_source(environment, template)
            except TemplateNotFound:
                rv = None
            if first is None:
                first = rv
            attempts.append((loader, owner, rv))
        explain_template_loading_attempts(self.app, template, attempts)
        if first is None:
            raise TemplateNotFound(template)
        return first

    def _iter_loaders(self) -> t.Iterator[tuple[Scaffold, BaseLoader]]:
        """The application's loader, then each blueprint's, skipping those without one."""
        owners: t.Iterable[Scaffold] = (self.app, *self.app.iter_blueprints())
        for owner in owners:
            loader = owner.jinja_loader
            if loader is not None:
                yield owner, loader

    def list_templates(self) -> list[str]:
        """The names of all templates the application's and the blueprints' loaders know."""
        names: set[str] = set()
        for _owner, loader in self._iter_loaders():
            names.update(loader.list_templates())
        return list(names)


def _send_signal(signal: t.Any, app: Demijohn, template: Template, context: t.Any) -> None:
    if signal.receivers:
        signal.send(app, _async_wrapper=app.ensure_sync, template=template, context=context)


def _render(app: Demijohn, template: Template, context: dict[str, t.Any]) -> str:
    app.update_template_context(context)
    _send_signal(signals.before_render_template, app, template, context)
    rv = template.render(context)
    _send_signal(signals.template_rendered, app, template, context)
    return rv


def _stream(app: Demijohn, template: Template, context: dict[str, t.Any]) -> t.Iterator[str]:
    app.update_template_context(context)
    _send_signal(signals.before_render_template, app, template, context)

    def generate() -> t.Iterator[str]:
        yield from template.generate(context)
        _send_signal(signals.template_rendered, app, template, context)

    rv = generate()
    if _cv_request.get(None) is not None:
        # The template may read request and session after the view has returned.
        return stream_with_context(rv)
    return rv


def _current_app() -> Demijohn:
    return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]


def render_template(
    template_name_or_list: str | Template | list[str | Template], **context: t.Any
) -> str:
    """Render a template of the current application with the given context.

    The context processors add their values first; values passed here win over theirs. It
    works with only an application context active, without a request.

    :param template_name_or_list: a template name, a template object, or a list of them, of
        which the first that exists is rendered.
    :param context: the variables available in the template.
    :raises jinja2.TemplateNotFound: when no template of the name (or list) exists.

    .. versionadded:: 0.1
    """
    app = _current_app()
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _render(app, template, context)


def render_template_string(source: str, **context: t.Any) -> str:
    """Render a template given as a string, as :func:`render_template` does for a file.

    Autoescaping is on, as for an ``.html`` template.

    :param source: the template's source.
    :param context: the variables available in the template.

    .. versionadded:: 0.1
    """
    app = _current_app()
    template = app.jinja_env.from_string(source)
    return _render(app, template, context)


def stream_template(
    template_name_or_list: str | Template | list[str | Template], **context: t.Any
) -> t.Iterator[str]:
    """Render a template piece by piece, as an iterator of strings to return from a view as a
    streamed response.

    During a request the iterator keeps the request context (through
    :func:`~demijohn.stream_with_context`), so the template can still use ``request`` and
    ``session`` while the response is sent. ``template_rendered`` is sent when the iterator
    is exhausted.

    :param template_name_or_list: as for :func:`render_template`.
    :param context: the variables available in the template.

    .. versionadded:: 0.1
    """
    app = _current_app()
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _stream(app, template, context)


def stream_template_string(source: str, **context: t.Any) -> t.Iterator[str]:
    """Stream a template given as a string; see :func:`stream_template`.

    :param source: the template's source.
    :param context: the variables available in the template.

    .. versionadded:: 0.1
    """
    app = _current_app()
    template = app.jinja_env.from_string(source)
    return _stream(app, template, context)


def get_template_attribute(template_name: str, attribute: str) -> t.Any:
    """Load a template of the current application and return one of its exported names, such
    as a macro, to call it from Python: ``get_template_attribute("_forms.html", "field")(x)``.

    :param template_name: the template's name.
    :param attribute: the name of the macro or variable the template defines.
    :raises AttributeError: when the template does not define ``attribute``.

    .. versionadded:: 0.1
    """
    return getattr(_current_app().jinja_env.get_template(template_name).module, attribute)
