"""The binding plan of one function: the parameters this battery fills, where each one's value
is read, and the pydantic model that validates them all at once, so that a request that fails
learns of every field that is wrong, not only the first.

A plan is made when the function is prepared. Per request it reads each value from its source
into a dictionary and validates the dictionary once; the resolvers the binder returned pick
their values out of the result, which is kept on the request for the call.
"""

from __future__ import annotations

import collections.abc as cabc
import inspect
import typing as t

import pydantic
from pydantic import BaseModel, ConfigDict, TypeAdapter, create_model
from pydantic_core import from_json

from demijohn import Request, request
from demijohn.errors import SetupError

from . import structs
from .errors import FieldError, InvalidBody, UnsupportedBody, ValidationError
from .markers import Param
from .structs import has_struct
from .types import Split, is_model, is_sequence, without_none

if t.TYPE_CHECKING:
    from pydantic_core import ErrorDetails

#: Formats one field error's message for the response (see :class:`~.Validation`).
MessageFormatter = t.Callable[["ErrorDetails"], str]

#: A value the request does not have: the field's default applies, or it is missing.
_MISSING: t.Any = object()
#: Where the values of the current call are kept on the request, with the plan they are of.
_VALUES = "_demijohn_validation_values"
#: The configuration of the models of plans that read files, which are not pydantic's types.
_FILES_CONFIG = ConfigDict(arbitrary_types_allowed=True)


class Bound(t.NamedTuple):
    """One parameter a plan fills."""

    name: str
    #: The name of its field in the plan's model (``f0``, ``f1``...): parameter names may
    #: clash with pydantic's own attributes.
    field: str
    marker: Param
    #: The name the value has in the request.
    key: str
    #: The type the value is validated as, with the marker's constraints.
    annotation: t.Any
    default: t.Any
    #: Whether the value is every value of a repeated key (a list-like type).
    many: bool
    #: For a pydantic model read from the query, headers, cookies or a form: its fields'
    #: names in the request, and whether each is list-like.
    fields: tuple[tuple[str, bool], ...] | None
    #: For a body that is a msgspec ``Struct`` (or holds some): its type, which msgspec
    #: validates rather than pydantic.
    struct: t.Any = None


def make_bound(parameter: inspect.Parameter, index: int, parts: Split, marker: Param) -> Bound:
    """The :class:`Bound` of ``parameter``, the ``index``-th the plan fills.

    :raises SetupError: a structured type for a source that has only flat values.
    """
    annotation: t.Any = t.Annotated[(parts.type, *parts.metadata, marker.field)]
    default = ... if parameter.default is inspect.Parameter.empty else parameter.default
    fields = None
    struct = None
    if has_struct(parts.type):
        if marker.source != "body":
            raise SetupError(
                f"The parameter {parameter.name!r} reads a msgspec Struct from the"
                f" {marker.source}; Structs are read from the JSON body only. Make it a pydantic"
                " model to gather values from several keys."
            )
        struct = parts.type
    elif marker.source != "body" and is_model(parts.type):
        fields = _flat_fields(parameter, parts.type, marker)
    return Bound(
        parameter.name,
        f"f{index}",
        marker,
        marker.name_in_request(parameter.name),
        annotation,
        default,
        is_sequence(parts.type),
        fields,
        struct,
    )


def _flat_fields(
    parameter: inspect.Parameter, model: t.Any, marker: Param
) -> tuple[tuple[str, bool], ...]:
    model = without_none(model)
    if not issubclass(model, BaseModel):
        raise SetupError(
            f"The parameter {parameter.name!r} reads a {type(marker).__name__.lower()} model,"
            f" {model.__name__}, which is not a pydantic model. Only pydantic models can gather"
            " values from several keys; make it one, or read the keys as parameters of their own."
        )
    return tuple(
        (info.alias or name, is_sequence(info.annotation))
        for name, info in model.model_fields.items()
    )


