"""The JSON Schema of the scenario format, derived from the model so the two cannot drift.

Editors find it through the first line of each scenario file, which names a
copy beside the file: ``new`` and ``import`` write that copy and keep it current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import OutputError
from .files import write_text_atomically
from .model import Scenario
from .rules import SCALARS, field_shape, field_types, is_required, yaml_fields

SCHEMA_NAME = "scenario.schema.json"
# yaml-language-server reads a relative path from the scenario file's own folder.
SCHEMA_COMMENT = f"# yaml-language-server: $schema={SCHEMA_NAME}\n"
_TITLE = "star-anki scenario"
_HINTS = ("pattern", "minimum", "minItems")


def _type_schema(tp: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    shape, inner, optional = field_shape(tp)
    if shape == "dataclass":
        name = inner.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder: stops recursion
            definitions[name] = _object_schema(inner, definitions)
        found: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
    elif shape == "list":
        found = {"type": "array", "items": _type_schema(inner, definitions)}
    else:
        found = dict(SCALARS[inner].schema)
    if not optional:
        return found
    # The key may be left out or empty.
    if "type" in found:
        return {**found, "type": [found["type"], "null"]}
    return {"anyOf": [found, {"type": "null"}]}


def _object_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = field_types(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for spec in yaml_fields(cls).values():
        prop = {"description": spec.metadata["doc"], **_type_schema(hints[spec.name], definitions)}
        prop.update({k: spec.metadata[k] for k in _HINTS if k in spec.metadata})
        prop.update(spec.metadata.get("schema", {}))
        properties[spec.name] = prop
        if is_required(spec):
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
        "title": _TITLE,
        **top,
        "$defs": dict(sorted(definitions.items())),
    }


def schema_text() -> str:
    """The schema as the JSON text that is shipped."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(folder: Path) -> Path | None:
    """Put the current schema beside the scenarios in ``folder``; the path if it changed.

    A file of that name that is not a star-anki schema is left alone.
    """
    path = folder / SCHEMA_NAME
    text = schema_text()
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as error:
        raise OutputError(f"cannot read {path}: {error.strerror}") from None
    if current == text.encode("utf-8"):
        return None
    if current is not None and not _is_ours(current):
        raise OutputError(f"{path} is not a star-anki schema, so it is left as it is")
    write_text_atomically(path, text)
    return path


def _is_ours(data: bytes) -> bool:
    """Whether ``data`` is a scenario schema some star-anki wrote."""
    try:
        found = json.loads(data)
    except ValueError:  # not JSON, or not even text
        return False
    return isinstance(found, dict) and found.get("title") == _TITLE


def is_schema_file(path: Path) -> bool:
    """Whether the file at ``path`` is a scenario schema some star-anki wrote."""
    try:
        return _is_ours(path.read_bytes())
    except OSError:
        return False
