"""Typed, frozen dataclasses for one STAR scenario, and the rules its values follow.

The field names are the YAML keys. ``doc`` metadata feeds the JSON Schema and
the error messages; ``default`` marks a key optional. The loader, the JSON
Schema and ``new`` all read what a scenario is from here.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal


def doc(text: str, **extra: Any) -> dict[str, Any]:
    """Field metadata: a one-line description plus schema hints."""
    return {"doc": text, **extra}


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# What ID_PATTERN asks for, as error messages say it.
ID_RULE = "lowercase letters, digits and single hyphens (like 'built-from-scratch')"
# Generous: a long STAR answer is a few thousand characters.
MAX_TEXT = 10_000
# Control characters other than tab and newline (Anki separates fields with U+001F).
CONTROL_CHARACTERS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_CONTROL = re.compile(CONTROL_CHARACTERS)


# The rules a value can break, by name: callers that word one rule their own way match on it.
Rule = Literal["empty", "too long", "control character", "id"]


@dataclass(frozen=True, slots=True)
class ValueProblem:
    """What is wrong with a value, said after its name, and which rule it breaks."""

    rule: Rule
    message: str

    def __str__(self) -> str:
        return self.message


def text_problem(text: str) -> ValueProblem | None:
    """What is wrong with ``text`` as a scenario's text, or None if nothing is."""
    if not text.strip():
        return ValueProblem("empty", "must not be empty")
    if len(text) > MAX_TEXT:
        message = f"is too long: {len(text):,} characters (the limit is {MAX_TEXT:,})"
        return ValueProblem("too long", message)
    if control := _CONTROL.search(text):
        where = f"U+{ord(control[0]):04X} at character {control.start() + 1}"
        return ValueProblem("control character", f"holds the control character {where}; remove it")
    return None


def id_problem(text: str) -> ValueProblem | None:
    """What is wrong with ``text`` as an id, or None if nothing is."""
    if re.fullmatch(ID_PATTERN, text) is None:
        return ValueProblem("id", f"must be {ID_RULE}, not '{text}'")
    return None


def _no_problem(value: Any) -> ValueProblem | None:
    return None


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar type of the model: its YAML tag, its JSON Schema, its name in errors, its rule."""

    tag: str  # without the YAML prefix, as in !!int
    schema: dict[str, Any]
    name: str  # as in "'x' must be {name}, not ..."
    check: Callable[[Any], ValueProblem | None] = _no_problem


# Every scalar type the model uses; the loader and the JSON Schema read each from here.
SCALARS: dict[type, Scalar] = {
    str: Scalar(
        "str",
        # text_problem as JSON Schema can say it: not blank, not too long, no control characters.
        {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TEXT,
            "pattern": r"^(?=[\s\S]*\S)" + CONTROL_CHARACTERS.replace("[", "[^", 1) + "*$",
        },
        "text",
        text_problem,
    ),
    int: Scalar("int", {"type": "integer"}, "a whole number"),
    bool: Scalar("bool", {"type": "boolean"}, "true or false"),
}


@cache
def field_shape(tp: Any) -> tuple[str, Any, bool]:
    """How a field's type reads: ('dataclass' | 'list' | 'scalar', inner type, optional).

    The loader and the JSON Schema both read the model through this.
    """
    optional = isinstance(tp, types.UnionType)  # X | None: null means "not given"
    if optional:
        (tp,) = (arg for arg in typing.get_args(tp) if arg is not type(None))
    if dataclasses.is_dataclass(tp):
        return "dataclass", tp, optional
    if typing.get_origin(tp) is tuple:
        return "list", typing.get_args(tp)[0], optional
    return "scalar", tp, optional


@cache
def yaml_fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    """The fields of a model class that are YAML keys, by name, in the format's key order."""
    return {f.name: f for f in dataclasses.fields(cls) if f.metadata.get("yaml", True)}


@cache
def field_types(cls: type) -> dict[str, Any]:
    """The type of each YAML key of a model class, in key order."""
    hints = typing.get_type_hints(cls)
    return {name: hints[name] for name in yaml_fields(cls)}


def is_required(spec: dataclasses.Field[Any]) -> bool:
    """Whether a scenario file must give this key: it has no default."""
    return spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING


