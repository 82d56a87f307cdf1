"""Application configuration: the :class:`Config` mapping and :class:`ConfigAttribute`.

:class:`Config` is a plain ``dict`` of settings with helpers that fill it from Python files,
objects, data files (JSON, TOML, ...), mappings and environment variables. Only uppercase keys are
taken from files, objects and mappings, so helper names and imports in a settings file stay out.
:class:`ConfigAttribute` exposes one key of an object's ``config`` as an ordinary attribute.

This module knows nothing about applications, requests or contexts; it must stay importable on
its own.
"""

from __future__ import annotations

import errno
import json
import os
import types
import typing as t
from collections.abc import Callable, Mapping, MutableMapping
from datetime import timedelta

from werkzeug.utils import import_string

from . import conventions

T = t.TypeVar("T")


def as_timedelta(value: timedelta | int | None) -> timedelta | None:
    """A setting given as seconds (or already a duration) as a :class:`~datetime.timedelta`,
    for :class:`ConfigAttribute` ``get_converter``; ``None`` stays ``None``."""
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(seconds=value)


#: ``errno`` values that mean "there is no such file", which ``silent=True`` tolerates.
_MISSING_FILE_ERRNOS = frozenset((errno.ENOENT, errno.EISDIR, errno.ENOTDIR))


class _HasConfig(t.Protocol):
    """Anything with a ``config`` mapping, such as an application object."""

    @property
    def config(self) -> MutableMapping[str, t.Any]: ...


class ConfigAttribute(t.Generic[T]):
    """Descriptor that reads and writes one key of the owner's ``config``.

    Reading the attribute on an instance returns ``instance.config[name]``, passed through
    ``get_converter`` when one is given; assigning stores the value unconverted. Reading it on
    the class returns the descriptor itself.

    :param name: the configuration key to forward to, for example ``"SECRET_KEY"``.
    :param get_converter: called with the stored value on every read; its result is returned.

    .. versionadded:: 0.1
    """

    def __init__(self, name: str, get_converter: Callable[[t.Any], T] | None = None) -> None:
        self.__name__ = name
        self.get_converter = get_converter

    @t.overload
    def __get__(self, obj: None, owner: type[t.Any] | None = None) -> t.Self: ...

    @t.overload
    def __get__(self, obj: _HasConfig, owner: type[t.Any] | None = None) -> T: ...

    def __get__(self, obj: _HasConfig | None, owner: type[t.Any] | None = None) -> T | t.Self:
        """Return the configured value, or the descriptor when accessed on the class.

        :param obj: the instance the attribute is read from, or ``None`` on the class.
        :param owner: the class the descriptor lives on.
        """
        if obj is None:
            return self
        rv = obj.config[self.__name__]
        if self.get_converter is not None:
            return self.get_converter(rv)
        return t.cast(T, rv)

    def __set__(self, obj: _HasConfig, value: t.Any) -> None:
        """Store ``value`` under this attribute's key in ``obj.config``.

        :param obj: the instance the attribute is assigned on.
        :param value: the new configuration value, stored as given.
        """
        obj.config[self.__name__] = value


