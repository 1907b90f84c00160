"""Notes stage: the notes each scenario maps onto, with their GUIDs, field HTML and tags.

A note's GUID is derived from its key (scenario id, kind, step or item id, or
the principle as compared for a pitch), never from its text, so edits and
upgrades update notes in place. Fields are filled by name and laid out in their
note type's order (NoteType.ordered).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar, overload

from .ids import note_guid
from .markup import definitions, html_list, text
from .model import Scenario, Step
from .notetypes import (
    FOLLOW_UP,
    KEY_PHRASES,
    LEVEL,
    PITCH,
    QUIZ,
    STEP,
    STORY,
    WEAK_ANSWER,
    NoteType,
)
from .phrases import cloze, has_cloze, highlight
from .rules import principle_key
from .story import STEP_LABELS, beats, full_answer, guidance_line, reflections, variants

CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
_SPACES = re.compile(r"\s+")
_T = TypeVar("_T")


class _Kept(Generic[_T]):
    """A note property worked out on first use, then kept on the note.

    functools.cached_property does the same, but in Python 3.11 takes a lock on
    every first use; notes are made by the ten thousand.
    """

    def __init__(self, compute: Callable[[Note], _T]) -> None:
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, note: None, owner: type[Note]) -> _Kept[_T]: ...
    @overload
    def __get__(self, note: Note, owner: type[Note] | None = None) -> _T: ...
    def __get__(self, note: Note | None, owner: type[Note] | None = None) -> _T | _Kept[_T]:
        """The value, worked out now; the descriptor itself when asked of the class."""
        if note is None:
            return self
        value = self._compute(note)
        # Past a frozen dataclass's __setattr__; found there, this is not called again.
        note.__dict__[self._name] = value
        return value


@dataclass(frozen=True)
class Note:
    """One note ready to package: its type, key, GUID, field HTML, tags and subdeck."""

    note_type: NoteType
    key: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str

    @_Kept
    def guid(self) -> str:
        """Derived from the key alone: the identity Anki matches on."""
        return note_guid(self.key)

    @_Kept
    def stored_fields(self) -> str:
        """The fields as Anki's notes table stores them: joined by the 0x1f separator."""
        return "\x1f".join(self.fields)

    @_Kept
    def stored_tags(self) -> str:
        """The tags as Anki's notes table stores them: a space between and at each end."""
        return " " + " ".join(self.tags) + " "

    def __reduce__(self) -> tuple[Callable[..., Note], tuple[object, ...]]:
        """Pickled as its five fields and its GUID."""
        # The GUID, a hash, goes along; the joined fields and tags would double the bytes
        # sent and are cheap to join again. The note type goes by reference (NoteType).
        return _unpickled, (self.note_type, self.key, self.fields, self.tags, self.deck, self.guid)

    @property
    def ordinals(self) -> tuple[int, ...]:
        """The note's cards, by ordinal from 0: one, or one per cloze number."""
        if not self.note_type.cloze:
            return (0,)
        numbers = {int(n) for field in self.fields for n in CLOZE_NUMBER.findall(field)}
        return tuple(sorted(n - 1 for n in numbers))


def _unpickled(
    note_type: NoteType, key: str, fields: tuple[str, ...], tags: tuple[str, ...], deck: str,
    guid: str,
) -> Note:  # fmt: skip
    """A note as Note.__reduce__ pickled it, its GUID kept."""
    note = Note(note_type, key, fields, tags, deck)
    note.__dict__["guid"] = guid
    return note


@lru_cache(maxsize=256)  # the same kind, step, family and principle tags on note after note
def tag(prefix: str, value: str) -> str:
    """A hierarchical tag; Anki tags cannot hold spaces."""
    return f"star::{prefix}::" + _SPACES.sub("_", value.strip())


def duration(seconds: int) -> str:
    """Seconds as a speaking time, e.g. '2 min 55 s'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def note_key(scenario: Scenario, note_type: NoteType, item: str) -> str:
    """The key of one of a scenario's notes: what its GUID is made from."""
    return f"{scenario.id}/{note_type.kind}/{item}"


def scenario_deck(scenario: Scenario, root_deck: str) -> str:
    """The subdeck of a scenario: the root deck, then its question."""
    return f"{root_deck}::{scenario.question}"


