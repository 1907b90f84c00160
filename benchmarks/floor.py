"""The floor under ``star-anki build``: the same YAML parse plus a raw genanki write.

Usage: python benchmarks/floor.py FOLDER NOTES.json OUT.apkg

FOLDER holds the scenario files, parsed with libyaml and nothing else. NOTES.json holds the
notes of the deck star-anki wrote of them (field text, GUIDs, tags and note type), dumped
beforehand by bench.py (deckrows.py); they are written with one trivial genanki model per
note type into one deck, as a default (uncompressed) genanki package.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import genanki
import yaml

DECK_ID = 2_059_400_110
FIRST_MODEL_ID = 1_607_392_319


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files under ``folder``, sorted: found no more cleverly than this."""
    return sorted(folder.rglob("*.yaml"))


def parse_all(folder: Path) -> list[Any]:
    """Every scenario file under ``folder``, parsed to plain data."""
    documents = []
    for path in scenario_files(folder):
        with path.open(encoding="utf-8") as file:
            documents.append(yaml.load(file, Loader=yaml.CSafeLoader))
    return documents


def trivial_model(model_id: int, name: str, fields: list[str], cloze: bool) -> genanki.Model:
    """A note type with the given fields and the smallest template that makes cards."""
    front, back = ("{{cloze:Text}}", "{{cloze:Text}}") if cloze else ("{{Key}}", "{{Question}}")
    return genanki.Model(
        model_id,
        name,
        fields=[{"name": field} for field in fields],
        templates=[{"name": "Card 1", "qfmt": front, "afmt": back}],
        model_type=genanki.Model.CLOZE if cloze else genanki.Model.FRONT_BACK,
    )


def write_notes(notes_json: Path, out: Path) -> None:
    """Write the dumped notes as one deck with genanki's defaults."""
    data = json.loads(notes_json.read_text(encoding="utf-8"))
    models = {
        name: trivial_model(FIRST_MODEL_ID + index, name, spec["fields"], spec["cloze"])
        for index, (name, spec) in enumerate(data["models"].items())
    }
    deck = genanki.Deck(DECK_ID, "STAR Interview")
    for note in data["notes"]:
        deck.add_note(
            genanki.Note(
                model=models[note["model"]],
                fields=note["fields"],
                tags=note["tags"],
                guid=note["guid"],
            )
        )
    genanki.Package(deck).write_to_file(str(out))


def main(argv: list[str]) -> None:
    """Parse FOLDER, then write NOTES.json to OUT.apkg."""
    folder, notes_json, out = (Path(arg) for arg in argv)
    parse_all(folder)
    write_notes(notes_json, out)


if __name__ == "__main__":
    main(sys.argv[1:])
