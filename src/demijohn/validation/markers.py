"""The source markers: where a view parameter's value comes from, when its type alone does not
say (``Annotated[int, Query(ge=1)]``), with the constraints pydantic checks on it.

Without a marker, a parameter whose type is a model (a pydantic model, a dataclass, a
``TypedDict``) is the JSON body, and one whose type is a scalar, an enum or a list of them is
a query value. URL variables are the rule's: their converters have already made their values.
"""

from __future__ import annotations

import typing as t

from pydantic import Field
from pydantic.fields import FieldInfo

#: The sources a parameter's value can come from, in the order the OpenAPI document lists them.
Source = t.Literal["query", "header", "cookie", "form", "file", "body"]


class Param:
    """Where a parameter comes from, and what it must satisfy. Use a subclass:
    :class:`Query`, :class:`Header`, :class:`Cookie`, :class:`Form`, :class:`File` or
    :class:`Body`.

    :param alias: the name in the request (``"X-Request-Id"``, ``"page[size]"``), when it is
        not the parameter's.
    :param description: what the value means, for the OpenAPI document.
    :param constraints: pydantic's field constraints and documentation (``ge``, ``le``,
        ``min_length``, ``max_length``, ``pattern``, ``examples``, ``deprecated``...).

    .. versionadded:: 0.1
    """

    source: t.ClassVar[Source]

    def __init__(
        self, *, alias: str | None = None, description: str | None = None, **constraints: t.Any
    ) -> None:
        if "default" in constraints:
            raise TypeError(
                f"{type(self).__name__}() takes no default: give the parameter one"
                " ('page: Annotated[int, Query(ge=1)] = 1')."
            )
        self.alias = alias
        self.description = description
        self.field: FieldInfo = Field(description=description, **constraints)

    def name_in_request(self, parameter: str) -> str:
        """The key the value has in the request, for a parameter named ``parameter``."""
        return self.alias or parameter

    def __repr__(self) -> str:
        return f"{type(self).__name__}(alias={self.alias!r})"


class Query(Param):
    """A value of the query string; a list takes every value of a repeated key.

    .. versionadded:: 0.1
    """

    source = "query"


class Header(Param):
    """A request header. Without an alias, the parameter's name with its underscores made
    hyphens (``user_agent`` reads ``User-Agent``; headers ignore case).

    .. versionadded:: 0.1
    """

    source = "header"

    def name_in_request(self, parameter: str) -> str:
        return self.alias or parameter.replace("_", "-")


class Cookie(Param):
    """A cookie of the request.

    .. versionadded:: 0.1
    """

    source = "cookie"


class Form(Param):
    """A field of a form (``application/x-www-form-urlencoded`` or ``multipart/form-data``);
    a list takes every value of a repeated field.

    .. versionadded:: 0.1
    """

    source = "form"


class File(Param):
    """An uploaded file of a ``multipart/form-data`` body, as a
    :class:`~werkzeug.datastructures.FileStorage`; a list takes every file of the field.

    .. versionadded:: 0.1
    """

    source = "file"


class Body(Param):
    """The JSON body. With one body parameter, it is the whole body; with several, each is
    the member of the body's object named after it (or its alias).

    .. versionadded:: 0.1
    """

    source = "body"


__all__ = ["Body", "Cookie", "File", "Form", "Header", "Param", "Query", "Source"]
