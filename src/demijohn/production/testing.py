"""Helpers for tests of applications that use :class:`~demijohn.production.Production`."""

from __future__ import annotations

import secrets
import typing as t

from .csrf import SESSION_KEY

__all__ = ["csrf_token"]


def csrf_token(client: t.Any, *args: t.Any, **kwargs: t.Any) -> str:
    """The CSRF token of ``client``'s session (made and stored in it if it has none), to send
    with a form: ``client.post("/", data={"csrf_token": csrf_token(client), ...})``.

    :param client: a test client of the application.
    :param args: passed to ``session_transaction``, as ``base_url="https://shop.example"``
        for the session of another host.
    :param kwargs: likewise.
    """
    with client.session_transaction(*args, **kwargs) as session:
        token = session.get(SESSION_KEY)
        if not isinstance(token, str):
            token = session[SESSION_KEY] = secrets.token_urlsafe(32)
        return token
