"""Tests for compat/run_extension_suites.py: how a suite's outcome is judged against its
expected failures, where its sdist comes from, and that docs/compat.md lists every expected
failure the script holds."""

from __future__ import annotations

import importlib.util
import sys
import types
import typing as t
from pathlib import Path

import pins
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def runner() -> t.Iterator[types.ModuleType]:
    """The script, imported by its path (compat/ is no package)."""
    path = ROOT / "compat" / "run_extension_suites.py"
    spec = importlib.util.spec_from_file_location("_test_run_extension_suites", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def _judge(
    runner: types.ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    ext: t.Any,
    failed: dict[str, list[str]],
) -> dict[str, t.Any]:
    """Run :func:`run_suite` with the set-up and the pytest run replaced: each protocol's
    run fails the tests ``failed`` gives it."""

    def run_once(name: str, ext: t.Any, python: Path, source: Path, outcome: t.Any) -> None:
        outcome.failed = list(failed[outcome.protocol])
        outcome.passed = 10

    monkeypatch.setattr(runner, "_prepare", lambda name, ext: (Path("python"), ROOT))
    monkeypatch.setattr(runner, "_run_once", run_once)
    return {o.protocol: o for o in runner.run_suite("demo", ext, runner.PROTOCOLS)}


def test_expected_failures_are_judged_per_protocol(
    runner: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    ext = runner.Extension(
        "demo==1.0",
        known_failures={"t::both": "why"},
        known_failures_on={"wsgi": {"t::wsgi_only": "why"}},
    )
    outcomes = _judge(
        runner, monkeypatch, ext, {"wsgi": ["t::both", "t::wsgi_only"], "asgi": ["t::both"]}
    )
    assert outcomes["wsgi"].ok
    assert outcomes["asgi"].ok


def test_a_failure_not_expected_fails_the_run(
    runner: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    ext = runner.Extension("demo==1.0", known_failures_on={"wsgi": {"t::wsgi_only": "why"}})
    outcomes = _judge(runner, monkeypatch, ext, {"wsgi": [], "asgi": ["t::wsgi_only"]})
    assert outcomes["asgi"].new_failures == ["t::wsgi_only"]
    assert not outcomes["asgi"].ok


def test_an_expected_failure_that_passes_fails_the_run(
    runner: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    ext = runner.Extension("demo==1.0", known_failures={"t::both": "why"})
    outcomes = _judge(runner, monkeypatch, ext, {"wsgi": ["t::both"], "asgi": []})
    assert outcomes["wsgi"].ok
    assert outcomes["asgi"].fixed == ["t::both"]
    assert not outcomes["asgi"].ok
    assert "now passes, remove from known failures: t::both" in runner._report(
        list(outcomes.values())
    )


def test_a_type_check_error_fails_the_run(
    runner: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    def type_check(ext: t.Any, python: Path, source: Path, outcome: t.Any) -> None:
        outcome.failed = ["typed.py:3: error: Name 'x' is not defined  [name-defined]"]

    monkeypatch.setattr(runner, "_type_check", type_check)
    # The tests expected to fail over the protocols are not expected of the type check.
    ext = runner.Extension("demo==1.0", type_check=("typed",), known_failures={"t::both": "why"})
    outcomes = _judge(runner, monkeypatch, ext, {"wsgi": ["t::both"], "asgi": ["t::both"]})
    assert outcomes["wsgi"].ok
    assert outcomes["mypy"].new_failures == [
        "typed.py:3: error: Name 'x' is not defined  [name-defined]"
    ]
    assert outcomes["mypy"].fixed == []


def test_flasks_suite_never_installs_flask(runner: types.ModuleType) -> None:
    ext = runner.EXTENSIONS["flask"]
    env = ext.environment("flask")
    assert env.no_deps == ()
    assert env.sources == ("Flask==3.1.3",)
    assert "flask" not in pins.pinned_versions(env)
    # The sdist that supplies the tests is checked against the hashes of the sources lock.
    assert ext.sdist_lock("flask") == env.sources_lock
    assert pins.locked_entry(env.sources_lock, "Flask").startswith("flask==3.1.3 --hash=")


def test_an_installed_extensions_sdist_is_checked_against_its_wheels_lock(
    runner: types.ModuleType,
) -> None:
    ext = runner.EXTENSIONS["flask-login"]
    assert ext.sdist_lock("flask-login") == ext.environment("flask-login").nodeps_lock


def test_the_package_is_removed_from_an_sdist_that_only_gives_tests(
    runner: types.ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "src" / "flask").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    runner._remove_package(tmp_path, "Flask==3.1.3")
    assert not (tmp_path / "src" / "flask").exists()
    assert (tmp_path / "tests").is_dir()
    with pytest.raises(RuntimeError, match="no 'flask' package"):
        runner._remove_package(tmp_path, "Flask==3.1.3")


def _list_items(markdown: str) -> list[str]:
    """The items of the Markdown lists in ``markdown``, each joined onto one line."""
    items: list[list[str]] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        if line.startswith("- "):
            current = [line[2:]]
            items.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line.strip())
        else:
            current = None
    return [" ".join(parts) for parts in items]


def test_docs_list_every_expected_failure_with_its_reason(runner: types.ModuleType) -> None:
    items = _list_items((ROOT / "docs" / "compat.md").read_text(encoding="utf-8"))
    missing = []
    for name, ext in runner.EXTENSIONS.items():
        expected = dict(ext.known_failures)
        for failures in ext.known_failures_on.values():
            expected |= failures
        for test_id, reason in expected.items():
            if not any(f"`{test_id}`" in item and reason in item for item in items):
                missing.append(f"{name}: {test_id}: {reason}")
    assert not missing, "docs/compat.md does not list these expected failures with their reasons"


def test_a_suites_run_gets_its_plugins_services_and_environment(
    runner: types.ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, t.Any] = {}

    def run(args: list[str], **kwargs: t.Any) -> t.Any:
        seen["args"], seen["env"] = args, kwargs["env"]
        junit = next(a for a in args if a.startswith("--junitxml="))
        Path(junit.partition("=")[2]).write_text("<testsuite/>")
        return types.SimpleNamespace(stdout="", stderr="")

    monkeypatch.setattr(runner, "WORK", tmp_path)
    monkeypatch.setattr(runner.subprocess, "run", run)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/some/bundle")
    (tmp_path / "demo").mkdir()
    ext = runner.Extension(
        "demo==1.0",
        services=(runner.Service(("redis-server",), 1, "redis"), runner.Service(("x",), 2)),
        plugins=("docker_stand_in",),
        unset=("REQUESTS_CA_BUNDLE",),
    )
    outcome = runner.Outcome("demo", "demo==1.0", "asgi")
    runner._pytest("demo", ext, Path("python"), tmp_path, outcome)
    assert seen["args"][-3:] == ["-p", "docker_stand_in", "tests"]
    assert "--demijohn-protocol=asgi" in seen["args"]
    assert "REQUESTS_CA_BUNDLE" not in seen["env"]
    assert seen["env"]["DEMIJOHN_COMPAT_SERVICES"] == "redis"
    assert seen["env"]["PYTHONPATH"].split(":")[0] == str(ROOT / "compat" / "plugins")


def test_the_docker_stand_in_names_a_service_the_runner_does_not_start() -> None:
    sys.path.insert(0, str(ROOT / "compat" / "plugins"))
    try:
        import docker_stand_in
    finally:
        sys.path.remove(str(ROOT / "compat" / "plugins"))
    services = docker_stand_in.DockerServices({"redis", "memcached"})
    services.start("redis")
    services.wait_for_service("memcached", 11211, lambda host, port: True)
    with pytest.raises(pytest.fail.Exception, match="asked for mongodb, which the runner"):
        services.wait_for_service("mongodb", 27017)
