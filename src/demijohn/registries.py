"""Registries of request hooks that know when they change.

The pipeline prepares each blueprint scope's hook chains once and reuses them, so a request
does not walk the registries. Flask reads the registries on every request, and some
extensions rely on that: Flask-Caching appends to ``app.after_request_funcs[None]`` from inside
a view. A :class:`HookRegistry` and its lists bump a shared :class:`Revision` on every change, so
the pipeline sees that its prepared chains are stale and builds them again; a request that
finds the revision unchanged pays one comparison.

A list stored into a registry (``registry[key] = functions``) is copied into a watched list,
so changes to the original list object afterwards are not seen: change the registry's own
list (``registry[key].append(f)``), as Flask's setup methods and extensions do.

Nothing here knows about requests or applications.
"""

from __future__ import annotations

import typing as t
from collections import defaultdict

__all__ = ["HookList", "HookRegistry", "Revision"]

K = t.TypeVar("K")
V = t.TypeVar("V")


class Revision:
    """A counter that every change to the registries it watches increments."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


class HookList(list[V]):
    """A list of hook functions that increments its :class:`Revision` when it changes."""

    __slots__ = ("revision",)

    def __init__(self, revision: Revision, iterable: t.Iterable[V] = ()) -> None:
        super().__init__(iterable)
        self.revision = revision


def _bumping(name: str) -> t.Callable[..., t.Any]:
    method = getattr(list, name)

    def changed(self: HookList[t.Any], *args: t.Any, **kwargs: t.Any) -> t.Any:
        rv = method(self, *args, **kwargs)
        self.revision.value += 1
        return rv

    changed.__name__ = name
    changed.__doc__ = method.__doc__
    return changed


for _name in (
    *("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse"),
    *("__setitem__", "__delitem__", "__iadd__", "__imul__"),
):
    setattr(HookList, _name, _bumping(_name))


class HookRegistry(defaultdict[K, list[V]]):
    """``{scope: [function, ...]}`` whose lists are :class:`HookList` s sharing one
    :class:`Revision`: adding, replacing or removing a scope, or changing one of its lists,
    increments it. A missing scope reads as a new empty list, as with ``defaultdict(list)``.
    """

    def __init__(self, revision: Revision) -> None:
        super().__init__()
        self.revision = revision

    def __missing__(self, key: K) -> list[V]:
        value = self[key] = HookList(self.revision)
        return value

    def _watched(self, value: t.Iterable[V]) -> HookList[V]:
        if isinstance(value, HookList) and value.revision is self.revision:
            return value
        return HookList(self.revision, value)

    def __setitem__(self, key: K, value: t.Iterable[V]) -> None:
        super().__setitem__(key, self._watched(value))
        self.revision.value += 1

    def __delitem__(self, key: K) -> None:
        super().__delitem__(key)
        self.revision.value += 1

    def setdefault(self, key: K, default: t.Iterable[V] | None = None) -> list[V]:
        if key not in self:
            self[key] = () if default is None else default
        return self[key]

    def update(self, *args: t.Any, **kwargs: t.Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def pop(self, key: K, *default: t.Any) -> t.Any:
        rv = super().pop(key, *default)
        self.revision.value += 1
        return rv

    def popitem(self) -> tuple[K, list[V]]:
        rv = super().popitem()
        self.revision.value += 1
        return rv

    def __ior__(self, other: t.Any) -> t.Self:  # type: ignore[override,misc]
        self.update(other)
        return self

    def clear(self) -> None:
        super().clear()
        self.revision.value += 1

    def copy(self) -> HookRegistry[K, V]:
        """A copy with copies of the lists, watched by a revision of its own."""
        registry: HookRegistry[K, V] = HookRegistry(Revision())
        for key, value in self.items():
            registry[key] = list(value)
        return registry

    __copy__ = copy
