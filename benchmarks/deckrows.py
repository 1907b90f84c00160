"""The rows of the deck star-anki wrote, dumped for limit.py and floor.py outside the timing."""

from __future__ import annotations

import json
import pickle
import sqlite3
import tempfile
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

COLLECTION = "collection.anki2"


class DeckRows(NamedTuple):
    """The col row, the notes and cards rows (in id order) and the note types of a deck."""

    col: tuple[Any, ...]
    notes: list[tuple[Any, ...]]
    cards: list[tuple[Any, ...]]
    models: dict[str, dict[str, Any]]


def read_deck(apkg: Path) -> DeckRows:
    """The rows of the collection inside ``apkg``."""
    with tempfile.TemporaryDirectory(prefix="star-anki-rows-") as work:
        with zipfile.ZipFile(apkg) as archive:
            database = archive.extract(COLLECTION, work)
        with closing(sqlite3.connect(database)) as db:
            col = db.execute("SELECT * FROM col").fetchone()
            notes = db.execute("SELECT * FROM notes ORDER BY id").fetchall()
            cards = db.execute("SELECT * FROM cards ORDER BY id").fetchall()
            (models,) = db.execute("SELECT models FROM col").fetchone()
    return DeckRows(col, notes, cards, json.loads(models))


def floor_notes(rows: DeckRows) -> dict[str, Any]:
    """The note types and notes of ``rows`` as floor.py reads them from NOTES.json."""
    names = {int(mid): model["name"] for mid, model in rows.models.items()}
    models = {
        model["name"]: {"fields": [f["name"] for f in model["flds"]], "cloze": model["type"] == 1}
        for model in rows.models.values()
    }
    # The notes table's columns: id, guid, mid, mod, usn, tags, flds, ...
    notes = [
        {"model": names[mid], "fields": flds.split("\x1f"), "tags": tags.split(), "guid": guid}
        for _, guid, mid, _, _, tags, flds, *_ in rows.notes
    ]
    return {"models": models, "notes": notes}


def dump(apkg: Path, rows_path: Path, notes_json: Path) -> int:
    """Dump ``apkg``'s rows for limit.py and its notes for floor.py; return how many notes."""
    rows = read_deck(apkg)
    rows_path.write_bytes(pickle.dumps((rows.col, rows.notes, rows.cards), protocol=5))
    notes_json.write_text(json.dumps(floor_notes(rows)), encoding="utf-8")
    return len(rows.notes)
