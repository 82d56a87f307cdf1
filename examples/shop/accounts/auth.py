"""Who is logged in: loading ``g.user``, checking passwords, guarding views, and choosing where
to go after logging in."""

from __future__ import annotations

import collections.abc as cabc
import functools
import typing as t

from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response as BaseResponse

from demijohn import current_app, g, redirect, request, session, url_for

from ..db import DEMO_USER, get_db
from .models import User

P = t.ParamSpec("P")
R = t.TypeVar("R")


def load_logged_in_user() -> None:
    """Set ``g.user`` to the logged-in :class:`User`, or ``None``; runs before every request."""
    user_id = session.get("user_id")
    g.user = None if user_id is None else get_db().get(User, user_id)


def authenticate(username: str, password: str) -> User | None:
    """The user with this name and password, or ``None``."""
    user = get_db().scalar(select(User).where(User.username == username))
    # Check a password even for an unknown name, so that the answer takes as long either way
    # and does not tell which names exist.
    password_hash = DEMO_USER[1] if user is None else user.password_hash
    if check_password_hash(password_hash, password) and user is not None:
        return user
    return None


def log_in(user: User) -> None:
    """Log ``user`` in. With sessions kept in Redis, the session gets a new id first, so that an
    id planted before the login (session fixation) is worth nothing after it; a signed-cookie
    session has no id, and the cart collected before logging in is kept either way."""
    if current_app.config.get("SESSION_REDIS_URL"):
        from demijohn.server_sessions import regenerate_session

        regenerate_session()
    session["user_id"] = user.id


def login_required(view: cabc.Callable[P, R]) -> cabc.Callable[P, R | BaseResponse]:
    """Send visitors who are not logged in to the login page, which brings them back here."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | BaseResponse:
        if g.user is None:
            here = request.full_path if request.query_string else request.path
            return redirect(url_for("accounts.login", next=here))
        return view(*args, **kwargs)

    return wrapper


def is_local_url(target: str) -> bool:
    """Whether ``target`` is a path on this site, so safe to redirect to after logging in.

    Redirecting to any URL given in the query string would let a link to our login page send
    users on to another site that looks like ours (an open redirect). Browsers read ``\\`` as
    ``/`` and drop tabs and newlines, so ``/\\evil.example`` and ``/\\t/evil.example`` are
    refused along with ``//evil.example``.
    """
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    )
