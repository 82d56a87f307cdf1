"""Type aliases for what applications pass to and return from demijohn, and the
:class:`Application` type.

Use the aliases to annotate views, hooks and handlers. They describe the shapes demijohn
accepts; they do not check anything at run time.
"""

from __future__ import annotations

import abc
import collections.abc as cabc
import typing as t

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIApplication
    from werkzeug.datastructures import Headers
    from werkzeug.sansio.response import Response

#: What a view may return as the body of its response.
ResponseValue = t.Union[
    "Response",
    str,
    bytes,
    list[t.Any],
    t.Mapping[str, t.Any],
    t.Iterator[str],
    t.Iterator[bytes],
    cabc.AsyncIterable[str],
    cabc.AsyncIterable[bytes],
]

#: One header value: a string, or a list or tuple of strings.
HeaderValue = t.Union[str, list[str], tuple[str, ...]]

#: Response headers in any form demijohn accepts.
HeadersValue = t.Union[
    "Headers",
    t.Mapping[str, HeaderValue],
    t.Sequence[tuple[str, HeaderValue]],
]

#: Everything a view may return.
ResponseReturnValue = t.Union[
    ResponseValue,
    tuple[ResponseValue, HeadersValue],
    tuple[ResponseValue, int],
    tuple[ResponseValue, int, HeadersValue],
    "WSGIApplication",
]

#: A response class, for generic code over custom response classes.
ResponseClass = t.TypeVar("ResponseClass", bound="Response")

#: A blueprint name in the hook registries; ``None`` stands for the application.
AppOrBlueprintKey = t.Optional[str]

# A hook or handler may also take the request, after its own argument (a parameter named
# ``request`` or annotated with the request class); it is Any so that an application's own
# request class may be named.
AfterRequestCallable = t.Union[
    t.Callable[[ResponseClass], ResponseClass],
    t.Callable[[ResponseClass], t.Awaitable[ResponseClass]],
    t.Callable[[ResponseClass, t.Any], ResponseClass],
    t.Callable[[ResponseClass, t.Any], t.Awaitable[ResponseClass]],
]
BeforeFirstRequestCallable = t.Union[t.Callable[[], None], t.Callable[[], t.Awaitable[None]]]
BeforeRequestCallable = t.Union[
    t.Callable[..., ResponseReturnValue | None],
    t.Callable[..., t.Awaitable[ResponseReturnValue | None]],
]
ShellContextProcessorCallable = t.Callable[[], dict[str, t.Any]]
TeardownCallable = t.Union[
    t.Callable[[BaseException | None], None],
    t.Callable[[BaseException | None], t.Awaitable[None]],
]
TemplateContextProcessorCallable = t.Union[
    t.Callable[[], dict[str, t.Any]],
    t.Callable[[], t.Awaitable[dict[str, t.Any]]],
]
TemplateFilterCallable = t.Callable[..., t.Any]
TemplateGlobalCallable = t.Callable[..., t.Any]
TemplateTestCallable = t.Callable[..., bool]
URLDefaultCallable = t.Callable[[str, dict[str, t.Any]], None]
URLValuePreprocessorCallable = t.Callable[[str | None, dict[str, t.Any] | None], None]

# Handlers take the exception, and may take the request after it; the parameter types are Any
# so a handler annotated with a narrow exception class still type-checks when registered.
ErrorHandlerCallable = t.Union[
    t.Callable[[t.Any], ResponseReturnValue],
    t.Callable[[t.Any], t.Awaitable[ResponseReturnValue]],
    t.Callable[[t.Any, t.Any], ResponseReturnValue],
    t.Callable[[t.Any, t.Any], t.Awaitable[ResponseReturnValue]],
]

RouteCallable = t.Union[
    t.Callable[..., ResponseReturnValue],
    t.Callable[..., t.Awaitable[ResponseReturnValue]],
]


class Application(abc.ABC):  # noqa: B024 - a type to test against, with nothing to implement
    """What the command line loads and error messages call an application, as opposed to a
    blueprint: :class:`demijohn.Demijohn` and its subclasses are registered as virtual
    subclasses, so ``isinstance(obj, Application)`` tells an application apart from anything
    else in a module.

    It lives here, below the application class, so that code the application itself builds
    on (finding the application for the command line, debug messages) can recognise one
    without importing it.

    .. versionadded:: 0.1
    """
