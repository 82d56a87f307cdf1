"""Fixtures for the behaviour tests: Flask 3.1's observable behaviour, written against Flask's
own API so that the same files run in two ways.

- In demijohn's suite, ``flask`` is the compatibility layer, switched on for each test and off
  after it, and every test that uses ``client`` runs over WSGI and over ASGI.
- In an environment where the real Flask 3.1 is installed and demijohn is not, the same tests
  run against Flask itself (``python compat/check_behaviour.py``): that is how their
  expectations are known to be Flask's and not demijohn's.

Tests take the ``flask`` fixture and use ``flask.Flask``, ``flask.request``, and import
submodules (``from flask.views import MethodView``) inside the test body, never at module level.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
import types
import typing as t

import pytest

try:
    from demijohn.compat import flask as layer
except ImportError:  # the real Flask's run: demijohn is not installed there
    layer = None

#: True when these tests run against the real Flask.
REAL_FLASK = layer is None
PROTOCOLS = ["wsgi"] if REAL_FLASK else ["wsgi", "asgi"]


def pytest_report_header(config: pytest.Config) -> str:
    if REAL_FLASK:
        return f"behaviour tests against the real Flask {importlib.metadata.version('flask')}"
    return "behaviour tests against demijohn's Flask compatibility layer"


@pytest.fixture
def flask() -> t.Iterator[types.ModuleType]:
    """The ``flask`` module: the real one, or the layer's for the duration of the test."""
    if layer is None:
        yield importlib.import_module("flask")
        return
    was_on = layer.is_installed()
    layer.install()
    try:
        yield importlib.import_module("flask")
    finally:
        if not was_on:
            layer.uninstall()
            for name in [n for n in sys.modules if n == "flask" or n.startswith("flask.")]:
                del sys.modules[name]


@pytest.fixture
def app(flask: types.ModuleType) -> t.Any:
    """A Flask application in testing mode with a secret key, named like a test module."""
    app = flask.Flask("behaviour_app")
    app.config.update(TESTING=True, SECRET_KEY="behaviour key")
    return app


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest) -> str:
    return t.cast(str, request.param)


@pytest.fixture
def client(app: t.Any, protocol: str) -> t.Any:
    """The app's test client; under demijohn, once over WSGI and once over ASGI."""
    if REAL_FLASK:
        return app.test_client()
    return app.test_client(protocol=protocol)
