"""The JSON Schema of the scenario format, derived from the model so the two cannot drift.

Run ``python -m star_anki.schema`` to print it; the copy shipped beside this
module (scenario.schema.json) is checked against it by the tests.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any

from .model import Scenario

SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")
_HINTS = ("pattern", "minimum", "minItems")


def _type_schema(tp: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    if isinstance(tp, types.UnionType):  # X | None: the key may be left out or empty
        (inner,) = (arg for arg in typing.get_args(tp) if arg is not type(None))
        return _type_schema(inner, definitions)
    if dataclasses.is_dataclass(tp):
        name = typing.cast(type, tp).__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder: stops recursion
            definitions[name] = _object_schema(typing.cast(type, tp), definitions)
        return {"$ref": f"#/$defs/{name}"}
    if typing.get_origin(tp) is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], definitions)}
    if tp is str:
        return {"type": "string", "minLength": 1}
    return {"type": {int: "integer", bool: "boolean"}[tp]}


def _object_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for spec in dataclasses.fields(cls):
        if not spec.metadata.get("yaml", True):
            continue
        prop = {"description": spec.metadata["doc"], **_type_schema(hints[spec.name], definitions)}
        prop.update({k: spec.metadata[k] for k in _HINTS if k in spec.metadata})
        properties[spec.name] = prop
        if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            required.append(spec.name)
    return {
        "type": "object",
        "description": (cls.__doc__ or "").strip(),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one scenario file."""
    definitions: dict[str, Any] = {}
    top = _object_schema(Scenario, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "star-anki scenario",
        **top,
        "$defs": dict(sorted(definitions.items())),
    }


def schema_text() -> str:
    """The schema as the JSON text that is shipped."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