class Plan:
    """The parameters of one function this battery fills.

    :param func: the function (for messages and the model's name).
    :param formatter: formats each field error's message.
    :param method: whether ``func`` is a class-based view's method, whose URL values the
        binder is asked about too and the URL fills.
    """

    def __init__(self, func: t.Callable[..., t.Any], formatter: MessageFormatter, method: bool):
        self.func = func
        self.formatter = formatter
        self.method = method
        self.params: dict[str, Bound] = {}
        #: Whether one parameter is the whole body (rather than several its members).
        self.single_body = False
        #: The parameters msgspec validates.
        self.structs: list[Bound] = []
        self._models: dict[frozenset[str], type[BaseModel]] = {}

    def add(self, parameter: inspect.Parameter, parts: Split, marker: Param) -> None:
        """Fill ``parameter`` too."""
        previous = self.params.get(parameter.name)
        index = len(self.params) if previous is None else int(previous.field[1:])
        bound = make_bound(parameter, index, parts, marker)
        sources = {b.marker.source for b in self.params.values()} | {marker.source}
        if "body" in sources and sources & {"form", "file"}:
            raise SetupError(
                f"{getattr(self.func, '__qualname__', self.func)!r} reads both a JSON body and"
                f" form fields ({parameter.name!r}); a request has one body. Read the values"
                " from one of them."
            )
        self.params[parameter.name] = bound
        # PERF: a view whose one bound parameter is its body, a model without constraints of
        # the parameter's own, is validated straight from the body's bytes.
        single = len(self.params) == 1 and bound.struct is None and not self.method
        plain = marker.source == "body" and parts.marker is None and not parts.metadata
        self._body_adapter = TypeAdapter(parts.type) if single and plain else None
        self.structs = [b for b in self.params.values() if b.struct is not None]
        self.single_body = sum(1 for p in self.params.values() if p.marker.source == "body") == 1
        self._models.clear()

    def resolver(self, name: str) -> t.Callable[[], t.Any]:
        """The resolver of the parameter ``name``."""

        def resolve() -> t.Any:
            req = request._get_current_object()  # type: ignore[attr-defined]
            cached = req.__dict__.get(_VALUES)
            if cached is None or cached[0] is not self:
                cached = req.__dict__[_VALUES] = (self, self.values(req))
            return cached[1][name]

        return resolve

    def values(self, req: Request) -> dict[str, t.Any]:
        """The validated values of the request's parameters, by parameter name.

        :raises ValidationError: some are missing or invalid.
        :raises InvalidBody: the body is not JSON that parses.
        """
        if self._body_adapter is not None:
            return self._body_only(req, self._body_adapter)
        skip: frozenset[str] = frozenset()
        if self.method and req.view_args:
            skip = frozenset(self.params.keys() & req.view_args.keys())
        model = self._models.get(skip)
        if model is None:
            model = self._models[skip] = self._create_model(skip)
        bounds = (
            [b for b in self.params.values() if b.name not in skip]
            if skip
            else self.params.values()
        )
        raw = self._read(req, bounds)
        errors: list[FieldError] = []
        try:
            validated = model.model_validate(raw).__dict__
        except pydantic.ValidationError as exc:
            errors = self._field_errors(exc)
            validated = {}
        if self.structs:
            self._convert_structs(raw, validated, errors, skip)
        if errors:
            raise ValidationError(errors)
        return {b.name: validated[b.field] for b in bounds}

    def _body_only(self, req: Request, adapter: TypeAdapter[t.Any]) -> dict[str, t.Any]:
        """The value of the one parameter, the body, validated by pydantic as it parses it."""
        (b,) = self.params.values()
        data = _body_data(req)
        if data is _MISSING:
            if b.default is ...:
                error = _details("missing", "Field required", None)
                raise ValidationError([self._field_error("body", error)])
            return {b.name: b.default}
        try:
            return {b.name: adapter.validate_json(data)}
        except pydantic.ValidationError as exc:
            errors = exc.errors(include_url=False)
        if errors[0]["type"] == "json_invalid":
            raise InvalidBody(_not_json(errors[0]["msg"])) from None
        raise ValidationError(
            [self._field_error(_location(b, e["loc"], True), e) for e in errors]
        ) from None

    def _convert_structs(
        self,
        raw: dict[str, t.Any],
        validated: dict[str, t.Any],
        errors: list[FieldError],
        skip: cabc.Container[str],
    ) -> None:
        """Validate the msgspec bodies, adding their values to ``validated`` and their
        failures to ``errors``."""
        invalid = structs.validation_error()
        for b in [b for b in self.structs if b.name not in skip]:
            location = _location(b, (), self.single_body)
            if b.field not in raw:
                if b.default is ...:
                    error = _details("missing", "Field required", None)
                    errors.append(self._field_error(location, error))
                else:
                    validated[b.field] = b.default
                continue
            try:
                validated[b.field] = structs.convert(raw[b.field], b.struct)
            except invalid as exc:
                what, where = structs.split_error(str(exc))
                error = _details("msgspec", what, raw[b.field])
                errors.append(self._field_error(location + where, error))

    def _field_error(self, location: str, error: ErrorDetails) -> FieldError:
        return FieldError(location=location, message=self.formatter(error), type=error["type"])

    def _create_model(self, skip: cabc.Container[str]) -> type[BaseModel]:
        fields: dict[str, t.Any] = {
            b.field: (b.annotation, b.default)
            for b in self.params.values()
            if b.name not in skip and b.struct is None
        }
        name = getattr(self.func, "__qualname__", "view")
        try:
            files = any(b.marker.source == "file" for b in self.params.values())
            config = _FILES_CONFIG if files else None
            return create_model(f"{name}_parameters", __config__=config, **fields)
        except (pydantic.PydanticSchemaGenerationError, pydantic.PydanticUserError) as exc:
            raise SetupError(
                f"pydantic cannot validate the parameters of {name}: {exc}"
                " Give them types pydantic knows, or leave them to another binder."
            ) from None

    # -- reading values ----------------------------------------------------------------------

    def _read(self, req: Request, bounds: cabc.Iterable[Bound]) -> dict[str, t.Any]:
        raw: dict[str, t.Any] = {}
        body: t.Any = None
        for b in bounds:
            source = b.marker.source
            if source == "body":
                if body is None:
                    body = _json_body(req)
                value = self._body_value(body, b)
            else:
                value = _read_flat(_multidict(req, source), b)
            if value is not _MISSING:
                raw[b.field] = value
        return raw

    def _body_value(self, body: t.Any, b: Bound) -> t.Any:
        if body is _MISSING:
            return _MISSING
        if self.single_body:
            return body
        if not isinstance(body, dict):
            raise ValidationError(
                [
                    FieldError(
                        location="body",
                        message=self.formatter(_object_expected(body)),
                        type="dict_type",
                    )
                ]
            )
        return body.get(b.key, _MISSING)

    def _field_errors(self, exc: pydantic.ValidationError) -> list[FieldError]:
        by_field = {b.field: b for b in self.params.values()}
        return [
            FieldError(
                location=_location(
                    by_field[str(error["loc"][0])], error["loc"][1:], self.single_body
                ),
                message=self.formatter(error),
                type=error["type"],
            )
            for error in exc.errors(include_url=False)
        ]


