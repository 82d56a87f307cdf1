"""flask.cli, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import demijohn.cli

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
    _APP_NAMES as _APP_NAMES,
    _DEFAULT_APP_FILES as _DEFAULT_APP_FILES,
    _FACTORY_NAMES as _FACTORY_NAMES,
    _IMPORT_PATH_SEPARATOR as _IMPORT_PATH_SEPARATOR,
    _called_with_wrong_args as _called_with_wrong_args,
    _is_missing_module as _is_missing_module,
    _parse_app_name as _parse_app_name,
    find_app as find_app,
    find_app_by_string as find_app_by_string,
    find_best_app as find_best_app,
    locate_app as locate_app,
    prepare_import as prepare_import,
    split_app_import_path as split_app_import_path,
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
    CertParamType as CertParamType,
    SeparatedPathType as SeparatedPathType,
    _failing_app as _failing_app,
    _is_ssl_context as _is_ssl_context,
    _validate_key as _validate_key,
    run_app as run_app,
    run_command as run_command,
    show_server_banner as show_server_banner,
)
from demijohn.errors import (
    DemijohnError as DemijohnError,
)
from demijohn.globals import (
    _cv_app as _cv_app,
    _cv_request as _cv_request,
    current_app as current_app,
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
)
from demijohn.typing import (
    Application as Application,
)

FlaskGroup = demijohn.cli.DemijohnGroup
