"""flask.wrappers, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import werkzeug.wrappers

from demijohn.globals import (
    _cv_app as _cv_app,
    _cv_request as _cv_request,
    _no_app_msg as _no_app_msg,
    _no_req_msg as _no_req_msg,
    app_ctx as app_ctx,
    current_app as current_app,
    g as g,
    request as request,
    request_ctx as request_ctx,
    session as session,
)
from demijohn.wrappers import (
    Request as Request,
    Response as Response,
    T as T,
    _ASCII as _ASCII,
    _FromEnviron as _FromEnviron,
    _REWRITTEN_HEADERS as _REWRITTEN_HEADERS,
    _SENT_AS_IS_CODES as _SENT_AS_IS_CODES,
    _STATUS_LINES as _STATUS_LINES,
    _WSGI_RESPONSE_METHODS as _WSGI_RESPONSE_METHODS,
    _blueprint_chain as _blueprint_chain,
    _builds_plainly as _builds_plainly,
    _can_send_as_is as _can_send_as_is,
    _get_query_string as _get_query_string,
    _text_content_type as _text_content_type,
)

RequestBase = werkzeug.wrappers.Request
ResponseBase = werkzeug.wrappers.Response