def _scalar_keys(cls: type, seen: set[type]) -> Iterator[tuple[str, Any]]:
    """Each YAML key within ``cls``, at any depth, that holds scalars, with their type."""
    seen.add(cls)
    for key, tp in field_types(cls).items():
        shape, inner, _ = field_shape(tp)
        while shape == "list":
            shape, inner, _ = field_shape(inner)
        if shape == "scalar":
            yield f"{cls.__name__}.{key}", inner
        elif inner not in seen:
            yield from _scalar_keys(inner, seen)


def unknown_scalars(cls: type) -> list[str]:
    """The keys within ``cls``, at any depth, whose scalar type has no entry in SCALARS."""
    return [
        f"{where} ({getattr(tp, '__name__', tp)})"
        for where, tp in _scalar_keys(cls, set())
        if tp not in SCALARS
    ]


def _id_doc(text: str) -> dict[str, Any]:
    """Metadata of an id: the loader runs its ``check``, the schema shows its ``pattern``."""
    return doc(text, pattern=ID_PATTERN, check=id_problem)


def item_id() -> Any:
    """The optional ``id`` of a list item: what its notes' GUIDs are made from."""
    return field(
        default=None, metadata=_id_doc("Stable id; keeps review history when items are reordered.")
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Step:
    """One of the five STAR steps with its target speaking time."""

    target_seconds: int = field(metadata=doc("Target speaking time in seconds.", minimum=1))
    example: str | None = field(
        default=None, metadata=doc("The strong example answer (the reflection step may have none).")
    )
    key_phrases: tuple[str, ...] = field(
        metadata=doc("Phrases worth saying word for word; highlighted in the example.")
    )
    coaching: str = field(metadata=doc("How to tell this step well."))
    mistake: str = field(metadata=doc("The common mistake to avoid."))


@dataclass(frozen=True, kw_only=True, slots=True)
class Steps:
    """Situation, Task, Action, Result and Reflection, always all five."""

    situation: Step = field(metadata=doc("Situation: the context and the problem."))
    task: Step = field(metadata=doc("Task: your responsibility and the scope boundary."))
    action: Step = field(metadata=doc("Action: what you did, in 'I' statements."))
    result: Step = field(metadata=doc("Result: the measured outcome and its effect."))
    reflection: Step = field(metadata=doc("Reflection: what you learned."))

    def items(self) -> tuple[tuple[str, Step], ...]:
        """The steps in telling order, keyed by their YAML name."""
        return tuple((key, getattr(self, key)) for key in STEP_KEYS)


STEP_KEYS = tuple(yaml_fields(Steps))


@dataclass(frozen=True, kw_only=True, slots=True)
class Reflection:
    """A reflection told at one level of seniority."""

    id: str | None = item_id()
    level: str = field(metadata=doc("The level, for example 'SDE2' or 'Senior'."))
    text: str = field(metadata=doc("The reflection as said at that level."))


@dataclass(frozen=True, kw_only=True, slots=True)
class FollowUp:
    """A follow-up question with a weak and a strong answer."""

    id: str | None = item_id()
    question: str = field(metadata=doc("The follow-up question."))
    probes: str = field(metadata=doc("What the interviewer is probing for."))
    weak_answer: str = field(metadata=doc("A weak answer."))
    weak_why: str = field(metadata=doc("Why the weak answer fails."))
    strong_answer: str = field(metadata=doc("A strong answer."))
    key_quote: str | None = field(default=None, metadata=doc("The line to remember."))


@dataclass(frozen=True, kw_only=True, slots=True)
class WeakAnswer:
    """A weak sample answer and what is wrong with it."""

    text: str = field(metadata=doc("The weak answer as a candidate might say it."))
    problems: tuple[str, ...] = field(metadata=doc("Everything that is wrong with it.", minItems=1))
    verdict: str = field(metadata=doc("What the bar raiser thinks."))


@dataclass(frozen=True, kw_only=True, slots=True)
class Choice:
    """One choice of a multiple-choice quiz item."""

    text: str = field(metadata=doc("The choice as shown."))
    correct: bool = field(default=False, metadata=doc("True for the one correct choice."))


def choices_problem(choices: Sequence[Choice]) -> str | None:
    """What is wrong with a quiz item's choices, or None: there are none, or exactly one correct."""
    correct = sum(choice.correct for choice in choices)
    if choices and correct != 1:
        return f"exactly one choice must be 'correct: true', not {correct}"
    return None


# choices_problem as JSON Schema says it.
_ONE_CORRECT = {
    "anyOf": [
        {"maxItems": 0},
        {
            "contains": {"properties": {"correct": {"const": True}}, "required": ["correct"]},
            "minContains": 1,
            "maxContains": 1,
        },
    ]
}


@dataclass(frozen=True, kw_only=True, slots=True)
class QuizItem:
    """A quiz question with its explanation and optional choices."""

    id: str | None = item_id()
    question: str = field(metadata=doc("The quiz question."))
    explanation: str = field(metadata=doc("Why the answer is right."))
    choices: tuple[Choice, ...] = field(
        default=(),
        metadata=doc("Optional choices; exactly one is marked correct.", schema=_ONE_CORRECT),
    )

    @property
    def answer(self) -> str | None:
        """The text of the correct choice, when there are choices."""
        return next((c.text for c in self.choices if c.correct), None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Guidance:
    """What to stress when the story is told for one leadership principle."""

    principle: str = field(metadata=doc("The leadership principle, as listed in 'principles'."))
    lead_with: str = field(metadata=doc("What to lead with."))
    emphasize: str = field(metadata=doc("What to emphasize."))
    downplay: str = field(metadata=doc("What to downplay."))


@dataclass(frozen=True, kw_only=True, slots=True)
class LevelVariant:
    """How the story changes for one level."""

    id: str | None = item_id()
    level: str = field(metadata=doc("The level, for example 'SDE 1' or 'Senior SDE'."))
    focus: str = field(metadata=doc("What to focus on at this level."))
    reflection: str = field(metadata=doc("The reflection at this level."))
    bar: str = field(metadata=doc("The bar the answer must clear."))
    time: str = field(metadata=doc("Time guidance, for example 'Keep to 2 minutes.'."))


@dataclass(frozen=True, kw_only=True, slots=True)
class Origin:
    """Where a scenario was read from: the file and the position of its id."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Scenario:
    """One interview question told as a STAR story, with everything to drill it."""

    id: str = field(metadata=_id_doc("Stable id: the identity of every note built from this file."))
    question: str = field(metadata=doc("The interview question."))
    family: str | None = field(
        default=None,
        metadata=doc("The company or principle family, e.g. 'Amazon Leadership Principles'."),
    )
    principles: tuple[str, ...] = field(
        default=(),
        metadata=doc("The leadership principles this story targets.", schema={"uniqueItems": True}),
    )
    overview: str = field(metadata=doc("The scenario overview, told in the first person."))
    summary: str = field(metadata=doc("The summary and key takeaways."))
    steps: Steps = field(metadata=doc("The five STAR steps."))
    weak_answer: WeakAnswer = field(metadata=doc("A weak sample answer and what is wrong in it."))
    follow_ups: tuple[FollowUp, ...] = field(default=(), metadata=doc("Follow-up questions."))
    quiz: tuple[QuizItem, ...] = field(default=(), metadata=doc("Quiz items."))
    reflections: tuple[Reflection, ...] = field(default=(), metadata=doc("Reflections by level."))
    guidance: tuple[Guidance, ...] = field(
        default=(), metadata=doc("What to stress for each leadership principle.")
    )
    levels: tuple[LevelVariant, ...] = field(default=(), metadata=doc("Variants by level."))
    tags: tuple[str, ...] = field(
        default=(), metadata=doc("Your own tags, to select scenarios with 'build --tag'.")
    )
    unplaced: tuple[str, ...] = field(
        default=(),
        metadata=doc(
            "Page text the importer could not place. It is on no card: move each line where it"
            " belongs, then delete it."
        ),
    )
    origin: Origin | None = field(default=None, compare=False, metadata={"yaml": False})

    @property
    def total_seconds(self) -> int:
        """The target speaking time of the whole answer."""
        return sum(step.target_seconds for _, step in self.steps.items())


# A scalar type that the loader and the schema cannot read fails here, on import, not on a file.
if _unknown := unknown_scalars(Scenario):
    raise TypeError(f"no entry in SCALARS for {', '.join(_unknown)}")
