"""flask.blueprints, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import demijohn.blueprints

from demijohn.blueprints import (
    Blueprint as Blueprint,
    BlueprintSetupState as BlueprintSetupState,
    DeferredSetupFunction as DeferredSetupFunction,
    F as F,
    T as T,
)
from demijohn.calling import (
    _cv_runner as _cv_runner,
)
from demijohn.cli import (
    DemijohnGroup as DemijohnGroup,
    _ENV_LOADED as _ENV_LOADED,
    _ParamType as _ParamType,
    _app_callback as _app_callback,
    _app_option as _app_option,
    _env_file_callback as _env_file_callback,
    _env_file_option as _env_file_option,
    _flask_compat_callback as _flask_compat_callback,
    _flask_compat_option as _flask_compat_option,
    _route_domain as _route_domain,
    _route_methods as _route_methods,
    _route_rows as _route_rows,
    _set_up_completion as _set_up_completion,
    cli as cli,
    get_version as get_version,
    main as main,
    routes_command as routes_command,
    shell_command as shell_command,
    version_option as version_option,
)
from demijohn.cli.discovery import (
    NoAppException as NoAppException,
    find_app as find_app,
    find_app_by_string as find_app_by_string,
    find_best_app as find_best_app,
    locate_app as locate_app,
    prepare_import as prepare_import,
)
from demijohn.cli.envfiles import (
    load_dotenv as load_dotenv,
)
from demijohn.cli.groups import (
    AppGroup as AppGroup,
    ScriptInfo as ScriptInfo,
    _debug_option as _debug_option,
    pass_script_info as pass_script_info,
    with_appcontext as with_appcontext,
)
from demijohn.cli.run import (
    run_command as run_command,
)
from demijohn.errors import (
    SetupError as SetupError,
)
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
from demijohn.helpers import (
    _ContextStream as _ContextStream,
    _T as _T,
    _env_value as _env_value,
    _hold_request_context as _hold_request_context,
    _send_file_kwargs as _send_file_kwargs,
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
from demijohn.paths import (
    get_root_path as get_root_path,
)
from demijohn.routing import (
    LazyView as LazyView,
    caller_location as caller_location,
    check_request_variable as check_request_variable,
)
from demijohn.scaffold import (
    Scaffold as Scaffold,
    _endpoint_from_view_func as _endpoint_from_view_func,
    _sentinel as _sentinel,
    setupmethod as setupmethod,
)
from demijohn.templating.app import (
    register_named as register_named,
)

SansioBlueprint = demijohn.blueprints.Blueprint
