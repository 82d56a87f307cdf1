"""msgspec Structs as bodies and response models, validated and serialised by msgspec
itself, which is several times faster than going through pydantic. msgspec is optional: a
``Struct`` cannot exist unless msgspec was imported, so nothing here imports it first."""

from __future__ import annotations

import collections.abc as cabc
import sys
import typing as t

from .types import is_struct, without_none

_CONTAINERS = (list, set, frozenset, dict, tuple, cabc.Sequence, cabc.Mapping)


def has_struct(annotation: t.Any) -> bool:
    """Whether ``annotation`` is a ``Struct`` or a container of them (``list[Point]``)."""
    if is_struct(annotation):
        return True
    inner = without_none(annotation)
    return t.get_origin(inner) in _CONTAINERS and any(has_struct(a) for a in t.get_args(inner))


def convert(value: t.Any, annotation: t.Any) -> t.Any:
    """``value`` (decoded JSON) as ``annotation``; raises ``msgspec.ValidationError``."""
    import msgspec

    return msgspec.convert(value, annotation, strict=False)


def encode(value: t.Any, annotation: t.Any) -> bytes:
    """``value`` validated as ``annotation`` (reading attributes of objects) and encoded as
    JSON; raises ``msgspec.ValidationError``."""
    import msgspec

    return msgspec.json.encode(
        msgspec.convert(value, annotation, strict=False, from_attributes=True)
    )


def split_error(message: str) -> tuple[str, str]:
    """A msgspec error message taken apart: what is wrong, and where below the value
    (``"Expected `int`, got `str` - at `$.items[2]`"`` is ``("Expected `int`, got `str`",
    ".items[2]")``)."""
    what, marker, where = message.rpartition(" - at `$")
    if not marker:
        return message, ""
    return what, where.rstrip("`")


def schema(annotation: t.Any, ref_template: str) -> tuple[dict[str, t.Any], dict[str, t.Any]]:
    """The JSON schema of ``annotation`` and the schemas of the Structs it names."""
    import msgspec

    (one,), components = msgspec.json.schema_components([annotation], ref_template=ref_template)
    return one, components


def refusals() -> tuple[type[Exception], ...]:
    """msgspec's validation error class, if msgspec is loaded (a value can be a Struct only
    then); none otherwise."""
    msgspec = sys.modules.get("msgspec")
    return () if msgspec is None else (msgspec.ValidationError,)


def validation_error() -> type[Exception]:
    """msgspec's validation error class."""
    import msgspec

    return msgspec.ValidationError


__all__ = [
    "convert",
    "encode",
    "has_struct",
    "refusals",
    "schema",
    "split_error",
    "validation_error",
]
