"""flask.helpers, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import demijohn.paths

from demijohn.errors import (
    RedirectLocationError as RedirectLocationError,
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
)
from demijohn.templating import (
    get_template_attribute as get_template_attribute,
    render_template as render_template,
    render_template_string as render_template_string,
    stream_template as stream_template,
    stream_template_string as stream_template_string,
)
from demijohn.templating.environment import (
    DispatchingJinjaLoader as DispatchingJinjaLoader,
    Environment as Environment,
    TemplateNotFoundError as TemplateNotFoundError,
    TemplatesNotFoundError as TemplatesNotFoundError,
)

get_root_path = demijohn.paths.get_root_path
