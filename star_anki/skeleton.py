"""A new scenario file, each value empty under a note on what good looks like.

Two forms: the short one (``new``) holds what a story needs, the question, its
principles and the five steps' examples, with the other questions it answers and
its hook; the full one (``new --full``) holds every section of a walkthrough. The
empty values are deliberate: ``star-anki validate`` then lists, with line and
column, exactly what is left to write, and nothing half-written reaches a deck.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from .emit import inline, scenario_yaml
from .ids import scenario_id
from .model import STEP_KEYS, TARGET_SECONDS, Guidance, QuizItem, Scenario, Step, Steps
from .rules import field_shape, field_types

_STEP_NOTES = {
    "situation": (
        "Situation: your role, the system and the problem with what it cost, in half a minute.",
        "Skip the architecture tour: the interviewer wants the problem.",
    ),
    "task": (
        "Task: your responsibility and the scope boundary. Whose problem was it, who asked",
        "you (nobody?), and what did you set out to achieve?",
    ),
    "action": (
        "Action: what you did, one 'I' sentence per move: investigated, traced, reproduced,",
        "designed, shipped, followed up. Never 'we': your own part must be visible.",
    ),
    "result": (
        "Result: the metric before and after, what it meant for the business, and a",
        "second-order effect (others adopted it, a process changed).",
    ),
    "reflection": (
        "Reflection: a lesson only this story could teach, such as the gap in how teams",
        "worked that let the problem hide. Not 'communication is important'.",
    ),
}


# Notes on a step's own keys, where the key alone does not say what good looks like.
_STEP_KEY_NOTES = {
    "key_phrases": ("Two to five short phrases worth saying word for word.",),
    "mistake": ("The mistake candidates make here, and what it costs them.",),
}

_INTRO = (
    "A STAR story for star-anki. Fill in the empty values, then run",
    "'star-anki validate' on this file: it lists, by line, those still needed.",
    "Sections marked optional may be deleted whole. Ids keep your review history",
    "when you edit or reorder: choose them once and leave them alone.",
)

# The note above each top-level key; the keys follow in the model's order.
_NOTES = {
    "family": ("Optional: the company or principle family, e.g. Amazon Leadership Principles.",),
    "principles": ("The leadership principles this story shows, e.g. Ownership.",),
    "overview": (
        "The story in three or four first-person sentences: where you were, the problem",
        "nobody was fixing, what you did and the result.",
    ),
    "summary": ("Why the story works: the proof of ownership, the measured impact, the insight.",),
    "weak_answer": (
        "The same story told weakly: 'we' and 'they', no numbers, the problem handed off.",
        "List each flaw with its cost; the verdict is what the bar raiser concludes.",
    ),
    "follow_ups": (
        "Optional: questions an interviewer digs with. The strong answer names what you",
        "did and a number; the weak one deflects or stays vague.",
    ),
    "quiz": (
        "Optional: questions on why the story works. Choices are optional; if you give",
        "them, mark exactly one with 'correct: true'.",
    ),
    "reflections": (
        "Optional: the reflection as told at each level (e.g. SDE2, Senior): juniors",
        "name a skill learned, seniors name the gap in the organisation.",
    ),
    "guidance": ("Optional: for each principle above, what to lead with, stress and play down.",),
    "levels": (
        "Optional: how the story shifts by level: the focus, the reflection, the bar it",
        "must clear and the time to take.",
    ),
    "tags": ("Optional: your own tags, to build a deck of some stories ('build --tag').",),
}
# Not written with the rest: the emitter writes 'id' and 'question' first, quoted as YAML
# needs, and 'unplaced' is the importer's alone. The full form stays the walkthrough's,
# as it was before the short form's keys were added.
_NOT_KEYED = ("id", "question", "unplaced", "questions", "hook")

_SHORT_INTRO = (
    "A STAR story for star-anki, in short: the question, its principles and the five",
    "steps as you would tell them. Fill in the empty values, then run 'star-anki",
    "validate' on this file: it lists, by line, those still needed. Timings, coaching,",
    "a weak answer, follow-ups and the rest are optional ('star-anki new --full').",
)
_SHORT_NOTES = {
    "principles": _NOTES["principles"],
    "questions": (
        "Optional: other wordings of interview questions this story answers, one a line;",
        "each becomes a 'Which story?' card. Delete the list if there are none.",
    ),
    "hook": (
        "Optional: one line that brings this story back to you, e.g. 'The vendor that",
        "gave us five weeks'. Left empty, the situation's first sentence does.",
    ),
}
# The keys of the short form, after 'id' and 'question'.
_SHORT_KEYS = ("principles", "questions", "hook", "steps")


def _comment(*lines: str, indent: int = 0) -> str:
    return "".join(f"{' ' * indent}# {line}\n" for line in lines)


def _keys(
    cls: type,
    indent: str,
    values: Mapping[str, str] | None = None,
    notes: Mapping[str, Sequence[str]] | None = None,
    leave_out: Collection[str] = (),
) -> str:
    """The YAML keys of ``cls`` in the model's order, each under its note.

    A key's value is the text after its colon: from ``values``, or else an empty one.
    """
    text = ""
    for key, tp in field_types(cls).items():
        if key not in leave_out:
            value = (values or {}).get(key) or _empty(tp, indent)
            text += _comment(*(notes or {}).get(key, ()), indent=len(indent))
            text += f"{indent}{key}:{value}"
    return text


def _empty(tp: Any, indent: str) -> str:
    """An empty value for a key at ``indent``: a mapping's keys, or a list of one empty item."""
    shape, inner, _ = field_shape(tp)
    if shape == "dataclass":
        return "\n" + _keys(inner, indent + "  ")
    if shape == "list":
        item = _item(inner, indent) if field_shape(inner)[0] == "dataclass" else f"{indent}  -\n"
        return "\n" + item
    return "\n"


