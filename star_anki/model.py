"""Typed, frozen dataclasses for one STAR scenario.

The field names are the YAML keys. ``doc`` metadata feeds the JSON Schema and
the error messages; ``default`` marks a key optional. The rules the values
follow are in rules.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem
from .rules import ID_PATTERN, doc, id_problem, unknown_scalars, yaml_fields


def _id_doc(text: str) -> dict[str, Any]:
    """Metadata of an id: the loader runs its ``check``, the schema shows its ``pattern``."""
    return doc(text, pattern=ID_PATTERN, check=id_problem)


def item_id() -> Any:
    """The optional ``id`` of a list item: what its notes' GUIDs are made from."""
    return field(
        default=None, metadata=_id_doc("Stable id; keeps review history when items are reordered.")
    )


# The walkthroughs' speaking times, about three minutes: a step's own when it gives none.
TARGET_SECONDS = {"situation": 30, "task": 20, "action": 90, "result": 20, "reflection": 15}
_TIMES = ", ".join(f"{key} {seconds}" for key, seconds in TARGET_SECONDS.items())
_UNSET_SECONDS = 0  # "not given" until Steps puts the step's time in; the loader refuses 0


@dataclass(frozen=True, kw_only=True, slots=True)
class Step:
    """One of the five STAR steps with its target speaking time."""

    target_seconds: int = field(
        default=_UNSET_SECONDS,
        metadata=doc(f"Target speaking time in seconds; if left out, {_TIMES}.", minimum=1),
    )
    example: str | None = field(
        default=None, metadata=doc("The strong example answer; a step with nothing else needs one.")
    )
    key_phrases: tuple[str, ...] = field(
        default=(),
        metadata=doc(
            "Phrases worth saying word for word; highlighted in the example, each given once.",
            schema={"uniqueItems": True},
        ),
    )
    coaching: str = field(default="", metadata=doc("How to tell this step well."))
    mistake: str = field(default="", metadata=doc("The common mistake to avoid."))


def step_problem(step: Step, label: str) -> str | None:
    """What is wrong with the step named ``label`` as a whole, or None: it must show something."""
    if step.example or step.key_phrases or step.coaching or step.mistake:
        return None
    return f"{label} needs an 'example' (a step without one needs key_phrases, coaching or mistake)"


@dataclass(frozen=True, kw_only=True, slots=True)
class Steps:
    """Situation, Task, Action, Result and Reflection, always all five."""

    situation: Step = field(metadata=doc("Situation: the context and the problem."))
    task: Step = field(metadata=doc("Task: your responsibility and the scope boundary."))
    action: Step = field(metadata=doc("Action: what you did, in 'I' statements."))
    result: Step = field(metadata=doc("Result: the measured outcome and its effect."))
    reflection: Step = field(metadata=doc("Reflection: what you learned."))

    def __post_init__(self) -> None:  # not in the loader: however made, each step has a time
        for key in TARGET_SECONDS:
            step = getattr(self, key)
            if step.target_seconds == _UNSET_SECONDS:
                timed = dataclasses.replace(step, target_seconds=TARGET_SECONDS[key])
                object.__setattr__(self, key, timed)

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
    questions: tuple[str, ...] = field(
        default=(),
        metadata=doc(
            "Other wordings of interview questions this story answers; each becomes a"
            " 'Which story?' card.",
            schema={"uniqueItems": True},
        ),
    )
    hook: str | None = field(
        default=None,
        metadata=doc("One line that reminds you of this story; else the first sentence of its"
                     " situation."),
    )  # fmt: skip
    overview: str = field(
        default="", metadata=doc("The scenario overview, told in the first person.")
    )
    summary: str = field(default="", metadata=doc("The summary and key takeaways."))
    steps: Steps = field(metadata=doc("The five STAR steps."))
    weak_answer: WeakAnswer | None = field(
        default=None, metadata=doc("A weak sample answer and what is wrong in it.")
    )
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
    # What the loader warns of (checks.warnings): kept, but worth a look.
    warnings: tuple[Problem, ...] = field(default=(), compare=False, metadata={"yaml": False})

    @property
    def total_seconds(self) -> int:
        """The target speaking time of the whole answer."""
        return sum(step.target_seconds for _, step in self.steps.items())


# A scalar type that the loader and the schema cannot read fails here, on import, not on a file.
if _unknown := unknown_scalars(Scenario):
    raise TypeError(f"no entry in SCALARS for {', '.join(_unknown)}")
