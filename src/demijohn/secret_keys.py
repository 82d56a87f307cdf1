"""What makes a secret key fit to sign sessions: long enough, and not one that has been
published.

:class:`~demijohn.sessions.SecureCookieSessionInterface` checks the keys each time it signs or
verifies a cookie (:func:`check_secret_keys`). Outside debug and testing mode a key that fails
raises :exc:`~demijohn.errors.WeakSecretKeyError`, which says how to make a good one; in debug
mode it is logged once instead. Nothing here reads a context variable.
"""

from __future__ import annotations

import logging
import threading
import typing as t
import weakref

from . import conventions
from .errors import WeakSecretKeyError

if t.TYPE_CHECKING:
    from collections.abc import Sequence

    from .app import Demijohn

logger = logging.getLogger(__name__)

#: The shortest key, in characters (or bytes), accepted outside debug and testing mode: a key
#: of 32 random hex characters holds 128 bits; ``secrets.token_hex(32)`` gives 64.
MIN_SECRET_KEY_LENGTH = 32

#: Keys printed in documentation and examples, demijohn's and Flask's, whatever their length:
#: anyone can sign a cookie with them.
PUBLISHED_KEYS: frozenset[str] = frozenset(
    {
        # The example shop's, before it made one per checkout.
        "change me: only for local development",
        "dev",
        "dev only",
        "development",
        "secret",
        "secret key",
        "secret-key",
        "super secret key",
        "changeme",
        "change me",
        "your-secret-key",
    }
)
#: Flask's quickstart key.
PUBLISHED_BYTE_KEYS: frozenset[bytes] = frozenset({b'_5#y2L"F4Q8z\n\xec]/'})

#: How to make a key, for the error messages.
GENERATE_A_KEY = 'python -c "import secrets; print(secrets.token_hex(32))"'

#: What has been logged for each application: (key, problem) pairs.
_warned: weakref.WeakKeyDictionary[Demijohn, set[tuple[str, str]]] = weakref.WeakKeyDictionary()
_warned_lock = threading.Lock()


def weakness(key: object) -> str | None:
    """Why ``key`` is unfit to sign sessions, or ``None`` when it is fit (or not a string or
    bytes, which itsdangerous will refuse itself).

    :param key: a secret key.
    """
    if isinstance(key, str):
        published = key in PUBLISHED_KEYS
    elif isinstance(key, bytes):
        published = key in PUBLISHED_BYTE_KEYS
    else:
        return None
    if published:
        return "is one published in documentation or an example, so anyone can sign with it"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return (
            f"is {len(key)} characters long, shorter than the {MIN_SECRET_KEY_LENGTH} needed:"
            " a short key can be found by trying keys against a single cookie"
        )
    return None


def check_secret_keys(app: Demijohn, keys: Sequence[object]) -> None:
    """Refuse to sign or verify sessions with a weak key (see :func:`weakness`) outside debug
    and testing mode. In debug mode, or under a compatibility layer whose framework accepts
    any key (Flask), a weak key is logged once instead; in testing mode it is accepted.

    :param app: the application whose session is signed or verified.
    :param keys: the keys of ``SECRET_KEY_FALLBACKS``, then ``SECRET_KEY`` last.
    :raises WeakSecretKeyError: for the first weak key.
    """
    last = len(keys) - 1
    for index, key in enumerate(keys):
        problem = weakness(key)
        if problem is None or app.testing:
            continue
        if index == last:
            subject, fix = "The secret key (SECRET_KEY)", _GENERATE
        else:
            subject, fix = "A key in SECRET_KEY_FALLBACKS", _REMOVE
        if app.debug:
            _warn_once(app, subject, problem, "debug mode is on")
        elif not conventions.current().refuse_weak_secret_keys:
            _warn_once(app, subject, problem, "the compatibility layer's framework accepts it")
        else:
            raise WeakSecretKeyError(subject, problem, fix)


_GENERATE = (
    f"Generate a key with {GENERATE_A_KEY} and give it to the application from the"
    " environment (for example DEMIJOHN_SECRET_KEY, read by app.config.from_prefixed_env())"
    " or from a file kept out of version control, never in code."
)
_REMOVE = (
    "Remove it from SECRET_KEY_FALLBACKS (the sessions it signed then end): a fallback still"
    " verifies cookies."
)


def _warn_once(app: Demijohn, subject: str, problem: str, why_accepted: str) -> None:
    with _warned_lock:
        logged = _warned.setdefault(app, set())
        if (subject, problem) in logged:
            return
        logged.add((subject, problem))
    logger.warning(
        "%s %s. It is accepted because %s; outside debug and testing mode demijohn refuses it."
        " Generate a key with: %s",
        subject,
        problem,
        why_accepted,
        GENERATE_A_KEY,
    )
