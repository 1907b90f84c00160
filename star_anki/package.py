"""Package stage: notes → decks → a compressed .apkg, written atomically by apkg.py."""

from __future__ import annotations

import itertools
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .apkg import ApkgWriter, Stamp
from .changes import ChangeReport, Planner
from .collect import BuildOptions, notes_by_scenario, shared_notes
from .errors import TimestampError
from .model import Scenario
from .notes import scenario_deck
from .notetypes import NOTE_TYPES, genanki_model
from .pacing import Preset
from .previous import SOURCES_TABLE, PreviousDeck, open_previous, scenario_of

_SOURCES_COLUMNS = {"id": "TEXT PRIMARY KEY", "source": "TEXT NOT NULL"}
_DEFAULT_OPTIONS = BuildOptions()  # frozen: one serves every call


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: path, scenarios, notes per note type, cards, any preset, changes."""

    path: Path
    scenarios: int
    counts: Mapping[str, int]
    cards: int
    preset: Preset | None = None
    changes: ChangeReport = field(default_factory=ChangeReport)

    @property
    def notes(self) -> int:
        """All notes in the deck."""
        return sum(self.counts.values())


def build_timestamp(environ: Mapping[str, str] = os.environ) -> float:
    """The time stamped on notes and note types: SOURCE_DATE_EPOCH if set, else now."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return time.time()
    if not value.strip().isdigit():
        raise TimestampError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not '{value}'")
    return float(value)


def build_deck(
    scenarios: Sequence[Scenario], out: Path, options: BuildOptions = _DEFAULT_OPTIONS,
    timestamp: float | None = None, progress: Callable[[int], None] | None = None,
) -> BuildReport:  # fmt: skip
    """Write the deck of ``scenarios`` to ``out``; an earlier deck there survives any failure.

    A deck already at ``out`` is compared with (see changes.py); one star-anki did not
    write is refused with PreviousDeckError and left alone. Notes are written as they
    are made, so memory stays flat however many scenarios there are; ``progress``
    hears of each scenario done.
    """
    stamp = build_timestamp() if timestamp is None else timestamp
    counts: Counter[str] = Counter()
    cards = 0
    preset = None
    root = options.deck_name
    with open_previous(out) as previous, ApkgWriter(out) as apkg:
        planner = Planner(previous, stamp)
        models = (genanki_model(t, options.tts_lang) for t in NOTE_TYPES)
        old_models = previous.models if previous else {}
        apkg.add_note_types(models, root, planner.time, _stamp(planner, old_models))
        shared = shared_notes(scenarios, options)
        clozes = previous.clozes if previous else {}
        batches = itertools.chain(notes_by_scenario(scenarios, options, clozes), [shared])
        for number, notes in enumerate(batches, start=1):
            placed = [(note, planner.place(note)) for note in notes]
            apkg.add_notes(placed)
            counts.update(note.note_type.name for note in notes)
            cards += sum(len(placement.cards) for _, placement in placed)
            if progress is not None and number <= len(scenarios):
                progress(1)
        built = {s.id for s in scenarios}
        carried, changes = planner.carried(
            built, out.parent, options.drop_removed, options.filtered, options.left_out
        )
        apkg.add_notes(carried)
        owners = {scenario_of(note.key) for note, _ in carried}
        left_out = {s for s in owners if s is not None} - built
        apkg.add_table(
            SOURCES_TABLE, _SOURCES_COLUMNS, _sources(scenarios, out, previous, left_out)
        )
        if options.interview is not None:
            # Known only now that the cards are counted; raising here keeps the last deck.
            longest = max((s.total_seconds for s in scenarios), default=0)
            preset = options.interview.preset(cards, longest)
            old_presets = previous.presets if previous else {}
            apkg.add_preset(preset, planner.time, _stamp(planner, old_presets))
        decks = [root, *(scenario_deck(s, root) for s in scenarios)]
        apkg.add_decks([*decks, *(note.deck for note in shared), *(n.deck for n, _ in carried)])
    per_type = {t.name: counts[t.name] for t in NOTE_TYPES}
    return BuildReport(out, len(scenarios), per_type, cards, preset, changes)


def _stamp(planner: Planner, old: Mapping[str, Mapping[str, Any]]) -> Stamp:
    """The 'mod' of a note type or preset: kept from ``old`` when nothing else changed."""
    return lambda key, new: planner.stable_mod(new, old.get(key))


def _sources(
    scenarios: Sequence[Scenario], out: Path, previous: PreviousDeck | None, left_out: set[str]
) -> list[tuple[object, ...]]:
    """The file each scenario came from, relative to the deck's folder, for the sources table.

    A later build then tells a scenario that was deleted from one it merely left out.
    Scenarios ``left_out`` of this build, their notes kept, keep their recorded source.
    """
    folder = out.parent.resolve()
    rows: list[tuple[object, ...]] = []
    for scenario in scenarios:
        assert scenario.origin is not None
        source = Path(os.path.relpath(Path(scenario.origin.path).resolve(), folder))
        rows.append((scenario.id, source.as_posix()))
    old = previous.sources if previous else {}
    rows += [(s, old[s]) for s in sorted(left_out) if s in old]
    return rows
