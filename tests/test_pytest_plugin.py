"""Tests for demijohn.pytest_plugin. ``pytest --flask-compat`` and the ``flask_compat`` ini key
switch the Flask compatibility layer on before conftest files are imported;
``--demijohn-protocol`` and ``demijohn_protocol`` choose the test clients' default protocol.
Most cases run pytest in a child process on a small suite."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = """\
from flask import Flask  # imported before any test: the layer must already be on
import pytest


@pytest.fixture
def app():
    return Flask(__name__)
"""

TEST_MODULE = """\
import importlib.metadata

import demijohn
import flask


def test_flask_is_demijohn(app):
    assert isinstance(app, demijohn.Demijohn)
    assert flask.request is demijohn.request
    assert importlib.metadata.version("flask") == "3.1.3"
"""


pytest_plugins = ["pytester"]


def _run_suite(root: Path, ini: str, *args: str) -> subprocess.CompletedProcess[str]:
    (root / "pytest.ini").write_text(f"[pytest]\n{ini}")
    (root / "conftest.py").write_text(CONFTEST)
    (root / "test_flask_suite.py").write_text(TEST_MODULE)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        cwd=root,
        env=environ,
        check=False,
    )


@pytest.mark.parametrize(
    ("ini", "args"),
    [("", ["--flask-compat"]), ("flask_compat = true\n", [])],
    ids=["option", "ini"],
)
def test_switches_layer_on(tmp_path: Path, ini: str, args: list[str]) -> None:
    rv = _run_suite(tmp_path, ini, *args)
    assert rv.returncode == 0, rv.stdout + rv.stderr
    assert "1 passed" in rv.stdout


def test_off_by_default(tmp_path: Path) -> None:
    if importlib.util.find_spec("flask") is not None:  # pragma: no cover - real Flask present
        pytest.skip("a real Flask is installed in this environment")
    rv = _run_suite(tmp_path, "")
    assert rv.returncode != 0
    assert "No module named 'flask'" in rv.stdout + rv.stderr


def test_option_listed_in_help(tmp_path: Path) -> None:
    rv = _run_suite(tmp_path, "", "--help")
    assert "--flask-compat" in rv.stdout
    assert "flask_compat (bool)" in rv.stdout


def test_in_process_run_switches_off_again(pytester: pytest.Pytester) -> None:
    from demijohn.compat import flask as flask_compat

    pytester.makeini("[pytest]\nflask_compat = true\n")
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_flask_suite=TEST_MODULE)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    # The plugin switched the layer on for the run, so it switched it off at the end.
    assert not flask_compat.is_installed()


PROTOCOL_SUITE = """\
import demijohn


def test_protocol():
    app = demijohn.Demijohn(__name__)

    @app.get("/")
    def index():
        return demijohn.request.environ.get("asgi.scope", {}).get("type", "wsgi")

    client = app.test_client()
    assert client.protocol == EXPECTED
    assert client.get("/").text == SEEN
    assert app.test_client(protocol="wsgi").get("/").text == "wsgi"
"""


@pytest.mark.parametrize(
    ("ini", "args", "expected"),
    [
        ("", [], "wsgi"),
        ("", ["--demijohn-protocol=asgi"], "asgi"),
        ("demijohn_protocol = asgi\n", [], "asgi"),
        ("demijohn_protocol = asgi\n", ["--demijohn-protocol=wsgi"], "wsgi"),
    ],
    ids=["default", "option", "ini", "option-over-ini"],
)
def test_protocol_default_for_clients(
    pytester: pytest.Pytester, ini: str, args: list[str], expected: str
) -> None:
    from demijohn.testing import DemijohnClient

    seen = "http" if expected == "asgi" else "wsgi"
    pytester.makeini(f"[pytest]\n{ini}")
    pytester.makepyfile(
        test_protocol=PROTOCOL_SUITE.replace("EXPECTED", repr(expected)).replace("SEEN", repr(seen))
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", *args)
    result.assert_outcomes(passed=1)
    # The run's default does not leak into the suite that ran it.
    assert DemijohnClient.default_protocol == "wsgi"


def test_protocol_named_in_report_header(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--demijohn-protocol=asgi")
    result.stdout.fnmatch_lines(["demijohn: test clients default to asgi"])


def test_bad_protocol_in_ini_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ndemijohn_protocol = http2\n")
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*'http2'*not a protocol*'wsgi' or 'asgi'*"])


def test_naming_the_plugin_again_is_accepted(tmp_path: Path) -> None:
    rv = _run_suite(tmp_path, "", "-p", "demijohn.pytest_plugin", "--flask-compat")
    assert rv.returncode == 0, rv.stdout + rv.stderr
    assert "1 passed" in rv.stdout


def test_a_run_that_asks_for_nothing_loads_neither_the_layer_nor_the_client(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_plain.py").write_text(
        "import sys\n\n\ndef test_plain():\n"
        "    assert 'demijohn.pytest_plugin' in sys.modules\n"
        "    assert 'demijohn.compat.flask' not in sys.modules\n"
        "    assert 'demijohn.testing' not in sys.modules\n"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    rv = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environ,
        check=False,
    )
    assert rv.returncode == 0, rv.stdout + rv.stderr
