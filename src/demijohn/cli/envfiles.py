"""Environment files: the ``.demijohnenv`` and ``.env`` files (``.flaskenv`` too under the Flask
layer) whose variables the command line and :meth:`Demijohn.run <demijohn.Demijohn.run>` load
before the application reads its settings.
"""

from __future__ import annotations

import os

import click

from .. import conventions

__all__ = ["load_dotenv"]


def load_dotenv(path: str | os.PathLike[str] | None = None, load_defaults: bool = True) -> bool:
    """Load environment variables from ``.demijohnenv``, then ``.env``, then ``path``; a
    later file wins over an earlier one, and variables already set win over all of them.
    Under the Flask compatibility layer, ``.flaskenv`` is read first, with the lowest
    priority.

    The default files are searched for from the current directory upwards. Without
    python-dotenv nothing is loaded, and a hint is shown if there are files to load.

    :param path: another file to load, if it exists.
    :param load_defaults: load the default files too.
    :return: whether any variable was read from a file.

    .. versionadded:: 0.1
    """
    try:
        import dotenv
    except ImportError:
        if path or any(os.path.isfile(name) for name in conventions.current().env_files):
            click.secho(
                " * Tip: There are .env files present. Install python-dotenv to use them"
                " ('pip install demijohn[dotenv]').",
                fg="yellow",
                err=True,
            )
        return False

    data: dict[str, str | None] = {}
    if load_defaults:
        for name in conventions.current().env_files:
            found = dotenv.find_dotenv(name, usecwd=True)
            if found:
                data |= dotenv.dotenv_values(found, encoding="utf-8")
    if path is not None and os.path.isfile(path):
        data |= dotenv.dotenv_values(path, encoding="utf-8")

    for key, value in data.items():
        if key not in os.environ and value is not None:
            os.environ[key] = value
    return bool(data)
