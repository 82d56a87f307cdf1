"""flask.logging, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

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
from demijohn.logging import (
    create_logger as create_logger,
    default_handler as default_handler,
    has_level_handler as has_level_handler,
    wsgi_errors_stream as wsgi_errors_stream,
)
