"""drf-spectacular post-processing: the OpenAPI description tells the whole truth about errors.

- Every error answer is documented with the one error shape (components.schemas.Error).
- Every operation documents the errors any request to it can get: 400 (bad parameters or body), 401
  (a bad token is refused even on public endpoints), 403 (operations that need a signed-in user), 404
  (a path with an id or a slug), 411/413/415 (a body without a length, too large or not JSON), 429 with
  Retry-After (operations under a rate limit), 503 with Retry-After (an outage of a part we run).
- Request bodies of serializers that refuse unknown keys (refuses_unknown_fields = True, e.g.
  accounts' StrictInputMixin) declare additionalProperties: false.
- A request body that must have at least one property (minProperties) is required.
- Rules a request field or body must follow that a service checks (with its own error code) rather than
  the serializer, or that no single field states, are declared next to the serializer with
  SchemaConstraints, so the schema states them too; answers made by a ModelSerializer list every field as
  required, as they always are.
"""

import re
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            },
        }
    },
}
DESCRIPTIONS = {
    "400": "Invalid parameters or body.",
    "401": "Missing, expired, forged or revoked token.",
    "403": "Signed in without the permission this needs.",
    "404": "No such object (or not yours).",
    "413": "The request body is too large.",
    "415": "The body is not JSON.",
    "411": "A body without Content-Length (chunked): send its length.",
    "429": "Too many requests; Retry-After says how many seconds to wait.",
    "503": "A part of the service is briefly down (database, cache, task broker); retry after Retry-After seconds.",
}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}


class SchemaConstraints:
    """Mixin for a request serializer, or a field of one: openapi_constraints() gives the JSON Schema
    keywords (minimum, enum, oneOf ...) of a rule that the serializer or field does not state itself, e.g.
    quantity bounds a service checks, answering with its own error code. Evaluated each time the schema
    is built, so limits read from settings stay true."""

    def openapi_constraints(self) -> dict[str, Any]:
        raise NotImplementedError


class _SerializerSchema(OpenApiSerializerExtension):
    """drf-spectacular's schema of a serializer, made to say what the serializer does:
    - a request body gets the constraints of SchemaConstraints on it or its fields (set last, so they win
      over drf-spectacular's own minLength: 1 and the like); a nested serializer's go on its own component;
    - an answer made by a ModelSerializer has every property (DRF leaves a key out only when a dict lacks
      it), where drf-spectacular takes a field with a model default for optional."""

    @classmethod
    def _matches(cls, target) -> bool:
        if not isinstance(target, serializers.Serializer):  # drf-spectacular asks about fields too
            return False
        return isinstance(target, SchemaConstraints | serializers.ModelSerializer) or any(
            isinstance(field, SchemaConstraints) for field in target.fields.values()
        )

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        properties = schema.get("properties", {})
        if direction == "response":
            if isinstance(self.target, serializers.ModelSerializer) and properties:
                schema["required"] = sorted(properties)
            return schema
        for name, field in self.target.fields.items():
            # A nested serializer's constraints belong to its own component (the property is a $ref to it).
            if (
                isinstance(field, SchemaConstraints)
                and not isinstance(field, serializers.BaseSerializer)
                and name in properties
            ):
                properties[name] = {**properties[name], **field.openapi_constraints()}
        if isinstance(self.target, SchemaConstraints):
            schema = {**schema, **self.target.openapi_constraints()}
        return schema


def _bounds(filter_) -> dict:
    """minimum/maximum/maxLength of a django-filter filter, from its arguments and validators."""
    from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

    extra, out = filter_.extra, {}
    if extra.get("min_value") is not None:
        out["minimum"] = extra["min_value"]
    if extra.get("max_value") is not None:
        out["maximum"] = extra["max_value"]
    if extra.get("max_length") is not None:
        out["maxLength"] = extra["max_length"]
    for validator in extra.get("validators", []):
        if isinstance(validator, MinValueValidator):
            out["minimum"] = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            out["maximum"] = validator.limit_value
        elif isinstance(validator, MaxLengthValidator):
            out["maxLength"] = validator.limit_value
    return {key: (float(value) if not isinstance(value, int) else value) for key, value in out.items()}


