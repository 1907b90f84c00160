"""'Which story?' notes: an interview question on the front, your stories that answer it behind.

One note per bank question whose principle a story of yours targets, and one per
other wording a story lists under ``questions`` (the bank's own note when that
wording is a bank question). A note's key comes from its question's id, never
from the stories, so a story added later updates the note instead of adding one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .bank import Bank
from .ids import question_id
from .markup import first_sentence, html_list, text
from .model import Scenario
from .notes import Note, tag
from .notetypes import WHICH_STORY
from .rules import principle_key

DECK = "Which story"
# Keys of scenario notes start with a scenario id, which cannot hold a colon.
KEY_PREFIX = "question:"


@dataclass(frozen=True, slots=True)
class Story:
    """What Which Story notes need of a scenario: a build keeps this of each, not the whole."""

    id: str
    question: str
    questions: tuple[str, ...]
    principles: tuple[str, ...]
    item: str  # the story as an item of a Stories field

    @classmethod
    def of(cls, scenario: Scenario) -> Story:
        """The story of ``scenario``."""
        return cls(
            scenario.id, scenario.question, scenario.questions, scenario.principles,
            _item(scenario),
        )  # fmt: skip


@dataclass
class Prompt:
    """One question asked on a Which Story card, with the principles it tests and the stories."""

    id: str
    question: str
    principles: dict[str, None] = field(default_factory=dict)  # ordered sets
    stories: dict[str, Story] = field(default_factory=dict)  # by scenario id

    def add(self, principles: Sequence[str], stories: Sequence[Story]) -> None:
        """More principles and stories, each kept once, in the order first given."""
        self.principles.update(dict.fromkeys(principles))
        self.stories.update((s.id, s) for s in stories if s.id not in self.stories)


def prompts(scenarios: Sequence[Story], bank: Bank, principles: Sequence[str] = ()) -> list[Prompt]:
    """The questions to ask, bank questions first in bank order, then stories' own wordings.

    ``principles`` (a --principle filter) keeps only bank questions of those principles;
    a story's own wordings are always asked.
    """
    wanted = {principle_key(p) for p in principles}
    targets = {s.id: bank.targets(s.principles) for s in scenarios}
    answering: dict[str, list[Story]] = {}  # a bank principle -> the stories for it
    for scenario in scenarios:
        for principle in targets[scenario.id][0]:
            answering.setdefault(principle, []).append(scenario)
    found: dict[str, Prompt] = {}
    for question in bank.questions:
        if wanted and principle_key(question.principle) not in wanted:
            continue
        stories = answering.get(question.principle, [])
        if stories:
            found.setdefault(question.id, Prompt(question.id, question.text)).add(
                [question.principle], stories
            )
    for scenario in scenarios:
        # A story asked as a bank question answers that question's card, whatever its principles.
        main = [scenario.question] if bank.find(scenario.question) else []
        for wording in [*main, *scenario.questions]:
            asked = bank.find(wording)
            if asked is not None:
                prompt = found.setdefault(asked.id, Prompt(asked.id, asked.text))
                prompt.add([asked.principle], [scenario])
            else:
                key = question_id(wording)
                banked, others = targets[scenario.id]
                found.setdefault(key, Prompt(key, wording)).add([*banked, *others], [scenario])
    return list(found.values())


def hook(scenario: Scenario) -> str:
    """The line that recalls a story: its ``hook``, else its situation's first sentence."""
    if scenario.hook:
        return scenario.hook
    return first_sentence(scenario.steps.situation.example or scenario.overview or "")


def _item(story: Scenario) -> str:
    """One story as an item of a Stories field: its question, hook and result key phrases."""
    line = hook(story)
    return (
        f'<li><div class="story-question">{text(story.question)}</div>'
        + (f'<div class="hook">{text(line)}</div>' if line else "")
        + html_list(story.steps.result.key_phrases, "phrases")
        + "</li>"
    )


def which_story_notes(
    stories: Sequence[Story], bank: Bank, root_deck: str, principles: Sequence[str] = ()
) -> Iterator[Note]:
    """The Which Story notes of ``stories``, in the deck ``root_deck::Which story``.

    Made one at a time: with thousands of stories each note is large.
    """
    for prompt in prompts(stories, bank, principles):
        key = KEY_PREFIX + prompt.id
        listed = "".join(story.item for story in prompt.stories.values())
        fields = WHICH_STORY.ordered(
            Key=key,
            Question=text(prompt.question),
            Principles=text(" · ".join(prompt.principles)),
            Stories=f'<ol class="stories">{listed}</ol>',
        )
        tags = (
            tag("kind", WHICH_STORY.kind),
            *(tag("principle", p) for p in prompt.principles),
            *(tag("scenario", s) for s in prompt.stories),
        )
        yield Note(WHICH_STORY, key, fields, tags, f"{root_deck}::{DECK}")
