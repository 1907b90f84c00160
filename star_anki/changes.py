"""A rebuild compared with the deck it replaces: new, changed, unchanged and removed notes.

Anki's import updates a note only when the incoming one is newer. Unchanged notes
therefore keep their previous time stamp and changed ones get a newer one, so the
import reports as updated exactly the notes that changed. Notes of removed items
are kept as retired notes (tagged, their cards saying so) because an .apkg import
cannot delete; notes of scenarios a build merely left out are kept as they were.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .markup import text
from .notes import Note
from .notetypes import KEY_PHRASES, WHICH_STORY
from .previous import REMOVED_TAG, PreviousDeck, digest, kind_of, scenario_of
from .targets import read_held

UNANSWERED_NOTICE = (
    '<div class="star-removed"><b>No story of yours answers this any more.</b> No scenario'
    " targets its principle or lists it under 'questions'. To delete it, search"
    " <b>tag:star::removed</b> in Anki's browser, select the notes and delete them.</div>"
)
REMOVED_NOTICE = (
    '<div class="star-removed"><b>Removed from your scenarios.</b> This item is no longer in'
    " its scenario file. To delete it, search <b>tag:star::removed</b> in Anki's browser,"
    " select the notes and delete them.</div>"
)
NO_PHRASE_NOTICE = (
    '<div class="star-removed"><b>No key phrase to ask for.</b> None of this step\'s key'
    " phrases is in its example word for word, or each is too slight to be worth a card"
    " (one word besides I, the, to and the like). To delete it, search"
    " <b>tag:star::removed</b> in Anki's browser, select the notes and delete them.</div>"
)
LEFT_OUT_NOTICE = (
    '<div class="star-removed"><b>Left out of this deck.</b> It was built with {option}.'
    " To delete it, search <b>tag:star::removed</b> in Anki's browser, select the notes and"
    " delete them.</div>"
)


@dataclass(frozen=True)
class Placement:
    """Where a note goes in the new deck: its ids and its time stamp."""

    note_id: int
    mod: int
    cards: tuple[tuple[int, int], ...]  # (ordinal, card id)


@dataclass(frozen=True)
class ChangeReport:
    """What a build changed against the deck it replaced (all empty when there was none)."""

    compared: bool = False
    new: tuple[str, ...] = ()  # keys
    changed: tuple[str, ...] = ()
    unchanged: int = 0
    removed: tuple[str, ...] = ()  # retired by this build
    gone: tuple[str, ...] = ()  # scenarios retired whole by this build
    restored: tuple[str, ...] = ()  # retired before, produced again
    retired: int = 0  # retired by an earlier build, still kept
    dropped: int = 0  # retired notes left out on request
    kept: int = 0  # notes this build left out, kept as they were
    kept_scenarios: int = 0
    kept_shared: int = 0  # of those, notes drawn across scenarios (Which Story)
    emptied: int = 0  # cards of kept notes whose cloze is gone: Anki keeps them, empty


@dataclass
class Planner:
    """Gives each note of a build its ids and time stamp, and finds what must be carried."""

    previous: PreviousDeck | None
    stamp: float
    _ids: Iterator[int] = field(init=False)
    _placed: set[str] = field(default_factory=set, init=False)
    _new: list[str] = field(default_factory=list, init=False)
    _changed: list[str] = field(default_factory=list, init=False)
    _restored: list[str] = field(default_factory=list, init=False)
    _unchanged: int = field(default=0, init=False)
    _emptied: int = field(default=0, init=False)
    time: int = field(default=0, init=False)
    """The stamp of whatever changed: the build time, and newer than the previous deck."""

    def __post_init__(self) -> None:
        # Ids of notes and cards kept from the previous deck stay theirs; new ones follow.
        largest = self.previous.largest_id() if self.previous else 0
        self._ids = itertools.count(max(int(self.stamp * 1000), largest + 1))
        newest = self.previous.newest if self.previous else 0
        self.time = max(int(self.stamp), newest + 1)

    def _fresh(self, note: Note) -> Placement:
        """New ids for a note the previous deck does not have, stamped now."""
        ids = self._ids
        cards = tuple([(o, next(ids)) for o in note.ordinals])
        return Placement(next(ids), self.time, cards)

    def place(self, note: Note, content: bytes | None = None) -> Placement:
        """The ids and time stamp of a note this build made, whose digest is ``content``
        (note_digest, made here when not given)."""
        if self.previous is None:  # nothing to compare with, or to remember for it
            return self._fresh(note)
        self._placed.add(note.guid)
        known = self.previous.notes.get(note.guid)
        if known is None:
            self._new.append(note.key)
            return self._fresh(note)
        old_cards = dict(known.cards)
        cards = tuple((o, old_cards.get(o) or next(self._ids)) for o in note.ordinals)
        self._emptied += len(old_cards.keys() - set(note.ordinals))
        if known.digest == (content or note_digest(note)):
            self._unchanged += 1
            return Placement(known.note_id, known.mod, cards)
        (self._restored if known.retired else self._changed).append(note.key)
        return Placement(known.note_id, self.time, cards)

    def keep(self, guids: Sequence[str]) -> None:
        """Notes this build made just as the previous deck has them, ids and stamps and all."""
        self._placed.update(guids)
        self._unchanged += len(guids)

    def stable_mod(self, new: Mapping[str, Any], old: Mapping[str, Any] | None) -> int:
        """The stamp of a note type or preset: the old one when nothing else in it changed."""
        if old is not None and _without_mod(new) == _without_mod(old):
            return int(old.get("mod", self.time))
        return self.time

    def carried(
        self, built: set[str], folder: Path, drop_removed: bool, filtered: bool,
        left_out: Mapping[str, str] | None = None,
    ) -> tuple[list[tuple[Note, Placement]], ChangeReport]:  # fmt: skip
        """Previous notes this build did not make, as they go into the new deck, and the report.

        ``built`` holds the ids of the scenarios built; ``folder`` is the deck's, from
        which scenario sources are recorded; ``filtered`` says --principle or --tag chose
        the scenarios (a scenario with no recorded source is then never taken for gone);
        ``left_out`` maps the kinds of note left out on request to the option that did
        it; their notes are retired saying so.
        """
        if self.previous is None:
            return [], ChangeReport()
        previous = self.previous
        gone: dict[str, bool] = {}
        retire: dict[str, str] = {}  # guid -> the notice saying why
        keep: set[str] = set()
        removed: list[str] = []
        kept_scenarios: set[str] = set()
        gone_now: set[str] = set()
        dropped = retired = shared = 0
        for guid, known in previous.notes.items():
            if guid in self._placed:
                continue
            scenario = scenario_of(known.key)
            if scenario is None:  # drawn across scenarios: a partial build could not make it
                skipped = filtered
            else:
                skipped = scenario not in built and not gone.setdefault(
                    scenario, _is_gone(scenario, previous.sources.get(scenario), folder, filtered)
                )
            if skipped:
                keep.add(guid)
                if scenario is None:
                    shared += 1
                else:
                    kept_scenarios.add(scenario)
            elif not known.retired:
                retire[guid] = _notice(known.key, scenario is None or scenario in built,
                                       left_out or {})  # fmt: skip
                removed.append(known.key)
                if scenario is not None and scenario not in built:
                    gone_now.add(scenario)
            elif drop_removed:
                dropped += 1
            else:
                keep.add(guid)
                retired += 1
        notes: list[tuple[Note, Placement]] = []
        for guid, old in previous.full(retire.keys() | keep):
            note = _retired(old, retire[guid]) if guid in retire else old
            notes.append((note, self._carry(note, guid)))
        report = ChangeReport(
            compared=True, new=tuple(self._new), changed=tuple(self._changed),
            unchanged=self._unchanged, removed=tuple(sorted(removed)), gone=tuple(sorted(gone_now)),
            restored=tuple(self._restored), retired=retired, dropped=dropped,
            kept=len(keep) - retired, kept_scenarios=len(kept_scenarios), kept_shared=shared,
            emptied=self._emptied,
        )  # fmt: skip
        return notes, report

    def _carry(self, note: Note, guid: str) -> Placement:
        assert self.previous is not None
        known = self.previous.notes[guid]
        same = known.digest == note_digest(note)
        return Placement(known.note_id, known.mod if same else self.time, known.cards)


def note_digest(note: Note) -> bytes:
    """The digest of a note as it will be written, to compare with the previous deck's."""
    return digest(note.note_type.model_id, note.stored_fields, note.stored_tags, note.deck)


