"""flask.config, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.config import (
    Config as Config,
    ConfigAttribute as ConfigAttribute,
    T as T,
    as_timedelta as as_timedelta,
)
