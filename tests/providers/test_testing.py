"""Tests for demijohn.providers.testing: the ``override_provider`` fixture, run by pytest in a
child process on a small suite, as a project would load it."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

CONFTEST = """\
import pytest

from demijohn import Demijohn
from demijohn.providers import Providers

pytest_plugins = ["demijohn.providers.testing"]


class Mailer:
    def send(self) -> str:
        return "real"


@pytest.fixture
def app():
    app = Demijohn(__name__)
    providers = Providers(app)
    providers.provide(Mailer)

    @app.get("/")
    def index(mailer: Mailer) -> str:
        return mailer.send()

    return app
"""

TESTS = """\
from conftest import Mailer
from demijohn import Demijohn
from demijohn.providers import Providers


class Fake(Mailer):
    def send(self) -> str:
        return "fake"


def test_override(app, override_provider):
    override_provider(Mailer, Fake)
    assert app.test_client().get("/").text == "fake"


def test_undone_after_the_test(app):
    assert app.test_client().get("/").text == "real"


def test_another_app(override_provider):
    other = Demijohn("other")
    Providers(other).provide(Mailer)
    other.get("/")(lambda mailer: mailer.send())
    other.view_functions["<lambda>"].__annotations__["mailer"] = Mailer
    override_provider(Mailer, Fake, app=other)
    assert other.test_client().get("/").text == "fake"
"""


def test_the_fixture_overrides_until_the_test_ends(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_mail=TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
