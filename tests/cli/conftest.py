"""Fixtures of the command-line tests: each test runs with the command line's environment
variables cleared and ``sys.path`` copied, and fails if it leaves either changed or leaves one
of the test applications (under ``apps/`` or a temporary folder) imported."""

from __future__ import annotations

import os
import sys
import types
import typing as t
from pathlib import Path

import pytest

CLI_APPS = Path(__file__).parent / "apps"

ENV_KEYS = (
    *(f"DEMIJOHN_{name}" for name in ("APP", "DEBUG", "ENV_FILE", "RUN_FROM_CLI")),
    *(f"DEMIJOHN_{name}" for name in ("RUN_HOST", "RUN_PORT", "SKIP_DOTENV")),
    *(f"DJCLI_{name}" for name in "ABCD"),
    "PYTHONSTARTUP",
    "WERKZEUG_RUN_MAIN",
)


def _environ() -> dict[str, str]:
    # pytest itself updates PYTEST_CURRENT_TEST at each stage.
    return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}


def _is_test_module(module: types.ModuleType | None, temp_root: Path) -> bool:
    """Whether a module is one of the tests' own, under cli_apps or the temporary folder."""
    location = str(getattr(module, "__file__", None) or "")
    return location.startswith((str(CLI_APPS), str(temp_root)))


@pytest.fixture(autouse=True)
def _leak_check(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[None]:
    temp_root = tmp_path_factory.getbasetemp()
    path, environ = list(sys.path), _environ()
    yield
    assert sys.path == path, "the test left sys.path changed"
    assert _environ() == environ, "the test left os.environ changed"
    leaked = [name for name, mod in sys.modules.items() if _is_test_module(mod, temp_root)]
    assert not leaked, f"the test left modules imported: {leaked}"


@pytest.fixture(autouse=True)
def _isolate(
    _leak_check: None, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> t.Iterator[None]:
    # Depends on _leak_check so that the check runs after monkeypatch has undone its changes.
    monkeypatch.setattr(sys, "path", list(sys.path))
    for key in ENV_KEYS:
        # setenv first, so that monkeypatch removes the variable again at the end.
        monkeypatch.setenv(key, "")
        monkeypatch.delenv(key)
    before = set(sys.modules)
    yield
    temp_root = tmp_path_factory.getbasetemp()
    for name in set(sys.modules) - before:
        if _is_test_module(sys.modules[name], temp_root):
            del sys.modules[name]


@pytest.fixture
def in_cli_apps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CLI_APPS)
