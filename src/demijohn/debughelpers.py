"""Errors and helpers that explain common mistakes in debug mode.

They are raised only when ``app.debug`` is on, where a clearer message is worth more than the
plain HTTP error a client would otherwise get. The log of how a template was looked for
(``EXPLAIN_TEMPLATE_LOADING``) is written here too.
"""

from __future__ import annotations

import typing as t

from werkzeug.routing import RequestRedirect

from . import conventions
from .globals import _cv_request
from .typing import Application

if t.TYPE_CHECKING:
    from jinja2 import BaseLoader

    from .app import Demijohn
    from .wrappers import Request


class UnexpectedUnicodeError(AssertionError, UnicodeError):
    """Raised in debug mode where demijohn expected bytes and got text, or the reverse."""


class FormDataRoutingRedirect(AssertionError):
    """Raised in debug mode when the routing system would redirect a request that carries a
    body (a POST to a URL missing its trailing slash, for example): the browser would drop the
    body on the redirect."""

    def __init__(self, request: Request) -> None:
        exc = t.cast(RequestRedirect, request.routing_exception)
        buf = [
            (
                f"A request was sent to '{request.url}', but routing issued a redirect to the"
                f" canonical URL '{exc.new_url}'."
            )
        ]
        if f"{request.base_url}/" == exc.new_url.partition("?")[0]:
            buf.append(
                " The URL was defined with a trailing slash. demijohn redirects to the URL"
                " with a trailing slash when it is accessed without one."
            )
        buf.append(
            " Send requests to the canonical URL, or use 307 or 308 for routing redirects."
            " Otherwise, browsers will drop form data.\n\nThis exception is only raised in"
            " debug mode."
        )
        super().__init__("".join(buf))


class DebugFilesKeyError(KeyError, AssertionError):
    """Raised in debug mode when a view reads a file from ``request.files`` that the browser
    sent as a plain form field, because the form was not sent as ``multipart/form-data``.

    :param request: the request.
    :param key: the name looked up in ``request.files``.
    """

    def __init__(self, request: Request, key: str) -> None:
        messages = conventions.current().messages
        msg = messages.files_not_multipart.format(key=key, mimetype=request.mimetype)
        sent = request.form.getlist(key)
        if sent:
            names = ", ".join(repr(name) for name in sent)
            msg += "\n\n" + messages.files_sent_names.format(names=names)
        self.msg = f"{msg}\n\nThis exception is only raised in debug mode."
        super().__init__(self.msg)

    def __str__(self) -> str:
        return self.msg


def attach_enctype_error_multidict(request: Request) -> None:
    """Make a missing key in ``request.files`` that is in ``request.form`` raise
    :class:`DebugFilesKeyError`, which explains the missing ``enctype``, instead of a plain
    :exc:`KeyError`. Called for debug-mode requests that are not multipart.

    :param request: the request whose ``files`` is patched.
    """
    files = request.files
    base = type(files)

    class ExplainingFiles(base):  # type: ignore[valid-type,misc]  # a class made at run time
        def __getitem__(self, key: str) -> t.Any:
            try:
                return super().__getitem__(key)
            except KeyError as e:
                if key not in request.form:
                    raise
                raise DebugFilesKeyError(request, key).with_traceback(e.__traceback__) from None

    ExplainingFiles.__name__ = base.__name__
    ExplainingFiles.__qualname__ = base.__qualname__
    ExplainingFiles.__module__ = base.__module__
    files.__class__ = ExplainingFiles


def _describe_loader(loader: BaseLoader) -> t.Iterator[str]:
    """Lines that show what a template loader is: its class and its simple public attributes
    (such as a file loader's search path)."""
    yield f"class: {type(loader).__module__}.{type(loader).__name__}"
    for key, value in sorted(vars(loader).items()):
        if key.startswith("_"):
            continue
        if isinstance(value, tuple | list):
            if all(isinstance(item, str) for item in value):
                yield f"{key}:"
                for item in value:
                    yield f"  - {item}"
        elif isinstance(value, str | int | float | bool):
            yield f"{key}: {value!r}"


def _describe_owner(owner: t.Any) -> str:
    """The application or blueprint a template loader belongs to, in words."""
    if isinstance(owner, Application):
        return f"application {owner.import_name!r}"  # type: ignore[attr-defined]
    name, import_name = getattr(owner, "name", None), getattr(owner, "import_name", None)
    if isinstance(name, str) and isinstance(import_name, str):
        return f"blueprint {name!r} ({import_name})"
    return repr(owner)


def explain_template_loading_attempts(
    app: Demijohn,
    template: str,
    attempts: t.Sequence[tuple[BaseLoader, t.Any, tuple[str, str | None, t.Any] | None]],
) -> None:
    """Log at ``INFO`` on the application's logger how ``template`` was looked for: each
    loader tried, what it is, and whether it found the template. Used when
    ``EXPLAIN_TEMPLATE_LOADING`` is on.

    When no loader or more than one found the template, a hint follows; during a request to a
    blueprint's endpoint it suggests checking the blueprint's template folder.

    :param app: the application.
    :param template: the template's name.
    :param attempts: ``(loader, owner, result)`` for each loader, where ``owner`` is the
        application or blueprint the loader belongs to and ``result`` what its
        ``get_source`` returned, or ``None`` when it did not find the template.
    """
    info = [f"Locating template {template!r}:"]
    found = 0
    for index, (loader, owner, result) in enumerate(attempts, start=1):
        info.append(f"{index:5}: trying loader of {_describe_owner(owner)}")
        info.extend(f"       {line}" for line in _describe_loader(loader))
        if result is None:
            detail = "no match"
        else:
            detail = f"found ({result[1] or '<string>'!r})"
            found += 1
        info.append(f"       -> {detail}")
    if found == 0:
        info.append("Error: the template could not be found.")
    elif found > 1:
        info.append("Warning: more than one loader found the template; the first one wins.")
    req_ctx = _cv_request.get(None)
    blueprint = req_ctx.request.blueprint if req_ctx is not None else None
    if found != 1 and blueprint is not None:
        hint = conventions.current().messages.template_from_blueprint
        info.append(f"  {hint.format(blueprint=blueprint)}")
    app.logger.info("\n".join(info))
