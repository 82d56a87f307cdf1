"""flask.sansio.blueprints, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.blueprints import (
    Blueprint as Blueprint,
    BlueprintSetupState as BlueprintSetupState,
    DeferredSetupFunction as DeferredSetupFunction,
    F as F,
    T as T,
)
from demijohn.errors import (
    SetupError as SetupError,
    SetupTypeError as SetupTypeError,
)
from demijohn.paths import (
    get_root_path as get_root_path,
)
from demijohn.registries import (
    HookRegistry as HookRegistry,
    Revision as Revision,
)
from demijohn.routing import (
    LazyView as LazyView,
    URLSpaces as URLSpaces,
    caller_location as caller_location,
    check_request_variable as check_request_variable,
)
from demijohn.scaffold import (
    ExceptionKey as ExceptionKey,
    Scaffold as Scaffold,
    T_after_request as T_after_request,
    T_before_request as T_before_request,
    T_error_handler as T_error_handler,
    T_route as T_route,
    T_teardown as T_teardown,
    T_template_context_processor as T_template_context_processor,
    T_url_defaults as T_url_defaults,
    T_url_value_preprocessor as T_url_value_preprocessor,
    T_websocket as T_websocket,
    late_setup as late_setup,
    setupmethod as setupmethod,
)
from demijohn.templating.app import (
    register_named as register_named,
)
from demijohn.typing import (
    AfterRequestCallable as AfterRequestCallable,
    AppOrBlueprintKey as AppOrBlueprintKey,
    BeforeRequestCallable as BeforeRequestCallable,
    ErrorHandlerCallable as ErrorHandlerCallable,
    RouteCallable as RouteCallable,
    TeardownCallable as TeardownCallable,
    TemplateContextProcessorCallable as TemplateContextProcessorCallable,
    URLDefaultCallable as URLDefaultCallable,
    URLValuePreprocessorCallable as URLValuePreprocessorCallable,
)
