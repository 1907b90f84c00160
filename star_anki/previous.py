"""The deck already at the output path: what the learner last got, to compare a rebuild with.

Only digests of note content are kept in memory; the few notes that must be
carried into the new deck (removed items, scenarios left out) are read again
from the old collection, which stays open while the new deck is written.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Collection, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PreviousDeckError
from .notes import Note
from .notetypes import KEY_PHRASES, NOTE_TYPES, WHICH_STORY, note_type_by_id
from .phrases import cloze_numbers

REMOVED_TAG = "star::removed"
# The table star-anki adds to its packages: which file each scenario was built from.
# Anki's importer reads only the tables it knows, so this never reaches a collection.
SOURCES_TABLE = "star_anki_scenarios"
_MODEL_IDS = frozenset(t.model_id for t in NOTE_TYPES)
_CLOZE_TEXT = KEY_PHRASES.field_names.index("Text")


def digest(model_id: int, fields: str, tags: str, deck: str) -> bytes:
    """What makes two notes the same for Anki's import: note type, fields, tags and deck."""
    content = f"{model_id}\x1e{fields}\x1e{tags}\x1e{deck}".encode()
    return hashlib.blake2b(content, digest_size=16).digest()


def clozes_of(model_id: int, fields: Sequence[str]) -> dict[str, int] | None:
    """The cloze numbers of a key-phrase note by phrase (phrases.cloze_numbers); None for
    a note of any other type."""
    if model_id != KEY_PHRASES.model_id:
        return None
    return cloze_numbers(fields[_CLOZE_TEXT])


def scenario_of(key: str) -> str | None:
    """The scenario id a note key starts with; None for a note drawn across scenarios.

    Those (Which Story notes) have keys like 'question:<id>': no scenario id holds a colon.
    """
    first = key.split("/", 1)[0]
    return None if ":" in first else first


def kind_of(key: str) -> str:
    """The kind of note (NoteType.kind) a key names: its second part, or a Which Story note's."""
    if scenario_of(key) is None:
        return WHICH_STORY.kind
    return key.split("/", 2)[1]


@dataclass(frozen=True, slots=True)
class Known:
    """A note of the previous deck, as far as comparing needs it."""

    note_id: int
    mod: int
    digest: bytes
    cards: tuple[tuple[int, int], ...]  # (ordinal, card id)
    key: str
    retired: bool
    deck: str
    due: int  # the position of its first card


@dataclass(frozen=True)
class Written:
    """A deck as the build that wrote it knows it: the notes, their cloze numbers, the file.

    A watch compares its next build with this rather than read the deck again; ``stamp``
    (modification time, size, inode) tells whether the file is still the one written.
    """

    database: Path  # the collection inside the package, kept unpacked
    notes: dict[str, Known]  # by GUID
    clozes: dict[str, dict[str, int]]
    stamp: tuple[int, int, int]


class Remembered:
    """The deck a watch wrote last, kept between its builds: the next one need not read it.

    A build calls ``begin``, ``record`` for each note it writes, and ``end`` once the
    deck is in place; one that fails leaves what was remembered as it was.
    """

    def __init__(self) -> None:
        self.last: Written | None = None
        self._work = tempfile.TemporaryDirectory(prefix="star-anki-")  # removed on exit
        self._count = 0
        self._notes: dict[str, Known] = {}
        self._clozes: dict[str, dict[str, int]] = {}

    def begin(self) -> Path:
        """Start remembering a build; where it is to keep its collection."""
        self._notes, self._clozes = {}, {}
        self._count += 1
        return Path(self._work.name) / f"collection-{self._count}.anki2"

    def record(
        self, note: Note, note_id: int, mod: int, cards: tuple[tuple[int, int], ...],
        content: bytes, due: int,
    ) -> None:  # fmt: skip
        """A note as the build wrote it: its ids, stamp, digest and first position."""
        retired = REMOVED_TAG in note.tags
        self._notes[note.guid] = Known(
            note_id, mod, content, cards, note.key, retired, note.deck, due
        )
        numbers = clozes_of(note.note_type.model_id, note.fields)
        if numbers is not None:
            self._clozes[note.key] = numbers

    def known(self, guid: str, known: Known) -> None:
        """A note the build left as the deck it replaced had it."""
        self._notes[guid] = known
        numbers = self.last.clozes.get(known.key) if self.last is not None else None
        if numbers is not None:
            self._clozes[known.key] = numbers

    def end(self, database: Path, out: Path) -> None:
        """The build kept its collection at ``database`` and wrote ``out``."""
        stamp = file_stamp(out)
        old, self.last = self.last, None
        if stamp is not None:
            self.last = Written(database, self._notes, self._clozes, stamp)
        if old is not None:
            old.database.unlink(missing_ok=True)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from another: modification time, size and inode."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size, found.st_ino


