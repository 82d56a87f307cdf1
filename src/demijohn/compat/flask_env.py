"""Flask's command-line environment under the compatibility layer.

While the layer is on, the ``demijohn`` command also reads what a Flask project's command line
is configured with: the ``FLASK_APP``, ``FLASK_DEBUG``, ``FLASK_SKIP_DOTENV``,
``FLASK_ENV_FILE`` and ``FLASK_RUN_*`` variables (each read as its ``DEMIJOHN_`` twin unless
that one is set, so demijohn's names win), the ``.flaskenv`` file (below ``.demijohnenv`` and
``.env``), and the commands plug-ins register under the ``flask.commands`` entry-point group.
:data:`CONVENTIONS` holds these names, and the rest of what differs under the layer (Flask's
wording of messages code matches on, :mod:`demijohn.compat.flask_messages`);
:func:`demijohn.compat.flask.install` puts them in use (see :mod:`demijohn.conventions`).

Nothing here is used while the layer is off.
"""

from __future__ import annotations

import os
import typing as t

from ..conventions import Conventions
from .flask_messages import MESSAGES

__all__ = ["CONVENTIONS", "FLASK_ENV_FILE", "apply_flask_environment", "flask_twin"]

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


def _apply_environment() -> None:
    # What Flask's command sets, for code that reads it; then the Flask variables, before
    # the script info reads FLASK_SKIP_DOTENV and click reads FLASK_APP.
    os.environ["FLASK_RUN_FROM_CLI"] = "true"
    apply_flask_environment()


_DEFAULTS = Conventions()

#: The names demijohn goes by while the layer is on: Flask's are added below demijohn's own,
#: so that demijohn's win where both are given. A URL variable named ``request`` is passed to
#: the view, and a weak secret key is accepted, as Flask does.
CONVENTIONS = Conventions(
    env_files=(FLASK_ENV_FILE, *_DEFAULTS.env_files),
    config_env_prefixes=("FLASK", *_DEFAULTS.config_env_prefixes),
    command_entry_points=("flask.commands", *_DEFAULTS.command_entry_points),
    env_var_fallback=flask_twin,
    apply_environment=_apply_environment,
    request_url_variable=True,
    # Flask passes the request to no parameter: one annotated with a request class of its
    # own is for the decorators around the view to fill.
    refuse_foreign_request_annotations=False,
    # Flask signs sessions with any key: under the layer a weak one is logged, not refused.
    refuse_weak_secret_keys=False,
    # Flask serves a request whose Host header has characters no host name has.
    accept_malformed_hosts=True,
    # What Flask's app.run() reads, and Flask projects' tests reset between tests.
    run_from_cli_variable="FLASK_RUN_FROM_CLI",
    # Flask's wording where code matches on messages, Flask's name for g, and the Flask
    # version in --version.
    messages=MESSAGES,
    package_name="flask",
    reported_versions=("Flask",),
)
