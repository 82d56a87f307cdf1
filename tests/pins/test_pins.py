"""pins/: every environment the checks build installs from a lock that matches its input, and
a changed input is refused with the command that refreshes the locks."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pins
import pytest
from pins import project
from pins.refresh import all_environments

ROOT = Path(__file__).resolve().parents[2]


def test_every_lock_matches_its_environment() -> None:
    environments = all_environments()
    names = {env.name for env in environments}
    # The project's own, each extension suite's, the real Flask's and each benchmark peer's.
    assert {"dev", "run", "lowest", "docs", "compat/flask-login", "compat/flask-3.1"} <= names
    assert "benchmarks/flask" in names
    for env in environments:
        pins.check(env)


def test_a_changed_input_is_refused_with_the_refresh_command(tmp_path: Path) -> None:
    changed = dataclasses.replace(project.DEV, requirements=(*project.DEV.requirements, "six"))
    with pytest.raises(pins.StaleLock, match=r"pins/dev.txt was resolved from another input.*"):
        pins.check(changed)
    with pytest.raises(pins.StaleLock, match="Run `make lock`"):
        pins.install(changed, Path(sys.executable))


def test_a_missing_lock_is_refused() -> None:
    with pytest.raises(pins.StaleLock, match=r"pins/nowhere.txt is missing"):
        pins.check(pins.Environment("nowhere", ("six",)))


def test_every_pin_is_exact_and_hashed() -> None:
    for env in all_environments():
        for lock in env.locks():
            text = lock.read_text(encoding="utf-8")
            entries = [line for line in text.splitlines() if line and line[0].isalpha()]
            assert entries, lock
            for entry in entries:
                assert "==" in entry, f"{lock}: {entry}"
            assert text.count("==") <= text.count("--hash=sha256:"), lock


def test_run_keeps_the_versions_dev_pins() -> None:
    dev = pins.pinned_versions(project.DEV)
    run = pins.pinned_versions(project.RUN)
    assert "werkzeug" in run
    assert not {"pytest", "mypy", "ruff"} & set(run)
    assert {name: dev[name] for name in run} == run


def test_docs_has_the_site_tools_and_nothing_of_the_tests() -> None:
    docs = pins.pinned_versions(project.DOCS)
    assert {"mkdocs", "mkdocs-material", "mkdocstrings-python", "pymdown-extensions"} <= set(docs)
    assert not {"pytest", "mypy", "werkzeug"} & set(docs)


def test_lowest_pins_the_lowest_runtime_versions() -> None:
    lowest = pins.pinned_versions(project.lowest())
    for line in pins.project_dependencies(*project.BATTERY_EXTRAS):
        name = project.requirement_name(line)
        floor = line.split(">=", 1)[1].split(",")[0]
        assert lowest[name] == floor or lowest[name].startswith(floor), (name, lowest[name])


def test_the_check_command_passes_on_the_committed_locks() -> None:
    rv = subprocess.run(
        [sys.executable, "-m", "pins", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert rv.returncode == 0, rv.stderr


def test_distribution_names_compare_as_pep_503_says() -> None:
    assert pins.normalise("Flask_SQLAlchemy") == "flask-sqlalchemy"
    assert pins.normalise("zope..interface") == "zope-interface"


def test_sources_get_a_lock_of_their_own_that_nothing_installs() -> None:
    env = pins.Environment("compat/flask", ("pytest",), sources=("Flask==3.1.3",))
    assert env.locks() == [env.lock, env.sources_lock]
    assert env.sources_lock.name == "flask.sources.txt"
    # Environments without sources keep the fingerprints their locks were written with.
    plain = pins.Environment("compat/flask", ("pytest",))
    assert plain.fingerprint() != env.fingerprint()
    assert plain.locks() == [plain.lock]


def test_a_locked_entry_carries_every_hash_of_the_release() -> None:
    dev = ROOT / "pins" / "dev.txt"
    entry = pins.locked_entry(dev, "Werkzeug")  # spelt another way: the same distribution
    requirement, *hashes = entry.split()
    assert requirement == f"werkzeug=={pins.pinned_versions(project.DEV)['werkzeug']}"
    assert len(hashes) == 2  # the wheel's and the sdist's
    assert all(h.startswith("--hash=sha256:") for h in hashes)
    # The entry ends where the next one begins, before the comments on who needs it.
    assert "#" not in pins.locked_entry(dev, "pluggy")


def test_a_distribution_missing_from_a_lock_is_refused() -> None:
    with pytest.raises(pins.StaleLock, match=r"pins/dev.txt pins no 'not-a-pinned-distribution'"):
        pins.locked_entry(ROOT / "pins" / "dev.txt", "not-a-pinned-distribution")
