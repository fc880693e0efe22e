"""OpenAPI 3.0.3 from pydantic models, and path operations written down as data.

pydantic writes JSON Schema 2020-12; OpenAPI 3.0 speaks an older dialect of it. :func:`downgrade`
turns the one into the other: a ``null`` branch becomes ``nullable``, ``const`` an ``enum`` of
one, a ``$ref`` with siblings an ``allOf``, numeric exclusive bounds the boolean ones,
``examples`` one ``example``, and keywords 3.0 does not know (``$schema``, ``$id``,
``prefixItems`` …) are dropped or rewritten. :data:`KEYWORDS` is every keyword a 3.0 Schema
Object may hold; the tests walk each document against it.

The helpers below it (:func:`operation`, :func:`parameter`, :func:`body`, :func:`answer`) let a
document say what each route takes and answers in a few lines, the same way every time. They
know nothing of Flask: the API's document (:mod:`arealweb.api.openapi`) and the OGC service's
use them alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

OPENAPI_VERSION = "3.0.3"
REF = "#/components/schemas/{model}"
OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"

KEYWORDS = frozenset(
    {
        "title",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
        "required",
        "enum",
        "type",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "items",
        "properties",
        "additionalProperties",
        "description",
        "format",
        "default",
        "nullable",
        "discriminator",
        "readOnly",
        "writeOnly",
        "xml",
        "externalDocs",
        "example",
        "deprecated",
        "$ref",
    }
)
"""Every keyword of an OpenAPI 3.0 Schema Object (besides ``x-`` extensions)."""

_DROPPED = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$comment",
        "$defs",
        "definitions",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "dependentRequired",
        "dependentSchemas",
        "if",
        "then",
        "else",
        "contains",
        "minContains",
        "maxContains",
        "patternProperties",
    }
)
"""2020-12 keywords with no 3.0 counterpart: the schema says a little less, never more."""

_NULL = {"type": "null"}


def downgrade(schema: Any) -> Any:
    """A JSON Schema 2020-12 (as pydantic writes it) rewritten as an OpenAPI 3.0 Schema Object."""
    if isinstance(schema, list):
        return [downgrade(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    nullable = False
    for key, value in schema.items():
        if key in _DROPPED:
            continue
        if key in ("properties", "patternProperties"):
            out[key] = {name: downgrade(sub) for name, sub in value.items()}
        elif key in ("anyOf", "oneOf"):
            branches = [b for b in value if b != _NULL]
            nullable = nullable or len(branches) < len(value)
            if len(branches) == 1:
                only = downgrade(branches[0])
                out.update(only if "$ref" not in only else {"allOf": [only]})
            elif branches:
                out[key] = [downgrade(b) for b in branches]
        elif key == "type" and isinstance(value, list):
            kinds = [k for k in value if k != "null"]
            nullable = nullable or len(kinds) < len(value)
            if len(kinds) == 1:
                out["type"] = kinds[0]
            elif kinds:
                out["anyOf"] = [{"type": k} for k in kinds]
        elif key == "type" and value == "null":
            nullable = True
        elif key == "const":
            out["enum"] = [value]
        elif key == "examples":
            if isinstance(value, list) and value:
                out["example"] = value[0]
            elif isinstance(value, dict) and value:
                out["example"] = next(iter(value.values()))
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            out[bound] = value
            out[key] = True
        elif key == "prefixItems":
            positions = [downgrade(item) for item in value]
            if "items" not in schema or schema["items"] is False:
                out["minItems"] = schema.get("minItems", len(positions))
                out["maxItems"] = len(positions)
            distinct = [p for i, p in enumerate(positions) if p not in positions[:i]]
            out["items"] = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
        elif key == "items" and value is False:
            continue
        elif key in ("items", "not", "additionalProperties") and isinstance(value, dict):
            out[key] = downgrade(value)
        elif key in ("allOf",):
            out[key] = [downgrade(b) for b in value]
        elif key == "discriminator" and isinstance(value, dict):
            out[key] = value
        else:
            out[key] = value
    if nullable:
        if list(out) == ["$ref"]:
            out = {"allOf": [out]}
        out["nullable"] = True
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    if "discriminator" in out and "oneOf" not in out and "anyOf" not in out:
        del out["discriminator"]
    return out


def component_schemas(
    models: Iterable[type[BaseModel]], mode: str = "validation"
) -> dict[str, dict]:
    """``components.schemas`` for ``models`` and every model they use, in OpenAPI 3.0."""
    _, top = models_json_schema([(m, mode) for m in models], ref_template=REF)
    return {name: downgrade(schema) for name, schema in top.get("$defs", {}).items()}


def type_schema(annotation: Any, mode: str = "validation") -> dict:
    """The OpenAPI 3.0 schema of one type (an ``Annotated`` field type, a TypeAdapter's);
    models it names are referred to in ``components.schemas``."""
    adapter = annotation if isinstance(annotation, TypeAdapter) else TypeAdapter(annotation)
    schema = adapter.json_schema(ref_template=REF, mode=mode)
    schema.pop("$defs", None)
    return downgrade(schema)


def ref(name: str) -> dict:
    return {"$ref": REF.format(model=name)}


def unknown_keywords(document: Mapping) -> list[str]:
    """Where a Schema Object in ``document`` holds a keyword OpenAPI 3.0 does not know."""
    found: list[str] = []

    def schema(node: Any, where: str) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key not in KEYWORDS and not key.startswith("x-"):
                found.append(f"{where}: {key}")
            if key == "properties":
                for name, sub in value.items():
                    schema(sub, f"{where}.properties.{name}")
            elif key in ("items", "not", "additionalProperties"):
                schema(value, f"{where}.{key}")
            elif key in ("allOf", "anyOf", "oneOf"):
                for n, sub in enumerate(value):
                    schema(sub, f"{where}.{key}[{n}]")
            elif key == "type" and not isinstance(value, str):
                found.append(f"{where}: type {value!r}")

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "schema":
                    schema(value, f"{where}.schema")
                elif key == "schemas" and where.endswith("components"):
                    for name, sub in value.items():
                        schema(sub, f"{where}.schemas.{name}")
                else:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, f"{where}[{n}]")

    walk(document, "")
    return found


# --- Path operations as data -------------------------------------------------------------


def parameter(
    name: str,
    where: str = "query",
    schema: dict | None = None,
    description: str = "",
    required: bool | None = None,
    **more: Any,
) -> dict:
    """A Parameter Object; a path parameter is always required."""
    found = {
        "name": name,
        "in": where,
        "required": True if where == "path" else bool(required),
        "schema": schema or {"type": "string"},
    }
    if description:
        found["description"] = description
    found.update(more)
    return found


def content(schema: dict | None, *media_types: str, example: Any = None) -> dict:
    """A Content map: the same schema under each media type (a file when ``schema`` is None)."""
    shown = schema if schema is not None else {"type": "string", "format": "binary"}
    media = {"schema": shown}
    if example is not None:
        media["example"] = example
    return {media_type: dict(media) for media_type in media_types}


def body(
    schema: dict,
    *media_types: str,
    required: bool = True,
    description: str = "",
    example: Any = None,
) -> dict:
    """A Request Body Object (with an ``example`` the server accepts, if given)."""
    found = {
        "required": required,
        "content": content(schema, *(media_types or ("application/json",)), example=example),
    }
    if description:
        found["description"] = description
    return found


def answer(
    description: str,
    schema: dict | None = None,
    *media_types: str,
    headers: Mapping[str, dict] | None = None,
    links: Mapping[str, dict] | None = None,
    empty: bool = False,
) -> dict:
    """A Response Object: no content when ``empty``, else ``schema`` under ``media_types``."""
    found: dict[str, Any] = {"description": description}
    if not empty:
        found["content"] = content(schema, *(media_types or ("application/json",)))
    if headers:
        found["headers"] = dict(headers)
    if links:
        found["links"] = dict(links)
    return found


def header(description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {
        "description": description,
        "required": required,
        "schema": schema or {"type": "string"},
    }


def link(operation_id: str, parameters: Mapping[str, str], description: str = "") -> dict:
    """A Link Object: what an answer lets the client call next, with what."""
    found = {"operationId": operation_id, "parameters": dict(parameters)}
    if description:
        found["description"] = description
    return found


def operation(
    operation_id: str,
    summary: str,
    tag: str,
    responses: Mapping[str | int, dict],
    *,
    description: str = "",
    parameters: Iterable[dict] = (),
    request_body: dict | None = None,
    security: list[dict] | None = None,
    deprecated: bool = False,
) -> dict:
    """An Operation Object; ``security=None`` leaves the document's default (none)."""
    found: dict[str, Any] = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    if description:
        found["description"] = description
    listed = list(parameters)
    if listed:
        found["parameters"] = listed
    if request_body is not None:
        found["requestBody"] = request_body
    found["responses"] = {
        str(status): value for status, value in sorted(responses.items(), key=lambda kv: str(kv[0]))
    }
    if security is not None:
        found["security"] = security
    if deprecated:
        found["deprecated"] = True
    return found


def ref_response(name: str) -> dict:
    """A reference to a Response Object in ``components.responses``."""
    return {"$ref": f"#/components/responses/{name}"}
