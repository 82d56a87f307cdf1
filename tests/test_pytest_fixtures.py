"""Tests for demijohn.pytest_fixtures: the ``app``, ``client`` and ``runner`` fixtures an
application's own suite gets by naming its application, or by loading them from a conftest.
Each case runs pytest in process on a small project written into a temporary folder."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

APPLICATION = """\
import click
import demijohn


def create_app(greeting="hello"):
    app = demijohn.Demijohn(__name__)

    @app.get("/")
    def index():
        scope = demijohn.request.environ.get("asgi.scope")
        return f"{greeting} over {'asgi' if scope else 'wsgi'}"

    @app.cli.command()
    def greet():
        click.echo(f"{greeting} from the command line; testing={app.testing}")

    return app
"""

SUITE = """\
def test_index(client, demijohn_protocol):
    assert client.get("/").text == f"GREETING over {demijohn_protocol}"


def test_command(runner):
    assert runner.invoke(args=["greet"]).output == "GREETING from the command line; testing=True\\n"


def test_app_is_fresh_for_each_test(app):
    assert app.testing
    app.config["SEEN"] = True


def test_really_fresh(app):
    assert "SEEN" not in app.config
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(shop=APPLICATION)
    pytester.syspathinsert()
    return pytester


@pytest.mark.parametrize(
    ("ini", "args", "greeting"),
    [
        ('demijohn_app = shop:create_app("hi")\n', [], "hi"),
        ("", ["--demijohn-app=shop:create_app"], "hello"),
    ],
    ids=["ini", "option"],
)
def test_named_application_gets_the_fixtures(
    project: pytest.Pytester, ini: str, args: list[str], greeting: str
) -> None:
    project.makeini(f"[pytest]\n{ini}")
    project.makepyfile(test_shop=SUITE.replace("GREETING", greeting))
    result = project.runpytest_inprocess("-p", "no:cacheprovider", "-v", *args)
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*test_index?wsgi? PASSED*", "*test_index?asgi? PASSED*"])


def test_one_protocol_only(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\ndemijohn_app = shop:create_app\n")
    project.makepyfile(test_shop=SUITE.replace("GREETING", "hello"))
    result = project.runpytest_inprocess("-p", "no:cacheprovider", "--demijohn-protocol=asgi")
    result.assert_outcomes(passed=4)
    project.makeini("[pytest]\ndemijohn_app = shop:create_app\ndemijohn_protocols = wsgi\n")
    result = project.runpytest_inprocess("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*test_index?wsgi? PASSED*"])


def test_own_app_fixture_with_the_fixtures_loaded_from_conftest(project: pytest.Pytester) -> None:
    project.makeconftest(
        "import pytest\n"
        "import shop\n"
        'pytest_plugins = ["demijohn.pytest_fixtures"]\n\n\n'
        "@pytest.fixture\n"
        "def app():\n"
        '    app = shop.create_app("howdy")\n'
        "    app.testing = True\n"
        "    return app\n"
    )
    project.makepyfile(test_shop=SUITE.replace("GREETING", "howdy"))
    result = project.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)


def test_both_ways_at_once_load_the_fixtures_once(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\ndemijohn_app = shop:create_app\n")
    project.makeconftest('pytest_plugins = ["demijohn.pytest_fixtures"]\n')
    project.makepyfile(test_shop=SUITE.replace("GREETING", "hello"))
    project.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=5)


def test_app_fixture_without_an_application_says_what_to_do(project: pytest.Pytester) -> None:
    project.makeconftest('pytest_plugins = ["demijohn.pytest_fixtures"]\n')
    project.makepyfile(test_shop="def test_index(client):\n    pass\n")
    result = project.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*does not know which application to load*demijohn_app*"])


def test_without_a_named_application_nothing_is_added(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_nothing="def test_no_client(request):\n"
        "    assert 'client' not in request.fixturenames\n"
        "    assert not request.config.pluginmanager.has_plugin("
        "'demijohn.pytest_fixtures')\n"
    )
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_unknown_protocol_is_refused(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\ndemijohn_app = shop:create_app\ndemijohn_protocols = http2\n")
    project.makepyfile(test_shop=SUITE.replace("GREETING", "hello"))
    result = project.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*names no protocol demijohn serves (http2)*"])
