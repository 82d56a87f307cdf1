"""Run demijohn's Flask behaviour tests (tests/compat/behaviour/) against the real Flask.

Those tests are written with Flask's API and assert what a Flask 3.1 application observes. In
demijohn's own suite they run through the compatibility layer; this script runs the very same
files in a virtual environment (``compat/.venvs/flask-3.1``) that has the real Flask and not
demijohn, so every expectation in them is checked to be Flask's own behaviour.

    python compat/check_behaviour.py            # all behaviour tests
    python compat/check_behaviour.py -k signals # extra arguments go to pytest
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / "compat" / ".venvs" / "flask-3.1"
#: The release whose behaviour demijohn matches, and what the tests themselves need (asgiref is
#: Flask's ``async`` extra, for the async view and receiver tests).
REQUIREMENTS = ("Flask==3.1.3", "pytest", "python-dotenv", "asgiref")
STAMP = VENV / "requirements.txt"


def _environment() -> Path:
    python = VENV / "bin" / "python"
    wanted = "\n".join(REQUIREMENTS)
    if python.exists() and STAMP.is_file() and STAMP.read_text() == wanted:
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", VENV], check=True)
    pip: list[str | Path] = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", *REQUIREMENTS], check=True)
    STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    python = _environment()
    # --confcutdir keeps demijohn's own tests/conftest.py (which imports demijohn) out.
    args: list[str | Path] = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    args += ["--confcutdir", ROOT / "tests" / "compat" / "behaviour"]
    args += [ROOT / "tests" / "compat" / "behaviour", *argv]
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
