"""flask.wrappers, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import werkzeug.wrappers

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
from demijohn.werkzeug_privates import (
    plain_response as plain_response,
    send_as_is as send_as_is,
)
from demijohn.wrappers import (
    Request as Request,
    Response as Response,
    T as T,
)

RequestBase = werkzeug.wrappers.Request
ResponseBase = werkzeug.wrappers.Response
