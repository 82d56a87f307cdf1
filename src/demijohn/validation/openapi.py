"""The OpenAPI 3.1 document of an application's operations, made from what demijohn already
knows: the URL rules, the views' signatures and markers, their response models and
docstrings. Only operations appear (views of an :class:`~.APIBlueprint`, or decorated with
:func:`~.responses.operation`); HTML pages stay out.
"""

from __future__ import annotations

import collections.abc as cabc
import inspect
import re
import typing as t

from pydantic import TypeAdapter, create_model

from demijohn import Request
from demijohn.routing import LazyView, URLMap
from demijohn.views import MethodView

from . import structs
from .blueprint import APIBlueprint, handler_names
from .errors import PROBLEM_MEDIA_TYPE
from .markers import Param
from .responses import Operation, operation_of
from .structs import has_struct
from .types import Split, is_file, is_model, is_sequence, marker_of

if t.TYPE_CHECKING:
    from werkzeug.routing import Rule

    from demijohn import Demijohn

_REF = "#/components/schemas/{model}"
#: A URL variable in a rule: ``<name>``, ``<int:name>``, ``<string(length=2):name>``.
_VARIABLE = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
_CONVERTERS: dict[str, dict[str, t.Any]] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "uuid": {"type": "string", "format": "uuid"},
}
_IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})

#: The schema of the problem details a failed validation answers with.
PROBLEM_SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "location": {"type": "string"},
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["location", "message", "type"],
            },
        },
    },
    "required": ["type", "title", "status"],
}


