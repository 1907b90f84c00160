"""Notes: fields filled by name, in each note type's order; notes need no deck writer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from star_anki.collect import collect_notes
from star_anki.load import load_scenarios
from star_anki.notetypes import QUIZ, SCENARIO_NOTE_TYPES

from .conftest import ROOT, SCENARIOS


def test_fields_given_by_name_are_laid_out_in_the_note_type_order() -> None:
    values = {name: f"<{name}>" for name in reversed(QUIZ.field_names)}
    assert QUIZ.ordered(**values) == tuple(f"<{name}>" for name in QUIZ.field_names)


def test_every_note_fills_every_field_of_its_note_type() -> None:
    notes = collect_notes(load_scenarios([SCENARIOS]))
    assert {n.note_type for n in notes} == set(SCENARIO_NOTE_TYPES)
    for note in notes:
        assert len(note.fields) == len(note.note_type.fields)
        assert note.fields[0] == note.key


def test_a_missing_or_unknown_field_is_a_type_error_naming_them() -> None:
    values = dict.fromkeys(QUIZ.field_names, "")
    del values["Answer"], values["Choices"]
    with pytest.raises(TypeError) as error:
        QUIZ.ordered(**values, Answr="", Extra="")
    assert str(error.value) == (
        "note type 'STAR Quiz': missing fields: Choices, Answer; unknown fields: Answr, Extra"
    )
    with pytest.raises(TypeError) as error:
        QUIZ.ordered(**dict.fromkeys(QUIZ.field_names, ""), Hint="")
    assert str(error.value) == "note type 'STAR Quiz': unknown fields: Hint"


def test_listing_previewing_and_selecting_load_no_deck_writer() -> None:
    code = (
        "import star_anki.listing, star_anki.preview, star_anki.select, sys;"
        "print('star_anki.package' in sys.modules, 'star_anki.apkg' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout == "False False\n"
