"""The Flask compatibility layer: ``import flask`` gives demijohn.

:func:`install` puts a finder first on :data:`sys.meta_path` that answers for ``flask`` and each
public Flask 3.1 module path (``flask.app``, ``flask.globals``, ``flask.json.provider``,
``flask.sansio.scaffold``, ...) with an alias module of demijohn's matching module (see
:mod:`demijohn.compat.aliases`): ``flask.request`` *is* ``demijohn.request``, so an application
and its extensions share one set of context variables and proxies. Flask's class names are
added where Flask defines them (``Flask``, ``FlaskClient``, ``FlaskCliRunner``,
``FlaskGroup``), and ``importlib.metadata.version("flask")`` answers :data:`FLASK_VERSION`.

The switch-on points are :mod:`demijohn.compat.flask_on` (an import at the top of an entry
point), ``demijohn --flask-compat`` and the pytest plugin's ``--flask-compat`` option
(:mod:`demijohn.pytest_plugin`). What still differs from Flask is listed in
``docs/migrating-from-flask.md``.
"""

from __future__ import annotations

import collections.abc as cabc
import sys
import threading
import types
import typing as t
import warnings

from .. import conventions
from ..errors import DemijohnError
from .aliases import AliasFinder, AliasSpec
from .flask_env import CONVENTIONS
from .metadata import StandInDistribution, StandInDistributionFinder

__all__ = [
    "ALIASES",
    "FLASK_VERSION",
    "MODULE_NAMES",
    "FlaskCompatError",
    "install",
    "is_installed",
    "uninstall",
]

#: The Flask release whose API the layer provides, reported as the ``flask`` version.
FLASK_VERSION = "3.1.3"


class FlaskCompatError(DemijohnError, RuntimeError):
    """The Flask compatibility layer cannot be switched on, because the real Flask is already
    imported in this process."""


def _deprecated_version() -> str:
    warnings.warn(
        "'flask.__version__' is deprecated since Flask 3.1 and removed in Flask 3.2. Read"
        " importlib.metadata.version('flask'), or test for the feature you need.",
        DeprecationWarning,
        # The caller, past AliasModule.__getattr__ and this function.
        stacklevel=3,
    )
    return FLASK_VERSION


def _doc(flask_name: str, demijohn_name: str) -> str:
    return (
        f"{flask_name}, provided by demijohn's Flask compatibility layer: the names here are"
        f" those of {demijohn_name}."
    )


def _alias(
    flask_name: str,
    *targets: str,
    package: bool = False,
    computed: dict[str, t.Callable[[], t.Any]] | None = None,
    **names: str,
) -> tuple[str, AliasSpec]:
    doc = _doc(flask_name, targets[0] if targets else "demijohn")
    return flask_name, AliasSpec(targets, names, computed or {}, package, doc)


_APP = "demijohn.app:Demijohn"
_BLUEPRINT = "demijohn.blueprints:Blueprint"

# Each Flask module maps to demijohn's module of the same concern; the further targets hold
# the names Flask's module also has because it imports them (code in the wild imports
# `_cv_request` from flask.app or `get_debug_flag` from flask.cli).
_TABLE: dict[str, AliasSpec] = dict(
    [
        _alias(
            "flask",
            "demijohn",
            package=True,
            computed={"__version__": _deprecated_version},
            Flask=_APP,
        ),
        _alias(
            "flask.app",
            "demijohn.app",
            "demijohn.globals",
            "demijohn.ctx",
            "demijohn.wrappers",
            "demijohn.signals",
            "demijohn.helpers",
            "demijohn.sessions",
            "demijohn.templating.app",
            Flask=_APP,
            App=_APP,
        ),
        _alias(
            "flask.blueprints",
            "demijohn.blueprints",
            "demijohn.cli",
            "demijohn.globals",
            "demijohn.helpers",
            SansioBlueprint=_BLUEPRINT,
        ),
        _alias(
            "flask.cli",
            "demijohn.cli",
            "demijohn.cli.run",
            "demijohn.cli.discovery",
            "demijohn.helpers",
            FlaskGroup="demijohn.cli:DemijohnGroup",
        ),
        _alias("flask.config", "demijohn.config"),
        _alias("flask.ctx", "demijohn.ctx", "demijohn.globals", "demijohn.signals"),
        _alias("flask.debughelpers", "demijohn.debughelpers", "demijohn.globals"),
        _alias("flask.globals", "demijohn.globals"),
        _alias(
            "flask.helpers",
            "demijohn.helpers",
            "demijohn.templating",
            "demijohn.globals",
            "demijohn.signals",
            get_root_path="demijohn.paths:get_root_path",
        ),
        _alias("flask.json", "demijohn.json", package=True),
        _alias("flask.json.provider", "demijohn.json.provider"),
        _alias("flask.json.tag", "demijohn.json.tag"),
        _alias("flask.logging", "demijohn.logging", "demijohn.globals"),
        _alias("flask.sessions", "demijohn.sessions"),
        _alias("flask.signals", "demijohn.signals"),
        _alias("flask.templating", "demijohn.templating", "demijohn.signals", "demijohn.globals"),
        _alias(
            "flask.testing",
            "demijohn.testing",
            "demijohn.sessions",
            FlaskClient="demijohn.testing:DemijohnClient",
            FlaskCliRunner="demijohn.testing:DemijohnCliRunner",
        ),
        _alias("flask.typing", "demijohn.typing"),
        _alias(
            "flask.views",
            "demijohn.views",
            "demijohn.globals",
            http_method_funcs="demijohn.views:HTTP_METHOD_NAMES",
        ),
        _alias(
            "flask.wrappers",
            "demijohn.wrappers",
            "demijohn.globals",
            RequestBase="werkzeug.wrappers:Request",
            ResponseBase="werkzeug.wrappers:Response",
        ),
        # Flask's sans-IO base classes. demijohn has no separate sans-IO application class,
        # so App is the application class itself.
        _alias("flask.sansio", package=True),
        _alias("flask.sansio.app", "demijohn.app", "demijohn.scaffold", App=_APP),
        _alias("flask.sansio.blueprints", "demijohn.blueprints", "demijohn.scaffold"),
        _alias("flask.sansio.scaffold", "demijohn.scaffold"),
    ]
)

