"""What an application's own commands are built from: the :class:`AppGroup` every application
and blueprint has as ``cli``, :func:`with_appcontext`, and the :class:`ScriptInfo` through
which a command finds the application it works on.

The ``demijohn`` command itself, its options and built-in commands, is in :mod:`demijohn.cli`,
which re-exports these names. An application makes its group the first time ``app.cli`` is
used, so an application that defines no commands never loads click.
"""

from __future__ import annotations

import os
import typing as t
from functools import update_wrapper

import click
from click.core import ParameterSource

from ..globals import _cv_app
from ..helpers import get_debug_flag, get_load_dotenv
from .discovery import NoAppException, find_app

if t.TYPE_CHECKING:
    from ..app import Demijohn

__all__ = ["AppGroup", "ScriptInfo", "pass_script_info", "with_appcontext"]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def with_appcontext(f: F) -> F:
    """Run the decorated click command inside the application's context, loading the
    application from the command line's script info when no context is active."""

    @click.pass_context
    def decorator(ctx: click.Context, /, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if _cv_app.get(None) is None:
            app = ctx.ensure_object(ScriptInfo).load_app()
            ctx.with_resource(app.app_context())
        return ctx.invoke(f, *args, **kwargs)

    return t.cast(F, update_wrapper(decorator, f))


class AppGroup(click.Group):
    """A click group whose :meth:`command` wraps callbacks in :func:`with_appcontext` unless
    ``with_appcontext=False`` is passed, and whose :meth:`group` makes more ``AppGroup``s."""

    def command(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Like :meth:`click.Group.command`, running the callback in an app context.

        It may be used with or without parentheses (``@group.command``).
        """
        if len(args) == 1 and not kwargs and callable(args[0]):
            return self.command()(args[0])
        wrap_for_ctx = kwargs.pop("with_appcontext", True)

        def decorator(f: t.Callable[..., t.Any]) -> click.Command:
            if wrap_for_ctx:
                f = with_appcontext(f)
            return super(AppGroup, self).command(*args, **kwargs)(f)  # type: ignore[no-any-return]

        return decorator

    def group(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Like :meth:`click.Group.group`, making an :class:`AppGroup` by default."""
        kwargs.setdefault("cls", AppGroup)
        return super().group(*args, **kwargs)


class ScriptInfo:
    """What the command line knows about the application it should load.

    :param app_import_path: the ``--app`` value: ``module``, ``module:name`` or
        ``module:factory(args)``, where the module may be a file path.
    :param create_app: a function that returns the application; it wins over
        ``app_import_path``.
    :param set_debug_flag: set the application's ``DEBUG`` from ``DEMIJOHN_DEBUG``.
    :param load_dotenv_defaults: load ``.demijohnenv`` and ``.env``; ``DEMIJOHN_SKIP_DOTENV``
        turns this off.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        app_import_path: str | None = None,
        create_app: t.Callable[..., t.Any] | None = None,
        set_debug_flag: bool = True,
        load_dotenv_defaults: bool = True,
    ) -> None:
        self.app_import_path = app_import_path
        self.create_app = create_app
        self.set_debug_flag = set_debug_flag
        self.load_dotenv_defaults = get_load_dotenv(load_dotenv_defaults)
        #: Arbitrary data for commands to share.
        self.data: dict[t.Any, t.Any] = {}
        self._loaded_app: Demijohn | None = None

    def load_app(self) -> Demijohn:
        """Load the application (once) and return it.

        The sources, in order: ``create_app``; ``app_import_path``; a ``wsgi.py``, then an
        ``app.py``, in the current directory.

        :raises NoAppException: no source gave an application.
        """
        if self._loaded_app is not None:
            return self._loaded_app
        if self.create_app is None:
            app = find_app(self.app_import_path)
        else:
            app = self.create_app()
            if app is None:
                raise NoAppException(
                    "The 'create_app' function of the command line returned None. Make it"
                    " return the application."
                )
        if self.set_debug_flag:
            # Through the property, so that settings that follow DEBUG update too.
            app.debug = get_debug_flag()
        self._loaded_app = app
        return app


#: Pass the :class:`ScriptInfo` to a command callback as its first argument.
pass_script_info = click.make_pass_decorator(ScriptInfo, ensure=True)


# -- options that the main group and the run command share ------------------------------


def _debug_callback(ctx: click.Context, param: click.Parameter, value: bool | None) -> None:
    source = ctx.get_parameter_source("debug")
    if value is None or source in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP):
        # Not given: leave DEMIJOHN_DEBUG, and the app's own setting, alone.
        return
    # An environment variable, so that an app factory can read it while it runs.
    os.environ["DEMIJOHN_DEBUG"] = "1" if value else "0"


_debug_option = click.Option(
    ["--debug/--no-debug"],
    help="Set debug mode.",
    expose_value=False,
    callback=_debug_callback,
)