def _details(type: str, message: str, value: t.Any) -> ErrorDetails:
    return {"type": type, "loc": (), "msg": message, "input": value}


def _object_expected(body: t.Any) -> ErrorDetails:
    return _details("dict_type", "Input should be a valid dictionary", body)


def _body_data(req: Request) -> t.Any:
    """The request's body, or ``_MISSING`` when it has none.

    :raises UnsupportedBody: it is not JSON.
    """
    data = req.get_data(cache=True)
    if not data:
        return _MISSING
    if not req.is_json:
        raise UnsupportedBody(
            f"The body must be JSON, sent as 'Content-Type: application/json'; this request's"
            f" body is {req.mimetype or 'of no media type'!r}."
        )
    return data


def _json_body(req: Request) -> t.Any:
    data = _body_data(req)
    if data is _MISSING:
        return _MISSING
    try:
        return from_json(data)
    except ValueError as exc:
        raise InvalidBody(_not_json(str(exc))) from None


def _not_json(reason: str) -> str:
    return f"The body is not valid JSON ({reason}). Send a JSON document."


def _multidict(req: Request, source: str) -> t.Any:
    if source == "query":
        return req.args
    if source == "header":
        return req.headers
    if source == "cookie":
        return req.cookies
    if source == "form":
        return req.form
    return req.files


def _read_flat(values: t.Any, b: Bound) -> t.Any:
    if b.fields is not None:
        return {
            key: values.getlist(key) if many else values[key]
            for key, many in b.fields
            if key in values
        }
    if b.many:
        return values.getlist(b.key) or _MISSING
    return values.get(b.key, _MISSING)


def _location(b: Bound, rest: tuple[int | str, ...], single_body: bool) -> str:
    source = b.marker.source
    if source == "body":
        head = "body" if single_body else f"body.{b.key}"
    elif b.fields is not None:
        head = source
    else:
        head = f"{source}.{b.key}"
    for part in rest:
        head += f"[{part}]" if isinstance(part, int) else f".{part}"
    return head


__all__ = ["Bound", "MessageFormatter", "Plan", "make_bound"]
