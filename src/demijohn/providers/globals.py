"""Provided values under names of ``g``, for code written for Flask that reads ``g.db``.

:meth:`Providers.expose_on_g` gives the application a subclass of its ``g`` class whose
missing attributes are looked up among the exposed names: ``g.db`` then asks the providers
for the value, as a view's parameter would, on first use and within the request (or the
:meth:`~Providers.scope` block) that reads it. A name the code sets itself (``g.db = ...``)
wins, as any attribute of ``g`` does, and nothing is made until it is read.
"""

from __future__ import annotations

import typing as t

from demijohn.errors import DemijohnError

if t.TYPE_CHECKING:
    from demijohn import Demijohn

    from .registry import Providers

#: The attribute of a ``g`` class that maps its exposed names to what provides them.
_EXPOSED = "_demijohn_provided_names"


def expose(providers: Providers, name: str, target: t.Any) -> None:
    """Make ``g.<name>`` give ``providers.get(target)``; see :meth:`Providers.expose_on_g`."""
    if not name.isidentifier() or name.startswith("_"):
        raise DemijohnError(
            f"{name!r} cannot be exposed on 'g': use a name that is a Python identifier and"
            " does not start with an underscore, so that 'g.<name>' reads it."
        )
    app = providers.app
    exposed = _exposed_names(app, providers)
    other = exposed.get(name)
    if other is not None and other is not target:
        raise DemijohnError(
            f"'g.{name}' already gives another provided value. Expose each value under a name"
            " of its own."
        )
    exposed[name] = target


def _exposed_names(app: Demijohn, providers: Providers) -> dict[str, t.Any]:
    """The exposed names of ``app``'s ``g`` class, which is made once for the application."""
    globals_class = app.app_ctx_globals_class
    exposed: dict[str, t.Any] | None = globals_class.__dict__.get(_EXPOSED)
    if exposed is not None:
        return exposed
    exposed = {}
    base = globals_class
    get_value = providers.get

    def __getattr__(self: t.Any, name: str) -> t.Any:
        try:
            return self.__dict__[name]
        except KeyError:
            target = exposed.get(name)
            if target is None:
                raise AttributeError(name) from None
        return get_value(target)

    def get(self: t.Any, name: str, default: t.Any | None = None) -> t.Any:
        if name in self.__dict__ or name not in exposed:
            return base.get(self, name, default)
        return get_value(exposed[name])

    def __contains__(self: t.Any, name: str) -> bool:
        return name in self.__dict__ or name in exposed

    namespace = {
        "__module__": base.__module__,
        "__qualname__": base.__qualname__,
        "__doc__": base.__doc__,
        "__getattr__": __getattr__,
        "get": get,
        "__contains__": __contains__,
        _EXPOSED: exposed,
    }
    app.app_ctx_globals_class = type(base.__name__, (base,), namespace)
    return exposed
