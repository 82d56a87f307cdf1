"""A pytest plugin that switches the Flask compatibility layer on for a test run.

It is registered under the ``pytest11`` entry point, so it is loaded whenever demijohn is
installed, and does nothing unless asked: ``pytest --flask-compat``, or ``flask_compat = true``
in the pytest configuration. The layer is installed before any ``conftest.py`` is imported, so
test suites written for Flask and its extensions run unchanged.
"""

from __future__ import annotations

import pytest

from . import flask as flask_compat

_OPTION_HELP = (
    "switch demijohn's Flask compatibility layer on before conftest files are loaded, so"
    " 'import flask' gives demijohn"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("demijohn")
    group.addoption(
        "--flask-compat",
        action="store_true",
        default=None,
        dest="flask_compat",
        help=_OPTION_HELP,
    )
    parser.addini("flask_compat", help=_OPTION_HELP, type="bool", default=False)


def _wanted(config: pytest.Config) -> bool:
    option = getattr(config.known_args_namespace, "flask_compat", None)
    if option is not None:
        return bool(option)
    return bool(config.getini("flask_compat"))


#: Set when this plugin switched the layer on, so that only then it switches it off.
_installed_here = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    if _wanted(early_config) and not flask_compat.is_installed():
        flask_compat.install()
        early_config.stash[_installed_here] = True


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_installed_here, False):
        flask_compat.uninstall()
