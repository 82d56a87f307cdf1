"""Fixtures shared by the whole test suite.

``app`` is a fresh application in testing mode; ``client`` its test client, once over WSGI and
once over ASGI. Every test is
checked for leaked contexts: one that leaves an application or request context pushed fails.
"""

from __future__ import annotations

import typing as t

import pytest

from demijohn import Demijohn
from demijohn.globals import _cv_app, _cv_request
from demijohn.testing import DemijohnClient


@pytest.fixture(autouse=True)
def _no_leaked_contexts() -> t.Iterator[None]:
    yield
    leaked = [name for name, var in (("app", _cv_app), ("request", _cv_request)) if var.get(None)]
    assert not leaked, f"the test left {' and '.join(leaked)} context(s) pushed"


@pytest.fixture
def app() -> Demijohn:
    app = Demijohn("demijohn_test_app", root_path=__file__.rpartition("/")[0])
    app.config.update(TESTING=True, SECRET_KEY="test key")
    return app


@pytest.fixture(params=["wsgi", "asgi"])
def protocol(request: pytest.FixtureRequest) -> str:
    """Each test that uses the client runs once over WSGI and once over ASGI."""
    return t.cast(str, request.param)


@pytest.fixture
def client(app: Demijohn, protocol: str) -> DemijohnClient:
    return app.test_client(protocol=protocol)
