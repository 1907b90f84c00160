"""The limit under ``star-anki build``: libyaml's compose, then the deck's own rows, zipped.

Usage: python benchmarks/limit.py FOLDER ROWS.pickle OUT.apkg

The least a build can cost in one process. Each scenario file under FOLDER is read and
composed into YAML nodes by libyaml, and nothing more is made of them. ROWS.pickle holds the
col, notes and cards rows of the deck star-anki wrote of the same files, dumped beforehand by
bench.py (deckrows.py). They go into genanki's schema (its tables, then its col row) in one
transaction with the indexes made after the rows, and the collection is zipped as star-anki
zips it: deflate at level 1.
"""

from __future__ import annotations

import pickle
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml
from floor import scenario_files
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA


def compose_all(folder: Path) -> list[yaml.Node | None]:
    """Every scenario file under ``folder`` composed into YAML nodes."""
    return [
        yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for path in scenario_files(folder)
    ]


def _insert(table: str, width: int, verb: str = "INSERT") -> str:
    return f"{verb} INTO {table} VALUES ({', '.join('?' * width)})"


def write_collection(rows_path: Path, database: Path) -> None:
    """The pickled rows in a new collection at ``database``: one transaction, indexes last."""
    col, notes, cards = pickle.loads(rows_path.read_bytes())
    tables, marker, indexes = APKG_SCHEMA.partition("CREATE INDEX")
    # No implicit transactions: this one spans the whole script, tables to indexes.
    db = sqlite3.connect(database, isolation_level=None)
    try:
        db.executescript("BEGIN;\n" + tables + APKG_COL)
        db.execute(_insert("col", len(col), "INSERT OR REPLACE"), col)  # over APKG_COL's row
        if notes:
            db.executemany(_insert("notes", len(notes[0])), notes)
        if cards:
            db.executemany(_insert("cards", len(cards[0])), cards)
        for statement in (marker + indexes).split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("COMMIT")
    finally:
        db.close()


def zip_collection(database: Path, out: Path) -> None:
    """The collection and an empty media list zipped into ``out``, as star-anki zips them."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.write(database, "collection.anki2")
        archive.writestr("media", "{}")


def main(argv: list[str]) -> None:
    """Compose FOLDER's files, then write ROWS.pickle to OUT.apkg."""
    folder, rows_path, out = (Path(arg) for arg in argv)
    compose_all(folder)
    with tempfile.TemporaryDirectory(prefix="star-anki-limit-") as work:
        database = Path(work) / "collection.anki2"
        write_collection(rows_path, database)
        zip_collection(database, out)


if __name__ == "__main__":
    main(sys.argv[1:])
