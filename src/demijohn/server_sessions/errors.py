"""The server-side sessions' errors."""

from __future__ import annotations

__all__ = ["SessionStoreError"]


class SessionStoreError(RuntimeError):
    """A session store could not load, save or delete a session: the store is down, out of
    reach, or refused the command. The message names the store and what to check; the session
    interface logs it and answers the request with a 503.

    .. versionadded:: 0.1
    """
