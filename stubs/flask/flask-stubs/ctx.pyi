"""flask.ctx, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.ctx import (
    AppContext as AppContext,
    F as F,
    RequestContext as RequestContext,
    _AppCtxGlobals as _AppCtxGlobals,
    after_this_request as after_this_request,
    copy_current_request_context as copy_current_request_context,
    has_app_context as has_app_context,
    has_request_context as has_request_context,
)
from demijohn.errors import (
    ContextError as ContextError,
)
from demijohn.globals import (
    _cv_app as _cv_app,
    _cv_request as _cv_request,
    app_ctx as app_ctx,
    current_app as current_app,
    g as g,
    request as request,
    request_ctx as request_ctx,
    session as session,
)
from demijohn.signals import (
    appcontext_popped as appcontext_popped,
    appcontext_pushed as appcontext_pushed,
    appcontext_tearing_down as appcontext_tearing_down,
    before_render_template as before_render_template,
    got_request_exception as got_request_exception,
    message_flashed as message_flashed,
    request_finished as request_finished,
    request_started as request_started,
    request_tearing_down as request_tearing_down,
    template_rendered as template_rendered,
)
