"""Tests for demijohn.validation.types: where a parameter's type says its value comes from."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import inspect
import typing as t
import uuid
from typing import Annotated

from pydantic import BaseModel
from werkzeug.datastructures import FileStorage

from demijohn.validation import Body, Header, Query
from demijohn.validation.types import (
    default_marker,
    is_file,
    is_model,
    is_simple,
    marker_of,
    split,
    without_none,
)


class Model(BaseModel):
    x: int


@dataclasses.dataclass
class Data:
    x: int


class Size(enum.IntEnum):
    small = 1


def test_models_are_bodies() -> None:
    for annotation in (Model, Data, Model | None):
        assert is_model(annotation)
        assert isinstance(default_marker(annotation), Body)
    assert not is_model(list[Model])
    assert not is_model(int)


def test_scalars_and_lists_of_them_are_query_values() -> None:
    simple = (
        int,
        str | None,
        Size,
        uuid.UUID,
        datetime.date,
        t.Literal["a", "b"],
        int | str,
        list[int],
        set[str] | None,
        tuple[int, ...],
    )
    for annotation in simple:
        assert is_simple(annotation), annotation
        assert isinstance(default_marker(annotation), Query)
    for other in (list, dict[str, int], list[Model], object, FileStorage):
        assert not is_simple(other), other
        assert default_marker(other) is None


def test_files() -> None:
    assert is_file(FileStorage)
    assert is_file(FileStorage | None)
    assert is_file(list[FileStorage])
    assert not is_file(list)
    assert not is_file(str)


def test_annotations_taken_apart() -> None:
    marker = Header(alias="X-A")
    parts = split(Annotated[int, "doc", marker])
    assert (parts.type, parts.marker, parts.metadata) == (int, marker, ("doc",))
    assert split(int) == (int, None, ())
    assert without_none(int | None) is int
    assert without_none(int | str | None) == int | str | None
    assert repr(marker) == "Header(alias='X-A')"


def test_which_parameters_are_filled() -> None:
    def parameter(annotation: t.Any) -> inspect.Parameter:
        return inspect.Parameter("p", inspect.Parameter.KEYWORD_ONLY, annotation=annotation)

    # No annotation, one that could not be evaluated, a type no source gives.
    for annotation in (inspect.Parameter.empty, "Unknown", object):
        assert marker_of(parameter(annotation)) is None
    found = marker_of(parameter(int))
    assert found is not None
    assert isinstance(found[1], Query)
    found = marker_of(parameter(Annotated[object, Body()]))
    assert found is not None
    assert isinstance(found[1], Body)
