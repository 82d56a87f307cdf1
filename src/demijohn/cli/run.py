"""The ``run`` command: the development server, its options (``--cert``, ``--key``,
``--extra-files``, ...) and its banner.

The server is Werkzeug's :func:`~werkzeug.serving.run_simple`; this module only turns the
command line into its arguments. It is imported by :mod:`demijohn.cli` when the ``demijohn``
group is created.
"""

from __future__ import annotations

import importlib
import os
import traceback
import typing as t

import click
from werkzeug.utils import import_string

from .. import conventions
from .groups import ScriptInfo, _debug_option, pass_script_info

if t.TYPE_CHECKING:
    import ssl

    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from ..app import Demijohn

    # click 8.4 made ParamType generic; the lowest click this supports is not.
    _ParamType = click.ParamType[t.Any]  # type: ignore[type-arg, unused-ignore]
else:
    # Subscripting needs click 8.4; older versions are supported too.
    _ParamType = click.ParamType


def show_server_banner(debug: bool | None, app_import_path: str | None) -> None:
    """Print the lines the development server starts with; nothing in the reloader's child
    process, which would repeat them.

    :param debug: the debug mode, or ``None`` to leave it out.
    :param app_import_path: what is being served, or ``None`` to leave it out.
    """
    from werkzeug.serving import is_running_from_reloader

    if is_running_from_reloader():
        return
    if app_import_path is not None:
        click.echo(f" * Serving Demijohn app '{app_import_path}'")
    if debug is not None:
        click.echo(f" * Debug mode: {'on' if debug else 'off'}")


