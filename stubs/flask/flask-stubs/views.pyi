"""flask.views, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import demijohn.views

from demijohn.blueprints import (
    Blueprint as Blueprint,
    BlueprintSetupState as BlueprintSetupState,
)
from demijohn.calling import (
    REQUEST_PARAMETER as REQUEST_PARAMETER,
    is_async as is_async,
    request_parameter as request_parameter,
)
from demijohn.errors import (
    SetupError as SetupError,
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
from demijohn.routing import (
    REQUEST_VARIABLE as REQUEST_VARIABLE,
)
from demijohn.views import (
    CONVENTIONAL_ROUTES as CONVENTIONAL_ROUTES,
    F as F,
    HTTP_METHOD_NAMES as HTTP_METHOD_NAMES,
    MethodView as MethodView,
    RouteClass as RouteClass,
    RouteSpec as RouteSpec,
    T as T,
    View as View,
    ViewFunction as ViewFunction,
    route as route,
)

http_method_funcs = demijohn.views.HTTP_METHOD_NAMES
