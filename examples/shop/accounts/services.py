"""Registering a user: the rules a new account must meet, checked before anything is saved."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from demijohn.i18n import gettext

from .models import User

#: What a user name may hold: it shows on pages and in logs.
USERNAME = re.compile(r"[a-z0-9_]{3,40}")
#: The shortest password accepted.
MIN_PASSWORD_LENGTH = 8


def registration_problems(db: Session, username: str, password: str, confirm: str) -> list[str]:
    """What is wrong with a registration, in the request's language; empty when nothing is."""
    problems = []
    if not USERNAME.fullmatch(username):
        problems.append(
            gettext("Choose a user name of 3 to 40 lower-case letters, digits or underscores.")
        )
    elif db.scalar(select(User.id).where(User.username == username)) is not None:
        problems.append(gettext("That user name is taken: choose another."))
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            gettext(
                "Choose a password of at least %(count)d characters.", count=MIN_PASSWORD_LENGTH
            )
        )
    elif password != confirm:
        problems.append(gettext("The two passwords differ: type the same one twice."))
    return problems


def register(db: Session, username: str, password: str) -> User:
    """Add a user, keeping only a hash of the password (scrypt, salted)."""
    user = User(username=username, password_hash=generate_password_hash(password))
    db.add(user)
    db.flush()  # gives the user an id, for the session cookie
    return user
