"""The generated big_app of benchmarks/harness/bigapp.py: it compiles, and demijohn serves its
first route, importing only the views that route needs when they are named by import string."""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

import pytest
from benchmarks.harness import bigapp
from benchmarks.harness.startup_probe import first_response

VARIANTS = {variant.name: variant for variant in bigapp.VARIANTS}


@pytest.mark.parametrize("variant", bigapp.VARIANTS, ids=lambda variant: variant.name)
def test_full_size_sources_compile(variant: bigapp.Variant) -> None:
    sources = bigapp.generate_sources(variant)
    assert len(sources) == bigapp.BLUEPRINTS + (3 if variant.lazy else 2)
    for path, text in sources.items():
        compile(text, path, "exec")
    routes = sum(
        text.count('bp.add_url_rule("') + text.count("@bp.get(") for text in sources.values()
    )
    assert routes == 1_000


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[Path]:
    """A folder on ``sys.path`` for generated packages, forgotten by ``sys.modules`` after."""
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith("bigapp_"):
            del sys.modules[name]


def _start(root: Path, variant: bigapp.Variant) -> t.Any:
    bigapp.write_sources(root, bigapp.generate_sources(variant, blueprints=3))
    package = __import__(bigapp.package_name(variant))
    return package.create_app()


@pytest.mark.parametrize("name", ["demijohn-eager", "demijohn-lazy"])
def test_demijohn_serves_the_first_route(generated: Path, name: str) -> None:
    app = _start(generated, VARIANTS[name])
    assert first_response(app, bigapp.FIRST_PATH) == 200
    assert first_response(app, "/bp02/pages19") == 200


def test_lazy_views_are_imported_on_first_use(generated: Path) -> None:
    variant = VARIANTS["demijohn-lazy"]
    app = _start(generated, variant)
    views = f"{bigapp.package_name(variant)}.views"
    assert not [name for name in sys.modules if name.startswith(views + ".")]
    first_response(app, bigapp.FIRST_PATH)
    assert [name for name in sys.modules if name.startswith(views + ".")] == [f"{views}.bp00"]