# The generic views' handlers call these (a limit may decorate ListCreateAPIView.create rather than post).
_GENERIC_ACTIONS = {"post": "create", "put": "update", "patch": "partial_update", "delete": "destroy"}


def _rate_limited_operations(generator) -> set[tuple[str, str]]:
    """(path, method) of every operation whose handler, action or `initial` (for the methods it names)
    carries core.ratelimit.rate_limit."""
    limited = set()
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        cls, method = getattr(callback, "cls", None), method.lower()
        action = (getattr(callback, "actions", None) or _GENERIC_ACTIONS).get(method)
        handlers = [getattr(cls, name, None) for name in (method, action) if name]
        initial = getattr(cls, "initial", None)
        methods = getattr(initial, "rate_limit_methods", None)
        if methods is None or method.upper() in methods:
            handlers.append(initial)
        if any(getattr(handler, "rate_limit_scopes", None) for handler in handlers):
            limited.add((_shape(path), method))
    return limited


def _shape(path: str) -> str:
    """A path with its parameters unnamed: the generator's {pk} is the schema's {id}."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _document_parameter_bounds(result, generator) -> None:
    """Page numbers from 1, page sizes from 1 (capped at the maximum), and the bounds the filter sets enforce."""
    from core.pagination import MAX_PAGE_SIZE

    filtersets = {}
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        filterset_class = getattr(getattr(callback, "cls", callback), "filterset_class", None)
        if filterset_class is not None:
            filtersets[(path, method.lower())] = filterset_class
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            filterset_class = filtersets.get((path, method))
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema, name = parameter.setdefault("schema", {}), parameter["name"]
                if name == "page":
                    schema.setdefault("minimum", 1)
                elif name == "page_size":
                    schema.setdefault("minimum", 1)
                    parameter["description"] = f"Results per page; more than {MAX_PAGE_SIZE} gives {MAX_PAGE_SIZE}."
                elif filterset_class is not None and name in filterset_class.base_filters:
                    target = schema.get("items", schema) if schema.get("type") == "array" else schema
                    for key, value in _bounds(filterset_class.base_filters[name]).items():
                        if key == "maxLength" and target.get("type") != "string":
                            continue
                        if key != "maxLength" and target.get("type") not in ("integer", "number"):
                            continue
                        target.setdefault(key, value)


def _require_bodies_with_min_properties(result) -> None:
    """drf-spectacular makes a request body required only when a property is; a body that must have at
    least one property (minProperties, e.g. a PATCH of any of several fields) cannot be left out either."""
    schemas = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not body or body.get("required"):
                continue
            ref = body.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            if schemas.get(ref.rpartition("/")[2], {}).get("minProperties"):
                body["required"] = True


def document_errors(result, generator, request, public):
    _document_parameter_bounds(result, generator)
    _require_bodies_with_min_properties(result)
    limited = _rate_limited_operations(generator)
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    strict = {
        component.name
        for component in getattr(generator.registry, "_components", {}).values()
        if getattr(component.object, "refuses_unknown_fields", False)
    }
    for name, component in result["components"]["schemas"].items():
        if name in strict and component.get("type") == "object":
            component.setdefault("additionalProperties", False)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            security = operation.get("security", [])
            wanted = ["400"]
            if any("jwtAuth" in requirement for requirement in security):
                wanted.append("401")
            if security and {} not in security:
                wanted.append("403")
            if "{" in path:
                wanted.append("404")
            if "requestBody" in operation:
                wanted += ["411", "413", "415"]
            if (_shape(path), method) in limited:
                wanted.append("429")
            wanted.append("503")  # any request can meet an outage (core.outages)
            for status in wanted:
                responses.setdefault(status, {"description": DESCRIPTIONS[status]})
            for status, response in responses.items():
                if status.isdigit() and int(status) >= 400:
                    response.setdefault("content", ERROR_CONTENT)
                    if status in ("429", "503"):
                        response.setdefault("headers", RETRY_AFTER)
    return result
