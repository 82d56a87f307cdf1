"""flask, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import demijohn.app

from flask import app as app
from flask import blueprints as blueprints
from flask import cli as cli
from flask import config as config
from flask import ctx as ctx
from flask import debughelpers as debughelpers
from flask import globals as globals
from flask import helpers as helpers
from flask import json as json
from flask import logging as logging
from flask import sansio as sansio
from flask import sessions as sessions
from flask import signals as signals
from flask import templating as templating
from flask import testing as testing
from flask import typing as typing
from flask import views as views
from flask import wrappers as wrappers

from demijohn.app import (
    Demijohn as Demijohn,
)
from demijohn.blueprints import (
    Blueprint as Blueprint,
)
from demijohn.config import (
    Config as Config,
)
from demijohn.ctx import (
    after_this_request as after_this_request,
    copy_current_request_context as copy_current_request_context,
    has_app_context as has_app_context,
    has_request_context as has_request_context,
)
from demijohn.globals import (
    current_app as current_app,
    g as g,
    request as request,
    session as session,
)
from demijohn.helpers import (
    abort as abort,
    flash as flash,
    get_flashed_messages as get_flashed_messages,
    make_response as make_response,
    redirect as redirect,
    send_file as send_file,
    send_from_directory as send_from_directory,
    stream_with_context as stream_with_context,
    url_for as url_for,
)
from demijohn.json import (
    jsonify as jsonify,
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
from demijohn.templating import (
    get_template_attribute as get_template_attribute,
    render_template as render_template,
    render_template_string as render_template_string,
    stream_template as stream_template,
    stream_template_string as stream_template_string,
)
from demijohn.wrappers import (
    Request as Request,
    Response as Response,
)

__version__: str

Flask = demijohn.app.Demijohn
