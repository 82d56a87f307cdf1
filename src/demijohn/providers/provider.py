"""One provider: a function that makes a value, the lifetime of that value, and how the value
is made and torn down.

A provider function is plain, ``async def``, a generator or an async generator. A generator
yields the value once; the code after ``yield`` is its teardown, run when the value's lifetime
ends. When that lifetime ends with an error (the view raised, even if an error handler answered
it), the error is raised at the ``yield``, so ``try``/``except`` there can roll back; what the
generator raises instead becomes the failure.

Nothing here knows where values are kept: :mod:`~demijohn.providers.scopes` keeps them, and
:mod:`~demijohn.providers.registry` decides which provider makes which.
"""

from __future__ import annotations

import collections.abc as cabc
import enum
import inspect
import sys
import typing as t
from functools import partial

from demijohn.calling import describe_function, run_coroutine
from demijohn.errors import SetupTypeError

T = t.TypeVar("T")

#: Takes the exception the lifetime ended with, or ``None``, and tears a value down.
Exit = t.Callable[[BaseException | None], None]


class Lifetime(enum.Enum):
    """How long a provided value lives."""

    #: Made once for the application (lazily, or at start-up when eager), torn down when it
    #: stops serving (ASGI lifespan shutdown, or process exit under WSGI) or on
    #: :meth:`Providers.close() <demijohn.providers.Providers.close>`.
    APP = "app"
    #: Made at most once per request (or :meth:`~demijohn.providers.Providers.scope`), on
    #: first use; torn down before the response is sent, newest first.
    REQUEST = "request"
    #: Made at each use; a generator's teardown runs when the request or scope ends.
    TRANSIENT = "transient"


class Kind(enum.Enum):
    """How a provider function gives its value."""

    PLAIN = "plain"
    ASYNC = "async"
    GENERATOR = "generator"
    ASYNC_GENERATOR = "async generator"


_ITERATORS = (
    cabc.Iterator,
    cabc.Generator,
    cabc.Iterable,
    cabc.AsyncIterator,
    cabc.AsyncGenerator,
    cabc.AsyncIterable,
)


def kind_of(func: t.Callable[..., t.Any]) -> Kind:
    """How ``func`` gives its value, read through decorators made with ``functools.wraps``."""
    target = inspect.unwrap(func)
    if inspect.isasyncgenfunction(target):
        return Kind.ASYNC_GENERATOR
    if inspect.isgeneratorfunction(target):
        return Kind.GENERATOR
    if inspect.iscoroutinefunction(target):
        return Kind.ASYNC
    return Kind.PLAIN


def provided_type(func: t.Callable[..., t.Any], kind: Kind) -> t.Any:
    """The type of the value ``func`` makes, from its return annotation: ``Session`` for
    ``-> Session``, ``-> Iterator[Session]`` or ``-> AsyncIterator[Session]``; ``None``
    without one."""
    if isinstance(func, type):
        return func  # a class provides its instances
    try:
        annotation = _return_annotation(func)
    except Exception as e:
        raise SetupTypeError(
            f"The return annotation of the provider {describe_function(func)} cannot be"
            f" evaluated ({e}). Import what it names at run time (not only under"
            " TYPE_CHECKING), or pass the type as 'provides='."
        ) from None
    if annotation is inspect.Signature.empty or annotation is None:
        return None
    if kind in (Kind.GENERATOR, Kind.ASYNC_GENERATOR):
        if t.get_origin(annotation) in _ITERATORS and t.get_args(annotation):
            return t.get_args(annotation)[0]
        return None
    return annotation


def _return_annotation(func: t.Callable[..., t.Any]) -> t.Any:
    """The return annotation of ``func``, evaluated on its own: a parameter's annotation
    that cannot be evaluated (matched by name later) does not stop it."""
    try:
        return inspect.signature(func, eval_str=True).return_annotation
    except Exception:
        annotation = inspect.signature(func).return_annotation
        if not isinstance(annotation, str):
            return annotation
        namespace = getattr(inspect.unwrap(func), "__globals__", {})
        # What eval_str does, for this one annotation.
        return eval(annotation, namespace)


