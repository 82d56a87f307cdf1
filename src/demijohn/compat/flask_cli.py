"""A ``flask`` command: ``python -m demijohn.compat.flask_cli`` runs the ``demijohn`` command
with the Flask compatibility layer on and named ``flask`` in its help. It is what a ``flask``
alias or wrapper script should run. No ``flask`` console script is installed, so that a real
Flask in the same environment keeps its own.

What the command reads of a Flask project's environment is described in
:mod:`demijohn.compat.flask_env`.
"""

from __future__ import annotations

from ..cli import cli
from .flask import install
from .flask_env import FLASK_ENV_FILE, apply_flask_environment, flask_twin

__all__ = ["FLASK_ENV_FILE", "apply_flask_environment", "flask_twin", "main"]


def main() -> None:
    """Run the ``demijohn`` command as ``flask``, with the compatibility layer on."""
    install()
    cli.main(prog_name="flask")


if __name__ == "__main__":
    main()