def _item(
    cls: type, indent: str, values: Mapping[str, str] | None = None, leave_out: Collection[str] = ()
) -> str:
    """One list item of ``cls`` under a key at ``indent``, its keys empty unless in ``values``."""
    keys = _keys(cls, indent + "    ", values, leave_out=leave_out)
    return indent + "  - " + keys[len(indent) + 4 :]


def _step(key: str) -> str:
    # The example quoted: the loader takes a bare empty one for "none", as a reflection may have.
    values = {"target_seconds": f" {TARGET_SECONDS[key]}\n", "example": ' ""\n'}
    leave_out = ("example",) if key == "reflection" else ()
    return "\n" + _keys(Step, "    ", values, _STEP_KEY_NOTES, leave_out)


def _head(question: str, scenario: str | None) -> str:
    """The 'id' and 'question' lines; the id is ``scenario``, or else the one ``question`` gives."""
    return scenario_yaml({"id": scenario or scenario_id(question), "question": question.strip()})


def _principles(names: Sequence[str]) -> dict[str, str]:
    """The value of 'principles' when the command line names some; else it is left empty."""
    if not names:
        return {}
    return {"principles": "\n" + "".join(f"  - {name}\n" for name in names)}


def skeleton(
    question: str, principles: Sequence[str], schema_comment: str, scenario: str | None = None
) -> str:
    """The text of a new scenario file for ``question`` in the full form, ready to fill in.

    Its id is ``scenario``, or else the one ``question`` gives.
    """
    names = [inline(name) for name in principles]
    values = {
        "steps": "\n" + _keys(Steps, "  ", {key: _step(key) for key in STEP_KEYS}, _STEP_NOTES),
        "quiz": "\n" + _item(QuizItem, "", leave_out=("choices",)),
        "tags": " []\n",
        **_principles(names),
    }
    if names:
        guidance = (_item(Guidance, "", {"principle": f" {name}\n"}) for name in names)
        values["guidance"] = "\n" + "".join(guidance)
    return (
        schema_comment
        + _comment(*_INTRO)
        + _head(question, scenario)
        + _keys(Scenario, "", values, _NOTES, leave_out=_NOT_KEYED)
    )


def short_skeleton(
    question: str, principles: Sequence[str], schema_comment: str, scenario: str | None = None
) -> str:
    """The text of a new scenario file for ``question`` in the short form, ready to fill in.

    Each step has only its example, quoted, so that validate names it until it is
    written: the loader takes a bare empty one for "none".
    """
    steps = {key: '\n    example: ""\n' for key in STEP_KEYS}
    values = {
        "steps": "\n" + _keys(Steps, "  ", steps, _STEP_NOTES),
        **_principles([inline(name) for name in principles]),
    }
    leave_out = [key for key in field_types(Scenario) if key not in _SHORT_KEYS]
    return (
        schema_comment
        + _comment(*_SHORT_INTRO)
        + _head(question, scenario)
        + _keys(Scenario, "", values, _SHORT_NOTES, leave_out=leave_out)
    )
