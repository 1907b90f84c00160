"""Notes stage: the notes each scenario maps onto, with their GUIDs, field HTML and tags.

A note's GUID is derived from its key (scenario id, kind, step or item id),
never from its text, so edits and upgrades update notes in place. Fields are
filled by name and laid out in their note type's order (NoteType.ordered).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import genanki

from .model import LevelVariant, Scenario, Step
from .notetypes import FOLLOW_UP, KEY_PHRASES, QUIZ, STEP, STORY, WEAK_ANSWER, NoteType

CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
STEP_LABELS = {
    "situation": "Situation",
    "task": "Task",
    "action": "Action",
    "result": "Result",
    "reflection": "Reflection",
}


@dataclass(frozen=True)
class Note:
    """One note ready to package: its type, key, GUID, field HTML, tags and subdeck."""

    note_type: NoteType
    key: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str

    @cached_property
    def guid(self) -> str:
        """Derived from the key alone: the identity Anki matches on."""
        return str(genanki.guid_for("star-anki", self.key))

    @cached_property
    def stored_fields(self) -> str:
        """The fields as Anki's notes table stores them: joined by the 0x1f separator."""
        return "\x1f".join(self.fields)

    @cached_property
    def stored_tags(self) -> str:
        """The tags as Anki's notes table stores them: a space between and at each end."""
        return " " + " ".join(self.tags) + " "

    @property
    def ordinals(self) -> tuple[int, ...]:
        """The note's cards, by ordinal from 0: one, or one per cloze number."""
        if not self.note_type.cloze:
            return (0,)
        numbers = {int(n) for field in self.fields for n in CLOZE_NUMBER.findall(field)}
        return tuple(sorted(n - 1 for n in numbers))


def text(value: str | None) -> str:
    """Author text as field HTML: shown exactly as written, never read as markup.

    Brackets and braces become entities too, so '[sound:x]', '{{Field}}' and
    '{{c1::x}}' in a scenario stay text on every card, cloze cards included.
    """
    if not value:
        return ""
    # Anki stores note text in NFC; the deck holds exactly what Anki will keep.
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if _SPECIAL.search(value):  # most text has none; skip the replacing then
        for char, entity in _ENTITIES:
            value = value.replace(char, entity)
    return value


_ENTITIES = (
    ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("[", "&#91;"), ("{", "&#123;"),
    ("}", "&#125;"), ("\n", "<br>"),
)  # fmt: skip
_SPECIAL = re.compile(r"[&<>\[{}\n]")


