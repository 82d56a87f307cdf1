"""flask.testing, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

import demijohn.testing

from demijohn.cli.groups import (
    ScriptInfo as ScriptInfo,
)
from demijohn.globals import (
    _cv_request as _cv_request,
)
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
from demijohn.testing import (
    ASGIBridge as ASGIBridge,
    DemijohnCliRunner as DemijohnCliRunner,
    DemijohnClient as DemijohnClient,
    EnvironBuilder as EnvironBuilder,
    WebSocketClosed as WebSocketClosed,
    WebSocketRejected as WebSocketRejected,
    WebSocketSession as WebSocketSession,
    scope_from_environ as scope_from_environ,
)

FlaskCliRunner = demijohn.testing.DemijohnCliRunner
FlaskClient = demijohn.testing.DemijohnClient
