"""The notes of a build: each scenario's, then the Which Story notes drawn across them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from . import DEFAULT_DECK_NAME, DEFAULT_TTS_LANG
from .bank import Bank
from .errors import IdentityError
from .model import Scenario
from .notes import Note, scenario_notes
from .notetypes import KEY_PHRASES, LEVEL, WHICH_STORY
from .pacing import InterviewPlan
from .whichstory import Story, which_story_notes


@dataclass(frozen=True)
class BuildOptions:
    """How cards are made: the root deck, the voice of {{tts}} (None: off), one level, a pace.

    ``key_phrases`` and ``which_story`` False leave out the key-phrase clozes and
    the Which Story notes (--no-key-phrases, --no-which-story).

    ``filtered`` says the scenarios were chosen by principle or tag, and ``principles``
    and ``tags`` name those chosen; ``drop_removed`` leaves out notes that an earlier
    build retired; ``bank`` makes Which Story notes from its questions (None: none),
    naming every one of ``stories`` that answers (None: every story loaded). A build
    of some stories then makes those notes as a build of all of them would.
    """

    deck_name: str = DEFAULT_DECK_NAME
    tts_lang: str | None = DEFAULT_TTS_LANG
    level: str | None = None
    interview: InterviewPlan | None = None
    filtered: bool = False
    principles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    drop_removed: bool = False
    bank: Bank | None = None
    stories: tuple[Story, ...] | None = None
    key_phrases: bool = True
    which_story: bool = True

    @property
    def left_out(self) -> dict[str, str]:
        """The kinds of note (NoteType.kind) left out on request, each with the option."""
        found = {KEY_PHRASES.kind: "--no-key-phrases"} if not self.key_phrases else {}
        if not self.which_story:
            found[WHICH_STORY.kind] = "--no-which-story"
        if self.level is not None:  # the other levels' cards
            found[LEVEL.kind] = f"--level '{self.level}'"
        return found


def notes_by_scenario(
    scenarios: Sequence[Scenario], options: BuildOptions = BuildOptions(),
    clozes: Mapping[str, Mapping[str, int]] | None = None,
) -> Iterator[list[Note]]:  # fmt: skip
    """The notes of each scenario in turn, checked for GUIDs unique across all of them.

    ``clozes`` holds the cloze numbers of the deck being replaced, by note key: a
    phrase keeps its card.
    """
    seen: set[int] = set()
    for scenario in scenarios:
        made = scenario_notes(
            scenario, options.deck_name, options.level, key_phrases=options.key_phrases,
            clozes=clozes or {},
        )  # fmt: skip
        notes = list(made)
        check_unique(notes, seen)
        yield notes


def check_unique(notes: Iterable[Note], seen: set[int]) -> None:
    """Add the GUIDs of ``notes`` to ``seen``, by hash; IdentityError if one is there already.

    Hashes, not the GUIDs: a build of 10,000 stories keeps 220,000 of them. Two GUIDs with
    one 64-bit hash would stop a build that was fine; a GUID given twice never gets by.
    """
    for note in notes:
        guid = hash(note.guid)
        if guid in seen:  # unreachable while ids are unique; identity must never fork
            raise IdentityError(f"two notes share the GUID of {note.key}")
        seen.add(guid)


def shared_notes(
    stories: Sequence[Story], options: BuildOptions = BuildOptions()
) -> Iterator[Note]:
    """The notes drawn across scenarios, one at a time: Which Story notes, when there is a bank.

    They name ``options.stories`` when given, else ``stories``.
    """
    if options.bank is None:
        return iter(())
    named = stories if options.stories is None else options.stories
    return which_story_notes(named, options.bank, options.deck_name, options.principles)


def collect_notes(
    scenarios: Sequence[Scenario], options: BuildOptions = BuildOptions()
) -> list[Note]:
    """Every note of a build: each scenario's, then the shared ones."""
    per_scenario = [note for notes in notes_by_scenario(scenarios, options) for note in notes]
    stories = [Story.of(s) for s in scenarios] if options.bank and options.stories is None else []
    return [*per_scenario, *shared_notes(stories, options)]
