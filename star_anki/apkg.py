"""The .apkg writer: the one module that knows genanki's schema, its JSON and the zip.

star-anki writes the collection's rows itself rather than calling
genanki.Package.write_to_file (genanki 0.13.1; figures for benchmarks/bench.py's
synthetic scenarios, 18 notes each, medians of 3 to 5 runs on a shared 2-CPU machine):

1. Speed. genanki's Deck.write_to_db reads and rewrites the col table's decks and
   models JSON once per deck, which a deck per scenario makes quadratic: for 100,
   300 and 1000 scenarios write_to_file alone took 0.7, 3.0 and 24 s, where
   star-anki's whole build_deck took 0.4, 0.9 and 2.3 s. Here each is written once.

2. Size. genanki stores the collection uncompressed: 29.2 MB for the 1000 scenarios
   against 3.7 MB here (deflate level 1, several times faster than the default level).

3. No litter. write_to_file builds the collection in a tempfile.mkstemp() file in the
   system temp folder and never deletes it, whether it succeeds or fails: each build
   leaves a full uncompressed copy behind (29.2 MB above). Here it lives in a
   temporary folder that is always removed.

4. Safety and repeatability. genanki zips straight into the target, so a failure while
   zipping (a full disk) leaves a broken file where the last deck was, and dates the
   entries by the clock, so two builds a second apart differ even at one time stamp.
   Here the zip is written beside ``out`` and moved into place (files.atomic_file),
   with fixed entry dates: the same input and time stamp give a byte-identical deck.

5. Presets. genanki writes only Anki's default deck options preset (id 1, from
   APKG_COL) and points every deck at it; interview pacing needs a preset of its own.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from .changes import Placement, note_digest
from .files import atomic_file
from .notes import Note
from .pacing import Preset
from .previous import Known, Written

# The 'mod' of a note type or preset, from its id and its JSON (see Planner.stable_mod).
Stamp = Callable[[str, dict[str, Any]], int]
_UNSYNCED = -1  # Anki's usn of a change not yet synced


class NoteRow(NamedTuple):
    """A row of Anki's notes table, column by column (genanki's note.py writes the same)."""

    id: int
    guid: str
    mid: int  # note type id
    mod: int  # time stamp, seconds
    usn: int
    tags: str  # space-separated, a space at each end
    flds: str  # joined by 0x1f
    sfld: str  # the sort field
    csum: int = 0  # checksum of the first field, for finding duplicates; 0 as genanki has it
    flags: int = 0
    data: str = ""


class CardRow(NamedTuple):
    """A row of Anki's cards table, column by column (genanki's card.py writes the same)."""

    id: int
    nid: int  # note id
    did: int  # deck id
    ord: int  # template, or cloze number - 1
    mod: int
    usn: int
    type: int = 0  # 0: new
    queue: int = 0  # 0: new
    due: int = 0  # a new card's position: Anki shows new cards in this order
    ivl: int = 0
    factor: int = 0
    reps: int = 0
    lapses: int = 0
    left: int = 0
    odue: int = 0
    odid: int = 0
    flags: int = 0
    data: str = ""


@cache
def deck_id(name: str) -> int:
    """A deck id that depends on the deck's full name only."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:6], "big") + (1 << 50)


def _insert(table: str, columns: Iterable[str]) -> str:
    quoted = [f'"{c}"' for c in columns]  # 'left' is an SQL keyword
    return f"INSERT INTO {table} ({', '.join(quoted)}) VALUES ({', '.join('?' * len(quoted))})"


_SCRATCH = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1024;"
_NOTES_INSERT = _insert("notes", NoteRow._fields)
_CARDS_INSERT = _insert("cards", CardRow._fields)


def split_schema(schema: str, version: str) -> tuple[str, str]:
    """genanki's schema as its CREATE TABLE statements, then its CREATE INDEX statements.

    Indexes are built once the rows are in: far faster than keeping them up to date.
    A schema that no longer splits so raises RuntimeError naming the genanki ``version``.
    """
    tables, marker, rest = schema.partition("CREATE INDEX")
    indexes = marker + rest
    statements = [s.strip() for s in indexes.split(";") if s.strip()]
    expected = all(f"CREATE TABLE {t} (" in tables for t in ("col", "notes", "cards"))
    if not (expected and statements and all(s.startswith("CREATE INDEX") for s in statements)):
        raise RuntimeError(
            f"genanki {version} changed its APKG_SCHEMA: star-anki expects the col, notes and"
            " cards tables, then only CREATE INDEX statements (as in genanki 0.13)"
        )
    return tables, indexes


