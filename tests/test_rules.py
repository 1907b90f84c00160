"""A scenario's rules, kept once in the model and read alike by the loader, the schema and new."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from star_anki.errors import ScenarioError
from star_anki.load import parse_scenario
from star_anki.model import STEP_KEYS, TARGET_SECONDS, Choice, Scenario, Steps, choices_problem
from star_anki.rules import (
    MAX_TEXT,
    SCALARS,
    field_shape,
    field_types,
    id_problem,
    text_problem,
    unknown_scalars,
    yaml_fields,
)
from star_anki.schema import scenario_schema
from star_anki.skeleton import skeleton

from .conftest import SEED, run


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "must not be empty"),
        (" \n\t", "must not be empty"),
        ("x" * (MAX_TEXT + 1), "is too long: 10,001 characters (the limit is 10,000)"),
        ("ab\x07c", "holds the control character U+0007 at character 3; remove it"),
        ("fine\ttext\nover lines", None),
    ],
    ids=["empty", "blank", "too-long", "control", "fine"],
)
def test_the_text_rule_says_what_the_loader_says(text: str, message: str | None) -> None:
    problem = text_problem(text)
    assert (None if problem is None else str(problem)) == message


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\n\r\x07\x1f\x7f\x85\x9f\xa0\u2028\ufeffé")))
@example("x" * MAX_TEXT)
@example("x" * (MAX_TEXT + 1))
def test_the_text_rule_and_its_json_schema_agree(text: str) -> None:
    valid = jsonschema.Draft202012Validator(SCALARS[str].schema).is_valid(text)
    assert valid == (text_problem(text) is None)


@pytest.mark.parametrize("text", ["built-from-scratch", "a1", "Built", "a--b", "-a", "a-", "a b"])
def test_the_id_rule_and_the_schema_pattern_agree(text: str) -> None:
    pattern = scenario_schema()["properties"]["id"]["pattern"]
    valid = jsonschema.Draft202012Validator({"pattern": pattern}).is_valid(text)
    assert valid == (id_problem(text) is None)


@pytest.mark.parametrize(
    "correct", [(), (False,), (True,), (True, False), (True, True), (False,) * 2]
)
def test_the_one_correct_choice_rule_and_its_json_schema_agree(correct: tuple[bool, ...]) -> None:
    choices = [Choice(text=f"choice {n}", correct=flag) for n, flag in enumerate(correct)]
    data = [{"text": c.text, "correct": c.correct} for c in choices]
    definitions = scenario_schema()["$defs"]
    schema = {**definitions["QuizItem"]["properties"]["choices"], "$defs": definitions}
    valid = jsonschema.Draft202012Validator(schema).is_valid(data)
    assert valid == (choices_problem(choices) is None)


def test_every_scalar_type_of_the_model_is_in_the_table() -> None:
    assert unknown_scalars(Scenario) == []


@dataclass(frozen=True)
class _Inner:
    score: float
    label: str


@dataclass(frozen=True)
class _Outer:
    name: str
    items: tuple[_Inner, ...]
    weights: tuple[complex, ...] | None = None


def test_a_scalar_type_missing_from_the_table_is_named() -> None:
    # model.py runs this on import, so such a model fails before it reads any file.
    assert unknown_scalars(_Outer) == ["_Inner.score (float)", "_Outer.weights (complex)"]


def test_new_says_too_long_as_the_loader_does(tmp_path: Path) -> None:
    result = run("new", "x" * (MAX_TEXT + 1), "-o", str(tmp_path / "story.yaml"))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for 'QUESTION': is too long: 10,001 characters"
        " (the limit is 10,000)\n"
    )


@pytest.mark.parametrize(
    ("question", "accepted"),
    [("Why?", True), ("  Why?  ", True), (" ", False), ("Wh\x07y?", False), ("x" * 10_001, False)],
)
def test_new_takes_the_question_the_loader_takes(question: str, accepted: bool) -> None:
    printed = run("new", question, "-o", "-")
    assert (printed.exit_code == 0) == accepted
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["question"] = question
    try:
        parse_scenario(yaml.safe_dump(data).encode(), "story.yaml")
    except ScenarioError:
        assert not accepted
    else:
        assert accepted


# What a new file in the full form leaves out: the importer's unplaced text, the short
# form's other questions and hook, a quiz item's optional choices, and the example of the
# reflection step, which may have none.
LEFT_OUT = {
    "Scenario": {"unplaced", "questions", "hook"},
    "QuizItem": {"choices"},
    "Steps.reflection": {"example"},
}


def _mismatches(data: Any, tp: Any, where: str) -> list[str]:
    """Where skeleton ``data`` strays from the model's keys and their order."""
    shape, inner, _ = field_shape(tp)
    if shape == "list":
        return [m for item in data for m in _mismatches(item, inner, where)]
    if shape != "dataclass":
        return []
    left_out = LEFT_OUT.get(inner.__name__, set()) | LEFT_OUT.get(where, set())
    wanted = [key for key in yaml_fields(inner) if key not in left_out]
    found = [] if list(data) == wanted else [f"{where}: {list(data)} != {wanted}"]
    types = field_types(inner)
    for key in wanted:
        if key in data:
            found += _mismatches(data[key], types[key], f"{inner.__name__}.{key}")
    return found


def test_a_new_file_has_every_key_of_the_model_in_its_order() -> None:
    data = yaml.safe_load(skeleton("Tell me about a time you failed", ["Ownership", "Bias"], ""))
    assert _mismatches(data, Scenario, "Scenario") == []
    assert list(TARGET_SECONDS) == list(STEP_KEYS)


def test_step_keys_are_the_fields_of_steps() -> None:
    assert STEP_KEYS == tuple(yaml_fields(Steps)) == (
        "situation", "task", "action", "result", "reflection",
    )  # fmt: skip


def test_every_section_of_a_new_file_comes_with_a_note() -> None:
    lines = skeleton("Tell me about a time you failed", [], "").splitlines()
    noted = [line for before, line in pairwise(lines) if before.lstrip().startswith("# ")]
    top = [line.split(":")[0] for line in lines if re.match(r"\w+:", line)]
    unnoted = [key for key in top if not any(line.startswith(f"{key}:") for line in noted)]
    assert unnoted == ["question", "steps"]  # the question says itself; each step has its note
    assert [line for line in noted if re.match(r"  \w+:", line)] == [f"  {k}:" for k in STEP_KEYS]
