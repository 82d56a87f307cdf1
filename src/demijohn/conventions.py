"""The process-wide names demijohn goes by, which a compatibility layer may change.

demijohn reads its environment variables under the ``DEMIJOHN_`` prefix, loads ``.demijohnenv``
and ``.env``, finds plug-in commands in the ``demijohn.commands`` entry-point group and keeps the
name ``request`` for the request object it passes to views. A layer that lets demijohn run code
written for another framework (the Flask layer, :mod:`demijohn.compat.flask`) adds that
framework's names while it is switched on, by :func:`use`, and puts the previous ones back when
it is switched off. The core reads them from here and never imports a layer.

.. versionadded:: 0.1
"""

from __future__ import annotations

import dataclasses
import typing as t

__all__ = ["Conventions", "current", "use"]


def _no_fallback(name: str) -> str | None:
    return None


def _nothing() -> None:
    return None


@dataclasses.dataclass(frozen=True)
class Conventions:
    """One set of names. Every field has demijohn's own value by default."""

    #: The environment files :func:`demijohn.cli.load_dotenv` reads by default, lowest priority
    #: first.
    env_files: tuple[str, ...] = (".demijohnenv", ".env")
    #: The prefixes :meth:`Config.from_prefixed_env <demijohn.Config.from_prefixed_env>` loads
    #: when it is given none, in order: a later prefix wins for the same key.
    config_env_prefixes: tuple[str, ...] = ("DEMIJOHN",)
    #: The entry-point groups plug-in commands come from, in order: a later group's command
    #: replaces an earlier one of the same name.
    command_entry_points: tuple[str, ...] = ("demijohn.commands",)
    #: Given a ``DEMIJOHN_`` variable's name, the name of another variable that stands in for it
    #: while it is unset, or ``None``.
    env_var_fallback: t.Callable[[str], str | None] = _no_fallback
    #: Called by the command line as it starts and again after it loads environment files,
    #: before it reads its options from the environment: lets another framework's variables
    #: stand in for demijohn's.
    apply_environment: t.Callable[[], None] = _nothing
    #: Whether a URL variable named ``request`` is accepted and its value passed to the view,
    #: as Flask does, instead of being refused when the rule is registered.
    request_url_variable: bool = False
    #: Whether sessions refuse a short or published secret key outside debug and testing mode
    #: (see :mod:`demijohn.secret_keys`), rather than only logging it.
    refuse_weak_secret_keys: bool = True
    #: The variable that says the command line runs this process: the command sets it, and
    #: :meth:`Demijohn.run <demijohn.Demijohn.run>` then does not start a second server.
    run_from_cli_variable: str = "DEMIJOHN_RUN_FROM_CLI"


_current = Conventions()


def current() -> Conventions:
    """The names in use now."""
    return _current


def use(conventions: Conventions) -> Conventions:
    """Go by ``conventions`` from now on, and return the ones used until now, so that the
    caller can put them back.

    :param conventions: the names to use.
    """
    global _current
    previous, _current = _current, conventions
    return previous