def _is_gone(scenario: str, source: str | None, folder: Path, filtered: bool) -> bool:
    """Whether a scenario this build did not make has left its file (not merely been left out)."""
    if source is None:  # a deck from before sources were recorded
        return not filtered
    path = folder / source
    try:
        if not path.exists():
            return True
    except OSError:  # cannot tell: keep it
        return False
    held = read_held(path).id  # None when it cannot be told: then the scenario is kept
    return held is not None and held != scenario


def _notice(key: str, built: bool, left_out: Mapping[str, str]) -> str:
    """Why the note of ``key`` is retired; ``built`` says its scenario is in this build."""
    kind = kind_of(key)
    if (kind in left_out and built) or (kind == WHICH_STORY.kind and kind in left_out):
        return LEFT_OUT_NOTICE.format(option=text(left_out[kind]))
    if kind == WHICH_STORY.kind:
        return UNANSWERED_NOTICE
    if kind == KEY_PHRASES.kind and built:  # every step stays: no phrase is left to ask for
        return NO_PHRASE_NOTICE
    return REMOVED_NOTICE


def _retired(old: Note, notice: str) -> Note:
    """A previous note marked as removed: tagged, and its question prefixed with ``notice``."""
    question = notice + old.fields[1]
    fields = (old.fields[0], question, *old.fields[2:])
    return dataclasses.replace(old, fields=fields, tags=(*old.tags, REMOVED_TAG))


def _without_mod(value: Mapping[str, Any]) -> Any:
    return json.loads(json.dumps({k: v for k, v in value.items() if k != "mod"}))
