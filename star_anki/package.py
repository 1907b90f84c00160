"""Package stage: notes → decks → a compressed .apkg, written atomically."""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import genanki

from .errors import StarAnkiError
from .files import write_atomically
from .model import Scenario
from .notes import Note, scenario_notes
from .notetypes import DEFAULT_TTS_LANG, NOTE_TYPES, genanki_model

DEFAULT_DECK_NAME = "STAR Interview"


class TimestampError(StarAnkiError):
    """SOURCE_DATE_EPOCH is set but is not a time."""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: the path, the scenario count and the notes per note type."""

    path: Path
    scenarios: int
    counts: Mapping[str, int]

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


def deck_id(name: str) -> int:
    """A deck id that depends on the deck's full name only."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:6], "big") + (1 << 50)


@dataclass(frozen=True)
class BuildOptions:
    """How cards are made: the root deck, the voice of {{tts}} (None: off) and one level."""

    deck_name: str = DEFAULT_DECK_NAME
    tts_lang: str | None = DEFAULT_TTS_LANG
    level: str | None = None


def collect_notes(
    scenarios: Sequence[Scenario], options: BuildOptions = BuildOptions()
) -> list[Note]:
    """Every note of every scenario, checked for unique GUIDs."""
    notes = [
        note
        for scenario in scenarios
        for note in scenario_notes(scenario, options.deck_name, options.level)
    ]
    guids = Counter(note.guid for note in notes)
    clashes = [note.key for note in notes if guids[note.guid] > 1]
    if clashes:  # unreachable while ids are unique; kept so identity can never silently fork
        raise StarAnkiError(f"notes share a GUID: {', '.join(clashes)}")
    return notes


def build_deck(
    scenarios: Sequence[Scenario], out: Path, options: BuildOptions = BuildOptions(),
    timestamp: float | None = None,
) -> BuildReport:  # fmt: skip
    """Write the deck of ``scenarios`` to ``out``; an earlier deck there survives any failure."""
    notes = collect_notes(scenarios, options)
    root = options.deck_name
    decks = {root: genanki.Deck(deck_id(root), root)}
    for note in notes:
        deck = decks.setdefault(note.deck, genanki.Deck(deck_id(note.deck), note.deck))
        deck.add_note(
            genanki.Note(
                model=genanki_model(note.note_type, options.tts_lang),
                fields=list(note.fields),
                tags=list(note.tags),
                guid=note.guid,
            )
        )
    stamp = build_timestamp() if timestamp is None else timestamp
    _write_package(genanki.Package(list(decks.values())), out, stamp)
    counts = Counter(note.note_type.name for note in notes)
    return BuildReport(out, len(scenarios), {t.name: counts[t.name] for t in NOTE_TYPES})


def _write_package(package: genanki.Package, out: Path, timestamp: float) -> None:
    def write(partial: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="star-anki-") as work:
            database = Path(work) / "collection.anki2"
            connection = sqlite3.connect(database)
            try:
                package.write_to_db(
                    connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
                )
                connection.commit()
            finally:
                connection.close()
            # Entries carry the build time, not the clock: SOURCE_DATE_EPOCH builds repeat exactly.
            stamp = max(time.gmtime(timestamp)[:6], (1980, 1, 1, 0, 0, 0))
            with zipfile.ZipFile(partial, "w") as archive:
                for name, data in (("collection.anki2", database.read_bytes()), ("media", b"{}")):
                    entry = zipfile.ZipInfo(name, date_time=stamp)
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(entry, data)

    write_atomically(out, write)
