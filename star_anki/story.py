"""What the Story card's back shows, and which level's material a build keeps.

The back is what a learner checks a told story against: the answer beat by
beat (each step's key phrases, or its first sentence), the full answer one tap
away, and one line of guidance. Principle and level material has cards of its
own (notes.py), so it no longer rides on the Story back.
"""

from __future__ import annotations

import re
import unicodedata

from .markup import FULL_STOPS, first_sentence, sentences, text
from .model import LevelVariant, Scenario
from .phrases import highlight
from .rules import principle_key

STEP_LABELS = {
    "situation": "Situation",
    "task": "Task",
    "action": "Action",
    "result": "Result",
    "reflection": "Reflection",
}


def _level_words(label: str) -> frozenset[str]:
    """A level's words, in any case, letters apart from digits: 'SDE2' is {'sde', '2'}."""
    folded = unicodedata.normalize("NFKC", label).casefold()
    return frozenset(re.findall(r"[^\W\d_]+|\d+", folded))


def matches_level(label: str, level: str | None) -> bool:
    """Whether a variant or reflection labelled ``label`` is kept for the ``level`` asked.

    Every one is kept when none is asked. Otherwise the words of one must all be in
    the other, in any case: 'Senior' keeps 'Senior SDE' and 'senior', while 'SDE 2'
    keeps 'SDE2' but not 'SDE 1'.
    """
    if level is None:
        return True
    mine, asked = _level_words(label), _level_words(level)
    if not mine or not asked:
        return label.strip().casefold() == level.strip().casefold()
    return mine <= asked or asked <= mine


def variants(scenario: Scenario, level: str | None) -> list[LevelVariant]:
    """The level variants a build keeps: the level's, or every one when none is asked."""
    return [v for v in scenario.levels if matches_level(v.level, level)]


def reflections(scenario: Scenario, level: str | None) -> list[tuple[str, str]]:
    """The reflections to show as (level, text): the level's own, else its variant's."""
    kept = [(r.level, r.text) for r in scenario.reflections if matches_level(r.level, level)]
    if kept or level is None:
        return kept
    return [(v.level, v.reflection) for v in variants(scenario, level)]


def beats(scenario: Scenario, level: str | None) -> str:
    """The answer beat by beat: each step's key phrases, or the first sentence of its example.

    A reflection step with neither is told by the first of the level's reflections; any
    other step with neither (coaching alone) has no beat.
    """
    items = []
    for key, step in scenario.steps.items():
        told = step.example or ""
        if not told and key == "reflection":
            told = next((said for _, said in reflections(scenario, level)), "")
        if step.key_phrases:
            beat = " · ".join(text(p) for p in step.key_phrases)
        elif told:
            beat = text(first_sentence(told))
        else:
            continue
        items.append(f"<li><b>{STEP_LABELS[key]}</b> {beat}</li>")
    return f'<ol class="beats">{"".join(items)}</ol>' if items else ""


def full_answer(scenario: Scenario, level: str | None) -> str:
    """The full answer, then the walkthrough's overview and summary, each collapsed.

    Every step's example shows with its key phrases marked; a reflection step without
    an example is told by the level's reflections; a step with neither shows only as
    its beat.
    """
    parts = []
    for key, step in scenario.steps.items():
        label = STEP_LABELS[key]
        if step.example:
            parts.append(f"<dt>{label}</dt><dd>{highlight(step.example, step.key_phrases)}</dd>")
        elif key == "reflection":
            parts += [
                f"<dt>{label} · {text(who)}</dt><dd>{text(said)}</dd>"
                for who, said in reflections(scenario, level)
            ]
    shown = ""
    if parts:
        shown += _collapsed(
            "full-answer", "Full answer", f'<dl class="answer">{"".join(parts)}</dl>'
        )
    overview = _untold(scenario.overview, scenario)
    about = [
        f"<h4>{title}</h4><div>{text(value)}</div>"
        for title, value in (("Overview", overview),
                             ("Summary and key takeaways", scenario.summary))
        if value
    ]  # fmt: skip
    if about:
        shown += _collapsed("walkthrough", "Overview and takeaways", "".join(about))
    return shown


def _untold(overview: str, scenario: Scenario) -> str:
    """The overview less the sentences a step's example tells word for word (spacing aside).

    Walkthroughs open the overview with the situation: said once is enough. An
    overview with no such sentence is kept exactly as written.
    """
    given = sentences(overview)
    spaced = [" ".join(s.split()) for s in given]
    told: set[str] = set()
    for _, step in scenario.steps.items():
        example = step.example or ""
        # A sentence an example tells lies within it, spacing aside: split only those.
        within = " ".join(example.split())
        if any(sentence in within for sentence in spaced):
            told.update(" ".join(s.split()) for s in sentences(example))
    kept = [s for s, key in zip(given, spaced, strict=True) if key not in told]
    if len(kept) == len(given):
        return overview
    # Full-width stops end sentences with no space after them.
    return "".join(s if s.endswith(tuple(FULL_STOPS)) else s + " " for s in kept).strip()


def _collapsed(css_class: str, title: str, body: str) -> str:
    """A part of the back closed until tapped."""
    return f'<details class="{css_class}"><summary>{title}</summary>{body}</details>'


def guidance_line(scenario: Scenario) -> str:
    """The one line of guidance on the Story back: what to lead with for its first principle.

    That is the first of the story's principles with guidance, else the first guidance
    given. Never a --principle choice: a build of some stories makes the notes a build
    of all of them would.
    """
    if not scenario.guidance:
        return ""
    by_key = {principle_key(g.principle): g for g in scenario.guidance}
    chosen = next(
        (by_key[principle_key(p)] for p in scenario.principles if principle_key(p) in by_key),
        scenario.guidance[0],
    )
    return (
        f"<h3>💡 Lead with · {text(chosen.principle)}</h3>"
        f"<div>{text(first_sentence(chosen.lead_with))}</div>"
    )
