"""Package stage: notes → decks → a compressed .apkg, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import DEFAULT_DECK_NAME, DEFAULT_TTS_LANG
from .changes import ChangeReport, Placement, Planner
from .errors import IdentityError, TimestampError
from .files import write_atomically
from .model import Scenario
from .notes import Note, scenario_deck, scenario_notes
from .notetypes import NOTE_TYPES, genanki_model
from .pacing import InterviewPlan, Preset
from .previous import SOURCES_TABLE, open_previous, scenario_of


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


def deck_id(name: str) -> int:
    """A deck id that depends on the deck's full name only."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:6], "big") + (1 << 50)


@dataclass(frozen=True)
class BuildOptions:
    """How cards are made: the root deck, the voice of {{tts}} (None: off), one level, a pace.

    ``filtered`` says the scenarios were chosen by principle or tag; ``drop_removed``
    leaves out notes that an earlier build retired.
    """

    deck_name: str = DEFAULT_DECK_NAME
    tts_lang: str | None = DEFAULT_TTS_LANG
    level: str | None = None
    interview: InterviewPlan | None = None
    filtered: bool = False
    drop_removed: bool = False


def notes_by_scenario(
    scenarios: Sequence[Scenario], options: BuildOptions = BuildOptions()
) -> Iterator[list[Note]]:
    """The notes of each scenario in turn, checked for GUIDs unique across all of them."""
    seen: set[str] = set()
    for scenario in scenarios:
        notes = list(scenario_notes(scenario, options.deck_name, options.level))
        for note in notes:
            if note.guid in seen:  # unreachable while ids are unique; identity must never fork
                raise IdentityError(f"two notes share the GUID of {note.key}")
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

    A deck already at ``out`` is compared with (see changes.py); one star-anki did not
    write is refused with PreviousDeckError and left alone. Notes are written as they
    are made, so memory stays flat however many scenarios there are; ``progress``
    hears of each scenario done.
    """
    stamp = build_timestamp() if timestamp is None else timestamp
    with open_previous(out) as previous:
        writer = _DeckWriter(scenarios, out, options, Planner(previous, stamp), progress)
        _write_package(writer.fill, out)
    notes = {t.name: writer.counts[t.name] for t in NOTE_TYPES}
    return BuildReport(out, len(scenarios), notes, writer.cards, writer.preset, writer.changes)


class _DeckWriter:
    """Fills the collection of a new deck: note types, notes, cards, decks and sources."""

    def __init__(
        self, scenarios: Sequence[Scenario], out: Path, options: BuildOptions, planner: Planner,
        progress: Callable[[int], None] | None,
    ) -> None:  # fmt: skip
        self.scenarios, self.out, self.options = scenarios, out, options
        self.planner, self.progress = planner, progress
        self.previous = planner.previous  # the deck compared with, if any
        self.counts: Counter[str] = Counter()
        self.cards = 0
        self.preset: Preset | None = None
        self.changes = ChangeReport()

    def fill(self, cursor: sqlite3.Cursor) -> None:
        import genanki
        from genanki.apkg_col import APKG_COL
        from genanki.apkg_schema import APKG_SCHEMA

        options, planner = self.options, self.planner
        # Indexes are built once the rows are in: far faster than keeping them up to date.
        tables, _, indexes = APKG_SCHEMA.partition("CREATE INDEX")
        cursor.executescript(tables)
        cursor.executescript(APKG_COL)
        root = options.deck_name
        old_models = self.previous.models if self.previous else {}
        models = {}
        for note_type in NOTE_TYPES:
            # Decks and note types go in as JSON once: genanki rewrites it per deck, which a
            # deck per scenario makes quadratic.
            model = genanki_model(note_type, options.tts_lang).to_json(planner.time, deck_id(root))
            model["mod"] = planner.stable_mod(model, old_models.get(str(note_type.model_id)))
            models[str(note_type.model_id)] = model
        cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
        names = dict.fromkeys([root, *(scenario_deck(s, root) for s in self.scenarios)])
        for notes in notes_by_scenario(self.scenarios, options):
            made = []
            for note in notes:
                placement = planner.place(note)
                made.append((note, placement))
                self.counts[note.note_type.name] += 1
                self.cards += len(placement.cards)
            _insert(cursor, made)
            if self.progress is not None:
                self.progress(1)
        built = {s.id for s in self.scenarios}
        carried, self.changes = planner.carried(
            built, self.out.parent, options.drop_removed, options.filtered
        )
        _insert(cursor, carried)
        names.update(dict.fromkeys(n.deck for n, _ in carried))
        cursor.executescript("CREATE INDEX" + indexes)
        self._sources(cursor, built, {scenario_of(n.key) for n, _ in carried})
        decks = {name: genanki.Deck(deck_id(name), name) for name in _with_parents(names)}
        deck_json = {str(d.deck_id): d.to_json() for d in decks.values()}
        if options.interview is not None:
            # Known only now that the cards are counted; raising here keeps the last deck.
            self.preset = preset = options.interview.preset(self.cards)
            (dconf_text,) = cursor.execute("SELECT dconf FROM col").fetchone()
            dconf = json.loads(dconf_text)
            config = preset.config(dconf["1"], planner.time)
            old = self.previous.presets.get(str(preset.id)) if self.previous else None
            config["mod"] = planner.stable_mod(config, old)
            dconf[str(preset.id)] = config
            for deck in deck_json.values():
                deck["conf"] = preset.id
            cursor.execute("UPDATE col SET dconf = ?", (json.dumps(dconf),))
        cursor.execute("UPDATE col SET decks = ?", (json.dumps(deck_json),))

    def _sources(self, cursor: sqlite3.Cursor, built: set[str], kept: set[str]) -> None:
        """Record the file each scenario came from, relative to the deck's folder.

        A later build then tells a scenario that was deleted from one it merely left out.
        """
        folder = self.out.parent.resolve()
        rows = []
        for scenario in self.scenarios:
            assert scenario.origin is not None
            source = Path(os.path.relpath(Path(scenario.origin.path).resolve(), folder))
            rows.append((scenario.id, source.as_posix()))
        old = self.previous.sources if self.previous else {}
        rows += [(s, old[s]) for s in sorted(kept - built) if s in old]
        cursor.execute(f"CREATE TABLE {SOURCES_TABLE} (id TEXT PRIMARY KEY, source TEXT NOT NULL)")
        cursor.executemany(f"INSERT INTO {SOURCES_TABLE} VALUES (?, ?)", rows)


def _insert(cursor: sqlite3.Cursor, notes: Sequence[tuple[Note, Placement]]) -> None:
    """Note and card rows, laid out as genanki writes them."""
    note_rows: list[tuple[object, ...]] = []
    card_rows: list[tuple[object, ...]] = []
    for note, placed in notes:
        note_type = note.note_type
        sort_field = note.fields[note_type.field_names.index(note_type.sort_field)]
        note_rows.append((placed.note_id, note.guid, note_type.model_id, placed.mod, -1,
                          note.stored_tags, note.stored_fields, sort_field, 0, 0,
                          ""))  # fmt: skip
        did = deck_id(note.deck)
        card_rows.extend(
            (card_id, placed.note_id, did, ordinal, placed.mod, -1, *(0,) * 11, "")
            for ordinal, card_id in placed.cards
        )
    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", note_rows)
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)


def _with_parents(names: Iterable[str]) -> list[str]:
    """Deck names with every parent deck named first, once each."""
    found: dict[str, None] = {}
    for name in names:
        parts = name.split("::")
        found.update(dict.fromkeys("::".join(parts[: i + 1]) for i in range(len(parts))))
    return list(found)


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
