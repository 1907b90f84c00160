"""A new scenario file: every section present and empty, each with a note on what good looks like.

The empty values are deliberate: ``star-anki validate`` then lists, with line
and column, exactly what is left to write, and nothing half-written reaches a deck.
"""

from __future__ import annotations

from collections.abc import Sequence

from .emit import inline, scenario_yaml
from .ids import scenario_id

# Speaking times that add up to about three minutes, as the walkthroughs suggest.
TARGET_SECONDS = {"situation": 30, "task": 20, "action": 90, "result": 20, "reflection": 15}

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


def _comment(*lines: str, indent: int = 0) -> str:
    return "".join(f"{' ' * indent}# {line}\n" for line in lines)


def _step(key: str) -> str:
    # Quoted: the loader takes a bare empty example for "none", as a reflection may have.
    example = "" if key == "reflection" else '    example: ""\n'
    return (
        _comment(*_STEP_NOTES[key], indent=2)
        + f"  {key}:\n"
        + f"    target_seconds: {TARGET_SECONDS[key]}\n"
        + example
        + _comment("Two to five short phrases worth saying word for word.", indent=4)
        + "    key_phrases:\n"
        + "      -\n"
        + "    coaching:\n"
        + _comment("The mistake candidates make here, and what it costs them.", indent=4)
        + "    mistake:\n"
    )


def _list(values: Sequence[str]) -> str:
    return "".join(f"  - {inline(value)}\n" for value in values) or "  -\n"


def _guidance(principles: Sequence[str]) -> str:
    items = [f"  - principle: {inline(name)}\n" for name in principles] or ["  - principle:\n"]
    return "guidance:\n" + "".join(
        item + "    lead_with:\n    emphasize:\n    downplay:\n" for item in items
    )


def skeleton(
    question: str, principles: Sequence[str], schema_comment: str, scenario: str | None = None
) -> str:
    """The text of a new scenario file for ``question``, ready to fill in.

    Its id is ``scenario``, or else the one ``question`` gives.
    """
    head = scenario_yaml({"id": scenario or scenario_id(question), "question": question.strip()})
    return (
        schema_comment
        + _comment(
            "A STAR story for star-anki. Fill in the empty values, then run",
            "'star-anki validate' on this file: it lists, by line, those still needed.",
            "Sections marked optional may be deleted whole. Ids keep your review history",
            "when you edit or reorder: choose them once and leave them alone.",
        )
        + head
        + _comment("Optional: the company or principle family, e.g. Amazon Leadership Principles.")
        + "family:\n"
        + _comment("The leadership principles this story shows, e.g. Ownership.")
        + "principles:\n"
        + _list(principles)
        + _comment(
            "The story in three or four first-person sentences: where you were, the problem",
            "nobody was fixing, what you did and the result.",
        )
        + "overview:\n"
        + _comment("Why the story works: the proof of ownership, the measured impact, the insight.")
        + "summary:\n"
        + "steps:\n"
        + "".join(_step(key) for key in TARGET_SECONDS)
        + _comment(
            "The same story told weakly: 'we' and 'they', no numbers, the problem handed off.",
            "List each flaw with its cost; the verdict is what the bar raiser concludes.",
        )
        + "weak_answer:\n  text:\n  problems:\n    -\n  verdict:\n"
        + _comment(
            "Optional: questions an interviewer digs with. The strong answer names what you",
            "did and a number; the weak one deflects or stays vague.",
        )
        + "follow_ups:\n  - id:\n    question:\n    probes:\n    weak_answer:\n    weak_why:\n"
        + "    strong_answer:\n    key_quote:\n"
        + _comment(
            "Optional: questions on why the story works. Choices are optional; if you give",
            "them, mark exactly one with 'correct: true'.",
        )
        + "quiz:\n  - id:\n    question:\n    explanation:\n"
        + _comment(
            "Optional: the reflection as told at each level (e.g. SDE2, Senior): juniors",
            "name a skill learned, seniors name the gap in the organisation.",
        )
        + "reflections:\n  - id:\n    level:\n    text:\n"
        + _comment(
            "Optional: for each principle above, what to lead with, stress and play down.",
        )
        + _guidance(principles)
        + _comment(
            "Optional: how the story shifts by level: the focus, the reflection, the bar it",
            "must clear and the time to take.",
        )
        + "levels:\n  - id:\n    level:\n    focus:\n    reflection:\n    bar:\n    time:\n"
        + _comment("Optional: your own tags, to build a deck of some stories ('build --tag').")
        + "tags: []\n"
    )
