"""flask.cli, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import demijohn.cli

from demijohn.cli import (
    DemijohnGroup as DemijohnGroup,
    check_command as check_command,
    cli as cli,
    get_version as get_version,
    main as main,
    routes_command as routes_command,
    shell_command as shell_command,
    version_option as version_option,
)
from demijohn.cli.config import (
    config_command as config_command,
)
from demijohn.cli.discovery import (
    NoAppException as NoAppException,
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
    pass_script_info as pass_script_info,
    with_appcontext as with_appcontext,
)
from demijohn.cli.run import (
    CertParamType as CertParamType,
    SeparatedPathType as SeparatedPathType,
    run_app as run_app,
    run_command as run_command,
    show_server_banner as show_server_banner,
)
from demijohn.errors import (
    DemijohnError as DemijohnError,
    RedirectLocationError as RedirectLocationError,
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
    IncludeRule as IncludeRule,
    LazyView as LazyView,
)
from demijohn.streaming import (
    AsyncStream as AsyncStream,
    ContextStream as ContextStream,
)
from demijohn.typing import (
    Application as Application,
)

FlaskGroup = demijohn.cli.DemijohnGroup
