"""``demijohn openapi``: write the application's OpenAPI document, for clients and for
diffs in CI."""

from __future__ import annotations

import json
import typing as t

import click

from demijohn.cli import with_appcontext

from .state import current

__all__ = ["openapi_command"]


@click.command("openapi")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="The file to write the document to; standard output by default.",
)
@click.option("--indent", type=int, default=2, show_default=True, help="The JSON indentation.")
@with_appcontext
def openapi_command(output: t.TextIO, indent: int) -> None:
    """Write the application's OpenAPI document as JSON."""
    output.write(json.dumps(current().document(), indent=indent or None))
    output.write("\n")
