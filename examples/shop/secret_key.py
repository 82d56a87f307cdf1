"""The development secret key: made once per checkout, as Django's ``startproject`` does, and
kept in the instance folder, which is not under version control.

Only used when no ``SECRET_KEY`` is configured; a deployment sets ``SHOP_SECRET_KEY`` in its
environment. A key written in the code would be published with it, and anyone could sign a
session cookie that logs them in.
"""

from __future__ import annotations

import os
import secrets
import tempfile


def development_secret_key(path: str) -> str:
    """The key in the file at ``path``, made with :func:`secrets.token_hex` and written there
    first when there is none.

    Workers that start at once agree on one key: each writes its own to a temporary file only
    it can read, and the first to link it into place wins.

    :param path: the key's file.
    """
    if not os.path.exists(path):
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".secret-key-")
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as file:
                file.write(secrets.token_hex(32) + "\n")
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another worker was first: use its key
        finally:
            os.unlink(temporary)
    with open(path, encoding="ascii") as file:
        return file.read().strip()
