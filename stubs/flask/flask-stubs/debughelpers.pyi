"""flask.debughelpers, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.debughelpers import (
    DebugFilesKeyError as DebugFilesKeyError,
    FormDataRoutingRedirect as FormDataRoutingRedirect,
    UnexpectedUnicodeError as UnexpectedUnicodeError,
    attach_enctype_error_multidict as attach_enctype_error_multidict,
    explain_template_loading_attempts as explain_template_loading_attempts,
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
from demijohn.typing import (
    Application as Application,
)
