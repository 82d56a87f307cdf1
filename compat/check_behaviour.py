"""Run demijohn's tests that are written for Flask against the real Flask, to prove that what
they expect is Flask's own behaviour.

Those tests use only Flask's API: the behaviour tests (tests/compat/behaviour/), demijohn's
suites for extensions whose releases ship no tests (compat/suites/) and the example blog's
tests (examples/blog/tests/). In demijohn's checks they run through the compatibility layer;
this script runs the very same files in a virtual environment (``compat/.venvs/flask-3.1``)
that has the real Flask and its extensions and not demijohn, installed from the lock
``pins/compat/flask-3.1.txt``.

    python compat/check_behaviour.py            # everything
    python compat/check_behaviour.py -k signals # extra arguments go to pytest
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Run as a script: the repository's own packages (pins) must be importable.
    sys.path.insert(0, str(ROOT))

import pins  # noqa: E402  (after the path set-up above)

VENV = ROOT / "compat" / ".venvs" / "flask-3.1"
#: The release whose behaviour demijohn matches, the extensions the suites test, and what the
#: tests themselves need (asgiref is Flask's ``async`` extra, for async views and receivers).
REQUIREMENTS = (
    *("Flask==3.1.3", "Flask-Babel==4.0.0", "pytest", "python-dotenv", "asgiref"),
    # The Flask-Session suite's, with a store's client each (and Flask-SQLAlchemy, below).
    *("Flask-Session==0.8.0", "msgspec", "cachelib", "redis"),
    # The example blog's.
    *("Flask-Login==0.6.3", "Flask-WTF==1.3.0", "Flask-SQLAlchemy==3.1.1"),
    *("SQLAlchemy>=2.0.16,<2.1", "WTForms>=3.1"),
)
#: Each runs in its own pytest process, with conftest files above it left out (demijohn's
#: tests/conftest.py imports demijohn).
TEST_DIRECTORIES = (
    ROOT / "tests" / "compat" / "behaviour",
    ROOT / "compat" / "suites",
    ROOT / "examples" / "blog" / "tests",
)
STAMP = VENV / "installed-lock.txt"
ENVIRONMENT = pins.Environment("compat/flask-3.1", REQUIREMENTS)


def environments() -> list[pins.Environment]:
    """The environment of the real Flask, for ``make lock``."""
    return [ENVIRONMENT]


def _environment() -> Path:
    python = VENV / "bin" / "python"
    pins.check(ENVIRONMENT)
    wanted = ENVIRONMENT.lock.read_text(encoding="utf-8")
    if python.exists() and STAMP.is_file() and STAMP.read_text(encoding="utf-8") == wanted:
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", VENV], check=True)
    pins.install(ENVIRONMENT, python)
    STAMP.write_text(wanted, encoding="utf-8")
    return python


def main(argv: list[str]) -> int:
    try:
        python = _environment()
    except (pins.StaleLock, pins.InstallFailed) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    failed = 0
    for directory in TEST_DIRECTORIES:
        args: list[str | Path] = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        args += ["--confcutdir", directory, directory, *argv]
        rv = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
        # 5: no test selected by the extra arguments in this directory.
        failed += rv.returncode not in (0, 5) or (rv.returncode == 5 and not argv)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
