"""Package stage: notes → decks → a compressed .apkg, written atomically."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import DEFAULT_TTS_LANG
from .errors import StarAnkiError
from .files import write_atomically
from .model import Scenario
from .notes import Note, scenario_deck, scenario_notes
from .notetypes import NOTE_TYPES, genanki_model
from .pacing import InterviewPlan, Preset

DEFAULT_DECK_NAME = "STAR Interview"


class TimestampError(StarAnkiError):
    """SOURCE_DATE_EPOCH is set but is not a time."""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: path, scenarios, notes per note type, cards and any preset."""

    path: Path
    scenarios: int
    counts: Mapping[str, int]
    cards: int
    preset: Preset | None = None

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
    """How cards are made: the root deck, the voice of {{tts}} (None: off), one level, a pace."""

    deck_name: str = DEFAULT_DECK_NAME
    tts_lang: str | None = DEFAULT_TTS_LANG
    level: str | None = None
    interview: InterviewPlan | None = None


def notes_by_scenario(
    scenarios: Sequence[Scenario], options: BuildOptions = BuildOptions()
) -> Iterator[list[Note]]:
    """The notes of each scenario in turn, checked for GUIDs unique across all of them."""
    seen: set[str] = set()
    for scenario in scenarios:
        notes = list(scenario_notes(scenario, options.deck_name, options.level))
        for note in notes:
            if note.guid in seen:  # unreachable while ids are unique; identity must never fork
                raise StarAnkiError(f"two notes share the GUID of {note.key}")
            seen.add(note.guid)
        yield notes


def collect_notes(
    scenarios: Sequence[Scenario], options: BuildOptions = BuildOptions()
) -> list[Note]:
    """Every note of every scenario, checked for unique GUIDs."""
    return [note for notes in notes_by_scenario(scenarios, options) for note in notes]


def build_deck(
    scenarios: Sequence[Scenario], out: Path, options: BuildOptions = BuildOptions(),
    timestamp: float | None = None, progress: Callable[[int], None] | None = None,
) -> BuildReport:  # fmt: skip
    """Write the deck of ``scenarios`` to ``out``; an earlier deck there survives any failure.

    Notes are written as they are made, so memory stays flat however many scenarios
    there are; ``progress`` hears of each scenario done.
    """
    stamp = build_timestamp() if timestamp is None else timestamp
    counts: Counter[str] = Counter()
    cards = 0
    preset: Preset | None = None

    def fill(cursor: sqlite3.Cursor) -> None:
        nonlocal cards, preset
        import genanki
        from genanki.apkg_col import APKG_COL
        from genanki.apkg_schema import APKG_SCHEMA

        # Indexes are built once the rows are in: far faster than keeping them up to date.
        tables, _, indexes = APKG_SCHEMA.partition("CREATE INDEX")
        cursor.executescript(tables)
        cursor.executescript(APKG_COL)
        root = options.deck_name
        names = dict.fromkeys([root, *(scenario_deck(s, root) for s in scenarios)])
        decks = {name: genanki.Deck(deck_id(name), name) for name in names}
        models = {t: genanki_model(t, options.tts_lang) for t in NOTE_TYPES}
        # Decks and note types go in as JSON once: genanki rewrites it per deck, which a
        # deck per scenario makes quadratic.
        cursor.execute(
            "UPDATE col SET models = ?",
            (
                json.dumps(
                    {str(m.model_id): m.to_json(stamp, deck_id(root)) for m in models.values()}
                ),
            ),
        )
        ids = itertools.count(int(stamp * 1000))
        mod = int(stamp)
        for notes in notes_by_scenario(scenarios, options):
            note_rows: list[tuple[object, ...]] = []
            card_rows: list[tuple[object, ...]] = []
            for note in notes:
                note_type = note.note_type
                note_id = next(ids)
                sort_field = note.fields[note_type.field_names.index(note_type.sort_field)]
                note_rows.append((note_id, note.guid, note_type.model_id, mod, -1,
                                  " " + " ".join(note.tags) + " ", "\x1f".join(note.fields),
                                  sort_field, 0, 0, ""))  # fmt: skip
                did = decks[note.deck].deck_id
                card_rows.extend(
                    (next(ids), note_id, did, ordinal, mod, -1, *(0,) * 11, "")
                    for ordinal in note.ordinals
                )
                counts[note_type.name] += 1
                cards += len(note.ordinals)
            # Rows laid out as genanki writes them, a scenario at a time.
            cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", note_rows)
            cursor.executemany(
                "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows
            )
            if progress is not None:
                progress(1)
        cursor.executescript("CREATE INDEX" + indexes)
        deck_json = {str(d.deck_id): d.to_json() for d in decks.values()}
        if options.interview is not None:
            # Known only now that the cards are counted; raising here keeps the last deck.
            preset = options.interview.preset(cards)
            (dconf_text,) = cursor.execute("SELECT dconf FROM col").fetchone()
            dconf = json.loads(dconf_text)
            dconf[str(preset.id)] = preset.config(dconf["1"], mod)
            for deck in deck_json.values():
                deck["conf"] = preset.id
            cursor.execute("UPDATE col SET dconf = ?", (json.dumps(dconf),))
        cursor.execute("UPDATE col SET decks = ?", (json.dumps(deck_json),))

    _write_package(fill, out)
    notes = {t.name: counts[t.name] for t in NOTE_TYPES}
    return BuildReport(out, len(scenarios), notes, cards, preset)


def _write_package(fill: Callable[[sqlite3.Cursor], None], out: Path) -> None:
    def write(partial: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="star-anki-") as work:
            database = Path(work) / "collection.anki2"
            connection = sqlite3.connect(database)
            try:
                fill(connection.cursor())
                connection.commit()
            finally:
                connection.close()
            # Level 1: a little larger than the default level, several times faster. Entries
            # carry zip's fixed earliest date, not the clock, so builds repeat exactly.
            with zipfile.ZipFile(
                partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
            ) as archive:
                for name, source in (("collection.anki2", database), ("media", None)):
                    with archive.open(name, "w") as target:
                        if source is None:
                            target.write(b"{}")
                        else:  # streamed: a large collection never sits in memory whole
                            with source.open("rb") as data:
                                shutil.copyfileobj(data, target, 1 << 20)

    write_atomically(out, write)
