"""Parameter binding: how an extension gives the functions an application registers values of
its own, by parameter, as demijohn gives them the request.

An extension registers a :class:`ParameterBinder` with
:meth:`~ParameterBinding.add_parameter_binder`. When demijohn prepares a view, hook or error
handler (once, when it is first used), it offers each parameter that may be passed by name,
and that neither the request nor a URL value fills, to the binders in the order they were
added. The first binder that returns a *resolver* (a function of no arguments) binds the
parameter: each call of the function then passes ``resolver()`` in it. The methods of
class-based views are prepared the same way, once per method.

Nothing here runs per request for an application without binders, and a function none of
whose parameters a binder claims is called exactly as before. Which values exist, and what a
resolver does, is the extension's business (:mod:`demijohn.providers` is one).
"""

from __future__ import annotations

import collections.abc as cabc
import inspect
import typing as t
from functools import update_wrapper

from .scaffold import setupmethod

#: Returns the value of a bound parameter, each time the function is called.
Resolver = t.Callable[[], t.Any]

#: The kinds of parameter that can be passed by name.
_BY_NAME = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


class ParameterBinder(t.Protocol):
    """Decides, once per function, whether to fill one of its parameters.

    It is called when the function is prepared, never per request, with the function and one
    of its parameters, whose annotation is evaluated where it can be (a string annotation that
    names something the module does not define stays a string). It returns ``None`` to leave
    the parameter alone, or the resolver that makes its value for each call. It may raise a
    :class:`~demijohn.errors.SetupError` for a parameter that asks for something it cannot
    give, so that the mistake shows before any request does.
    """

    def __call__(
        self, func: t.Callable[..., t.Any], parameter: inspect.Parameter
    ) -> Resolver | None: ...


def _signature(func: t.Callable[..., t.Any]) -> inspect.Signature | None:
    """``func``'s signature with its annotations evaluated; unevaluated when evaluating one
    fails; ``None`` when it has none."""
    try:
        return inspect.signature(func, eval_str=True)
    except (TypeError, ValueError):
        return None
    except Exception:
        # An annotation names something defined only under TYPE_CHECKING, say.
        return inspect.signature(func)


class ParameterBinding:
    """The parameter-binding methods of :class:`~demijohn.Demijohn`."""

    if t.TYPE_CHECKING:

        def _check_setup_finished(self, f_name: str) -> None: ...

    #: The binders, in the order they were added (see :meth:`add_parameter_binder`); none
    #: until an extension adds one.
    parameter_binders: tuple[ParameterBinder, ...] = ()
    #: The bound parameters of class-based views' methods, by function, with the number of
    #: binders they were worked out with; made with the first binder.
    _method_bindings: dict[t.Any, tuple[int, tuple[tuple[str, Resolver], ...]]]

    @setupmethod
    def add_parameter_binder(self, binder: ParameterBinder) -> ParameterBinder:
        """Add a binder that may fill parameters of the views, hooks and error handlers the
        application calls (see :mod:`demijohn.binding`). Extensions add theirs in
        ``init_app``. Usable as a decorator.

        :param binder: the binder.

        .. versionadded:: 0.1
        """
        if not self.parameter_binders:
            self._method_bindings = {}
        self.parameter_binders = (*self.parameter_binders, binder)
        return binder

    def bound_parameters(
        self,
        func: t.Callable[..., t.Any],
        skip: cabc.Container[str] = (),
        request_name: str | None = None,
    ) -> dict[str, Resolver]:
        """The parameters of ``func`` a binder claims, each with its resolver, in the order
        of the signature. Reads the signature and asks the binders: call it at setup.

        :param func: a view, hook, handler or method.
        :param skip: the names the caller fills itself (URL values).
        :param request_name: the parameter that receives the request, if any.
        :raises SetupError: a binder refused a parameter.
        """
        if not self.parameter_binders:
            return {}
        signature = _signature(func)
        if signature is None:
            return {}
        bound: dict[str, Resolver] = {}
        for parameter in signature.parameters.values():
            name = parameter.name
            if parameter.kind not in _BY_NAME or name in skip or name == request_name:
                continue
            for binder in self.parameter_binders:
                resolver = binder(func, parameter)
                if resolver is not None:
                    bound[name] = resolver
                    break
        return bound

    def bind_parameters(
        self,
        func: t.Callable[..., t.Any],
        prepared: t.Callable[..., t.Any],
        skip: cabc.Container[str] = (),
        request_name: str | None = None,
    ) -> t.Callable[..., t.Any]:
        """``prepared`` (what the pipeline calls for ``func``), given the values of the
        parameters of ``func`` the binders claim at each call; ``prepared`` itself when they
        claim none.

        :param func: the registered function, whose signature is read.
        :param prepared: the callable that runs it.
        :param skip: the names the caller fills itself.
        :param request_name: the parameter that receives the request, if any.
        """
        bound = tuple(self.bound_parameters(func, skip, request_name).items())
        if not bound:
            return prepared
        if len(bound) == 1:
            ((name, resolver),) = bound

            def call_bound(*args: t.Any, **kwargs: t.Any) -> t.Any:
                kwargs[name] = resolver()
                return prepared(*args, **kwargs)

        else:

            def call_bound(*args: t.Any, **kwargs: t.Any) -> t.Any:
                for name, resolver in bound:
                    kwargs[name] = resolver()
                return prepared(*args, **kwargs)

        return update_wrapper(call_bound, prepared)

    def bind_method_arguments(
        self, method: t.Callable[..., t.Any], kwargs: dict[str, t.Any]
    ) -> None:
        """Add to ``kwargs`` the values of the parameters of ``method`` (a class-based view's
        handler, usually bound) the binders claim and ``kwargs`` does not already hold. The
        binding is worked out once per function.

        :param method: the handler about to be called.
        :param kwargs: the arguments it will be called with.
        """
        key = getattr(method, "__func__", method)
        cached = self._method_bindings.get(key)
        if cached is None or cached[0] != len(self.parameter_binders):
            bound = tuple(self.bound_parameters(method).items())
            cached = self._method_bindings[key] = (len(self.parameter_binders), bound)
        for name, resolver in cached[1]:
            if name not in kwargs:
                kwargs[name] = resolver()


__all__ = ["ParameterBinder", "ParameterBinding", "Resolver"]
