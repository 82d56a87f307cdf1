"""flask.json.provider, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.json.provider import (
    DefaultJSONProvider as DefaultJSONProvider,
    JSONProvider as JSONProvider,
    _COMPACT as _COMPACT,
    _ENCODER_OPTIONS as _ENCODER_OPTIONS,
    _INDENT as _INDENT,
    _content_type as _content_type,
    _default as _default,
    _encoder as _encoder,
)
