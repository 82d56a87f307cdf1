"""Alias modules: importable modules whose attributes are another module's objects.

An :class:`AliasModule` named, say, ``flask.helpers`` holds only its import metadata
(``__name__``, ``__spec__``, ``__path__`` for a package, and as ``__file__`` the file of the
module that provides its names, for code that finds files or reads source beside it), the
extra names given to it and its alias submodules. Every other attribute is read from its
*target* modules when asked for, so ``flask.helpers.url_for is demijohn.helpers.url_for`` at
all times, even after a test patches ``demijohn.helpers``. Assigning to an alias module sets
the name on the alias only, as assigning to a module attribute affects only lookups through
that module; patching what demijohn itself calls means patching demijohn's module.
:class:`AliasFinder` is the :data:`sys.meta_path` finder and loader that creates these
modules on import.

Nothing here knows about Flask; the table of names is in :mod:`demijohn.compat.flask`.
"""

from __future__ import annotations

import collections.abc as cabc
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import types
import typing as t
from dataclasses import dataclass, field

__all__ = ["AliasFinder", "AliasModule", "AliasSpec"]

#: The type of ``from __future__ import ...`` names, which are not exported.
_FutureFeature = type(annotations)


@dataclass(frozen=True)
class AliasSpec:
    """What one alias module stands for.

    :param targets: the modules whose attributes it shows, searched in order. The first is
        the main one: names it lacks are written there.
    :param names: extra names, each mapped to ``"module:attribute"`` (the other framework's
        class names, such as ``Flask`` for ``demijohn.app:Demijohn``).
    :param computed: names computed on every access, such as a ``__version__`` that warns.
    :param package: whether the alias is a package, which may have alias submodules.
    :param doc: the module docstring.
    """

    targets: tuple[str, ...] = ()
    names: cabc.Mapping[str, str] = field(default_factory=dict)
    computed: cabc.Mapping[str, cabc.Callable[[], t.Any]] = field(default_factory=dict)
    package: bool = False
    doc: str | None = None


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _resolve(reference: str) -> t.Any:
    module_name, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


class AliasModule(types.ModuleType):
    """A module that shows the attributes of its target modules as its own.

    Reads fall through to the targets: :meth:`__getattr__` runs only for names the module
    does not hold itself, so a name assigned on the alias shadows the target's until it is
    deleted again. Dunder names other than ``__all__`` never fall through, so an alias keeps
    its own import identity and is a package only when its spec says so.
    """

    __alias_targets__: tuple[types.ModuleType, ...] = ()
    __alias_children__: frozenset[str] = frozenset()
    __alias_computed__: cabc.Mapping[str, cabc.Callable[[], t.Any]] = types.MappingProxyType({})

    def __getattr__(self, name: str) -> t.Any:
        computed = self.__alias_computed__.get(name)
        if computed is not None:
            return computed()
        if name in self.__alias_children__:
            return importlib.import_module(f"{self.__name__}.{name}")
        if name == "__all__":
            return self._public_names()
        if not _is_dunder(name):
            for target in self.__alias_targets__:
                try:
                    return getattr(target, name)
                except AttributeError:
                    continue
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        names = set(self.__dict__) | self.__alias_children__ | set(self.__alias_computed__)
        for target in self.__alias_targets__:
            names.update(dir(target))
        return sorted(names)

    def __repr__(self) -> str:
        targets = ", ".join(repr(target.__name__) for target in self.__alias_targets__)
        return f"<module {self.__name__!r} (demijohn alias of {targets or 'nothing'})>"

    def _public_names(self) -> list[str]:
        """What ``from alias import *`` takes: the main target's public names (its
        ``__all__`` when it has one, else its attributes that are not modules) and the
        extra names."""
        names = {n for n in self.__dict__ if not n.startswith("_")}
        if self.__alias_targets__:
            main = self.__alias_targets__[0]
            exported = getattr(main, "__all__", None)
            if exported is None:
                exported = [
                    n
                    for n, v in vars(main).items()
                    if not n.startswith("_")
                    and not isinstance(v, (types.ModuleType, _FutureFeature))
                ]
            names.update(exported)
        return sorted(names)

    def _bind(self, spec: AliasSpec, children: cabc.Iterable[str]) -> None:
        """Import the targets and set the extra names. Runs when the module is executed."""
        attrs = self.__dict__
        targets = tuple(importlib.import_module(n) for n in spec.targets)
        attrs["__alias_targets__"] = targets
        origin = getattr(targets[0], "__file__", None) if targets else None
        if origin is not None:
            attrs["__file__"] = origin
        attrs["__alias_children__"] = frozenset(children)
        attrs["__alias_computed__"] = types.MappingProxyType(dict(spec.computed))
        attrs["__doc__"] = spec.doc
        for name, reference in spec.names.items():
            attrs[name] = _resolve(reference)


class AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """The :data:`sys.meta_path` finder and loader of a table of alias modules.

    Put first on :data:`sys.meta_path`, it answers for every name in its table, so a real
    package of the same name elsewhere on :data:`sys.path` is shadowed; other names are left
    to the next finders. A submodule missing from the table is not found, because alias
    packages have an empty ``__path__``.

    :param table: alias module names mapped to what each stands for.
    """

    def __init__(self, table: cabc.Mapping[str, AliasSpec]) -> None:
        self.table = table

    def find_spec(
        self,
        fullname: str,
        path: cabc.Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        spec = self.table.get(fullname)
        if spec is None:
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=spec.package)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> AliasModule:
        return AliasModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        if not isinstance(module, AliasModule):
            raise ImportError(
                f"{module.__name__!r} is not an alias module, so it cannot be loaded as one.",
                name=module.__name__,
            )
        prefix = f"{module.__name__}."
        children = [
            name.removeprefix(prefix)
            for name in self.table
            if name.startswith(prefix) and "." not in name.removeprefix(prefix)
        ]
        module._bind(self.table[module.__name__], children)

    def owns(self, module: object) -> bool:
        """Whether ``module`` is one of this finder's alias modules."""
        return isinstance(module, AliasModule) and module.__loader__ is self
