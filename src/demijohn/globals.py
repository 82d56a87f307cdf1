"""The context variables behind demijohn's context locals, and the proxies over them.

Only the two :class:`~contextvars.ContextVar` objects and the proxies live here. The contexts
themselves are in :mod:`demijohn.ctx`. Because the state is held in context variables, the proxies
work the same in threads, greenlets and asyncio tasks.
"""

from __future__ import annotations

import typing as t
from contextvars import ContextVar

from werkzeug.local import LocalProxy

if t.TYPE_CHECKING:
    from .app import Demijohn
    from .ctx import AppContext, RequestContext, _AppCtxGlobals
    from .sessions import SessionMixin
    from .wrappers import Request

_no_app_msg = """\
Working outside of application context.

This code needed the current application, but no application context is active.
Push one with 'with app.app_context():', or run the code while a request is being handled."""

_no_req_msg = """\
Working outside of request context.

This code needed the current request (request, session or a request context), but no request
is being handled. Use the test client or 'with app.test_request_context():' to make one, or
pass the values you need explicitly."""

# Each proxy is typed as the object it stands for, which is how callers use it; mypy cannot see
# that a LocalProxy forwards every attribute, hence the ignores below.
_cv_app: ContextVar[AppContext] = ContextVar("demijohn.app_ctx")
_cv_request: ContextVar[RequestContext] = ContextVar("demijohn.request_ctx")

app_ctx: AppContext = LocalProxy(  # type: ignore[assignment]
    _cv_app, unbound_message=_no_app_msg
)
current_app: Demijohn = LocalProxy(  # type: ignore[assignment]
    _cv_app, "app", unbound_message=_no_app_msg
)
g: _AppCtxGlobals = LocalProxy(  # type: ignore[assignment]
    _cv_app, "g", unbound_message=_no_app_msg
)
request_ctx: RequestContext = LocalProxy(  # type: ignore[assignment]
    _cv_request, unbound_message=_no_req_msg
)
request: Request = LocalProxy(  # type: ignore[assignment]
    _cv_request, "request", unbound_message=_no_req_msg
)
session: SessionMixin = LocalProxy(  # type: ignore[assignment]
    _cv_request, "session", unbound_message=_no_req_msg
)
