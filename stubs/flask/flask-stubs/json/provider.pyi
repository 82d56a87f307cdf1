"""flask.json.provider, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.json.provider import (
    DefaultJSONProvider as DefaultJSONProvider,
    JSONProvider as JSONProvider,
)