def find_phrases(example: str, phrases: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where the key phrases occur in the example (any case): (start, end, phrase), in order."""
    return _find_phrases(example, tuple(phrases))


@lru_cache(maxsize=64)  # a step's example is searched for the step, its highlight and its cloze
def _find_phrases(example: str, phrases: tuple[str, ...]) -> list[tuple[int, int, str]]:
    wanted = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    if not wanted:
        return []
    lowered = example.lower()
    if len(lowered) != len(example) or any(len(p.lower()) != len(p) for p in wanted):
        # Lowercasing moved characters: let the regex engine fold case instead.
        pattern = re.compile(
            "|".join(f"(?P<p{i}>{re.escape(p)})" for i, p in enumerate(wanted)), re.IGNORECASE
        )
        found = pattern.finditer(example)
        return [(m.start(), m.end(), wanted[int(str(m.lastgroup)[1:])]) for m in found]
    # Leftmost first, the longest phrase at a place, no overlaps: as the regex would match,
    # without compiling one for every example.
    candidates = []
    for phrase in wanted:
        needle, at = phrase.lower(), lowered.find(phrase.lower())
        while at >= 0:
            candidates.append((at, -len(needle), phrase))
            at = lowered.find(needle, at + 1)
    spans, end = [], 0
    for start, negative_length, phrase in sorted(candidates):
        if start >= end:
            end = start - negative_length
            spans.append((start, end, phrase))
    return spans


def _marked(example: str, phrases: Sequence[str], mark: Callable[[str, str], str]) -> str:
    """The example as field HTML, each key phrase occurrence wrapped by ``mark``."""
    parts: list[str] = []
    last = 0
    for start, end, phrase in find_phrases(example, phrases):
        parts.append(text(example[last:start]))
        parts.append(mark(phrase, text(example[start:end])))
        last = end
    parts.append(text(example[last:]))
    return "".join(parts)


def highlight(example: str, phrases: Sequence[str]) -> str:
    """The example as field HTML with every occurrence of a key phrase marked."""
    return _marked(example, phrases, lambda _, shown: f'<mark class="kp">{shown}</mark>')


def cloze(example: str, phrases: Sequence[str]) -> str:
    """The example with each key phrase as a cloze, numbered in order of first use."""
    numbers: dict[str, int] = {}

    def mark(phrase: str, shown: str) -> str:
        number = numbers.setdefault(phrase, len(numbers) + 1)
        # A colon inside a cloze would start a hint; as an entity it stays text.
        return f"{{{{c{number}::{shown.replace(':', '&#58;')}}}}}"

    return _marked(example, phrases, mark)


def html_list(items: Sequence[str], css_class: str = "") -> str:
    """Texts as an HTML list, or nothing for none."""
    if not items:
        return ""
    attr = f' class="{css_class}"' if css_class else ""
    return f"<ul{attr}>" + "".join(f"<li>{text(item)}</li>" for item in items) + "</ul>"


def _definitions(rows: Sequence[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{text(t)}</dt><dd>{text(d)}</dd>" for t, d in rows) + "</dl>"


def tag(prefix: str, value: str) -> str:
    """A hierarchical tag; Anki tags cannot hold spaces."""
    return f"star::{prefix}::" + re.sub(r"\s+", "_", value.strip())


def duration(seconds: int) -> str:
    """Seconds as a speaking time, e.g. '2 min 55 s'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def matches_level(variant: LevelVariant, level: str | None) -> bool:
    """Whether a level variant is the one asked for (any case); every one if none is."""
    return level is None or variant.level.casefold() == level.casefold()


def scenario_deck(scenario: Scenario, root_deck: str) -> str:
    """The subdeck of a scenario: the root deck, then its question."""
    return f"{root_deck}::{scenario.question}"


def scenario_notes(scenario: Scenario, root_deck: str, level: str | None = None) -> Iterator[Note]:
    """Every note one scenario maps onto, in a stable order; ``level`` keeps one variant."""
    deck = scenario_deck(scenario, root_deck)
    common = (
        tag("scenario", scenario.id),
        *([tag("family", scenario.family)] if scenario.family else []),
        *(tag("principle", p) for p in scenario.principles),
        *(tag("tag", t) for t in scenario.tags),
    )

    def note(
        note_type: NoteType, item: str, /, *, extra: Sequence[str] = (), **fields: str
    ) -> Note:
        key = f"{scenario.id}/{note_type.kind}/{item}"
        tags = (*common, tag("kind", note_type.kind), *extra)
        values = note_type.ordered(Key=key, Question=text(scenario.question), **fields)
        return Note(note_type, key, values, tags, deck)

    reflections = _definitions([(r.level, r.text) for r in scenario.reflections])
    for key, step in scenario.steps.items():
        example = step.example or ""
        # Highlighting ignores case; a phrase the example does not hold word for word, in
        # its own case, is listed too, so its exact wording stays on the card.
        yield note(
            STEP, key, Step=text(STEP_LABELS[key]), Target=str(step.target_seconds),
            Example=highlight(example, step.key_phrases) if example else "",
            KeyPhrases=html_list([p for p in step.key_phrases if p not in example], "phrases"),
            Coaching=text(step.coaching), Mistake=text(step.mistake),
            Reflections=reflections if key == "reflection" else "",
            extra=[tag("step", key)],
        )  # fmt: skip
    for key, step in scenario.steps.items():
        if step.example and find_phrases(step.example, step.key_phrases):
            yield note(
                KEY_PHRASES, key, Step=text(STEP_LABELS[key]),
                Text=cloze(step.example, step.key_phrases), extra=[tag("step", key)],
            )  # fmt: skip
    weak = scenario.weak_answer
    if weak is not None:
        yield note(
            WEAK_ANSWER, "main", WeakAnswer=text(weak.text), Problems=html_list(weak.problems),
            Verdict=text(weak.verdict),
        )  # fmt: skip
    for number, follow_up in enumerate(scenario.follow_ups, start=1):
        yield note(
            FOLLOW_UP, follow_up.id or f"#{number}", FollowUp=text(follow_up.question),
            Probes=text(follow_up.probes), StrongAnswer=text(follow_up.strong_answer),
            KeyQuote=text(follow_up.key_quote), WeakAnswer=text(follow_up.weak_answer),
            WeakWhy=text(follow_up.weak_why),
        )  # fmt: skip
    for number, item in enumerate(scenario.quiz, start=1):
        choices = "".join(f"<li>{text(c.text)}</li>" for c in item.choices)
        yield note(
            QUIZ, item.id or f"#{number}", QuizQuestion=text(item.question), Choices=choices,
            Answer=text(item.answer), Explanation=text(item.explanation),
        )  # fmt: skip
    variants = [v for v in scenario.levels if matches_level(v, level)]
    yield note(
        STORY, "main", Family=text(scenario.family),
        Principles=text(" · ".join(scenario.principles)),
        TotalTime=text(f"Target: {duration(scenario.total_seconds)} in all"),
        Seconds=str(scenario.total_seconds), Timing=_timing(scenario.steps.items()),
        Overview=text(scenario.overview), Summary=text(scenario.summary),
        Guidance="".join(
            f"<h4>{text(g.principle)}</h4>"
            + _definitions([("Lead with", g.lead_with), ("✅ Emphasize", g.emphasize),
                            ("⬇ Downplay", g.downplay)])
            for g in scenario.guidance
        ),
        Levels="".join(
            f"<h4>{text(v.level)}</h4>"
            + _definitions([("Focus", v.focus), ("Reflection", v.reflection), ("Bar", v.bar),
                            ("⏱ Time", v.time)])
            for v in variants
        ),
        Reflections=reflections,
        extra=[tag("level", v.level) for v in variants],
    )  # fmt: skip


def _timing(steps: Sequence[tuple[str, Step]]) -> str:
    return text(" · ".join(f"{STEP_LABELS[k]} {s.target_seconds}s" for k, s in steps))
