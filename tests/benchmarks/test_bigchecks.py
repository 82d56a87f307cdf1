"""The big application of benchmarks/harness/bigchecks.py: it passes demijohn check, imports
nothing of its blueprints until a request needs one, and starts with the start-up check on."""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

import pytest
from benchmarks.harness import bigapp, bigchecks, report
from benchmarks.harness.startup_probe import first_response


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[t.Any]:
    bigapp.write_sources(tmp_path, bigchecks.generate_sources(blueprints=3))
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield __import__(bigchecks.PACKAGE)
    for name in set(sys.modules) - before:
        if name.startswith(bigchecks.PACKAGE):
            del sys.modules[name]


def test_full_size_sources_compile() -> None:
    sources = bigchecks.generate_sources()
    for path, text in sources.items():
        compile(text, path, "exec")
    assert sum(text.count("bp.add_url_rule(") for text in sources.values()) == 1_000
    assert sources[f"{bigchecks.PACKAGE}/urls.py"].count("urls.include(") == 50


def test_blueprints_are_imported_on_first_use(package: t.Any) -> None:
    app = package.create_app()
    loaded = [n for n in sys.modules if n.startswith(f"{bigchecks.PACKAGE}.blueprints.")]
    assert loaded == []
    assert first_response(app, bigapp.FIRST_PATH) == 200
    loaded = [n for n in sys.modules if n.startswith(f"{bigchecks.PACKAGE}.blueprints.")]
    assert loaded == [f"{bigchecks.PACKAGE}.blueprints.bp00"]


def test_the_checks_find_nothing(package: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert package.create_app().run_checks() == []
    monkeypatch.setenv(bigchecks.SWITCH, "1")
    app = package.create_app()
    assert app.config["CHECK_ON_START"] is True
    assert first_response(app, "/bp02/pages19") == 200


def test_the_section_lists_what_was_measured() -> None:
    figures = {"command": {"milliseconds": 480.0, "runs_ms": [480.0, 490.2]}}
    base = {
        "routes": 1000,
        "blueprints": 50,
        "output": "No problems found.",
        "repeats": 2,
        "date": "today",
        "python": "3.11.7",
    }
    text = bigchecks.section({**base, "figures": figures})
    assert "## `demijohn check` on a big application" in text
    assert "| `demijohn check`, the whole command | 480 | — | 480, 490 |" in text
    assert "Flask start-up (every" not in text
    figures["flask"] = {"milliseconds": 960.0, "runs_ms": [960.0]}
    assert f"| 480 | 0.50{report.TIMES} |" in bigchecks.section({**base, "figures": figures})