class Config(dict[str, t.Any]):
    """A ``dict`` of settings that can also be loaded from files, objects and the environment.

    Relative file names given to :meth:`from_pyfile`, :meth:`from_envvar` and :meth:`from_file`
    are resolved against ``root_path``, usually the application's root folder.

    :param root_path: folder that relative configuration file names start from.
    :param defaults: initial keys and values; copied, never stored by reference.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        root_path: str | os.PathLike[str],
        defaults: dict[str, t.Any] | None = None,
    ) -> None:
        super().__init__(defaults or {})
        self.root_path = root_path
        #: Where the value of a key came from (``"$SHOP_PAGE_SIZE"``, ``"settings.toml"``), for
        #: the keys whose loader recorded it; ``demijohn config`` shows it.
        self.sources: dict[str, str] = {}
        #: Keys whose values are secrets: ``demijohn config`` masks them, as it does keys
        #: whose names say they hold one (``SECRET``, ``PASSWORD``, ``TOKEN``, ``KEY``).
        self.secret_keys: set[str] = set()

    def from_envvar(self, variable_name: str, silent: bool = False) -> bool:
        """Load the Python settings file named by an environment variable.

        This is :meth:`from_pyfile` with the file name read from ``os.environ``, so a deployment
        can point at its own settings without code changes.

        :param variable_name: the environment variable that holds the file name.
        :param silent: return ``False`` instead of raising when the variable is unset or empty,
            or when the file it names is missing.
        :return: ``True`` if a file was loaded, ``False`` otherwise.
        :raises RuntimeError: if the variable is unset or empty and ``silent`` is false.
        """
        filename = os.environ.get(variable_name)
        if filename:
            return self.from_pyfile(filename, silent=silent)
        if silent:
            return False
        raise RuntimeError(
            f"The environment variable {variable_name!r} is not set or is empty, so no"
            " configuration file could be loaded from it. Set it to the path of a Python"
            f" configuration file, for example 'export {variable_name}=/path/to/settings.py',"
            " or pass silent=True to skip loading when it is unset."
        )

    def from_prefixed_env(
        self, prefix: str | None = None, *, loads: Callable[[str], t.Any] = json.loads
    ) -> bool:
        """Load every environment variable whose name starts with ``prefix`` and an underscore.

        The prefix and underscore are removed to form the key. Variables are applied in sorted
        order. Each value is passed through ``loads``; if that raises, the raw string is kept,
        so ``DEMIJOHN_DEBUG=true`` gives ``True`` while ``DEMIJOHN_NAME=shop`` gives ``"shop"``.
        A double underscore in the key descends into nested dicts, creating missing ones:
        ``DEMIJOHN_DB__HOST`` sets ``config["DB"]["HOST"]``.

        Without a ``prefix`` the prefix is ``DEMIJOHN`` (see :mod:`demijohn.conventions`). While
        the Flask compatibility layer is on, ``FLASK_`` variables are loaded first as well, as
        Flask's default prefix, so an unchanged Flask application keeps its configuration; a
        ``DEMIJOHN_`` variable for the same key wins.

        :param prefix: the name prefix to look for, without the trailing underscore.
        :param loads: converts each raw value; defaults to :func:`json.loads`.
        :return: always ``True``.
        """
        prefixes = conventions.current().config_env_prefixes if prefix is None else (prefix,)
        for each in prefixes:
            self._load_prefixed(f"{each}_", loads)
        return True

    def _load_prefixed(self, prefix: str, loads: Callable[[str], t.Any]) -> None:
        for name in sorted(os.environ):
            if not name.startswith(prefix):
                continue
            raw = os.environ[name]
            value: t.Any
            try:
                value = loads(raw)
            except Exception:
                # Anything ``loads`` cannot parse is meant literally, e.g. a bare word.
                value = raw
            self._set_nested(name.removeprefix(prefix), value)

    def _set_nested(self, key: str, value: t.Any) -> None:
        """Set ``value`` at ``key``, where ``__`` in the key separates nested dict levels.

        :param key: the key, such as ``"DB__HOST"`` for ``self["DB"]["HOST"]``.
        :param value: the value to store.
        """
        *parents, leaf = key.split("__")
        current: MutableMapping[str, t.Any] = self
        for part in parents:
            if part not in current:
                current[part] = {}
            current = current[part]
        current[leaf] = value

    def from_pyfile(self, filename: str | os.PathLike[str], silent: bool = False) -> bool:
        """Execute a Python file and load its uppercase module-level names.

        The file runs as the body of a fresh module named ``config`` whose ``__file__`` is the
        resolved path; the module is then passed to :meth:`from_object`.

        :param filename: path of the file, relative to :attr:`root_path` unless absolute.
        :param silent: return ``False`` instead of raising when the file or folder is missing.
        :return: ``True`` if the file was loaded, ``False`` if it was missing and ``silent``.
        :raises OSError: if the file cannot be read, or its code raises :exc:`OSError`; the
            message starts with ``Unable to load configuration file``.
        """
        path = os.path.join(self.root_path, filename)
        module = types.ModuleType("config")
        module.__file__ = path
        try:
            with open(path, mode="rb") as config_file:
                exec(compile(config_file.read(), path, "exec"), module.__dict__)
        except OSError as exc:
            return _handle_open_error(exc, silent)
        self.from_object(module)
        return True

    def from_object(self, obj: object | str) -> None:
        """Copy the uppercase attributes of an object, class or module into the config.

        Lowercase and mixed-case attributes are ignored, so helpers can live next to settings.
        A string is treated as an import path (``"package.module"`` or
        ``"package.module:Object"``) and imported first.

        :param obj: the object to read from, or the import path of one.
        :raises ImportError: if ``obj`` is a string that cannot be imported.
        """
        if isinstance(obj, str):
            obj = import_string(obj)
        for key in dir(obj):
            if key.isupper():
                self[key] = getattr(obj, key)

    def from_file(
        self,
        filename: str | os.PathLike[str],
        load: Callable[[t.IO[t.Any]], Mapping[str, t.Any]],
        silent: bool = False,
        text: bool = True,
    ) -> bool:
        """Load a data file with ``load`` and pass the result to :meth:`from_mapping`.

        For JSON use ``config.from_file("config.json", load=json.load)``; for TOML use
        ``config.from_file("config.toml", load=tomllib.load, text=False)``.

        :param filename: path of the file, relative to :attr:`root_path` unless absolute.
        :param load: called with the open file; must return a mapping of settings.
        :param silent: return ``False`` instead of raising when the file or folder is missing.
        :param text: open the file in text mode; pass ``False`` for loaders that need bytes.
        :return: ``True`` if the file was loaded, ``False`` if it was missing and ``silent``.
        :raises OSError: if the file cannot be read; the message starts with
            ``Unable to load configuration file``.
        """
        path = os.path.join(self.root_path, filename)
        try:
            with open(path, "r" if text else "rb") as data_file:
                data = load(data_file)
        except OSError as exc:
            return _handle_open_error(exc, silent)
        return self.from_mapping(data)

    def from_mapping(self, mapping: Mapping[str, t.Any] | None = None, **kwargs: t.Any) -> bool:
        """Copy the uppercase keys of a mapping and of the keyword arguments into the config.

        Keyword arguments win over ``mapping`` when both give the same key.

        :param mapping: settings to copy; other keys are ignored.
        :param kwargs: more settings to copy; other keys are ignored.
        :return: always ``True``.
        """
        merged: dict[str, t.Any] = dict(mapping or {})
        merged.update(kwargs)
        for key, value in merged.items():
            if key.isupper():
                self[key] = value
        return True

    def get_namespace(
        self, namespace: str, lowercase: bool = True, trim_namespace: bool = True
    ) -> dict[str, t.Any]:
        """Return the settings whose keys start with ``namespace``, as a new dict.

        With ``IMAGE_STORE_TYPE`` and ``IMAGE_STORE_PATH`` set, ``get_namespace("IMAGE_STORE_")``
        gives ``{"type": ..., "path": ...}``, ready to pass as keyword arguments.

        :param namespace: the key prefix to select, usually ending in ``_``.
        :param lowercase: lowercase the returned keys.
        :param trim_namespace: remove ``namespace`` from the start of the returned keys.
        """
        rv: dict[str, t.Any] = {}
        for key, value in self.items():
            if not key.startswith(namespace):
                continue
            if trim_namespace:
                key = key[len(namespace) :]
            if lowercase:
                key = key.lower()
            rv[key] = value
        return rv

    def __repr__(self) -> str:
        """Show the class name around the dict's own representation."""
        return f"<{type(self).__name__} {dict.__repr__(self)}>"


def _handle_open_error(exc: OSError, silent: bool) -> t.Literal[False]:
    """Return ``False`` for a missing file when ``silent``, otherwise re-raise ``exc`` explained.

    :param exc: the error raised while opening or reading a configuration file.
    :param silent: whether a missing file, or a missing or wrong-kind folder, is acceptable.
    :raises OSError: ``exc`` itself, with ``strerror`` prefixed to name what failed.
    """
    if silent and exc.errno in _MISSING_FILE_ERRNOS:
        return False
    exc.strerror = f"Unable to load configuration file ({exc.strerror})"
    raise exc
