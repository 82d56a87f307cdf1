"""Helper functions for views: building URLs, aborting, redirecting, making responses,
streaming with the request context, sending files, and flashing messages.

Each works on the current application and request; most have a method on
:class:`~demijohn.Demijohn` that they call, so an application can change what they do.
"""

from __future__ import annotations

import collections.abc as cabc
import os
import typing as t
from functools import update_wrapper
from itertools import chain
from urllib.parse import urlsplit

import werkzeug.utils
from werkzeug.exceptions import BadRequest
from werkzeug.exceptions import abort as _wz_abort
from werkzeug.urls import iri_to_uri
from werkzeug.utils import redirect as _wz_redirect

from . import conventions, signals
from .errors import RedirectLocationError
from .globals import _cv_app, _cv_request, current_app, request, request_ctx, session
from .paths import get_root_path
from .streaming import AsyncStream, ContextStream

_T = t.TypeVar("_T")

if t.TYPE_CHECKING:
    from werkzeug.wrappers import Response as BaseResponse

    from .ctx import RequestContext as RequestContext
    from .wrappers import Response

__all__ = [
    "abort",
    "flash",
    "get_debug_flag",
    "get_flashed_messages",
    "get_load_dotenv",
    "get_root_path",
    "make_response",
    "redirect",
    "send_file",
    "send_from_directory",
    "stream_with_context",
    "url_for",
]


def _env_value(name: str) -> str | None:
    """The environment variable ``name`` (a ``DEMIJOHN_`` name) or, while it is unset, the
    variable the current conventions name as its stand-in (under the Flask compatibility layer,
    its ``FLASK_`` twin: ``FLASK_DEBUG`` for ``DEMIJOHN_DEBUG``), so that demijohn's name wins
    when both are set.

    :param name: the ``DEMIJOHN_`` variable.
    """
    value = os.environ.get(name)
    if value is not None:
        return value
    fallback = conventions.current().env_var_fallback(name)
    return None if fallback is None else os.environ.get(fallback)


def get_debug_flag() -> bool:
    """Whether the ``DEMIJOHN_DEBUG`` environment variable (or, under the Flask
    compatibility layer, ``FLASK_DEBUG``) asks for debug mode: any value other than empty,
    ``0``, ``false`` or ``no``."""
    value = _env_value("DEMIJOHN_DEBUG")
    return bool(value and value.lower() not in {"0", "false", "no"})


def get_load_dotenv(default: bool = True) -> bool:
    """Whether ``.env`` files should be loaded: ``default`` unless ``DEMIJOHN_SKIP_DOTENV``
    (or, under the Flask compatibility layer, ``FLASK_SKIP_DOTENV``) is set to a true value.

    :param default: the answer when the variable is not set.
    """
    value = _env_value("DEMIJOHN_SKIP_DOTENV")
    if not value:
        return default
    return value.lower() in ("0", "false", "no")


def url_for(
    endpoint: str,
    *,
    _anchor: str | None = None,
    _method: str | None = None,
    _scheme: str | None = None,
    _external: bool | None = None,
    **values: t.Any,
) -> str:
    """Build the URL of an endpoint with the current application.

    :param endpoint: the endpoint; inside a blueprint, a leading ``.`` names an endpoint of
        the current blueprint.
    :param _anchor: a fragment to append after ``#``.
    :param _method: the method the rule must allow, to choose between rules.
    :param _scheme: the scheme of an external URL; needs ``_external``.
    :param _external: build an absolute URL; the default outside a request.
    :param values: the rule's variables; others become the query string.
    """
    return current_app.url_for(
        endpoint,
        _anchor=_anchor,
        _method=_method,
        _scheme=_scheme,
        _external=_external,
        **values,
    )


