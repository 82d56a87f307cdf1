"""Flask's command-line environment under the compatibility layer, and a ``flask`` command.

While the layer is on, the ``demijohn`` command also reads what a Flask project's command line
is configured with: the ``FLASK_APP``, ``FLASK_DEBUG``, ``FLASK_SKIP_DOTENV``,
``FLASK_ENV_FILE`` and ``FLASK_RUN_*`` variables (each read as its ``DEMIJOHN_`` twin unless
that one is set, so demijohn's names win), the ``.flaskenv`` file (below ``.demijohnenv`` and
``.env``), and the commands plug-ins register under the ``flask.commands`` entry-point group.

``python -m demijohn.compat.flask_cli`` runs the ``demijohn`` command with the layer on and
named ``flask`` in its help: it is what a ``flask`` alias or wrapper script should run. No
``flask`` console script is installed, so that a real Flask in the same environment keeps its
own.

Nothing here is used while the layer is off.
"""

from __future__ import annotations

import os
import typing as t

__all__ = ["FLASK_ENV_FILE", "apply_flask_environment", "flask_twin", "main"]

#: The environment file a Flask project keeps its command-line settings in.
FLASK_ENV_FILE = ".flaskenv"

#: The Flask variables the command line reads, by the part after ``FLASK_``.
_NAMES = frozenset({"APP", "DEBUG", "SKIP_DOTENV", "ENV_FILE"})
#: Prefixes (after ``FLASK_``) of the variables of built-in commands' options.
_COMMAND_PREFIXES = ("RUN_", "ROUTES_", "SHELL_")
#: Set by the command itself, never taken from a Flask variable.
_NOT_MIRRORED = frozenset({"RUN_FROM_CLI"})


def flask_twin(name: str) -> str | None:
    """The Flask variable that stands in for the ``DEMIJOHN_`` variable ``name`` under the
    layer, or ``None`` if there is none.

    :param name: a variable name such as ``DEMIJOHN_RUN_PORT``.
    """
    prefix, _, rest = name.partition("_")
    if prefix != "DEMIJOHN" or not _mirrored(rest):
        return None
    return f"FLASK_{rest}"


def _mirrored(rest: str) -> bool:
    if rest in _NOT_MIRRORED:
        return False
    return rest in _NAMES or rest.startswith(_COMMAND_PREFIXES)


def apply_flask_environment(environ: t.MutableMapping[str, str] | None = None) -> list[str]:
    """Copy each Flask command-line variable to its ``DEMIJOHN_`` twin when the twin is not
    set, so that click's options (``--app``, ``run --port``, ...) see it.

    :param environ: the environment to change; ``os.environ`` by default.
    :return: the ``DEMIJOHN_`` names that were set.
    """
    if environ is None:
        environ = os.environ
    added = []
    for name, value in list(environ.items()):
        if not name.startswith("FLASK_") or not _mirrored(name[len("FLASK_") :]):
            continue
        twin = f"DEMIJOHN_{name[len('FLASK_') :]}"
        if twin not in environ:
            environ[twin] = value
            added.append(twin)
    return added


def main() -> None:
    """Run the ``demijohn`` command as ``flask``, with the compatibility layer on."""
    from ..cli import cli
    from .flask import install

    install()
    cli.main(prog_name="flask")


if __name__ == "__main__":
    main()
