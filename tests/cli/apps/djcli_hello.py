"""An application with routes, a lazy view, its own commands and a blueprint group."""

from __future__ import annotations

import click

from demijohn import Blueprint, Demijohn, current_app

app = Demijohn(__name__)


@app.route("/")
def index() -> str:
    return "hello"


# djcli_lazy_target fails when imported, so a command that imports it shows up loudly.
app.add_url_rule("/lazy", view_func="djcli_lazy_target:lazy_view")


@app.cli.command("whoami")
def whoami() -> None:
    click.echo(f"app={current_app.name} debug={current_app.debug}")


reports = Blueprint("reports", __name__)


@reports.cli.command("daily")
def daily() -> None:
    click.echo(f"daily report from {current_app.name}")


app.register_blueprint(reports)
