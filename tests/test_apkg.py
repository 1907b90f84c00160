"""The .apkg writer: rows as Anki's schema lays them out, checks genanki's Note would make."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import genanki
import pytest
from genanki.apkg_schema import APKG_SCHEMA

from star_anki.apkg import ApkgWriter, CardRow, NoteRow, deck_id, split_schema, with_parents
from star_anki.changes import Placement
from star_anki.notes import Note
from star_anki.notetypes import STEP, genanki_model

from .conftest import T1


def stamp(key: str, data: dict[str, Any]) -> int:
    return T1


def step_note(fields: int = len(STEP.fields)) -> tuple[Note, Placement]:
    values = tuple(f"field {i}" for i in range(fields))
    note = Note(STEP, "story/step/task", values, ("star::kind::step",), "Root::Story")
    return note, Placement(T1 * 1000, T1, ((0, T1 * 1000 + 1),))


def test_genanki_schema_splits_into_tables_then_indexes() -> None:
    tables, indexes = split_schema(APKG_SCHEMA, genanki.__version__)
    assert "CREATE INDEX" not in tables
    assert indexes.startswith("CREATE INDEX") and "CREATE TABLE" not in indexes


@pytest.mark.parametrize(
    "schema",
    [
        "CREATE TABLE col (id integer);\nCREATE TABLE notes (id integer);",
        APKG_SCHEMA + "CREATE TABLE later (id integer);",
        APKG_SCHEMA.replace("CREATE TABLE cards (", "CREATE TABLE card_rows ("),
    ],
    ids=["no indexes", "a table after the indexes", "no cards table"],
)
def test_a_changed_genanki_schema_fails_loudly(schema: str) -> None:
    with pytest.raises(RuntimeError) as error:
        split_schema(schema, "9.9.9")
    assert str(error.value) == (
        "genanki 9.9.9 changed its APKG_SCHEMA: star-anki expects the col, notes and cards"
        " tables, then only CREATE INDEX statements (as in genanki 0.13)"
    )


def test_rows_are_labelled_as_the_schema_names_its_columns(tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    with ApkgWriter(out) as apkg:
        apkg.add_note_types([genanki_model(STEP)], "Root", T1, stamp)
        apkg.add_notes([step_note()])
        apkg.add_decks(["Root::Story"])
    database = tmp_path / "collection.anki2"
    with zipfile.ZipFile(out) as archive:
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        for table, row in (("notes", NoteRow), ("cards", CardRow)):
            columns = [c[1] for c in connection.execute(f"PRAGMA table_info({table})")]
            assert columns == list(row._fields)
        (note,) = connection.execute("SELECT * FROM notes")
        assert NoteRow(*note).flds == "\x1f".join(f"field {i}" for i in range(len(STEP.fields)))
        (card,) = connection.execute("SELECT * FROM cards")
        assert CardRow(*card) == CardRow(
            T1 * 1000 + 1, T1 * 1000, deck_id("Root::Story"), 0, T1, -1, due=1
        )
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (8, "note story/step/task has 8 fields, but its note type 'STAR Step' has 9"),
        (10, "note story/step/task has 10 fields, but its note type 'STAR Step' has 9"),
    ],
)
def test_a_note_must_have_as_many_fields_as_its_note_type(
    fields: int, message: str, tmp_path: Path, private_tmp: Path
) -> None:
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"the last deck")
    with pytest.raises(ValueError) as error, ApkgWriter(out) as apkg:
        apkg.add_note_types([genanki_model(STEP)], "Root", T1, stamp)
        apkg.add_notes([step_note(fields)])
    assert str(error.value) == message
    assert out.read_bytes() == b"the last deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg", "system-tmp"]
    assert list(private_tmp.iterdir()) == []


def test_a_note_of_a_note_type_not_added_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as error, ApkgWriter(tmp_path / "deck.apkg") as apkg:
        apkg.add_notes([step_note()])
    assert str(error.value) == "note story/step/task: its note type 'STAR Step' was not added"
    assert list(tmp_path.iterdir()) == []


def test_nothing_is_written_when_the_block_fails(tmp_path: Path, private_tmp: Path) -> None:
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"the last deck")
    with pytest.raises(KeyError), ApkgWriter(out) as apkg:
        apkg.add_note_types([genanki_model(STEP)], "Root", T1, stamp)
        apkg.add_notes([step_note()])
        raise KeyError("a failure mid-build")
    assert out.read_bytes() == b"the last deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg", "system-tmp"]
    assert list(private_tmp.iterdir()) == []


def test_decks_come_with_their_parents_once_each() -> None:
    assert with_parents(["A::B::C", "A::D", "A", "E"]) == ["A", "A::B", "A::B::C", "A::D", "E"]
