"""flask.sansio.app, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import demijohn.app

from demijohn.app import (
    Demijohn as Demijohn,
    T_shell_context_processor as T_shell_context_processor,
    T_teardown as T_teardown,
)
from demijohn.binding import (
    ParameterBinding as ParameterBinding,
)
from demijohn.config import (
    Config as Config,
    ConfigAttribute as ConfigAttribute,
    as_timedelta as as_timedelta,
)
from demijohn.ctx import (
    AppContext as AppContext,
    RequestContext as RequestContext,
    _AppCtxGlobals as _AppCtxGlobals,
)
from demijohn.errors import (
    LazyViewError as LazyViewError,
    SetupError as SetupError,
    SetupTypeError as SetupTypeError,
    SetupValueError as SetupValueError,
)
from demijohn.globals import (
    _cv_app as _cv_app,
    _cv_request as _cv_request,
    g as g,
)
from demijohn.json.provider import (
    DefaultJSONProvider as DefaultJSONProvider,
    JSONProvider as JSONProvider,
)
from demijohn.lifecycle import (
    Lifecycle as Lifecycle,
)
from demijohn.logging import (
    create_logger as create_logger,
)
from demijohn.paths import (
    find_package as find_package,
    get_root_path as get_root_path,
)
from demijohn.pipeline import (
    RequestPipeline as RequestPipeline,
)
from demijohn.registries import (
    HookRegistry as HookRegistry,
    Revision as Revision,
)
from demijohn.routing import (
    HostCheck as HostCheck,
    LazyView as LazyView,
    Router as Router,
    Rule as Rule,
    URLMap as URLMap,
    caller_location as caller_location,
    check_request_variable as check_request_variable,
    rule_methods as rule_methods,
)
from demijohn.scaffold import (
    ExceptionKey as ExceptionKey,
    F as F,
    Scaffold as Scaffold,
    T_after_request as T_after_request,
    T_before_request as T_before_request,
    T_error_handler as T_error_handler,
    T_route as T_route,
    T_template_context_processor as T_template_context_processor,
    T_url_defaults as T_url_defaults,
    T_url_value_preprocessor as T_url_value_preprocessor,
    T_websocket as T_websocket,
    late_setup as late_setup,
    setupmethod as setupmethod,
)
from demijohn.sessions import (
    SecureCookieSessionInterface as SecureCookieSessionInterface,
    SessionInterface as SessionInterface,
)
from demijohn.streaming import (
    LoggedBody as LoggedBody,
)
from demijohn.templating.app import (
    TemplatingMixin as TemplatingMixin,
)
from demijohn.typing import (
    AfterRequestCallable as AfterRequestCallable,
    AppOrBlueprintKey as AppOrBlueprintKey,
    Application as Application,
    BeforeRequestCallable as BeforeRequestCallable,
    ErrorHandlerCallable as ErrorHandlerCallable,
    RouteCallable as RouteCallable,
    TeardownCallable as TeardownCallable,
    TemplateContextProcessorCallable as TemplateContextProcessorCallable,
    URLDefaultCallable as URLDefaultCallable,
    URLValuePreprocessorCallable as URLValuePreprocessorCallable,
)
from demijohn.wrappers import (
    Request as Request,
    Response as Response,
)
from demijohn.wsgi import (
    send_response as send_response,
)

App = demijohn.app.Demijohn
