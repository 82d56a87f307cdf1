"""``demijohn config``: the application's configuration, where each value came from, and
secrets masked.

It lists ``app.config``. A loader or extension that knows where a value came from records it in
``app.config.sources`` (:mod:`demijohn.settings` does), and one that knows a value is a secret
adds its key to ``app.config.secret_keys``; keys whose names say they hold a secret are masked
too.
"""

from __future__ import annotations

import click

from ..globals import current_app
from .groups import with_appcontext

__all__ = ["config_command"]

#: Parts of a configuration key that mark its value as a secret.
_SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "KEY", "CREDENTIAL")


#: The source shown for a value no loader recorded.
_UNRECORDED = "set in code or by an extension"


def _rows() -> list[tuple[str, str, str]]:
    config = current_app.config
    sources: dict[str, str] = getattr(config, "sources", {})
    secret: set[str] = getattr(config, "secret_keys", set())
    return [
        (
            key,
            "'**********'" if key in secret or _names_secret(key) else repr(value),
            sources.get(key, _UNRECORDED),
        )
        for key, value in sorted(config.items())
    ]


def _names_secret(key: str) -> bool:
    upper = key.upper()
    return any(word in upper for word in _SECRET_WORDS)


@click.command("config", short_help="Show the configuration and where it came from.")
@with_appcontext
def config_command() -> None:
    """Show the application's configuration: each value (secrets masked) and, where a loader
    recorded it, where the value came from."""
    rows = _rows()
    width = max(len(name) for name, _, _ in rows)
    for name, value, source in rows:
        click.echo(f"{name.ljust(width)}  {value}  ({source})")
