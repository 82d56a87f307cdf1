"""flask.json, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from flask.json import provider as provider
from flask.json import tag as tag

from demijohn.globals import (
    _cv_app as _cv_app,
    current_app as current_app,
)
from demijohn.json import (
    dump as dump,
    dumps as dumps,
    jsonify as jsonify,
    load as load,
    loads as loads,
)
