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
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PreviousDeckError
from .notes import Note
from .notetypes import KEY_PHRASES, NOTE_TYPES, WHICH_STORY
from .phrases import cloze_numbers

REMOVED_TAG = "star::removed"
# The table star-anki adds to its packages: which file each scenario was built from.
# Anki's importer reads only the tables it knows, so this never reaches a collection.
SOURCES_TABLE = "star_anki_scenarios"
_NOTE_TYPES = {t.model_id: t for t in NOTE_TYPES}


def digest(model_id: int, fields: str, tags: str, deck: str) -> bytes:
    """What makes two notes the same for Anki's import: note type, fields, tags and deck."""
    content = f"{model_id}\x1e{fields}\x1e{tags}\x1e{deck}".encode()
    return hashlib.blake2b(content, digest_size=16).digest()


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


class PreviousDeck:
    """The notes, note types, presets and scenario sources of the deck at the output path."""

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self._db = connection
        (models, decks, dconf) = connection.execute(
            "SELECT models, decks, dconf FROM col"
        ).fetchone()
        self.models: dict[str, dict[str, Any]] = json.loads(models)
        self.presets: dict[str, dict[str, Any]] = json.loads(dconf)
        self.deck_names = {int(d["id"]): str(d["name"]) for d in json.loads(decks).values()}
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if SOURCES_TABLE not in tables and not _NOTE_TYPES.keys() & {int(m) for m in self.models}:
            raise PreviousDeckError(f"{name} is not a deck star-anki wrote (no star-anki notes)")
        self.sources: dict[str, str] = (
            dict(connection.execute(f"SELECT id, source FROM {SOURCES_TABLE}"))
            if SOURCES_TABLE in tables
            else {}
        )
        cards: dict[int, list[tuple[int, int]]] = {}
        self._decks: dict[int, str] = {}
        query = "SELECT nid, ord, id, did FROM cards ORDER BY nid, ord"
        for note_id, ordinal, card_id, did in connection.execute(query):
            cards.setdefault(note_id, []).append((ordinal, card_id))
            self._decks.setdefault(note_id, self.deck_names.get(did, ""))
        self.notes: dict[str, Known] = {}
        self.clozes: dict[str, dict[str, int]] = {}  # a key-phrase note's key -> its numbers
        text_field = KEY_PHRASES.field_names.index("Text")
        for note_id, guid, model_id, mod, tags, fields in self._notes():
            content = digest(model_id, fields, tags, self._decks[note_id])
            key = fields.split("\x1f", 1)[0]
            note_cards = tuple(cards[note_id])
            retired = REMOVED_TAG in tags.split()
            self.notes[guid] = Known(note_id, mod, content, note_cards, key, retired)
            if model_id == KEY_PHRASES.model_id:
                self.clozes[key] = cloze_numbers(fields.split("\x1f")[text_field])
        mods = [k.mod for k in self.notes.values()]
        mods += [int(m.get("mod", 0)) for m in self.models.values()]
        self.newest = max(mods, default=0)

    def _notes(self) -> Iterator[tuple[int, str, int, int, str, str]]:
        """Each star-anki note that has cards: id, GUID, note type, stamp, tags and fields."""
        query = "SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id"
        for row in self._db.execute(query):
            if row[2] in _NOTE_TYPES and row[0] in self._decks:
                yield row

    def full(self, guids: Collection[str]) -> Iterator[tuple[str, Note]]:
        """The previous notes with these GUIDs, in full, in note order, with their GUIDs."""
        if not guids:
            return
        for note_id, guid, model_id, _, tags, text in self._notes():
            if guid in guids:
                fields = tuple(text.split("\x1f"))
                deck = self._decks[note_id]
                note_type = _NOTE_TYPES[model_id]
                yield guid, Note(note_type, fields[0], fields, tuple(tags.split()), deck)

    def largest_id(self) -> int:
        """The largest note or card id in the previous deck: new ones come after it."""
        query = "SELECT max(id) FROM (SELECT id FROM notes UNION ALL SELECT id FROM cards)"
        return int(self._db.execute(query).fetchone()[0] or 0)


@contextmanager
def open_previous(out: Path) -> Iterator[PreviousDeck | None]:
    """The deck at ``out``, or None when there is none; open while the block runs."""
    if not out.is_file():
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="star-anki-") as work:
        database = Path(work) / "previous.anki2"
        _extract(out, database)
        connection = sqlite3.connect(database)
        try:
            try:
                previous = PreviousDeck(connection, str(out))
            except (sqlite3.Error, ValueError, KeyError, TypeError) as error:
                raise PreviousDeckError(f"{out} is not a deck star-anki wrote ({error})") from None
            yield previous
        finally:
            connection.close()


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
