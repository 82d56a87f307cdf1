"""flask.signals, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

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
