"""The shipped JSON Schema matches the model and agrees with the loader on the bundled scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from star_anki.schema import SCHEMA_PATH, schema_text

from .conftest import SCENARIOS


def test_shipped_schema_is_generated_from_the_model() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_scenarios_validate_under_the_schema(path: Path) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../star_anki/scenario.schema.json"


def test_schema_rejects_unknown_keys_and_wrong_types() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = yaml.safe_load(
        (SCENARIOS / "built-something-from-scratch.yaml").read_text(encoding="utf-8")
    )
    data["questoin"] = data.pop("question")
    data["steps"]["task"]["target_seconds"] = "20s"
    errors = sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == [
        "'20s' is not of type 'integer'",
        "'question' is a required property",
        "Additional properties are not allowed ('questoin' was unexpected)",
    ]
