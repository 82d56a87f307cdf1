"""flask.app, as demijohn's Flask compatibility layer provides it.

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
    LazyViewError as LazyViewError,
    RedirectLocationError as RedirectLocationError,
    SetupError as SetupError,
    SetupValueError as SetupValueError,
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
from demijohn.helpers import (
    abort as abort,
    flash as flash,
    get_debug_flag as get_debug_flag,
    get_flashed_messages as get_flashed_messages,
    get_load_dotenv as get_load_dotenv,
    make_response as make_response,
    redirect as redirect,
    send_file as send_file,
    send_from_directory as send_from_directory,
    stream_with_context as stream_with_context,
    url_for as url_for,
)
from demijohn.json.provider import (
    DefaultJSONProvider as DefaultJSONProvider,
    JSONProvider as JSONProvider,
)
from demijohn.json.tag import (
    TaggedJSONSerializer as TaggedJSONSerializer,
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
    Scaffold as Scaffold,
    setupmethod as setupmethod,
)
from demijohn.secret_keys import (
    check_secret_keys as check_secret_keys,
)
from demijohn.sessions import (
    NullSession as NullSession,
    SecureCookieSession as SecureCookieSession,
    SecureCookieSessionInterface as SecureCookieSessionInterface,
    SessionInterface as SessionInterface,
    SessionMixin as SessionMixin,
    session_json_serializer as session_json_serializer,
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
from demijohn.streaming import (
    AsyncStream as AsyncStream,
    ContextStream as ContextStream,
    LoggedBody as LoggedBody,
)
from demijohn.templating.app import (
    T_template_filter as T_template_filter,
    T_template_global as T_template_global,
    T_template_test as T_template_test,
    TemplatingMixin as TemplatingMixin,
    register_named as register_named,
)
from demijohn.templating.environment import (
    DispatchingJinjaLoader as DispatchingJinjaLoader,
    Environment as Environment,
)
from demijohn.typing import (
    Application as Application,
    RouteCallable as RouteCallable,
    TeardownCallable as TeardownCallable,
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
from demijohn.wsgi import (
    send_response as send_response,
)

App = demijohn.app.Demijohn
Flask = demijohn.app.Demijohn
