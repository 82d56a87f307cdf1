"""Where a module's files are: the root folder of an application or blueprint, and the
installation prefix of its package. Modules are found without being imported.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys
import typing as t

__all__ = ["find_package", "get_root_path"]


def get_root_path(import_name: str) -> str:
    """The folder of the module or package ``import_name``; the working directory when it has
    no file (the interactive interpreter, ``__main__`` run from stdin).

    :param import_name: the module's import name, usually ``__name__``.
    """
    module = sys.modules.get(import_name)
    if module is not None and getattr(module, "__file__", None):
        return os.path.dirname(os.path.abspath(t.cast(str, module.__file__)))
    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin in (None, "namespace", "built-in", "frozen"):
        if spec is not None and spec.submodule_search_locations:
            return os.path.abspath(next(iter(spec.submodule_search_locations)))
        return os.getcwd()
    return os.path.dirname(os.path.abspath(spec.origin))


def _is_package(import_name: str) -> bool:
    """Whether ``import_name`` is a package, without importing it when it is not loaded."""
    module = sys.modules.get(import_name)
    if module is not None:
        return hasattr(module, "__path__")
    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.submodule_search_locations is not None


def find_package(import_name: str) -> tuple[str | None, str]:
    """Where the top-level package of ``import_name`` lives: ``(prefix, package_path)``.

    ``prefix`` is the installation prefix when the package is installed, else ``None``;
    ``package_path`` is the folder holding the package. A package anywhere under
    :data:`sys.prefix` is installed there, as Flask has it (a ``site-packages`` folder, a
    distribution's ``dist-packages``, a folder a ``.pth`` file adds); one in a ``site-packages``
    folder elsewhere (a user site, another virtual environment) is installed under that
    folder's prefix: the folder above ``lib/pythonX.Y/site-packages``, ``lib/site-packages`` or
    ``site-packages``.
    """
    root_mod_name = import_name.partition(".")[0]
    package_path = pathlib.Path(get_root_path(root_mod_name))
    if _is_package(root_mod_name):
        package_path = package_path.parent
    py_prefix = pathlib.Path(sys.prefix).resolve()
    resolved = package_path.resolve()
    if resolved.is_relative_to(py_prefix):
        return str(py_prefix), str(package_path)
    if package_path.name.lower() == "site-packages":
        return str(_site_prefix(package_path)), str(package_path)
    return None, str(package_path)


def _site_prefix(site: pathlib.Path) -> pathlib.Path:
    """The installation prefix of a ``site-packages`` folder, from its layout."""
    parent = site.parent
    if parent.name.lower() == "lib":  # prefix/lib/site-packages (Windows)
        return parent.parent
    if parent.parent.name.lower() == "lib":  # prefix/lib/pythonX.Y/site-packages
        return parent.parent.parent
    return parent  # prefix/site-packages
