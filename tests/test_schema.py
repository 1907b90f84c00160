"""The JSON Schema: made from the model, found by editors, and in agreement with the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from star_anki.emit import scenario_yaml
from star_anki.errors import ScenarioError
from star_anki.load import load_file, load_scenarios
from star_anki.schema import SCHEMA_NAME, schema_text, write_schema
from star_anki.skeleton import short_skeleton, skeleton

from .conftest import ROOT, SCENARIOS

BAD = ROOT / "tests" / "bad"
GOOD = sorted(SCENARIOS.glob("*.yaml")) + sorted((ROOT / "tests" / "pages").glob("*.yaml"))
# What JSON Schema cannot see: YAML features that vanish on loading, and rules across items.
LOADER_ONLY = {
    "anchors-aliases.yaml": "an alias loads as a copy of its anchor",
    "merge-key.yaml": "a merge key loads as the merged keys",
    "duplicate-keys.yaml": "a repeated key loads as its last value",
    "duplicate-follow-up-ids.yaml": "no schema keyword makes a property unique across items",
    "guidance-unknown-principle.yaml": "no schema keyword compares two lists",
    "dup-ids": "the ids clash across two files",
    "duplicate-key-phrases.yaml": "uniqueItems compares exactly, not in any case",
}
# Loading it at all expands its aliases into about a billion strings.
NOT_LOADABLE = {"billion-laughs.yaml"}
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(path: Path) -> list[str]:
    return [error.message for error in validator().iter_errors(yaml.safe_load(path.read_bytes()))]


def test_the_schema_beside_the_bundled_scenarios_is_current() -> None:
    assert (SCENARIOS / SCHEMA_NAME).read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("path", GOOD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_good_scenarios_pass_the_loader_and_the_schema(path: Path) -> None:
    load_file(path)
    assert schema_errors(path) == []


@pytest.mark.parametrize("path", GOOD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_first_line_points_editors_at_the_current_schema(path: Path) -> None:
    # yaml-language-server reads a relative path from the file's own folder.
    found = MODELINE.match(path.read_text(encoding="utf-8"))
    assert found is not None
    assert (path.parent / found[1]).read_text(encoding="utf-8") == schema_text()


BAD_FILES = sorted(p for p in BAD.iterdir() if p.suffix == ".yaml" or p.is_dir())


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_bad_scenarios_fail_the_loader_and_the_schema_where_it_can_tell(path: Path) -> None:
    with pytest.raises(ScenarioError):
        load_scenarios([path])
    if path.name in NOT_LOADABLE:
        return
    documents = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    try:
        errors = [message for document in documents for message in schema_errors(document)]
    except yaml.YAMLError:
        return  # not YAML at all: an editor flags it before any schema applies
    if path.name in LOADER_ONLY:
        assert errors == []  # if the schema learns to tell, move the file out of LOADER_ONLY
    else:
        assert errors != []


def test_schema_messages_name_the_rule() -> None:
    data = yaml.safe_load((SCENARIOS / "built-something-from-scratch.yaml").read_bytes())
    data["questoin"] = data.pop("question")
    data["steps"]["task"]["target_seconds"] = "20s"
    data["principles"].append("Ownership")
    data["quiz"][0]["choices"] = [{"text": "We did it"}, {"text": "They did it"}]
    errors = sorted(error.message for error in validator().iter_errors(data))
    assert errors == [
        "'20s' is not of type 'integer'",
        "'question' is a required property",
        "Additional properties are not allowed ('questoin' was unexpected)",
        "['Invent and Simplify', 'Ownership', 'Dive Deep', 'Ownership'] has non-unique elements",
        "[{'text': 'We did it'}, {'text': 'They did it'}] is not valid under any of the given"
        " schemas",
    ]


# Optional values a new file leaves empty, which both the loader and the schema accept.
OPTIONAL_EMPTY = {"id", "family", "key_quote"}


def filled(value: Any, key: str = "") -> Any:
    """Skeleton data with every required empty value written in, as its author would."""
    if isinstance(value, dict):
        return {k: filled(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [filled(item, key) for item in value]
    if value in (None, "") and key not in OPTIONAL_EMPTY:
        return f"Some {key}."
    return value


def test_a_filled_skeleton_passes_the_loader_and_the_schema(tmp_path: Path) -> None:
    text = skeleton("Tell me about a time you failed", ["Ownership", "Earn Trust"], "")
    data = filled(yaml.safe_load(text))
    assert data["family"] is None and data["follow_ups"][0]["id"] is None
    path = tmp_path / "failed.yaml"
    path.write_text(scenario_yaml(data), encoding="utf-8")
    scenario = load_file(path)
    assert scenario.id == "failed"
    assert [g.principle for g in scenario.guidance] == ["Ownership", "Earn Trust"]
    assert (scenario.family, scenario.follow_ups[0].key_quote) == (None, None)
    assert schema_errors(path) == []


def test_a_filled_short_skeleton_passes_the_loader_and_the_schema(tmp_path: Path) -> None:
    for principles in ([], ["Ownership", "Earn Trust"]):
        text = short_skeleton("Tell me about a time you failed", principles, "")
        data = filled(yaml.safe_load(text))
        path = tmp_path / "failed.yaml"
        path.write_text(scenario_yaml(data), encoding="utf-8")
        scenario = load_file(path)
        assert scenario.principles == (tuple(principles) or ("Some principles.",))
        assert (scenario.questions, scenario.hook) == (("Some questions.",), "Some hook.")
        assert [step.example for _, step in scenario.steps.items()] == ["Some example."] * 5
        assert schema_errors(path) == []


def test_write_schema_writes_once_and_keeps_it_current(tmp_path: Path) -> None:
    assert write_schema(tmp_path) == tmp_path / SCHEMA_NAME
    assert write_schema(tmp_path) is None
    stale: dict[str, Any] = json.loads(schema_text())
    stale["properties"].pop("tags")
    (tmp_path / SCHEMA_NAME).write_text(json.dumps(stale), encoding="utf-8")
    assert write_schema(tmp_path) == tmp_path / SCHEMA_NAME
    assert (tmp_path / SCHEMA_NAME).read_text(encoding="utf-8") == schema_text()
