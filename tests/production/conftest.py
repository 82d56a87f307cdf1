"""Fixtures of the production battery's tests: ``production`` is the battery on the shared
``app`` (testing mode), made before any request."""

from __future__ import annotations

import pytest

from demijohn import Demijohn
from demijohn.production import Production


@pytest.fixture
def production(app: Demijohn) -> Production:
    return Production(app)