#: The module paths the layer provides.
MODULE_NAMES: tuple[str, ...] = tuple(sorted(_TABLE))
#: What each of them stands for (read-only): the stubs of ``flask`` are written from it.
ALIASES: cabc.Mapping[str, AliasSpec] = types.MappingProxyType(_TABLE)

_lock = threading.Lock()
_finders: tuple[AliasFinder, StandInDistributionFinder] | None = None
#: The names in use before the layer was switched on, put back when it is switched off.
_previous_conventions = conventions.current()


def _real_flask_modules() -> list[types.ModuleType]:
    return [
        module
        for name, module in list(sys.modules.items())
        if (name == "flask" or name.startswith("flask."))
        and module is not None
        and not (_finders is not None and _finders[0].owns(module))
    ]


def _conflict_error(modules: list[types.ModuleType]) -> FlaskCompatError:
    first = modules[0]
    where = getattr(first, "__file__", None) or repr(first)
    return FlaskCompatError(
        f"Cannot switch on demijohn's Flask compatibility layer: the real Flask is already"
        f" imported ({first.__name__!r} from {where}). Extensions would otherwise be split"
        " between two frameworks, each with its own request and application contexts. Switch"
        " the layer on before anything imports flask: put 'import demijohn.compat.flask_on'"
        " first in the entry point, run 'demijohn --flask-compat ...', or run"
        " 'pytest --flask-compat'; or uninstall Flask from this environment."
    )


def install() -> None:
    """Switch the layer on: from now on ``import flask`` and its submodules give demijohn's
    objects, and ``importlib.metadata.version("flask")`` gives :data:`FLASK_VERSION`.

    Calling it again does nothing.

    :raises FlaskCompatError: the real Flask is already imported.

    .. versionadded:: 0.1
    """
    global _finders, _previous_conventions
    with _lock:
        if _finders is not None:
            return
        real = _real_flask_modules()
        if real:
            raise _conflict_error(real)
        distribution = StandInDistribution(
            "Flask",
            FLASK_VERSION,
            "Flask's API, provided by demijohn's Flask compatibility layer.",
            top_level="flask",
        )
        _finders = (AliasFinder(_TABLE), StandInDistributionFinder(distribution))
        sys.meta_path[0:0] = _finders
        _previous_conventions = conventions.use(CONVENTIONS)


def uninstall() -> None:
    """Switch the layer off: remove its finders and forget the ``flask`` modules it made.

    Modules that already imported names from ``flask`` keep them. Meant for tests; calling it
    when the layer is off does nothing.

    .. versionadded:: 0.1
    """
    global _finders
    with _lock:
        if _finders is None:
            return
        alias_finder = _finders[0]
        for finder in _finders:
            while finder in sys.meta_path:
                sys.meta_path.remove(finder)
        for name, module in list(sys.modules.items()):
            if alias_finder.owns(module):
                del sys.modules[name]
        _finders = None
        conventions.use(_previous_conventions)


def is_installed() -> bool:
    """Whether the layer is on.

    .. versionadded:: 0.1
    """
    return _finders is not None
