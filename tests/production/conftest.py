"""Fixtures of the production battery's tests: ``production`` is the battery on the shared
``app`` (testing mode), made before any request; ``flask`` the Flask layer, on for one test."""

from __future__ import annotations

import importlib
import sys
import types
import typing as t

import pytest

from demijohn import Demijohn
from demijohn.production import Production


@pytest.fixture
def production(app: Demijohn) -> Production:
    return Production(app)


@pytest.fixture
def flask() -> t.Iterator[types.ModuleType]:
    """The Flask layer's ``flask`` module, switched on for the test and off after it."""
    from demijohn.compat import flask as layer

    was_on = layer.is_installed()
    layer.install()
    try:
        yield importlib.import_module("flask")
    finally:
        if not was_on:
            layer.uninstall()
            for name in [n for n in sys.modules if n == "flask" or n.startswith("flask.")]:
                del sys.modules[name]
