"""Run demijohn's benchmark suite and write docs/benchmarks.md: ``make bench``, or
``.venv/bin/python benchmarks/run.py --help`` for the options."""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repository's packages importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness.cli import main  # after the path set-up above

if __name__ == "__main__":
    sys.exit(main())