def scenario_notes(
    scenario: Scenario, root_deck: str, level: str | None = None, *,
    key_phrases: bool = True, clozes: Mapping[str, Mapping[str, int]] | None = None,
) -> Iterator[Note]:  # fmt: skip
    """Every note one scenario maps onto, in the order a learner should meet them.

    The whole story first, then each step followed by its key-phrase cloze, then the
    weak answer, follow-ups, a pitch per principle, the levels and the quiz.
    ``level`` keeps one level's material; ``key_phrases`` False leaves out the clozes;
    ``clozes`` gives the cloze numbers of the deck being replaced, by note key.
    """
    deck = scenario_deck(scenario, root_deck)
    question = text(scenario.question)
    common = (
        tag("scenario", scenario.id),
        *([tag("family", scenario.family)] if scenario.family else []),
        *(tag("principle", p) for p in scenario.principles),
        *(tag("tag", t) for t in scenario.tags),
    )

    def note(
        note_type: NoteType, item: str, /, *, extra: Sequence[str] = (), **fields: str
    ) -> Note:
        key = note_key(scenario, note_type, item)
        tags = (*common, tag("kind", note_type.kind), *extra)
        values = note_type.ordered(Key=key, Question=question, **fields)
        return Note(note_type, key, values, tags, deck)

    chosen_levels = variants(scenario, level)
    # The Story note keeps the fields it was first made with (renaming one would fork
    # the note type in Anki): Overview holds the beats, Summary the full answer.
    yield note(
        STORY, "main", Family=text(scenario.family),
        Principles=text(" · ".join(scenario.principles)),
        TotalTime=text(f"Target: {duration(scenario.total_seconds)} in all"),
        Seconds=str(scenario.total_seconds), Timing=_timing(scenario.steps.items()),
        Overview=beats(scenario, level), Summary=full_answer(scenario, level),
        Guidance=guidance_line(scenario), Levels="", Reflections="",
        extra=[tag("level", v.level) for v in chosen_levels],
    )  # fmt: skip
    for key, step in scenario.steps.items():
        example = step.example or ""
        shown = reflections(scenario, level) if key == "reflection" else []
        # Highlighting ignores case; a phrase the example does not hold word for word, in
        # its own case, is listed too, so its exact wording stays on the card.
        yield note(
            STEP, key, Step=text(STEP_LABELS[key]), Target=str(step.target_seconds),
            Example=highlight(example, step.key_phrases) if example else "",
            KeyPhrases=html_list([p for p in step.key_phrases if p not in example], "phrases"),
            Coaching=text(step.coaching), Mistake=text(step.mistake),
            Reflections=definitions(shown), extra=[tag("step", key)],
        )  # fmt: skip
        if key_phrases and example and has_cloze(example, step.key_phrases):
            kept = (clozes or {}).get(note_key(scenario, KEY_PHRASES, key))
            yield note(
                KEY_PHRASES, key, Step=text(STEP_LABELS[key]),
                Text=cloze(example, step.key_phrases, kept), extra=[tag("step", key)],
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
    for guidance in scenario.guidance:
        yield note(
            PITCH, principle_key(guidance.principle), Principle=text(guidance.principle),
            LeadWith=text(guidance.lead_with), Emphasize=text(guidance.emphasize),
            Downplay=text(guidance.downplay),
        )  # fmt: skip
    for number, variant in enumerate(scenario.levels, start=1):
        if variant in chosen_levels:
            yield note(
                LEVEL, variant.id or f"#{number}", Level=text(variant.level),
                Focus=text(variant.focus), Reflection=text(variant.reflection),
                Bar=text(variant.bar), Time=text(variant.time), extra=[tag("level", variant.level)],
            )  # fmt: skip
    for number, item in enumerate(scenario.quiz, start=1):
        choices = "".join(f"<li>{text(c.text)}</li>" for c in item.choices)
        yield note(
            QUIZ, item.id or f"#{number}", QuizQuestion=text(item.question), Choices=choices,
            Answer=text(item.answer), Explanation=text(item.explanation),
        )  # fmt: skip


def _timing(steps: Sequence[tuple[str, Step]]) -> str:
    return text(" · ".join(f"{STEP_LABELS[k]} {s.target_seconds}s" for k, s in steps))
