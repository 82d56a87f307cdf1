"""The process-wide names demijohn goes by, which a compatibility layer may change.

demijohn reads its environment variables under the ``DEMIJOHN_`` prefix, loads ``.demijohnenv``
and ``.env``, finds plug-in commands in the ``demijohn.commands`` entry-point group and keeps the
name ``request`` for the request object it passes to views, and words in its own way the few
error messages other code matches on (:class:`Messages`). A layer that lets demijohn run code
written for another framework (the Flask layer, :mod:`demijohn.compat.flask`) adds that
framework's names while it is switched on, by :func:`use`, and puts the previous ones back when
it is switched off. The core reads them from here and never imports a layer.

.. versionadded:: 0.1
"""

from __future__ import annotations

import dataclasses
import typing as t

__all__ = ["Conventions", "Messages", "current", "use"]


def _no_fallback(name: str) -> str | None:
    return None


def _nothing() -> None:
    return None


@dataclasses.dataclass(frozen=True)
class Messages:
    """The wording of the error messages that code written for another framework matches on.

    Each field is a :meth:`str.format` template with demijohn's own wording by default; the
    Flask layer puts in wording with the phrases Flask code and tests look for. Messages that
    nothing outside demijohn matches on are written where they are raised.
    """

    #: ``jsonify()`` (or ``app.json.response()``) given positional and keyword arguments.
    jsonify_args_and_kwargs: str = (
        "jsonify() got both positional and keyword arguments, so it cannot tell which value to"
        " serialize. Pass either one value (or several, for a list) or keyword arguments (for"
        " an object), not both."
    )
    #: The test client's ``session_transaction()`` when the session interface opened none.
    no_session_to_change: str = (
        "The session interface did not open a session, so there is nothing to change. The"
        " default interface needs a secret key: set app.config['SECRET_KEY']."
    )
    #: A debug-mode ``request.files[key]`` of a form that was not sent as multipart:
    #: ``key`` and the request's ``mimetype``.
    files_not_multipart: str = (
        "The file {key!r} was looked up in 'request.files', but the request holds no such"
        " file: its content type is {mimetype!r} instead of 'multipart/form-data', so no file"
        ' contents were sent. Add enctype="multipart/form-data" to the form.'
    )
    #: Follows :attr:`files_not_multipart` when the form has fields of that name: ``names``,
    #: their values.
    files_sent_names: str = "The browser sent the file names instead: {names}"
    #: The hint of ``EXPLAIN_TEMPLATE_LOADING`` when a template looked up from a blueprint's
    #: endpoint was not found or found more than once: ``blueprint``, its name.
    template_from_blueprint: str = (
        "The template was looked up from an endpoint of the blueprint {blueprint!r}. Is the"
        " template in the right folder? A blueprint's templates share one namespace with the"
        " application's: put them in a subfolder named after the blueprint, and render them as"
        " '<blueprint>/<name>'."
    )
    #: The command line found no application to load.
    no_app_found: str = (
        "Could not locate a Demijohn application. Use the 'demijohn --app' option, the"
        " 'DEMIJOHN_APP' environment variable, or a 'wsgi.py' or 'app.py' file in the current"
        " directory."
    )


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
    #: Whether a parameter annotated with a request class that the application's requests do
    #: not derive from is refused when the function is prepared, rather than left alone for
    #: whatever calls the function to fill (Flask code's decorators fill such parameters
    #: themselves: flask-openapi3's ``raw: RawModel``).
    refuse_foreign_request_annotations: bool = True
    #: Whether sessions refuse a short or published secret key outside debug and testing mode
    #: (see :mod:`demijohn.secret_keys`), rather than only logging it.
    refuse_weak_secret_keys: bool = True
    #: Whether a ``Host`` header that is no host name (``a b``) is accepted and the request
    #: served without a host, as Flask does, rather than refused with a 400 (see
    #: :meth:`Demijohn.check_request_host <demijohn.Demijohn.check_request_host>`).
    accept_malformed_hosts: bool = False
    #: The variable that says the command line runs this process: the command sets it, and
    #: :meth:`Demijohn.run <demijohn.Demijohn.run>` then does not start a second server.
    run_from_cli_variable: str = "DEMIJOHN_RUN_FROM_CLI"
    #: The wording of the messages other code matches on.
    messages: Messages = Messages()
    #: The package name ``repr(g)`` gives the application globals object under (``<demijohn.g
    #: of 'shop'>``).
    package_name: str = "demijohn"
    #: Distributions whose versions ``--version`` reports after demijohn's.
    reported_versions: tuple[str, ...] = ()


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
