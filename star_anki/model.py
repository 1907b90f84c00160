"""Typed, frozen dataclasses for one STAR scenario.

The field names are the YAML keys. ``doc`` metadata feeds the JSON Schema and
the error messages; ``default`` marks a key optional.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any


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
STEP_KEYS = ("situation", "task", "action", "result", "reflection")


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


def is_required(spec: dataclasses.Field[Any]) -> bool:
    """Whether a scenario file must give this key: it has no default."""
    return spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING


def item_id() -> Any:
    """The optional ``id`` of a list item: what its notes' GUIDs are made from."""
    return field(
        default=None,
        metadata=doc(
            "Stable id; keeps review history when items are reordered.", pattern=ID_PATTERN
        ),
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


# For the JSON Schema: no choices, or exactly one with 'correct: true'.
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

    id: str = field(
        metadata=doc(
            "Stable id: the identity of every note built from this file.", pattern=ID_PATTERN
        )
    )
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
