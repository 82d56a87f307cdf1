"""flask.json.tag, as demijohn's Flask compatibility layer provides it.

Written by compat/flask_stubs.py from the layer; do not edit.
"""

from demijohn.json import (
    dumps as dumps,
    loads as loads,
)
from demijohn.json.tag import (
    JSONTag as JSONTag,
    PassDict as PassDict,
    PassList as PassList,
    TagBytes as TagBytes,
    TagDateTime as TagDateTime,
    TagDict as TagDict,
    TagMarkup as TagMarkup,
    TagTuple as TagTuple,
    TagUUID as TagUUID,
    TaggedJSONSerializer as TaggedJSONSerializer,
)