class PreviousDeck:
    """The notes, note types, presets and scenario sources of the deck at the output path."""

    def __init__(
        self, connection: sqlite3.Connection, name: str, written: Written | None = None
    ) -> None:
        self._db = connection
        (models, decks, dconf) = connection.execute(
            "SELECT models, decks, dconf FROM col"
        ).fetchone()
        self.models: dict[str, dict[str, Any]] = json.loads(models)
        self.presets: dict[str, dict[str, Any]] = json.loads(dconf)
        self.deck_names = {int(d["id"]): str(d["name"]) for d in json.loads(decks).values()}
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if SOURCES_TABLE not in tables and _MODEL_IDS.isdisjoint(int(m) for m in self.models):
            raise PreviousDeckError(f"{name} is not a deck star-anki wrote (no star-anki notes)")
        self.sources: dict[str, str] = (
            dict(connection.execute(f"SELECT id, source FROM {SOURCES_TABLE}"))
            if SOURCES_TABLE in tables
            else {}
        )
        self.written = written  # what this deck was read from, when a watch wrote it
        if written is None:
            self.notes, self.clozes = self._read()
        else:
            self.notes, self.clozes = written.notes, written.clozes
        mods = [k.mod for k in self.notes.values()]
        mods += [int(m.get("mod", 0)) for m in self.models.values()]
        self.newest = max(mods, default=0)

    def _read(self) -> tuple[dict[str, Known], dict[str, dict[str, int]]]:
        """The notes of the deck by GUID, and the cloze numbers of its key-phrase notes."""
        cards: dict[int, list[tuple[int, int]]] = {}
        decks: dict[int, str] = {}
        dues: dict[int, int] = {}
        query = "SELECT nid, ord, id, did, due FROM cards ORDER BY nid, ord"
        for note_id, ordinal, card_id, did, due in self._db.execute(query):
            cards.setdefault(note_id, []).append((ordinal, card_id))
            decks.setdefault(note_id, self.deck_names.get(did, ""))
            dues.setdefault(note_id, due)
        notes: dict[str, Known] = {}
        clozes: dict[str, dict[str, int]] = {}  # a key-phrase note's key -> its numbers
        query = "SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id"
        for note_id, guid, model_id, mod, tags, fields in self._db.execute(query):
            if model_id not in _MODEL_IDS or note_id not in decks:
                continue
            content = digest(model_id, fields, tags, decks[note_id])
            key = fields.split("\x1f", 1)[0]
            retired = REMOVED_TAG in tags.split()
            notes[guid] = Known(
                note_id, mod, content, tuple(cards[note_id]), key, retired, decks[note_id],
                dues[note_id],
            )  # fmt: skip
            numbers = clozes_of(model_id, fields.split("\x1f"))
            if numbers is not None:
                clozes[key] = numbers
        return notes, clozes

    def full(self, guids: Collection[str]) -> Iterator[tuple[str, Note]]:
        """The previous notes with these GUIDs, in full, in note order, with their GUIDs."""
        if not guids:
            return
        query = "SELECT guid, mid, tags, flds FROM notes ORDER BY id"
        for guid, model_id, tags, text in self._db.execute(query):
            if guid in guids:
                fields = tuple(text.split("\x1f"))
                note_type = note_type_by_id(model_id)
                deck = self.notes[guid].deck
                yield guid, Note(note_type, fields[0], fields, tuple(tags.split()), deck)

    def largest_id(self) -> int:
        """The largest note or card id in the previous deck: new ones come after it."""
        query = "SELECT max(id) FROM (SELECT id FROM notes UNION ALL SELECT id FROM cards)"
        return int(self._db.execute(query).fetchone()[0] or 0)


@contextmanager
def open_previous(out: Path, written: Written | None = None) -> Iterator[PreviousDeck | None]:
    """The deck at ``out``, or None when there is none; open while the block runs.

    When ``out`` is still the file ``written`` describes, that is used: nothing is unpacked.
    """
    if not out.is_file():
        yield None
        return
    with ExitStack() as stack:
        if written is not None and file_stamp(out) == written.stamp:
            database = written.database
        else:
            written = None
            work = stack.enter_context(tempfile.TemporaryDirectory(prefix="star-anki-"))
            database = Path(work) / "previous.anki2"
            _extract(out, database)
        connection = sqlite3.connect(database)
        stack.callback(connection.close)
        try:
            previous = PreviousDeck(connection, str(out), written)
        except (sqlite3.Error, ValueError, KeyError, TypeError) as error:
            raise PreviousDeckError(f"{out} is not a deck star-anki wrote ({error})") from None
        yield previous


def _extract(out: Path, database: Path) -> None:
    """Copy the collection out of the package, in chunks: it may be large."""
    try:
        with zipfile.ZipFile(out) as archive:
            if "collection.anki2" not in archive.namelist():
                raise PreviousDeckError(
                    f"{out} is not a deck star-anki wrote (it holds no collection.anki2)"
                )
            with archive.open("collection.anki2") as source, database.open("wb") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
    except zipfile.BadZipFile:
        raise PreviousDeckError(f"{out} is not an Anki deck (not a zip file)") from None
    except OSError as error:
        raise PreviousDeckError(f"cannot read {out}: {error.strerror or error}") from None
