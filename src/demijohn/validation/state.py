"""Where an application keeps its :class:`~.extension.Validation`, and the current one."""

from __future__ import annotations

import typing as t

from demijohn import current_app

if t.TYPE_CHECKING:
    from .extension import Validation

#: Where the extension keeps itself in ``app.extensions``.
EXTENSION_KEY = "demijohn.validation"


def current() -> Validation:
    """The current application's :class:`~.extension.Validation`.

    :raises RuntimeError: the application has none.
    """
    extension = current_app.extensions.get(EXTENSION_KEY)
    if extension is None:
        raise RuntimeError(
            "The application does not use demijohn.validation. Create"
            " 'Validation(app)' where the application is made."
        )
    return t.cast("Validation", extension)


__all__ = ["EXTENSION_KEY", "current"]
