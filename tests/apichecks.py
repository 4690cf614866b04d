"""Checks of the API's answers (接口检查): problem documents and the OpenAPI document.

Part of the one test world (``testkit`` re-exports these).
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["BINARY", "declared", "openapi_answers", "problem", "success_answers", "undeclared"]

BINARY = {"type": "string", "format": "binary"}
"""The schema of a download's content."""


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The problem document of ``response``: ``status``, ``code``, a message in both languages."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    assert body["message_zh"] and body["message_en"]
    return body


def openapi_answers(spec: dict[str, Any], *rooms: str) -> dict[str, str]:
    """``"METHOD /path"`` → ``"status answer"`` of every operation under ``/api/v1`` + a room:
    the schema its JSON answer names (``[X]`` for a list of X), or ``binary <media type>`` for
    a file. Every schema named must describe its fields (no field without a type)."""
    prefixes = tuple(f"/api/v1{room}" for room in rooms)
    answers = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items() if path.startswith(prefixes) else ():
            status = next(code for code in operation["responses"] if code.startswith("2"))
            ((media_type, content),) = operation["responses"][status]["content"].items()
            schema = content["schema"]
            if schema.get("format") == "binary":
                answer = f"binary {media_type}"
            else:
                assert media_type == "application/json", (path, media_type)
                listed = schema.get("type") == "array"
                name = (schema["items"] if listed else schema)["$ref"].rsplit("/", 1)[1]
                _assert_described(spec, name)
                answer = f"[{name}]" if listed else name
            answers[f"{method.upper()} {path.removeprefix('/api/v1')}"] = f"{status} {answer}"
    return answers


def _assert_described(spec: dict[str, Any], name: str) -> None:
    component = spec["components"]["schemas"][name]
    if "enum" in component:
        return
    fields = component["properties"]
    assert fields, name
    for key, schema in fields.items():
        assert schema.keys() & {"type", "$ref", "anyOf", "allOf"}, (name, key)
        for ref in re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(schema)):
            _assert_described(spec, ref)


def success_answers(openapi: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    """``METHOD path status`` → the content of each success answer of the room's operations."""
    return {
        f"{method.upper()} {path} {status}": answer.get("content", {})
        for path, operations in openapi["paths"].items()
        if path.startswith(prefix)
        for method, operation in operations.items()
        for status, answer in operation["responses"].items()
        if status.startswith("2")
    }


def declared(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    """Whether ``schema`` says what the answer holds: a ``…Read`` with fields, a list of them, a
    scalar, or null beside one (never a free-form object)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        shape = name.endswith("Read") or name.startswith("Page_")  # a …Read, or Page[…Read]
        return shape and bool(components[name].get("properties"))
    if "anyOf" in schema:
        shapes = [s for s in schema["anyOf"] if s != {"type": "null"}]
        return bool(shapes) and all(declared(s, components) for s in shapes)
    if schema.get("type") == "array":
        return declared(schema.get("items", {}), components)
    return schema.get("type") in ("integer", "number", "string", "boolean")


def undeclared(openapi: dict[str, Any], prefix: str) -> list[str]:
    """The room's success answers (but 204) without a declared JSON or binary schema."""
    components = openapi["components"]["schemas"]
    return [
        operation
        for operation, content in success_answers(openapi, prefix).items()
        if not operation.endswith(" 204")
        and not (
            content
            and all(
                c.get("schema") == BINARY or declared(c.get("schema", {}), components)
                for c in content.values()
            )
        )
    ]