@cache
def _schema() -> tuple[str, str]:
    return split_schema(APKG_SCHEMA, genanki.__version__)


def with_parents(names: Iterable[str]) -> list[str]:
    """Deck names with every parent deck named first, once each."""
    found: dict[str, None] = {}
    for name in names:
        parts = name.split("::")
        found.update(dict.fromkeys("::".join(parts[: i + 1]) for i in range(len(parts))))
    return list(found)


class ApkgWriter:
    """``with ApkgWriter(out) as apkg:`` fills a new collection; a clean exit writes ``out``.

    Note types go in first, then notes with their cards, streamed. Tables, a preset and
    the decks are kept and written on a clean exit after the indexes, always in that
    order, as the order of writes shapes the file. On an exception nothing is written
    and any deck at ``out`` is left as it was.
    """

    def __init__(self, out: Path, keep: Path | None = None, base: Written | None = None) -> None:
        self.out = out
        self.keep = keep  # where the collection is kept once the deck is written (a watch)
        # The deck a watch wrote last: only the rows that differ from its are written.
        self._base = base
        self._unseen: dict[str, Known] = dict(base.notes) if base is not None else {}
        # note type id -> number of fields, and the place of the sort field among them
        self._fields: dict[int, tuple[int, int]] = {}
        self._position = 0  # of the last card added: new cards come in the order added
        self._tables: list[tuple[str, Mapping[str, str], list[tuple[object, ...]]]] = []
        self._preset: tuple[Preset, int, Stamp] | None = None
        self._decks: list[str] = []

    def __enter__(self) -> ApkgWriter:
        tables, _ = _schema()
        with ExitStack() as stack:
            # Entered first: a deck that cannot be written fails now, not after the build.
            self._partial = stack.enter_context(atomic_file(self.out))
            work = stack.enter_context(tempfile.TemporaryDirectory(prefix="star-anki-"))
            self._database = Path(work) / "collection.anki2"
            if self._base is not None:
                shutil.copyfile(self._base.database, self._database)
            self._db = sqlite3.connect(self._database)
            stack.callback(self._db.close)
            # A scratch file, thrown away on failure: no journal, no waiting for the disk.
            self._db.executescript(_SCRATCH)
            if self._base is None:
                self._db.executescript(tables)
            else:
                self._db.execute("DELETE FROM col")
            self._db.executescript(APKG_COL)
            self._cleanup = stack.pop_all()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:  # fmt: skip
        # The stack closes the collection and removes its folder; it puts the zip in place
        # of ``out`` only when no error reaches it, else it removes the unfinished zip.
        if kind is not None:
            return self._cleanup.__exit__(kind, error, traceback)
        with self._cleanup:
            self._finish()
            self._zip(self._partial)
            if self.keep is not None:  # before its folder goes
                shutil.move(self._database, self.keep)
        return None

    def add_note_types(
        self, models: Iterable[genanki.Model], root: str, time: int, stamp: Stamp
    ) -> None:
        """The note types, new notes of them going to deck ``root``; call once, first."""
        found = {}
        for model in models:
            data = model.to_json(time, deck_id(root))
            data["mod"] = stamp(str(model.model_id), data)
            found[str(model.model_id)] = data
            self._fields[model.model_id] = (len(data["flds"]), data["sortf"])
        self._db.execute("UPDATE col SET models = ?", (json.dumps(found),))

    def add_notes(
        self, placed: Sequence[tuple[Note, Placement]], digests: Sequence[bytes] = ()
    ) -> list[int]:
        """Notes with their cards, due in the order given; ValueError on a wrong field count.

        Anki keeps a new card's position from the package, so the order notes are
        added in is the order a learner meets them. Returns each note's first position.
        Over a base deck, a note whose ``digests`` entry, ids, stamp and positions are
        the base's is left as it is there.
        """
        notes: list[NoteRow] = []
        cards: list[CardRow] = []
        firsts: list[int] = []
        stale: list[tuple[int]] = []
        for number, (note, at) in enumerate(placed):
            note_type = note.note_type
            known = self._fields.get(note_type.model_id)
            if known is None:
                raise ValueError(f"note {note.key}: its note type '{note_type.name}' was not added")
            wanted, sort_index = known
            if wanted != len(note.fields):  # genanki's Note checks this; rows bypass it
                raise ValueError(
                    f"note {note.key} has {len(note.fields)} fields,"
                    f" but its note type '{note_type.name}' has {wanted}"
                )
            first = self._position + 1
            self._position += len(at.cards)
            firsts.append(first)
            if self._base is not None and (old := self._unseen.pop(note.guid, None)) is not None:
                content = digests[number] if digests else note_digest(note)
                if (old.note_id, old.mod, old.cards, old.due, old.digest) == (
                    at.note_id, at.mod, at.cards, first, content
                ):  # fmt: skip
                    continue
                stale.append((old.note_id,))
            notes.append(
                NoteRow(at.note_id, note.guid, note_type.model_id, at.mod, _UNSYNCED,
                        note.stored_tags, note.stored_fields, note.fields[sort_index])
            )  # fmt: skip
            did = deck_id(note.deck)
            for position, (ordinal, card_id) in enumerate(at.cards, start=first):
                cards.append(
                    CardRow(card_id, at.note_id, did, ordinal, at.mod, _UNSYNCED, due=position)
                )  # fmt: skip
        self._delete(stale)
        # All notes, then all cards: the order rows go in shapes the file, so keep it.
        self._db.executemany(_NOTES_INSERT, notes)
        self._db.executemany(_CARDS_INSERT, cards)
        return firsts

    def unchanged(
        self, notes: Sequence[Note], digests: Sequence[bytes]
    ) -> list[tuple[str, Known]] | None:
        """The base deck's records of ``notes`` when all are there as they are, at the very
        positions they would take: then they are left as they are there. Else None."""
        if self._base is None:
            return None
        kept = []
        position = self._position
        for note, content in zip(notes, digests, strict=True):
            old = self._unseen.get(note.guid)
            if old is None or old.digest != content or old.due != position + 1:
                return None
            kept.append((note.guid, old))
            position += len(old.cards)
        for guid, _ in kept:
            del self._unseen[guid]
        self._position = position
        return kept

    def _delete(self, notes: list[tuple[int]]) -> None:
        """The rows of these notes, by id, and of their cards."""
        if not notes:  # not even a transaction: the file's change counter counts them
            return
        self._db.executemany("DELETE FROM notes WHERE id = ?", notes)
        self._db.executemany("DELETE FROM cards WHERE nid = ?", notes)

    def add_table(
        self, name: str, columns: Mapping[str, str], rows: list[tuple[object, ...]]
    ) -> None:
        """A table of star-anki's own, ``columns`` naming each column's type and constraints.

        Anki's importer reads only the tables it knows, so this never reaches a collection.
        """
        self._tables.append((name, columns, rows))

    def add_preset(self, preset: Preset, time: int, stamp: Stamp) -> None:
        """A deck options preset, made from Anki's default one, that every deck will use."""
        self._preset = (preset, time, stamp)

    def add_decks(self, names: Iterable[str]) -> None:
        """Decks by name; their parents are added too, and each is added once."""
        self._decks.extend(names)

    def _finish(self) -> None:
        _, indexes = _schema()
        if self._base is None:
            self._db.executescript(indexes)
        self._delete([(known.note_id,) for known in self._unseen.values()])
        for name, columns, rows in self._tables:
            if self._base is not None:
                self._db.execute(f"DROP TABLE IF EXISTS {name}")
            defined = ", ".join(f"{column} {kind}" for column, kind in columns.items())
            self._db.execute(f"CREATE TABLE {name} ({defined})")
            self._db.executemany(_insert(name, columns), rows)
        decks = {
            str(deck_id(name)): genanki.Deck(deck_id(name), name).to_json()
            for name in with_parents(self._decks)
        }
        if self._preset is not None:
            preset, time, stamp = self._preset
            (text,) = self._db.execute("SELECT dconf FROM col").fetchone()
            presets = json.loads(text)
            config = preset.config(presets["1"], time)
            config["mod"] = stamp(str(preset.id), config)
            presets[str(preset.id)] = config
            for deck in decks.values():
                deck["conf"] = preset.id
            self._db.execute("UPDATE col SET dconf = ?", (json.dumps(presets),))
        self._db.execute("UPDATE col SET decks = ?", (json.dumps(decks),))
        self._db.commit()
        self._db.close()

    def _zip(self, partial: Path) -> None:
        # Level 1: a little larger than the default level, several times faster. Entries
        # carry zip's fixed earliest date, not the clock, so builds repeat exactly.
        with zipfile.ZipFile(
            partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
        ) as archive:
            with archive.open("collection.anki2", "w") as target, self._database.open("rb") as data:
                shutil.copyfileobj(data, target, 1 << 20)  # streamed: it may be large
            with archive.open("media", "w") as target:
                target.write(b"{}")
