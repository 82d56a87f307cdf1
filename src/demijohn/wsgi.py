"""The WSGI side of sending a response: how a driver starts the response the pipeline
returned and hands back its body, which releases what the request still holds when the
server closes it. :meth:`Demijohn.wsgi_app <demijohn.Demijohn.wsgi_app>` uses it, and the ASGI
driver for the bodies it sends.

Nothing here dispatches or reads a protocol's input.
"""

from __future__ import annotations

import typing as t

from .streaming import LoggedBody

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .app import Demijohn
    from .ctx import RequestContext
    from .wrappers import Response


def send_response(
    app: Demijohn,
    ctx: RequestContext,
    response: Response,
    environ: WSGIEnvironment,
    start_response: StartResponse,
) -> t.Iterable[bytes]:
    """Start ``response``, which :meth:`~demijohn.Demijohn.handle_request` returned for
    ``ctx``, as WSGI does, and return its body. Closing the body releases what the request
    still holds: streams holding teardown, background tasks.

    :param app: the application.
    :param ctx: the request's context, popped.
    :param response: the response.
    :param environ: what the response reads of the request (at least ``REQUEST_METHOD``).
    :param start_response: the WSGI ``start_response`` callable.
    """
    try:
        body = response(environ, start_response)
    except BaseException:
        ctx.close_streams()
        raise
    if type(body) is not list and not (response.is_sequence or response.direct_passthrough):
        # A file sent by the server (wsgi.file_wrapper) stays as it is.
        body = LoggedBody(body, app.logger, ctx.request)
    # A held teardown means a streamed body whose generator may still add tasks, and streams
    # that body may not carry, closed after it.
    if ctx._background_tasks or ctx._teardown_holds:
        return app._close_with_background_tasks(body, ctx._background_tasks, ctx.close_streams)
    return body