class CertParamType(_ParamType):
    """The ``--cert`` type: an existing file, ``adhoc`` (which needs cryptography), or the
    import string of an :class:`ssl.SSLContext`."""

    name = "path"

    def __init__(self) -> None:
        self.path_type = click.Path(exists=True, dir_okay=False, resolve_path=True)

    def convert(
        self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> t.Any:
        """Return the resolved path, ``"adhoc"``, or the SSL context."""
        try:
            import ssl
        except ImportError:
            raise click.BadParameter(
                "Using '--cert' requires Python to be compiled with SSL support.", ctx, param
            ) from None
        try:
            return self.path_type(value, param, ctx)
        except click.BadParameter:
            value = click.STRING(value, param, ctx).lower()
            if value == "adhoc":
                try:
                    importlib.import_module("cryptography")
                except ImportError:
                    raise click.BadParameter(
                        "Using ad-hoc certificates requires the cryptography library."
                        " Install it with 'pip install cryptography'.",
                        ctx,
                        param,
                    ) from None
                return value
            obj = import_string(value, silent=True)
            if isinstance(obj, ssl.SSLContext):
                return obj
            raise


def _is_ssl_context(value: t.Any) -> t.TypeGuard[ssl.SSLContext]:
    try:
        import ssl
    except ImportError:
        return False
    return isinstance(value, ssl.SSLContext)


def _validate_key(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check ``--key`` against ``--cert``; a certificate file and its key become the
    ``(cert, key)`` pair Werkzeug expects."""
    cert = ctx.params.get("cert")
    is_adhoc = cert == "adhoc"
    is_context = _is_ssl_context(cert)
    if value is None:
        if cert and not (is_adhoc or is_context):
            raise click.BadParameter('Required when using "--cert".', ctx, param)
        return value
    if is_adhoc:
        raise click.BadParameter('When "--cert" is "adhoc", "--key" is not used.', ctx, param)
    if is_context:
        raise click.BadParameter(
            'When "--cert" is an SSLContext object, "--key" is not used.', ctx, param
        )
    if not cert:
        raise click.BadParameter('"--cert" must also be specified.', ctx, param)
    ctx.params["cert"] = cert, value
    return value


class SeparatedPathType(click.Path):
    """A list of paths joined by the OS path separator (``:``, or ``;`` on Windows), each
    checked like a :class:`click.Path`."""

    def convert(
        self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> t.Any:
        """Split the value and convert each path."""
        convert_one = super().convert
        return [convert_one(item, param, ctx) for item in self.split_envvar_value(value)]


def _failing_app(error: Exception) -> WSGIApplication:
    """A WSGI app that raises ``error``, so that the reloader keeps running and the debugger
    shows the error until the code is fixed."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> t.Iterable[bytes]:
        raise error from None

    return app


@click.command("run", short_help="Run a development server.")
@click.option("--host", "-h", default="127.0.0.1", help="The interface to bind to.")
@click.option("--port", "-p", default=5000, help="The port to bind to.")
@click.option(
    "--cert",
    type=CertParamType(),
    is_eager=True,
    help="A certificate file for HTTPS, 'adhoc', or the import string of an SSLContext.",
)
@click.option(
    "--key",
    type=click.Path(exists=True, dir_okay=False, resolve_path=True),
    callback=_validate_key,
    expose_value=False,
    help="The key file, with a '--cert' file.",
)
@click.option(
    "--reload/--no-reload",
    default=None,
    help="Restart the server when code changes. On by default in debug mode.",
)
@click.option(
    "--debugger/--no-debugger",
    default=None,
    help="Show the interactive debugger on errors. On by default in debug mode.",
)
@click.option("--with-threads/--without-threads", default=True, help="Handle requests in threads.")
@click.option(
    "--extra-files",
    default=None,
    type=SeparatedPathType(),
    help=(
        "More files that make the reloader restart when they change, separated by"
        f" {os.path.pathsep!r}."
    ),
)
@click.option(
    "--exclude-patterns",
    default=None,
    type=SeparatedPathType(),
    help=(
        "fnmatch patterns of files the reloader ignores, separated by"
        f" {os.path.pathsep!r}. For example '*/site-packages/*'."
    ),
)
@pass_script_info
def run_command(
    info: ScriptInfo,
    host: str,
    port: int,
    reload: bool | None,
    debugger: bool | None,
    with_threads: bool,
    cert: t.Any,
    extra_files: list[str] | None,
    exclude_patterns: list[str] | None,
) -> None:
    """Run a development server, for development only: use a production WSGI or ASGI
    server to deploy.

    The reloader and the debugger are on when debug mode is.
    """
    from werkzeug.serving import is_running_from_reloader, run_simple

    from ..helpers import get_debug_flag

    app: WSGIApplication
    try:
        app = info.load_app()
    except Exception as e:
        if not is_running_from_reloader():
            raise e from None
        # In the reloader's child, keep serving so that a fix is picked up.
        traceback.print_exc()
        app = _failing_app(e)

    debug = get_debug_flag()
    show_server_banner(debug, info.app_import_path)
    run_simple(
        host,
        port,
        app,
        use_reloader=debug if reload is None else reload,
        use_debugger=debug if debugger is None else debugger,
        threaded=with_threads,
        ssl_context=cert,
        extra_files=extra_files,
        exclude_patterns=exclude_patterns,
    )


run_command.params.insert(0, _debug_option)


def run_app(
    app: Demijohn,
    host: str | None,
    port: int | None,
    debug: bool | None,
    load_dotenv: bool,
    **options: t.Any,
) -> None:
    """Serve ``app`` with Werkzeug's development server: what :meth:`Demijohn.run
    <demijohn.Demijohn.run>` does, whose parameters these are."""
    from werkzeug.serving import is_running_from_reloader

    from ..helpers import _env_value, get_debug_flag, get_load_dotenv
    from .envfiles import load_dotenv as load_env_files

    if os.environ.get(conventions.current().run_from_cli_variable) == "true":
        if not is_running_from_reloader():
            click.secho(
                " * Ignoring a call to 'app.run()' that would block the current"
                " 'demijohn' command.\n   Call 'app.run()' only inside an"
                " 'if __name__ == \"__main__\":' block, or serve with 'demijohn run'.",
                fg="red",
                err=True,
            )
        return

    if get_load_dotenv(load_dotenv):
        load_env_files()
        if _env_value("DEMIJOHN_DEBUG") is not None:
            app.debug = get_debug_flag()
    if debug is not None:
        app.debug = bool(debug)

    server_host, _, server_port = (app.config["SERVER_NAME"] or "").partition(":")
    host = host or server_host or "127.0.0.1"
    port = int(port) if port is not None else int(server_port or 5000)
    options.setdefault("use_reloader", app.debug)
    options.setdefault("use_debugger", app.debug)
    options.setdefault("threaded", True)
    show_server_banner(app.debug, app.name)

    # Imported here so that tests can replace it.
    from werkzeug.serving import run_simple

    try:
        run_simple(host, port, app, **options)
    finally:
        # Setup methods work again, so the server can be started again from a shell.
        app._got_first_request = False
