"""Finding the application the ``demijohn`` command should load.

Everything here turns an import path such as ``shop.wsgi:create_app(debug=True)`` into an
application object: making the module importable, importing it, and picking the application
out of it. Reading environment files and building the click groups is in :mod:`demijohn.cli`,
which re-exports these names; nothing here writes to the terminal.

An application is recognised as an instance of :class:`demijohn.typing.Application`, so that
nothing here imports the application class.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import sys
import traceback
import types
import typing as t

import click

from .. import conventions
from ..errors import DemijohnError
from ..typing import Application

if t.TYPE_CHECKING:
    from ..app import Demijohn

__all__ = [
    "NoAppException",
    "find_app",
    "find_app_by_string",
    "find_best_app",
    "locate_app",
    "prepare_import",
    "split_app_import_path",
]

#: The module-level names tried, in order, before looking for any application instance.
_APP_NAMES = ("app", "application")
#: The factory names tried, in order, when the module holds no application instance.
_FACTORY_NAMES = ("create_app", "make_app")
#: The files tried, in order, in the current directory when no import path is given.
_DEFAULT_APP_FILES = ("wsgi.py", "app.py")
#: ``path:name``, where the colon of a Windows drive (``C:\``) is not a separator.
_IMPORT_PATH_SEPARATOR = re.compile(r":(?![\\/])")


class NoAppException(click.UsageError, DemijohnError):
    """The application could not be found or loaded. The ``demijohn`` command shows the
    message as a usage error."""


def _called_with_wrong_args(factory: t.Callable[..., t.Any]) -> bool:
    """Whether the :exc:`TypeError` being handled came from calling ``factory`` with the
    wrong arguments, rather than from code running inside it.

    :param factory: the function that was called.
    """
    tb = sys.exc_info()[2]
    while tb is not None:
        if tb.tb_frame.f_code is factory.__code__:
            # The factory's body started running, so the arguments were accepted.
            return False
        tb = tb.tb_next
    return True


def find_best_app(module: types.ModuleType) -> Demijohn:
    """Find the application in a module, when the import path names no attribute.

    The rules, in order: an application named ``app`` or ``application``; the only
    application instance in the module; the result of calling ``create_app()`` or
    ``make_app()`` without arguments.

    :param module: the imported module.
    :raises NoAppException: none of the rules gave an application, or several instances
        make the choice ambiguous.
    """
    name = module.__name__
    for attr in _APP_NAMES:
        app = getattr(module, attr, None)
        if isinstance(app, Application):
            return t.cast("Demijohn", app)

    matches = [value for value in vars(module).values() if isinstance(value, Application)]
    if len(matches) == 1:
        return t.cast("Demijohn", matches[0])
    if len(matches) > 1:
        raise NoAppException(
            f"Detected multiple Demijohn applications in module '{name}'. Name the one to"
            f" use with '{name}:name'."
        )

    for attr in _FACTORY_NAMES:
        factory = getattr(module, attr, None)
        if not inspect.isfunction(factory):
            continue
        try:
            app = factory()
        except TypeError as e:
            if not _called_with_wrong_args(factory):
                raise
            raise NoAppException(
                f"Detected the factory '{attr}' in module '{name}', but it could not be called"
                f" without arguments. Pass them with '{name}:{attr}(args)'."
            ) from e
        if isinstance(app, Application):
            return t.cast("Demijohn", app)

    raise NoAppException(
        f"Failed to find a Demijohn application or factory in module '{name}'. Name one with"
        f" '{name}:name'."
    )


def _parse_app_name(app_name: str) -> tuple[str, list[t.Any], dict[str, t.Any]]:
    """Split ``name`` or ``factory(literal, key=literal)`` into the name, the positional
    arguments and the keyword arguments."""
    try:
        expr = ast.parse(app_name.strip(), mode="eval").body
    except SyntaxError:
        raise NoAppException(
            f"Failed to parse {app_name!r} as an attribute name or function call. Use"
            " 'name' or 'factory(arguments)'."
        ) from None

    if isinstance(expr, ast.Name):
        return expr.id, [], {}
    if not isinstance(expr, ast.Call):
        raise NoAppException(
            f"Failed to parse {app_name!r} as an attribute name or function call. Use"
            " 'name' or 'factory(arguments)'."
        )
    if not isinstance(expr.func, ast.Name):
        raise NoAppException(
            f"Function reference must be a simple name: {app_name!r}. Import the factory"
            " into the module and call it by its name."
        )
    try:
        args = [ast.literal_eval(arg) for arg in expr.args]
        kwargs = {
            keyword.arg: ast.literal_eval(keyword.value)
            for keyword in expr.keywords
            if keyword.arg is not None
        }
    except ValueError:
        raise NoAppException(
            f"Failed to parse arguments as literal values: {app_name!r}. Only strings,"
            " numbers, booleans, None and containers of them can be passed."
        ) from None
    return expr.func.id, args, kwargs


def find_app_by_string(module: types.ModuleType, app_name: str) -> Demijohn:
    """Get the application named by ``app_name`` from a module.

    ``app_name`` is either an attribute name or a call of a factory function with literal
    arguments, such as ``create_app("production", debug=False)``. A function named without
    a call is called without arguments.

    :param module: the imported module.
    :param app_name: the part of the import path after the colon.
    :raises NoAppException: the name cannot be parsed, the arguments are not literals, the
        attribute does not exist, the factory rejects the arguments, or the result is not
        an application.
    """
    name, args, kwargs = _parse_app_name(app_name)
    try:
        attr = getattr(module, name)
    except AttributeError as e:
        raise NoAppException(
            f"Failed to find attribute {name!r} in {module.__name__!r}. Check the name after"
            " the colon in the import path."
        ) from e

    if inspect.isfunction(attr):
        try:
            app = attr(*args, **kwargs)
        except TypeError as e:
            if not _called_with_wrong_args(attr):
                raise
            raise NoAppException(
                f"The factory {app_name!r} in module {module.__name__!r} could not be called"
                " with the specified arguments. Check them against its signature."
            ) from e
    else:
        app = attr

    if isinstance(app, Application):
        return t.cast("Demijohn", app)
    raise NoAppException(
        f"A valid Demijohn application was not obtained from '{module.__name__}:{app_name}'."
        " Name an application instance or a factory that returns one."
    )


def prepare_import(path: str) -> str:
    """Make the module at a file path importable, and return its dotted name.

    The directory above the outermost package (the first directory without an
    ``__init__.py``) is put first on :data:`sys.path`.

    :param path: a file or package path; a ``.py`` suffix is optional.
    """
    path = os.path.realpath(path)
    stem, ext = os.path.splitext(path)
    if ext == ".py":
        path = stem
    if os.path.basename(path) == "__init__":
        path = os.path.dirname(path)

    parts: list[str] = []
    while True:
        path, name = os.path.split(path)
        parts.append(name)
        if not os.path.exists(os.path.join(path, "__init__.py")):
            break

    if sys.path[0] != path:
        sys.path.insert(0, path)
    return ".".join(reversed(parts))


def _is_missing_module(exc: ImportError, module_name: str) -> bool:
    """Whether ``exc`` says that ``module_name`` (or a package above it) does not exist, as
    opposed to an import failing inside the module."""
    missing = exc.name
    if not isinstance(exc, ModuleNotFoundError) or missing is None:
        return False
    return module_name == missing or module_name.startswith(f"{missing}.")


@t.overload
def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: t.Literal[True] = True
) -> Demijohn: ...


@t.overload
def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: t.Literal[False] = ...
) -> Demijohn | None: ...


def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: bool = True
) -> Demijohn | None:
    """Import a module and get the application from it.

    :param module_name: the dotted module name.
    :param app_name: the attribute or factory call to use (see :func:`find_app_by_string`);
        ``None`` to search the module with :func:`find_best_app`.
    :param raise_if_not_found: when the module does not exist, raise rather than return
        ``None``.
    :raises NoAppException: the module does not exist, importing it failed (the message
        holds the traceback), or it holds no application.
    """
    try:
        __import__(module_name)
    except ImportError as e:
        if not _is_missing_module(e, module_name):
            raise NoAppException(
                f"While importing {module_name!r}, an ImportError was raised:\n\n"
                f"{traceback.format_exc()}"
            ) from None
        if raise_if_not_found:
            raise NoAppException(
                f"Could not import {module_name!r}. Check the module name, and run the"
                " command from the directory that contains it."
            ) from None
        return None

    module = sys.modules[module_name]
    if app_name is None:
        return find_best_app(module)
    return find_app_by_string(module, app_name)


def split_app_import_path(import_path: str) -> tuple[str, str | None]:
    """Split ``--app``'s value into the module path and the optional application name.

    :param import_path: ``module``, ``module:name``, or a file path with either form.
    """
    path, *name = _IMPORT_PATH_SEPARATOR.split(import_path, maxsplit=1)
    return path, name[0] if name else None


def find_app(app_import_path: str | None) -> Demijohn:
    """Load the application an import path names or, without one, the application in
    ``wsgi.py``, else in ``app.py``, in the current directory.

    :param app_import_path: ``module``, ``module:name`` or ``module:factory(args)``, where
        the module may be a dotted name or a file path; or ``None``.
    :raises NoAppException: no application was found, or loading it failed.

    .. versionadded:: 0.1
    """
    if app_import_path:
        path, name = split_app_import_path(app_import_path)
        return locate_app(prepare_import(path), name)
    for path in _DEFAULT_APP_FILES:
        app = locate_app(prepare_import(path), None, raise_if_not_found=False)
        if app is not None:
            return app
    raise NoAppException(conventions.current().messages.no_app_found)