def redirect(
    location: str, code: int = 302, Response: type[BaseResponse] | None = None
) -> BaseResponse:
    """A response that redirects the client to ``location``; through
    :meth:`Demijohn.redirect <demijohn.Demijohn.redirect>` inside an application.

    Inside an application, a location that cannot be sent (a host that is no valid domain
    name, a port out of range) fails here rather than as the response is sent: with a 400
    when the client sent the bad part (``redirect(request.args["next"])``), else with
    :exc:`~demijohn.errors.RedirectLocationError`.

    :param location: the URL to redirect to.
    :param code: the status code (302 by default).
    :param Response: the response class; only used outside an application.
    """
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.redirect(location, code=code)
    return _wz_redirect(location, code=code, Response=Response)


def _checked_redirect_location(location: str) -> str:
    """``location``, once it is known to encode as the URI the ``Location`` header will carry
    (Werkzeug encodes it as the response is sent, too late for error handling to see a
    failure). One that cannot be encoded raises a 400 :exc:`~werkzeug.exceptions.BadRequest`
    when its bad part is in what the client sent (a ``?next=`` value, the path, a header, a
    form already read): the request is at fault. Otherwise the application built it, and
    :exc:`~demijohn.errors.RedirectLocationError` says how to fix that.

    :param location: the redirect location.
    """
    try:
        iri_to_uri(location)
    except ValueError as e:  # UnicodeError from IDNA, or a port out of range
        if _sent_by_client(_netloc(location) or location):
            raise BadRequest("The redirect target is not a valid URL.") from e
        raise RedirectLocationError(location, e) from e
    return location


def _netloc(location: str) -> str:
    try:
        return urlsplit(location).netloc
    except ValueError:  # an unclosed IPv6 bracket
        return ""


def _sent_by_client(text: str) -> bool:
    """Whether ``text`` is part of what the client sent with the current request."""
    ctx = _cv_request.get(None)
    if ctx is None:
        return False
    request = ctx.request
    sent = [request.path, *(value for _name, value in request.headers.items())]
    sent.extend(chain.from_iterable(request.args.listvalues()))
    if "form" in request.__dict__:
        # Only a form already read: reading one here would consume the request body.
        sent.extend(chain.from_iterable(request.form.listvalues()))
    return any(text in value for value in sent)


