"""Time ``demijohn check`` and the start-up check on the ``big_app`` application written with
one URL module that includes its 50 blueprints by import string, and record the figures in
``benchmarks/check_results.json`` and ``docs/benchmarks.md``:
``.venv/bin/python benchmarks/check_big_app.py [--rounds N] [--flask]``.

``--flask`` also starts the Flask ``big_app`` in the same rounds, for reference; it creates the
Flask benchmark environment (``benchmarks/.venvs/flask``) when it is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repository's packages importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import bigchecks, venvs  # after the path set-up above
from benchmarks.harness.cli import DOCUMENT, RESULTS
from benchmarks.harness.document import render
from benchmarks.harness.targets import PROJECT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/check_big_app.py", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="fresh interpreters per figure")
    parser.add_argument("--flask", action="store_true", help="start Flask's big_app too")
    arguments = parser.parse_args(argv)
    python = venvs.python_of(PROJECT)
    flask = venvs.ensure("flask") if arguments.flask else None
    with tempfile.TemporaryDirectory(prefix="big_app_checks-") as root:
        results = bigchecks.measure(python, Path(root), arguments.rounds, flask)
    bigchecks.RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    DOCUMENT.write_text(render(json.loads(RESULTS.read_text())))
    print(bigchecks.section(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
