"""demijohn's pytest plugin: options that change how a whole test run uses demijohn.

It is registered under the ``pytest11`` entry point by its module name, so it is loaded
whenever demijohn is installed (``-p demijohn.pytest_plugin`` is then accepted and does nothing
more; ``-p no:demijohn.pytest_plugin`` turns it off), and does nothing unless asked. It imports
the Flask layer and the test client only when an option asks for them:

- ``--flask-compat`` (or ``flask_compat = true`` in the pytest configuration) switches the
  Flask compatibility layer on before any ``conftest.py`` is imported, so test suites written
  for Flask and its extensions run unchanged.
- ``--demijohn-protocol=asgi`` (or ``demijohn_protocol = asgi``) makes every test client that
  is created without a ``protocol`` send its requests through the ASGI driver, so a suite
  written for WSGI also checks the application over ASGI.
"""

from __future__ import annotations

import typing as t

import pytest

from . import pytest_fixtures as _fixtures

if t.TYPE_CHECKING:
    from .testing import DemijohnClient

_COMPAT_HELP = (
    "switch demijohn's Flask compatibility layer on before conftest files are loaded, so"
    " 'import flask' gives demijohn"
)
_PROTOCOL_HELP = (
    "the protocol ('wsgi' or 'asgi') of test clients created without one; 'asgi' runs a"
    " suite's requests through the ASGI driver"
)
_PROTOCOLS = ("wsgi", "asgi")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("demijohn")
    group.addoption(
        "--flask-compat",
        action="store_true",
        default=None,
        dest="flask_compat",
        help=_COMPAT_HELP,
    )
    group.addoption(
        "--demijohn-protocol",
        choices=_PROTOCOLS,
        default=None,
        dest="demijohn_protocol",
        help=_PROTOCOL_HELP,
    )
    parser.addini("flask_compat", help=_COMPAT_HELP, type="bool", default=False)
    parser.addini("demijohn_protocol", help=_PROTOCOL_HELP, default="")
    _fixtures.add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    name = _fixtures.__name__
    if _fixtures.app_wanted(config) and not config.pluginmanager.has_plugin(name):
        config.pluginmanager.register(_fixtures, name)


def _compat_wanted(config: pytest.Config) -> bool:
    option = getattr(config.known_args_namespace, "flask_compat", None)
    if option is not None:
        return bool(option)
    return bool(config.getini("flask_compat"))


def _protocol(config: pytest.Config) -> str | None:
    option: str | None = getattr(config.known_args_namespace, "demijohn_protocol", None)
    if option is not None:
        return option
    value = str(config.getini("demijohn_protocol")).strip()
    if value and value not in _PROTOCOLS:
        raise pytest.UsageError(
            f"demijohn_protocol = {value!r} in the pytest configuration is not a protocol:"
            " use 'wsgi' or 'asgi'."
        )
    return value or None


#: Set when this plugin switched the layer on, so that only then it switches it off.
_installed_here = pytest.StashKey[bool]()
#: The clients' default protocol before this plugin changed it.
_previous_protocol = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    if _compat_wanted(early_config):
        from .compat import flask as flask_compat

        if not flask_compat.is_installed():
            flask_compat.install()
            early_config.stash[_installed_here] = True
    protocol = _protocol(early_config)
    if protocol is not None:
        client = _client_class()
        early_config.stash[_previous_protocol] = client.default_protocol
        client.default_protocol = protocol


def _client_class() -> type[DemijohnClient]:
    from .testing import DemijohnClient

    return DemijohnClient


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = []
    if config.stash.get(_installed_here, False):
        lines.append("demijohn: Flask compatibility layer on")
    if _previous_protocol in config.stash:
        lines.append(f"demijohn: test clients default to {_client_class().default_protocol}")
    return lines


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_installed_here, False):
        from .compat import flask as flask_compat

        flask_compat.uninstall()
    if _previous_protocol in config.stash:
        _client_class().default_protocol = config.stash[_previous_protocol]
