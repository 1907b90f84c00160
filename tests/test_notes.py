"""Notes: fields filled by name, in each note type's order; notes need no deck writer and
pickle cheaply; field HTML from author text, sentences and the overview less what is told."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys

import pytest

from star_anki.collect import collect_notes
from star_anki.load import load_scenarios
from star_anki.markup import sentences, text
from star_anki.notetypes import NOTE_TYPES, QUIZ, SCENARIO_NOTE_TYPES, STEP
from star_anki.story import _untold

from .conftest import ROOT, SCENARIOS, SEED


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
        "print('star_anki.package' in sys.modules, 'star_anki.apkg' in sys.modules,"
        " 'genanki' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout == "False False False\n"


def test_notes_pickle_as_themselves_and_their_note_types_by_reference() -> None:
    notes = collect_notes(load_scenarios([SCENARIOS]))
    back = pickle.loads(pickle.dumps(notes))
    assert back == notes
    for note, copy in zip(notes, back, strict=True):
        assert copy.note_type is note.note_type
        assert (copy.guid, copy.stored_fields, copy.stored_tags, copy.ordinals) == (
            note.guid, note.stored_fields, note.stored_tags, note.ordinals
        )  # fmt: skip
    for note_type in NOTE_TYPES:
        pickled = pickle.dumps(note_type)
        assert pickle.loads(pickled) is note_type
        assert note_type.name.encode() not in pickled  # a reference, not a copy
    other = dataclasses.replace(STEP, name="Not one of NOTE_TYPES")
    assert pickle.loads(pickle.dumps(other)) == other


@pytest.mark.parametrize(
    ("value", "html"),
    [
        ("a & b", "a &amp; b"), ("<b>", "&lt;b&gt;"), ("[sound:x.mp3]", "&#91;sound:x.mp3]"),
        ("{{c1::x}}", "&#123;&#123;c1::x&#125;&#125;"), ("one\ntwo", "one<br>two"),
        ("e\u0301t\u00e9 <", "\u00e9t\u00e9 &lt;"), ("caf\u00e9", "caf\u00e9"), ("plain", "plain"),
        ("", ""), (None, ""),
    ],
)  # fmt: skip
def test_author_text_is_nfc_with_each_special_character_an_entity(
    value: str | None, html: str
) -> None:
    assert text(value) == html


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("One. Two! Three? 4 more.", ["One.", "Two!", "Three?", "4 more."]),
        ("A 0.3% drop. \"Quoted\" next.\n\nNew  line.",
         ["A 0.3% drop.", '"Quoted" next.', "New  line."]),
        ("Ask Dr. Smith, e.g. Jo. Then go", ["Ask Dr. Smith, e.g. Jo.", "Then go"]),
        ("lower. case stays", ["lower. case stays"]),
        ("我发现了。然后修好！ Done? yes", ["我发现了。", "然后修好！", "Done? yes"]),
        ("  ", []),
    ],
)  # fmt: skip
def test_sentences_end_at_a_stop_before_a_capital_or_at_a_full_width_stop(
    value: str, found: list[str]
) -> None:
    assert sentences(value) == found


def test_the_overview_leaves_out_sentences_any_step_tells_spacing_aside() -> None:
    (scenario,) = load_scenarios([SEED])
    told = sentences(scenario.steps.result.example or "")[-1]
    overview = f"Said once.  {told.replace(' ', chr(10), 1)}  Also new."
    assert _untold(overview, scenario) == "Said once. Also new."
    untold = "Nothing  here\nis told.   Kept as written."
    assert _untold(untold, scenario) == untold
