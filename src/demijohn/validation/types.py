"""What a parameter's type says about where its value comes from: models are bodies, scalars
and lists of them are query values. Read at setup, never per request."""

from __future__ import annotations

import collections.abc as cabc
import dataclasses
import datetime
import decimal
import enum
import inspect
import sys
import types
import typing as t
import uuid

from pydantic import BaseModel
from typing_extensions import is_typeddict
from werkzeug.datastructures import FileStorage

from .markers import Body, Param, Query

#: The types a query value, header, cookie or form field converts to.
SCALARS: tuple[type, ...] = (
    str,
    int,
    float,
    bool,
    decimal.Decimal,
    uuid.UUID,
    datetime.date,
    datetime.datetime,
    datetime.time,
    datetime.timedelta,
    enum.Enum,
)

#: The origins of list-like types, whose values are every value of a repeated key.
_SEQUENCES = (list, set, frozenset, tuple, cabc.Sequence, cabc.Set, cabc.Collection)


class Split(t.NamedTuple):
    """An annotation taken apart: the type, its marker (if any) and its other metadata."""

    type: t.Any
    marker: Param | None
    metadata: tuple[t.Any, ...]


def split(annotation: t.Any) -> Split:
    """Take ``Annotated[T, marker, ...]`` apart; any other annotation is its own type."""
    if t.get_origin(annotation) is not t.Annotated:
        return Split(annotation, None, ())
    base, *metadata = t.get_args(annotation)
    markers = [m for m in metadata if isinstance(m, Param)]
    rest = tuple(m for m in metadata if not isinstance(m, Param))
    return Split(base, markers[-1] if markers else None, rest)


def without_none(annotation: t.Any) -> t.Any:
    """``T`` for ``T | None`` (``Optional[T]``); the annotation itself otherwise."""
    if t.get_origin(annotation) in (t.Union, types.UnionType):
        args = [a for a in t.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def is_model(annotation: t.Any) -> bool:
    """Whether ``annotation`` is a structured type that a JSON body fills."""
    annotation = without_none(annotation)
    if not isinstance(annotation, type):
        return False
    return (
        issubclass(annotation, BaseModel)
        or dataclasses.is_dataclass(annotation)
        or is_typeddict(annotation)
        or is_struct(annotation)
    )


def is_struct(annotation: t.Any) -> bool:
    """Whether ``annotation`` (or its optional form) is a msgspec ``Struct``. msgspec is
    optional, and a ``Struct`` cannot exist before it is imported: it is never imported here."""
    msgspec = sys.modules.get("msgspec")
    annotation = without_none(annotation)
    return (
        msgspec is not None
        and isinstance(annotation, type)
        and issubclass(annotation, msgspec.Struct)
    )


def is_scalar(annotation: t.Any) -> bool:
    """Whether ``annotation`` is a scalar (or an optional one, or a choice of literals)."""
    annotation = without_none(annotation)
    if t.get_origin(annotation) is t.Literal:
        return True
    if t.get_origin(annotation) in (t.Union, types.UnionType):
        return all(is_scalar(a) for a in t.get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, SCALARS)


def is_sequence(annotation: t.Any) -> bool:
    """Whether ``annotation`` (or its optional form) is a list-like type."""
    origin = t.get_origin(without_none(annotation))
    return origin in _SEQUENCES or without_none(annotation) in _SEQUENCES


def is_file(annotation: t.Any) -> bool:
    """Whether ``annotation`` is an uploaded file or a list of them."""
    annotation = without_none(annotation)
    if is_sequence(annotation):
        args = t.get_args(annotation)
        annotation = without_none(args[0]) if args else None
    return annotation is FileStorage


def is_simple(annotation: t.Any) -> bool:
    """Whether a query value, header or form field can be converted to ``annotation``: a
    scalar or a list of scalars."""
    if is_scalar(annotation):
        return True
    if is_sequence(annotation):
        args = t.get_args(without_none(annotation))
        return bool(args) and all(is_scalar(a) for a in args if a is not Ellipsis)
    return False


def default_marker(annotation: t.Any) -> Param | None:
    """The marker a parameter without one gets from its type: :class:`Body` for a model,
    :class:`Query` for a scalar or a list of scalars, ``None`` for anything else (a type
    some other binder gives, or none)."""
    if is_model(annotation):
        return Body()
    if is_simple(annotation):
        return Query()
    return None


def marker_of(parameter: inspect.Parameter) -> tuple[Split, Param] | None:
    """The parameter's annotation taken apart and its source, explicit or by default;
    ``None`` for a parameter this battery does not fill."""
    if parameter.annotation is inspect.Parameter.empty or isinstance(parameter.annotation, str):
        return None
    parts = split(parameter.annotation)
    marker = parts.marker or default_marker(parts.type)
    if marker is None:
        return None
    return parts, marker


__all__ = [
    "SCALARS",
    "Split",
    "default_marker",
    "is_file",
    "is_model",
    "is_scalar",
    "is_sequence",
    "is_simple",
    "is_struct",
    "marker_of",
    "split",
    "without_none",
]
