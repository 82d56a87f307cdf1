"""Jinja templates: the functions that render them, and where the rest lives.

The application's environment and the loader that searches the application's and the
blueprints' template folders are in :mod:`demijohn.templating.environment`; the methods of
:class:`~demijohn.Demijohn` that build and configure the environment and register filters,
tests and globals in :mod:`demijohn.templating.app`; flashing messages is in
:mod:`demijohn.helpers`. Nothing here keeps state of its own: the environment lives on the
application, the context on the current contexts.
"""

from __future__ import annotations

import typing as t

from jinja2 import Template

from .. import signals
from ..globals import _cv_request, current_app
from ..helpers import stream_with_context
from .environment import DispatchingJinjaLoader as DispatchingJinjaLoader
from .environment import Environment as Environment
from .environment import TemplateNotFoundError as TemplateNotFoundError
from .environment import TemplatesNotFoundError as TemplatesNotFoundError

if t.TYPE_CHECKING:
    from ..app import Demijohn

__all__ = [
    "DispatchingJinjaLoader",
    "Environment",
    "TemplateNotFoundError",
    "TemplatesNotFoundError",
    "get_template_attribute",
    "render_template",
    "render_template_string",
    "stream_template",
    "stream_template_string",
]


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