def abort(code: int | BaseResponse, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Raise the HTTP error for ``code`` (through the application's aborter), or raise a
    response object as it is.

    :param code: the status code, or a response to send.
    :param args: passed to the exception.
    :param kwargs: passed to the exception.
    """
    ctx = _cv_app.get(None)
    if ctx is not None:
        ctx.app.aborter(code, *args, **kwargs)
    _wz_abort(code, *args, **kwargs)


def make_response(*args: t.Any) -> Response:
    """Turn what a view would return into a response object, to change it before returning.

    With no argument, an empty response; with one, that value; with several, the tuple they
    form (``make_response(body, 404, headers)``).
    """
    if not args:
        return current_app.response_class()
    if len(args) == 1:
        args = args[0]
    return current_app.make_response(args)


def stream_with_context(
    generator_or_function: t.Iterator[_T]
    | cabc.AsyncIterable[_T]
    | t.Callable[..., t.Iterator[_T] | cabc.AsyncIterable[_T]],
) -> t.Iterator[_T]:
    """Keep the current request context alive while a streamed response is generated, so the
    generator can use ``request``, ``session`` and ``g``. Works on a generator or an async
    generator, or as a decorator on a function returning one. Items pass through unchanged,
    so the stream may also feed :func:`~demijohn.streaming.event_stream`.

    :param generator_or_function: a generator, or a function returning one.
    """
    if isinstance(generator_or_function, cabc.AsyncIterable):
        return AsyncStream(generator_or_function, _request_context_to_hold())
    try:
        gen = iter(generator_or_function)  # type: ignore[arg-type]
    except TypeError:
        function = t.cast(t.Callable[..., t.Iterator[_T]], generator_or_function)

        def decorator(*args: t.Any, **kwargs: t.Any) -> t.Any:
            return stream_with_context(function(*args, **kwargs))

        return update_wrapper(decorator, function)  # type: ignore[return-value]

    return ContextStream(gen, _request_context_to_hold())


def _request_context_to_hold() -> RequestContext:
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'stream_with_context' can only be used while a request is being handled. Call"
            " it inside the view that returns the stream."
        )
    return ctx


def send_file(
    path_or_file: os.PathLike[str] | str | t.IO[bytes],
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    conditional: bool = True,
    etag: bool | str = True,
    last_modified: t.Any = None,
    max_age: int | t.Callable[[str | None], int | None] | None = None,
) -> Response:
    """Send a file's contents as the response, with conditional-request and range support.

    A thin layer over :func:`werkzeug.utils.send_file` that passes in the current request,
    ``USE_X_SENDFILE``, the response class and the application's root path (relative paths are
    relative to it). Never pass a path taken from the client; use
    :func:`send_from_directory`.

    :param path_or_file: the file's path, or a binary file object.
    :param mimetype: the content type; guessed from the name by default.
    :param as_attachment: ask the browser to save the file instead of showing it.
    :param download_name: the file name the browser sees.
    :param conditional: answer conditional and range requests.
    :param etag: compute an ETag, or use this one.
    :param last_modified: the Last-Modified time.
    :param max_age: seconds the browser may cache it; ``get_send_file_max_age`` by default.
    """
    return werkzeug.utils.send_file(  # type: ignore[return-value]
        path_or_file,
        **_send_file_kwargs(
            mimetype=mimetype,
            as_attachment=as_attachment,
            download_name=download_name,
            conditional=conditional,
            etag=etag,
            last_modified=last_modified,
            max_age=max_age,
        ),
    )


def _send_file_kwargs(**kwargs: t.Any) -> dict[str, t.Any]:
    """Add what Werkzeug's file sending needs from the current request and application."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if kwargs.get("max_age") is None:
        kwargs["max_age"] = app.get_send_file_max_age
    kwargs.update(
        environ=request.environ,
        use_x_sendfile=app.config["USE_X_SENDFILE"],
        response_class=app.response_class,
        _root_path=app.root_path,
    )
    return kwargs


def send_from_directory(
    directory: os.PathLike[str] | str,
    path: os.PathLike[str] | str,
    **kwargs: t.Any,
) -> Response:
    """Send a file from inside ``directory``; a path that would leave it, or a file that does
    not exist, is a 404.

    :param directory: the folder files may come from, relative to the root path.
    :param path: the path inside it, usually taken from the URL.
    :param kwargs: as for :func:`send_file`.
    """
    return werkzeug.utils.send_from_directory(  # type: ignore[return-value]
        directory, path, **_send_file_kwargs(**kwargs)
    )


def flash(message: str, category: str = "message") -> None:
    """Store a message in the session for the next request to show, usually on the page the
    user is redirected to; templates read it with :func:`get_flashed_messages`.

    Sends :data:`~demijohn.message_flashed`. Needs a session that can be written, so a
    ``SECRET_KEY`` for the default cookie sessions.

    :param message: the message.
    :param category: a label to filter or style by, such as ``"error"`` or ``"info"``.

    .. versionadded:: 0.1
    """
    flashes = session.get("_flashes", [])
    flashes.append((category, message))
    session["_flashes"] = flashes
    if signals.message_flashed.receivers:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        signals.message_flashed.send(
            app, _async_wrapper=app.ensure_sync, message=message, category=category
        )


def get_flashed_messages(
    with_categories: bool = False, category_filter: t.Iterable[str] = ()
) -> list[str] | list[tuple[str, str]]:
    """The messages flashed for this request, oldest first.

    The first call in a request takes them out of the session, so they are shown once; later
    calls in the same request return them again.

    :param with_categories: return ``(category, message)`` pairs instead of messages.
    :param category_filter: keep only the messages of these categories.

    .. versionadded:: 0.1
    """
    flashes = request_ctx.flashes
    if flashes is None:
        flashes = session.pop("_flashes") if "_flashes" in session else []
        request_ctx.flashes = flashes
    if category_filter:
        # A single category given as a string means that category, not its letters.
        wanted = {category_filter} if isinstance(category_filter, str) else set(category_filter)
        flashes = [item for item in flashes if item[0] in wanted]
    if with_categories:
        return flashes
    return [message for _category, message in flashes]
