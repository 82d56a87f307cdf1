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
    run_command as run_command,
)
from demijohn.errors import (
    RedirectLocationError as RedirectLocationError,
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
    URLSpaces as URLSpaces,
    caller_location as caller_location,
    check_request_variable as check_request_variable,
)
from demijohn.scaffold import (
    Scaffold as Scaffold,
    setupmethod as setupmethod,
)
from demijohn.streaming import (
    AsyncStream as AsyncStream,
    ContextStream as ContextStream,
)
from demijohn.templating.app import (
    register_named as register_named,
)

SansioBlueprint = demijohn.blueprints.Blueprint