class DocumentBuilder:
    """Builds the document of one application.

    :param app: the application.
    :param info: the document's ``info`` object (``title``, ``version``...).
    :param extra: other top-level members (``servers``, ``security``...).
    :param security_schemes: the ``components.securitySchemes`` object.
    """

    def __init__(
        self,
        app: Demijohn,
        info: dict[str, t.Any],
        extra: dict[str, t.Any] | None = None,
        security_schemes: dict[str, t.Any] | None = None,
    ) -> None:
        self.app = app
        self.info = info
        self.extra = extra or {}
        self.schemas: dict[str, t.Any] = {"ValidationProblem": PROBLEM_SCHEMA}
        self.security_schemes = security_schemes
        self._operation_ids: set[str] = set()

    def build(self) -> dict[str, t.Any]:
        """The document."""
        url_map = self.app.url_map
        if isinstance(url_map, URLMap):
            # A blueprint included by import string has registered no route before its first
            # request: register it now, so that its operations are in the document.
            for include in url_map.pending:
                include.load()
        paths: dict[str, dict[str, t.Any]] = {}
        for rule in sorted(self.app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
            for method, handler, op in self.operations(rule):
                path = _VARIABLE.sub(r"{\g<name>}", rule.rule)
                paths.setdefault(path, {})[method.lower()] = self.operation(
                    rule, method, handler, op
                )
        components: dict[str, t.Any] = {"schemas": dict(sorted(self.schemas.items()))}
        if self.security_schemes:
            components["securitySchemes"] = self.security_schemes
        return {
            "openapi": "3.1.0",
            "info": self.info,
            **self.extra,
            "paths": paths,
            "components": components,
        }

    # -- which routes ------------------------------------------------------------------------

    def operations(self, rule: Rule) -> list[tuple[str, t.Callable[..., t.Any], Operation]]:
        """The documented operations of ``rule``: each HTTP method, its handler and what is
        said of it."""
        view: t.Any = self.app.view_functions.get(rule.endpoint)
        if view is None:
            return []
        in_api = self._in_api_blueprint(rule.endpoint)
        if isinstance(view, LazyView):
            if not in_api:
                return []
            view = view.resolve()
        methods = sorted((rule.methods or set()) - _IGNORED_METHODS)
        names = handler_names(view)
        found = []
        for method in methods:
            handler = view
            if names:
                if method.lower() in names:
                    name = method.lower()
                elif issubclass(view.view_class, MethodView):
                    continue  # no method handles it: a 405
                else:
                    name = names[0]  # a RouteClass route: one method answers
                handler = getattr(view.view_class, name)
            op = operation_of(handler) or operation_of(view)
            if op is None and in_api:
                op = Operation()
            if op is not None:
                found.append((method, handler, op))
        return found

    def _in_api_blueprint(self, endpoint: str) -> bool:
        names = endpoint.split(".")[:-1]
        blueprints = self.app.blueprints
        return any(
            isinstance(blueprints.get(".".join(names[: i + 1])), APIBlueprint)
            for i in range(len(names))
        )

    # -- one operation -----------------------------------------------------------------------

    def operation(
        self, rule: Rule, method: str, handler: t.Callable[..., t.Any], op: Operation
    ) -> dict[str, t.Any]:
        """The operation object of ``method`` at ``rule``."""
        doc = inspect.getdoc(handler) or ""
        summary, _, description = doc.partition("\n")
        blueprint = rule.endpoint.rpartition(".")[0]
        result: dict[str, t.Any] = {
            "operationId": self._operation_id(op.operation_id or rule.endpoint, method),
            "tags": list(op.tags or ([blueprint] if blueprint else [])),
        }
        if op.summary or summary:
            result["summary"] = op.summary or summary.strip()
        if op.description or description.strip():
            result["description"] = op.description or description.strip()
        if op.deprecated:
            result["deprecated"] = True
        if op.security is not None:
            result["security"] = op.security
        if not result["tags"]:
            del result["tags"]
        parameters, body = self.parameters(rule, handler)
        if parameters:
            result["parameters"] = parameters
        if body is not None:
            result["requestBody"] = body
        result["responses"] = self.responses(op, validated=bool(parameters or body), body=body)
        return result

    def _operation_id(self, wanted: str, method: str) -> str:
        operation_id = wanted
        if operation_id in self._operation_ids:
            operation_id = f"{wanted}.{method.lower()}"
        n = 2
        while operation_id in self._operation_ids:
            operation_id = f"{wanted}.{method.lower()}{n}"
            n += 1
        self._operation_ids.add(operation_id)
        return operation_id

    def parameters(
        self, rule: Rule, handler: t.Callable[..., t.Any]
    ) -> tuple[list[dict[str, t.Any]], dict[str, t.Any] | None]:
        """The parameter objects and the request body of ``handler`` at ``rule``."""
        signature = _signature(handler)
        converters = {m["name"]: m["converter"] for m in _VARIABLE.finditer(rule.rule)}
        parameters = [
            self._path_parameter(name, converter, signature.get(name))
            for name, converter in converters.items()
        ]
        body: dict[str, tuple[Split, Param, inspect.Parameter]] = {}
        for parameter in signature.values():
            if parameter.name in converters or _is_request(parameter):
                continue
            found = marker_of(parameter)
            if found is None:
                continue
            parts, marker = found
            if marker.source in ("body", "form", "file"):
                body[parameter.name] = (parts, marker, parameter)
            else:
                parameters.extend(self._parameters(parameter, parts, marker))
        return parameters, self._request_body(body)

    def _path_parameter(
        self, name: str, converter: str | None, parameter: inspect.Parameter | None
    ) -> dict[str, t.Any]:
        schema = dict(_CONVERTERS.get(converter or "", {"type": "string"}))
        if parameter is not None and parameter.annotation is not inspect.Parameter.empty:
            try:
                schema = self.schema(parameter.annotation, "validation")
            except Exception:  # an annotation pydantic cannot describe: the converter's type
                pass
        return {"name": name, "in": "path", "required": True, "schema": schema}

    def _parameters(
        self, parameter: inspect.Parameter, parts: Split, marker: Param
    ) -> list[dict[str, t.Any]]:
        required = parameter.default is inspect.Parameter.empty
        if is_model(parts.type):
            schema = self.schema(parts.type, "validation", inline=True)
            wanted = set(schema.get("required", ()))
            return [
                {
                    "name": name,
                    "in": marker.source,
                    "required": name in wanted,
                    "schema": prop,
                }
                for name, prop in schema.get("properties", {}).items()
            ]
        result: dict[str, t.Any] = {
            "name": marker.name_in_request(parameter.name),
            "in": marker.source,
            "required": required,
            "schema": self.field_schema(parts, marker, parameter),
        }
        if marker.description:
            result["description"] = marker.description
        if marker.field.deprecated:
            result["deprecated"] = True
        return [result]

    def _request_body(
        self, body: dict[str, tuple[Split, Param, inspect.Parameter]]
    ) -> dict[str, t.Any] | None:
        if not body:
            return None
        sources = {marker.source for _, marker, _ in body.values()}
        required = any(p.default is inspect.Parameter.empty for _, _, p in body.values())
        if sources == {"body"} and len(body) == 1:
            ((parts, marker, parameter),) = body.values()
            schema = self.field_schema(parts, marker, parameter)
            media = "application/json"
        else:
            properties = {}
            wanted = []
            for parts, marker, parameter in body.values():
                key = marker.name_in_request(parameter.name)
                if is_file(parts.type):
                    properties[key] = _file_schema(parts.type)
                else:
                    properties[key] = self.field_schema(parts, marker, parameter)
                if parameter.default is inspect.Parameter.empty:
                    wanted.append(key)
            schema = {"type": "object", "properties": properties}
            if wanted:
                schema["required"] = wanted
            media = (
                "application/json"
                if sources == {"body"}
                else "multipart/form-data"
                if "file" in sources
                else "application/x-www-form-urlencoded"
            )
        return {"required": required, "content": {media: {"schema": schema}}}

    def responses(
        self, op: Operation, validated: bool, body: dict[str, t.Any] | None
    ) -> dict[str, t.Any]:
        """The responses object of an operation."""
        success: dict[str, t.Any] = {"description": "Success"}
        if op.response is not None:
            success["content"] = {
                "application/json": {"schema": self.schema(op.response, "serialization")}
            }
        result: dict[str, t.Any] = {str(op.status): success}
        problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": _REF.format(model="ValidationProblem")}}}
        if body is not None:
            result["400"] = {"description": "The body cannot be read", "content": problem}
            result["415"] = {
                "description": "The body is not of a media type the operation reads",
                "content": problem,
            }
        if validated:
            result["422"] = {"description": "Validation failed", "content": problem}
        for status, description in op.responses.items():
            result.setdefault(str(status), {"description": description})
        return result

    # -- schemas -----------------------------------------------------------------------------

    def field_schema(
        self, parts: Split, marker: Param, parameter: inspect.Parameter
    ) -> dict[str, t.Any]:
        """The JSON schema of a parameter's value: its type, the marker's constraints and
        documentation, and its default."""
        if has_struct(parts.type):
            return self.schema(parts.type, "validation")
        annotation: t.Any = t.Annotated[(parts.type, *parts.metadata, marker.field)]
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        model = create_model("Parameter", value=(annotation, default))
        schema = model.model_json_schema(ref_template=_REF)
        self.schemas.update(schema.get("$defs", {}))
        value: dict[str, t.Any] = schema["properties"]["value"]
        value.pop("title", None)
        return value

    def schema(self, annotation: t.Any, mode: t.Any, inline: bool = False) -> dict[str, t.Any]:
        """The JSON schema of ``annotation``; the models it names go to the components (or,
        when ``inline``, the top model's own schema is returned as it is)."""
        if has_struct(annotation):
            schema, components = structs.schema(annotation, "#/components/schemas/{name}")
            self.schemas.update(components)
            return schema
        schema = TypeAdapter(annotation).json_schema(ref_template=_REF, mode=mode)
        definitions = schema.pop("$defs", {})
        self.schemas.update(definitions)
        if not inline and "properties" in schema and "title" in schema and is_model(annotation):
            self.schemas[schema["title"]] = schema
            return {"$ref": _REF.format(model=schema["title"])}
        return schema


def _file_schema(annotation: t.Any) -> dict[str, t.Any]:
    one = {"type": "string", "format": "binary"}
    return {"type": "array", "items": one} if is_sequence(annotation) else one


def _signature(func: t.Callable[..., t.Any]) -> cabc.Mapping[str, inspect.Parameter]:
    try:
        return inspect.signature(func, eval_str=True).parameters
    except Exception:
        return {}


def _is_request(parameter: inspect.Parameter) -> bool:
    annotation = parameter.annotation
    if parameter.name == "request":
        return True
    return isinstance(annotation, type) and issubclass(annotation, Request)


__all__ = ["PROBLEM_SCHEMA", "DocumentBuilder"]
