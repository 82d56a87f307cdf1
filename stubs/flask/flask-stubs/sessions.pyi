"""flask.sessions, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.json.tag import (
    TaggedJSONSerializer as TaggedJSONSerializer,
)
from demijohn.secret_keys import (
    check_secret_keys as check_secret_keys,
)
from demijohn.sessions import (
    NullSession as NullSession,
    SecureCookieSession as SecureCookieSession,
    SecureCookieSessionInterface as SecureCookieSessionInterface,
    SessionInterface as SessionInterface,
    SessionMixin as SessionMixin,
    session_json_serializer as session_json_serializer,
)
