"""``demijohn config``: the effective settings of the application, where each came from, and
secrets masked.

It is a plug-in command (the ``demijohn.commands`` entry point), so it is there for every
application. For one that loads its settings with :mod:`demijohn.settings` it lists them with
their sources; for any other it lists ``app.config``, masking values whose key names a secret.
It never imports :mod:`demijohn.settings` itself, so that it works without the ``settings``
extra.
"""

from __future__ import annotations

import click

from demijohn import current_app
from demijohn.cli import with_appcontext

__all__ = ["config_command"]

#: Parts of a configuration key that mark its value as a secret.
_SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "KEY", "CREDENTIAL")


def _rows() -> list[tuple[str, str, str]]:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = app.extensions.get("demijohn.settings")
    if settings is not None:
        # Only an application that loaded its settings with demijohn.settings has them.
        rows: list[tuple[str, str, str]] = settings.describe()
        return rows
    return [
        (key, "'**********'" if _names_secret(key) else repr(value), "app.config")
        for key, value in sorted(app.config.items())
    ]


def _names_secret(key: str) -> bool:
    upper = key.upper()
    return any(word in upper for word in _SECRET_WORDS)


@click.command("config", short_help="Show the effective settings and their sources.")
@with_appcontext
def config_command() -> None:
    """Show the application's settings: each value (secrets masked) and where it came from."""
    rows = _rows()
    if not rows:
        click.echo("No settings.")
        return
    width = max(len(name) for name, _, _ in rows)
    for name, value, source in rows:
        click.echo(f"{name.ljust(width)}  {value}  ({source})")
