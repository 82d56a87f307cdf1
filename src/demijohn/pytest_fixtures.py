"""pytest fixtures for an application's tests: ``app``, ``client`` (once over WSGI and once
over ASGI) and ``runner``.

Name the application in the pytest configuration, as ``--app`` names it for the command
line, and demijohn's pytest plugin loads these fixtures::

    [tool.pytest.ini_options]
    demijohn_app = "shop:create_app('testing')"

Or load them from a ``conftest.py`` and write the ``app`` fixture yourself, which is the way
to give each test its own settings::

    pytest_plugins = ["demijohn.pytest_fixtures"]

    @pytest.fixture
    def app():
        return create_app(Testing(DATABASE_URL="sqlite://"))

A fixture of the same name in a ``conftest.py`` wins over the one here, as always in pytest.

Each test that asks for ``client`` (or for ``demijohn_protocol``) runs once per protocol in
``demijohn_protocols`` (default ``wsgi asgi``), with ids ``[wsgi]`` and ``[asgi]``;
``--demijohn-protocol=asgi`` runs only that one.

.. versionadded:: 0.1
"""

from __future__ import annotations

import typing as t

import pytest

if t.TYPE_CHECKING:
    from .app import Demijohn
    from .testing import DemijohnClient, DemijohnCliRunner

PROTOCOLS = ("wsgi", "asgi")
_APP_HELP = (
    "the application the 'app' fixture loads, written as --app takes it:"
    " 'module:name' or 'module:factory(args)'"
)
_PROTOCOLS_HELP = (
    "the protocols each test using the 'client' fixture runs over (default: wsgi asgi)"
)


def add_options(parser: pytest.Parser) -> None:
    """The options of these fixtures (called by demijohn's pytest plugin)."""
    parser.getgroup("demijohn").addoption(
        "--demijohn-app", default=None, dest="demijohn_app", help=_APP_HELP
    )
    parser.addini("demijohn_app", help=_APP_HELP, default="")
    parser.addini("demijohn_protocols", help=_PROTOCOLS_HELP, type="args", default=None)


def app_wanted(config: pytest.Config) -> str:
    """The application named by ``--demijohn-app`` or ``demijohn_app``; empty when none."""
    option: str | None = config.getoption("demijohn_app", None)
    if option:
        return option
    return str(config.getini("demijohn_app")).strip()


def protocols(config: pytest.Config) -> list[str]:
    """The protocols a test using ``client`` runs over."""
    only: str | None = config.getoption("demijohn_protocol", None)
    if only:
        return [only]
    listed = config.getini("demijohn_protocols") or list(PROTOCOLS)
    unknown = [name for name in listed if name not in PROTOCOLS]
    if unknown or not listed:
        raise pytest.UsageError(
            f"demijohn_protocols = {' '.join(listed)!r} in the pytest configuration names no"
            f" protocol demijohn serves ({', '.join(unknown)}): list 'wsgi', 'asgi' or both."
        )
    return list(listed)


def pytest_configure(config: pytest.Config) -> None:
    protocols(config)  # a mistake in the configuration stops the run before collection


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "demijohn_protocol" in metafunc.fixturenames:
        names = protocols(metafunc.config)
        metafunc.parametrize("demijohn_protocol", names, indirect=True, ids=names)


@pytest.fixture
def demijohn_protocol(request: pytest.FixtureRequest) -> str:
    """The protocol of this run of the test: ``"wsgi"`` or ``"asgi"``."""
    return t.cast(str, getattr(request, "param", "wsgi"))


@pytest.fixture
def app(pytestconfig: pytest.Config) -> Demijohn:
    """The application ``demijohn_app`` names, loaded afresh for each test (a factory is
    called for each); ``TESTING`` is switched on, so that errors reach the test."""
    wanted = app_wanted(pytestconfig)
    if not wanted:
        pytest.fail(
            "The 'app' fixture does not know which application to load. Name it in the"
            ' pytest configuration (demijohn_app = "module:create_app()"), or write an'
            " 'app' fixture in conftest.py.",
            pytrace=False,
        )
    from .cli.discovery import find_app

    loaded = find_app(wanted)
    loaded.testing = True
    return loaded


@pytest.fixture
def client(app: Demijohn, demijohn_protocol: str) -> DemijohnClient:
    """A test client of ``app`` over this run's protocol."""
    return app.test_client(protocol=demijohn_protocol)


@pytest.fixture
def runner(app: Demijohn) -> DemijohnCliRunner:
    """A runner for ``app``'s command-line commands."""
    return app.test_cli_runner()
