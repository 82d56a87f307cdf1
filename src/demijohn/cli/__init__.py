"""The ``demijohn`` command line: the main group and its global options, environment files,
and the built-in ``shell`` and ``routes`` commands; the ``run`` command and the development
server's options are in :mod:`demijohn.cli.run`.

What an application's own commands are built from (:class:`AppGroup`,
:func:`with_appcontext`, :class:`ScriptInfo`) is in :mod:`demijohn.cli.groups`, and finding the
application from ``--app`` in :mod:`demijohn.cli.discovery`; their names are re-exported
here. The command line is a client of the application: nothing below it imports it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import platform
import sys
import traceback
import typing as t

import click

from .. import conventions
from ..globals import _cv_app
from ..helpers import get_load_dotenv
from ..routing import IncludeRule, LazyView
from .config import config_command
from .discovery import NoAppException as NoAppException
from .discovery import find_app as find_app
from .discovery import find_app_by_string as find_app_by_string
from .discovery import find_best_app as find_best_app
from .discovery import locate_app as locate_app
from .discovery import prepare_import as prepare_import
from .envfiles import load_dotenv as load_dotenv
from .groups import AppGroup as AppGroup
from .groups import ScriptInfo as ScriptInfo
from .groups import _debug_option
from .groups import pass_script_info as pass_script_info
from .groups import with_appcontext as with_appcontext
from .run import run_command

if t.TYPE_CHECKING:
    from werkzeug.routing import Rule

    from ..app import Demijohn

    # click 8.4 made ParamType generic; the lowest click this supports is not.
    _ParamType = click.ParamType[t.Any]  # type: ignore[type-arg, unused-ignore]
else:
    # Subscripting needs click 8.4; older versions are supported too.
    _ParamType = click.ParamType

#: ``ctx.meta`` key: the environment files were loaded for this command line.
_ENV_LOADED = "demijohn.env_loaded"


# -- global options -------------------------------------------------------------------------


def get_version(ctx: click.Context, param: click.Parameter, value: t.Any) -> None:
    """The ``--version`` callback: print the Python, demijohn and Werkzeug versions (and
    those the conventions in use report, such as Flask's under the Flask layer), and exit."""
    if not value or ctx.resilient_parsing:
        return
    names = ("Demijohn", *conventions.current().reported_versions, "Werkzeug")
    lines = [f"Python {platform.python_version()}"]
    lines.extend(f"{name} {importlib.metadata.version(name)}" for name in names)
    click.echo("\n".join(lines), color=ctx.color)
    ctx.exit()


#: The ``--version`` option of :class:`DemijohnGroup`.
version_option = click.Option(
    ["--version"],
    help="Show the demijohn version.",
    expose_value=False,
    callback=get_version,
    is_flag=True,
    is_eager=True,
)


def _env_file_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    try:
        import dotenv  # noqa: F401
    except ImportError:
        if value is not None:
            raise click.BadParameter(
                "python-dotenv must be installed to load an env file. Install it with"
                " 'pip install demijohn[dotenv]'.",
                ctx=ctx,
                param=param,
            ) from None
    # The default files are loaded here too, so that an --env-file wins over them.
    defaults = ctx.ensure_object(ScriptInfo).load_dotenv_defaults
    if value is not None or defaults:
        load_dotenv(value, load_defaults=defaults)
    ctx.meta[_ENV_LOADED] = True
    # After the files, so that a FLASK_APP from .flaskenv is seen by --app.
    conventions.current().apply_environment()


def _app_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(ScriptInfo).app_import_path = value


_env_file_option = click.Option(
    ["-e", "--env-file"],
    type=click.Path(exists=True, dir_okay=False),
    help=(
        "Load environment variables from this file, taking precedence over those in"
        " '.env' and '.demijohnenv'. Variables already set in the environment win."
        " python-dotenv must be installed."
    ),
    is_eager=True,
    expose_value=False,
    callback=_env_file_callback,
)

_app_option = click.Option(
    ["-A", "--app"],
    metavar="IMPORT",
    help=(
        "The application to load, as 'module:name'. The module may be a dotted name or a"
        " file path, and the name may be a factory call such as 'create_app(\"dev\")'."
        " Without a name, 'app', 'application', a single instance, or a 'create_app' or"
        " 'make_app' factory is looked for. Without this option, 'wsgi.py', then 'app.py',"
        " in the current directory."
    ),
    is_eager=True,
    expose_value=False,
    callback=_app_callback,
)


class DemijohnGroup(AppGroup):
    """The ``demijohn`` command: a group that loads the application lazily and adds its
    commands, those of installed plugins, and the built-in ones.

    Plugins register commands under the ``demijohn.commands`` entry-point group. The
    application is loaded only when a command needs it, so ``--help`` and the built-in
    commands work, with the loading error shown, when it fails to load.

    Under the Flask compatibility layer it also loads the commands registered under
    ``flask.commands`` (a ``demijohn.commands`` one of the same name wins), reads
    ``.flaskenv``, and honours the Flask variables (see :mod:`demijohn.compat.flask_env`).

    :param add_default_commands: add the ``run``, ``shell`` and ``routes`` commands, and
        ``check`` and ``config``; the last two give way to a plugin or application
        command of the same name, so an application that had its own keeps it.
    :param create_app: a function that returns the application, instead of ``--app``.
    :param add_version_option: add ``--version``.
    :param load_dotenv: load ``.demijohnenv`` and ``.env`` before anything else.
    :param set_debug_flag: set the application's debug mode from ``--debug`` or
        ``DEMIJOHN_DEBUG``.
    :param extra: passed to :class:`click.Group`.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        add_default_commands: bool = True,
        create_app: t.Callable[..., t.Any] | None = None,
        add_version_option: bool = True,
        load_dotenv: bool = True,
        set_debug_flag: bool = True,
        **extra: t.Any,
    ) -> None:
        params = list(extra.pop("params", None) or ())
        # -e comes first: eager options not given on the command line run in this order,
        # and --app or --debug may come from the environment file.
        params.extend((_env_file_option, _app_option, _debug_option))
        if add_version_option:
            params.append(version_option)
        extra["context_settings"] = dict(extra.get("context_settings") or {})
        extra["context_settings"].setdefault("auto_envvar_prefix", "DEMIJOHN")
        super().__init__(params=params, **extra)
        self.create_app = create_app
        self.load_dotenv = load_dotenv
        self.set_debug_flag = set_debug_flag
        if add_default_commands:
            self.add_command(run_command)
            self.add_command(shell_command)
            self.add_command(routes_command)
        #: Built-in commands Flask does not have, looked up after the application's own.
        self._yielding_commands: dict[str, click.Command] = (
            {"check": check_command, "config": config_command} if add_default_commands else {}
        )
        self._loaded_plugin_commands = False

    def _load_plugin_commands(self) -> None:
        if self._loaded_plugin_commands:
            return
        for group in conventions.current().command_entry_points:
            for entry_point in importlib.metadata.entry_points(group=group):
                self.add_command(entry_point.load(), entry_point.name)
        self._loaded_plugin_commands = True

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A built-in or plugin command, else a command of the application, else
        ``check`` or ``config``. When the application fails to load, the error is shown
        and ``None`` returned (for ``check`` and ``config``, the command reports it)."""
        self._load_plugin_commands()
        rv = super().get_command(ctx, cmd_name)
        if rv is not None:
            return rv
        fallback = self._yielding_commands.get(cmd_name)
        try:
            app = ctx.ensure_object(ScriptInfo).load_app()
        except NoAppException as e:
            if fallback is None:
                click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
            return fallback
        except Exception:
            if fallback is None:
                raise
            # The built-in loads the application again and shows why it fails.
            return fallback
        # The app's commands, their parameter callbacks included, run in its context
        # without needing with_appcontext.
        app_ctx = _cv_app.get(None)
        if app_ctx is None or app_ctx.app is not app:
            ctx.with_resource(app.app_context())
        rv = app.cli.get_command(ctx, cmd_name)
        return fallback if rv is None else rv

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The names of the built-in, plugin and application commands. When the application
        fails to load, the error is shown and the others are listed."""
        self._load_plugin_commands()
        names = set(super().list_commands(ctx))
        names.update(self._yielding_commands)
        try:
            names.update(ctx.ensure_object(ScriptInfo).load_app().cli.list_commands(ctx))
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
        except Exception:
            # Not a discovery problem, so the traceback is what the user needs.
            click.secho(f"{traceback.format_exc()}\n", err=True, fg="red")
        return sorted(names)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: t.Any,
    ) -> click.Context:
        """Create the context with a :class:`ScriptInfo` as its object, and tell
        :meth:`Demijohn.run <demijohn.Demijohn.run>` not to start a second server."""
        # An app.run() call outside a __main__ guard would otherwise block every command.
        os.environ["DEMIJOHN_RUN_FROM_CLI"] = "true"
        # Before the script info and click read the environment (the Flask layer's variables).
        conventions.current().apply_environment()
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = ScriptInfo(
                create_app=self.create_app,
                set_debug_flag=self.set_debug_flag,
                load_dotenv_defaults=self.load_dotenv,
            )
        return super().make_context(info_name, args, parent=parent, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse the arguments; before showing help, apply ``-e`` and ``--app`` from the
        environment so that the help lists the application's commands."""
        try:
            if (not args and self.no_args_is_help) or (
                len(args) == 1 and args[0] in self.get_help_option_names(ctx)
            ):
                _env_file_option.handle_parse_result(ctx, {}, [])
                _app_option.handle_parse_result(ctx, {}, [])
            return super().parse_args(ctx, args)
        except BaseException:
            # Help and usage errors end the command before click enters the context, so
            # nothing else would pop an app context that listing the commands pushed.
            ctx.close()
            raise


# -- environment files ----------------------------------------------------------------------


# -- shell ------------------------------------------------------------------------------------


def _set_up_completion(namespace: dict[str, t.Any]) -> None:
    """Run the interactive hook (readline history and completion) with completion over
    the shell's namespace instead of ``__main__``'s."""
    interactive_hook = getattr(sys, "__interactivehook__", None)
    if interactive_hook is None:
        return
    try:
        import readline
        from rlcompleter import Completer
    except ImportError:
        pass
    else:
        readline.set_completer(Completer(namespace).complete)
    interactive_hook()


@click.command("shell", short_help="Run a shell in the app context.")
@with_appcontext
def shell_command() -> None:
    """Run an interactive Python shell in the application's context, with the application
    and the names from its shell context processors imported."""
    import code

    app = _cv_app.get().app
    banner = (
        f"Python {sys.version} on {sys.platform}\n"
        f"App: {app.import_name}\n"
        f"Instance: {app.instance_path}"
    )
    namespace: dict[str, t.Any] = {}
    # Honour the startup script the plain interpreter would run.
    startup = os.environ.get("PYTHONSTARTUP")
    if startup and os.path.isfile(startup):
        with open(startup) as f:
            eval(compile(f.read(), startup, "exec"), namespace)
    namespace.update(app.make_shell_context())
    _set_up_completion(namespace)
    code.interact(banner=banner, local=namespace)


# -- routes -----------------------------------------------------------------------------------


def _route_domain(rule: Rule, host_matching: bool) -> str:
    return (rule.host if host_matching else rule.subdomain) or ""


def _route_methods(rule: Rule, ignored: set[str]) -> str:
    """The methods column of a rule: ``WEBSOCKET`` for a WebSocket route, whose ``GET`` is
    only the handshake and would read as a plain page."""
    if rule.websocket:
        return "WEBSOCKET"
    return ", ".join(sorted((rule.methods or set()) - ignored))


def _route_rows(app: Demijohn, rules: list[Rule], sort: str, all_methods: bool) -> list[list[str]]:
    """The table of routes: a header row, then one row per rule in ``sort`` order."""
    host_matching = app.url_map.host_matching
    has_domain = any(_route_domain(rule, host_matching) for rule in rules)
    ignored = set() if all_methods else {"HEAD", "OPTIONS"}
    records = [
        {
            "endpoint": rule.endpoint,
            "methods": _route_methods(rule, ignored),
            "domain": _route_domain(rule, host_matching),
            "rule": rule.rule,
        }
        for rule in rules
    ]
    if sort != "match":
        # A stable sort: rules that tie stay in matching order.
        records.sort(key=lambda record: record[sort])

    columns = ["endpoint", "methods", "rule"]
    if has_domain:
        columns.insert(2, "domain")
    headers = {"endpoint": "Endpoint", "methods": "Methods", "rule": "Rule"}
    headers["domain"] = "Host" if host_matching else "Subdomain"
    rows = [[headers[column] for column in columns]]
    for record in records:
        # isinstance only: a view registered by import string must stay unimported.
        if isinstance(app.view_functions.get(record["endpoint"]), LazyView):
            record["endpoint"] += " (lazy)"
        rows.append([record[column] for column in columns])
    return rows


@click.command("check", short_help="Find the app's mistakes before a request does.")
@click.option(
    "--deploy",
    is_flag=True,
    help="Also run the deployment checks: the settings production serves with.",
)
@with_appcontext
def check_command(deploy: bool) -> None:
    """Import every view named by import string and check the application: view signatures
    against their rules, hook and error handler signatures, the templates views name, and
    the checks the application and its extensions added. With --deploy, also the checks
    added for a deployment (debug off, a strong secret key, ...), run against the settings
    loaded as the application would serve. Every problem is listed with the file and line
    to look at, and the exit status is 1 when there is an error (warnings are shown, and do
    not fail)."""
    app = _cv_app.get().app
    problems = app.run_checks(deploy=deploy)
    for problem in problems:
        click.echo(str(problem), err=True)
    # The stand-ins of blueprints included by import string are no rules of the application.
    rules = sum(1 for rule in app.url_map.iter_rules() if not isinstance(rule, IncludeRule))
    errors = sum(1 for problem in problems if problem.severity == "error")
    warnings = len(problems) - errors
    if errors:
        count = f"{errors} problem{'s' if errors != 1 else ''}"
        also = f" and {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        click.secho(f"{count}{also} found in {app.name!r}.", fg="red", err=True)
        raise SystemExit(1)
    if warnings:
        count = f"{warnings} warning{'s' if warnings != 1 else ''}"
        click.echo(f"No problems found in {app.name!r} ({rules} rules checked), {count}.")
        return
    click.echo(f"No problems found in {app.name!r} ({rules} rules checked).")


@click.command("routes", short_help="Show the routes for the app.")
@click.option(
    "--sort",
    "-s",
    type=click.Choice(("endpoint", "methods", "domain", "rule", "match")),
    default="endpoint",
    help=(
        "The column to sort by; 'match' is the order in which the routes are tried."
        " Routes that tie stay in that order."
    ),
)
@click.option("--all-methods", is_flag=True, help="Show HEAD and OPTIONS methods.")
@with_appcontext
def routes_command(sort: str, all_methods: bool) -> None:
    """Show all registered routes with their endpoints and methods. WebSocket routes show
    WEBSOCKET as their method. An endpoint whose view is registered by import string is
    marked '(lazy)'; showing it does not import it."""
    app = _cv_app.get().app
    rules = list(app.url_map.iter_rules())
    if not rules:
        click.echo("No routes were registered.")
        return
    rows = _route_rows(app, rules, sort, all_methods)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rows.insert(1, ["-" * width for width in widths])
    # Every line is padded to the full width of the table, as Flask prints it.
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def _flask_compat_callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value:
        return
    from ..compat.flask import FlaskCompatError, install

    try:
        install()
    except FlaskCompatError as e:
        raise click.BadParameter(str(e), ctx=ctx, param=param) from None
    info = ctx.ensure_object(ScriptInfo)
    # FLASK_SKIP_DOTENV counts from now on.
    info.load_dotenv_defaults = info.load_dotenv_defaults and get_load_dotenv()
    if ctx.meta.get(_ENV_LOADED) and info.load_dotenv_defaults:
        # An -e option came first and loaded the files without .flaskenv; loading again
        # adds only what .flaskenv alone sets, below everything else.
        load_dotenv()
    conventions.current().apply_environment()


# Eager, so the layer is on before anything loads the application.
_flask_compat_option = click.Option(
    ["--flask-compat"],
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_flask_compat_callback,
    help=(
        "Switch on the Flask compatibility layer before the application is loaded, so that"
        " 'import flask' gives demijohn and a Flask application runs unchanged."
    ),
)

#: The ``demijohn`` command.
cli = DemijohnGroup(
    name="demijohn",
    params=[_flask_compat_option],
    help="""\
A command line for demijohn applications.

Name the application with the '--app' option or the 'DEMIJOHN_APP'
environment variable, or put it in a 'wsgi.py' or 'app.py' file in the
current directory.
""",
)


def main() -> None:
    """Run the ``demijohn`` command (the console script and ``python -m demijohn``)."""
    cli.main()
