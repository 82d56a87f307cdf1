"""Views named by import string, imported on first use.

A URL module can list every route of a large application as
``app.add_url_rule("/users/<int:id>", view_func="shop.users.views:show")`` without importing a
single view: no circular imports, and start-up does not import the whole application.
:meth:`Demijohn.check_views <demijohn.Demijohn.check_views>` imports them all at once, for tests
and deployment checks.
"""

from __future__ import annotations

import sys
import threading
import typing as t
from types import FrameType

from werkzeug.utils import import_string

from .errors import LazyViewError


class LazyView:
    """A view named by an import string (``"package.module:function"`` or
    ``"package.module.function"``), imported the first time it is needed.

    Calling it imports the target (once, thread-safely) and calls it. Two lazy views for the
    same import string (in either form) are equal, so registering the same route twice is not a
    conflict.

    :param import_name: where the view lives.
    :param registered_at: where the route was registered, for error messages.
    """

    def __init__(self, import_name: str, registered_at: str | None = None) -> None:
        if not import_name or import_name.startswith((".", ":")):
            raise ValueError(
                f"{import_name!r} is not an import string. Name the view as"
                " 'package.module:function'."
            )
        self.import_name = import_name
        self.registered_at = registered_at
        self._target: t.Callable[..., t.Any] | None = None
        self._lock = threading.Lock()

    @property
    def __name__(self) -> str:
        """The function name part of the import string: the default endpoint."""
        return self.import_name.replace(":", ".").rpartition(".")[2]

    @property
    def is_resolved(self) -> bool:
        """Whether the target has been imported."""
        return self._target is not None

    def resolve(self) -> t.Callable[..., t.Any]:
        """Import the target and return it.

        :raises LazyViewError: the import failed, or the target is not callable.
        """
        target = self._target
        if target is not None:
            return target
        with self._lock:
            if self._target is None:
                self._target = self._import()
            return self._target

    def _import(self) -> t.Callable[..., t.Any]:
        try:
            target = import_string(self.import_name.replace(":", "."))
        except Exception as e:
            raise LazyViewError(self.import_name, self.registered_at, e) from e
        if not callable(target):
            raise LazyViewError(
                self.import_name,
                self.registered_at,
                TypeError(f"the object is a {type(target).__name__}, not a function"),
            )
        return t.cast(t.Callable[..., t.Any], target)

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self.resolve()(*args, **kwargs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyView):
            return self._dotted_name == other._dotted_name
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._dotted_name)

    @property
    def _dotted_name(self) -> str:
        # "pkg.views:show" and "pkg.views.show" import the same object.
        return self.import_name.replace(":", ".")

    def __repr__(self) -> str:
        state = "imported" if self.is_resolved else "not imported"
        return f"<LazyView {self.import_name!r} ({state})>"


def caller_location(depth: int) -> str | None:
    """``file:line`` of the frame ``depth`` levels above the caller, skipping demijohn's own
    frames, to say where a lazy route was registered."""
    frame: FrameType | None = sys._getframe(depth + 1)
    while frame is not None:
        if not frame.f_globals.get("__name__", "").startswith("demijohn."):
            return f"{frame.f_code.co_filename}:{frame.f_lineno}"
        frame = frame.f_back
    return None
