"""demijohn's own exception hierarchy.

Every framework error derives from :class:`DemijohnError` and from the built-in exception that
fits its meaning, so ``except RuntimeError`` and ``except AssertionError`` code written for Flask
keeps working. HTTP errors are not here: they are :mod:`werkzeug.exceptions`.
"""

from __future__ import annotations


class DemijohnError(Exception):
    """Base class of the errors demijohn raises for mistakes in how it is used."""


class SetupError(DemijohnError, AssertionError):
    """A setup method was used wrongly: too late (after the first request), or registering
    something that clashes with what is already registered."""


class SetupValueError(SetupError, ValueError):
    """A setup argument has a value that cannot work. Flask checks these with ``assert``, so
    it is an :class:`AssertionError` as well as a :class:`ValueError`."""


class SetupTypeError(SetupError, TypeError):
    """A setup argument is missing or of the wrong kind. Flask checks these with ``assert``,
    so it is an :class:`AssertionError` as well as a :class:`TypeError`."""


class ContextError(DemijohnError, RuntimeError, AssertionError):
    """A context was popped out of order, or used where none is active."""


class LazyViewError(DemijohnError, ImportError):
    """A view registered by import string could not be imported.

    :param import_name: the import string given at registration.
    :param registered_at: where the route was registered (``file:line``), if known.
    """

    def __init__(self, import_name: str, registered_at: str | None, reason: BaseException):
        self.import_name = import_name
        self.registered_at = registered_at
        self.reason = reason
        where = f" (registered at {registered_at})" if registered_at else ""
        super().__init__(
            f"Could not import the view {import_name!r}{where}: "
            f"{type(reason).__name__}: {reason}. Check that the module path and function name"
            " are spelled right, in the form 'package.module:function', and that the module"
            " imports without errors."
        )


class RedirectLocationError(DemijohnError, ValueError):
    """A redirect location cannot be sent in a ``Location`` header: its host is no valid
    domain name, or its port is out of range. Raised by :meth:`Demijohn.redirect
    <demijohn.Demijohn.redirect>` when the location was not taken from the request (one that
    was answers 400).

    :param location: the location given.
    :param reason: why it cannot be encoded.
    """

    def __init__(self, location: str, reason: BaseException) -> None:
        self.location = location
        self.reason = reason
        super().__init__(
            f"The redirect location {location!r} cannot be sent in a Location header: {reason}."
            " A host must be a valid domain name (labels of 1 to 63 letters, digits or hyphens,"
            " or an internationalized name that IDNA can encode) and a port a number up to"
            " 65535. Fix how the location is built; if it comes from user input, check it"
            " first (accepting only paths on this site also prevents open redirects) and"
            " answer 400 when it is not valid."
        )


class WeakSecretKeyError(DemijohnError, RuntimeError):
    """A session would be signed or verified with a secret key that is too short or has been
    published; see :mod:`demijohn.secret_keys`.

    :param subject: which key, as the message names it.
    :param problem: what is wrong with it.
    :param fix: what to do.
    """

    def __init__(self, subject: str, problem: str, fix: str) -> None:
        self.subject = subject
        super().__init__(
            f"{subject} {problem}. Session cookies are checked against it: whoever has it can"
            f" make a cookie that logs them in as any user. {fix} Short and published keys are"
            " accepted only in debug and testing mode."
        )