class Provider(t.Generic[T]):
    """A function that makes a value of type ``T``, with a lifetime.

    Register one with :meth:`Providers.provide <demijohn.providers.Providers.provide>`, which
    returns it. Ask for its value by type (``def view(db: Session)``), or explicitly with the
    provider object as a marker (``db: Annotated[Session, get_db]``) when several providers
    make values of one type or the function has no return annotation.

    :param func: the function; plain, ``async def``, or a (async) generator that yields once.
    :param lifetime: how long the value lives.
    :param provides: the type it is asked for by; by default read from the return annotation.
    :param eager: for an app-lived value, make it when the application starts serving rather
        than on first use.
    :param by_type: whether a parameter annotated with :attr:`provides` gets this provider's
        value; when false only ``Annotated[T, provider]`` asks for it, so that it may provide
        a type another provider gives too.
    :param after_response: for a request-lived value, tear it down after the response, when
        the request context ends (once a streamed body is sent), rather than before it is
        sent: for a value a streamed body still uses. A failure of its teardown can then no
        longer change the response.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        func: t.Callable[..., t.Any],
        *,
        lifetime: Lifetime | str = Lifetime.REQUEST,
        provides: t.Any = None,
        eager: bool = False,
        by_type: bool = True,
        after_response: bool = False,
    ) -> None:
        self.func = func
        self.by_type = by_type
        self.lifetime = _lifetime(lifetime, func)
        self.kind = kind_of(func)
        self.provides = provided_type(func, self.kind) if provides is None else provides
        if eager and self.lifetime is not Lifetime.APP:
            raise SetupTypeError(
                f"The provider {describe_function(func)} is {self.lifetime.value}-lived and"
                " eager; only app-lived values can be made at start-up. Drop 'eager=True', or"
                " make it lifetime='app'."
            )
        self.eager = eager
        if after_response and self.lifetime is not Lifetime.REQUEST:
            raise SetupTypeError(
                f"The provider {describe_function(func)} is {self.lifetime.value}-lived and"
                " asks to be torn down after the response; only request-lived values are torn"
                " down with a request. Drop 'after_response=True', or make it"
                " lifetime='request'."
            )
        self.after_response = after_response

    @property
    def name(self) -> str:
        """The provider function, named for messages."""
        return describe_function(self.func)

    def __repr__(self) -> str:
        return f"<Provider {self.name} ({self.lifetime.value})>"

    def make(self, kwargs: dict[str, t.Any], exits: t.Callable[[Exit], t.Any]) -> T:
        """Call the function with ``kwargs`` and return its value; for a generator, give its
        teardown to ``exits``.

        :param kwargs: the values of its parameters.
        :param exits: takes the teardown of the value made.
        """
        kind = self.kind
        if kind is Kind.PLAIN:
            return self.func(**kwargs)  # type: ignore[no-any-return]
        if kind is Kind.ASYNC:
            return t.cast(T, run_coroutine(self.func(**kwargs)))
        if kind is Kind.GENERATOR:
            generator = self.func(**kwargs)
            try:
                value = next(generator)
            except StopIteration:
                raise self._yielded_nothing() from None
            exits(partial(_finish, self, generator))
            return value  # type: ignore[no-any-return]
        agen = self.func(**kwargs)
        try:
            value = run_coroutine(_step(agen, None))
        except StopAsyncIteration:
            raise self._yielded_nothing() from None
        exits(partial(_finish_async, self, agen))
        return value  # type: ignore[no-any-return]

    def _yielded_nothing(self) -> RuntimeError:
        return RuntimeError(
            f"The provider {self.name} is a generator that returned without yielding a value."
            " Yield the value once; the code after 'yield' is its teardown."
        )

    def _yielded_twice(self) -> RuntimeError:
        return RuntimeError(
            f"The provider {self.name} yielded a second time during its teardown. A provider"
            " yields its value once; the code after that 'yield' is its teardown."
        )


def _lifetime(lifetime: Lifetime | str, func: t.Callable[..., t.Any]) -> Lifetime:
    try:
        return Lifetime(lifetime)
    except ValueError:
        names = ", ".join(repr(each.value) for each in Lifetime)
        raise SetupTypeError(
            f"The provider {describe_function(func)} has the lifetime {lifetime!r}, which is"
            f" not one: use {names}."
        ) from None


def _finish(
    provider: Provider[t.Any], generator: cabc.Generator[t.Any], exc: BaseException | None
) -> None:
    """Run a generator provider's teardown: resume it, or raise ``exc`` at its ``yield``."""
    if exc is None:
        try:
            next(generator)
        except StopIteration:
            return
        generator.close()
        raise provider._yielded_twice()
    try:
        generator.throw(exc)
    except StopIteration:
        return
    except BaseException as e:
        if e is exc:
            return
        raise
    generator.close()
    raise provider._yielded_twice()


def _finish_async(
    provider: Provider[t.Any], agen: cabc.AsyncGenerator[t.Any], exc: BaseException | None
) -> None:
    """Run an async generator provider's teardown, as :func:`_finish` does."""
    try:
        run_coroutine(_step(agen, exc))
    except StopAsyncIteration:
        return
    except BaseException as e:
        if e is exc:
            return
        raise
    run_coroutine(agen.aclose())
    raise provider._yielded_twice()


async def _step(agen: cabc.AsyncGenerator[t.Any], exc: BaseException | None) -> t.Any:
    """Resume ``agen`` (raising ``exc`` in it, if any) and return what it yields.

    The event loop is not told about the generator: under WSGI each step may run in a loop of
    its own, and a loop that closes finalizes the generators it knows, which would run the
    teardown before its time. The provider's lifetime closes it instead.
    """
    hooks = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter=None, finalizer=None)
    try:
        step = agen.athrow(exc) if exc is not None else agen.__anext__()
    finally:
        sys.set_asyncgen_hooks(*hooks)
    return await step


__all__ = ["Exit", "Kind", "Lifetime", "Provider"]
