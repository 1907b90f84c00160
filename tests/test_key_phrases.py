"""Key-phrase cards: which phrases are worth a cloze, how clozes are numbered and keep their
cards across rebuilds, and --no-key-phrases, in the real Anki library."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from anki.collection import Collection

from star_anki.phrases import cloze, cloze_numbers, worth_a_cloze

from .conftest import SEED, T1, T2, build, edit_yaml, import_deck, run, visible_text
from .test_teaching import SCENARIO, cloze_answer, note


@pytest.mark.parametrize(
    ("phrase", "worth"),
    [
        ("I split", False), ("the template", False), ("I noticed", False), ("Ownership", False),
        ("we did it", False), ("no alerts", True), ("not my team", True), ("nobody asked", True),
        ("0.3% to zero", True), ("$8,000", True), ("build a solution from scratch", True),
        ("end-to-end", False), ("end-to-end ownership", True), ("didn't", False),
        ("I didn’t wait", True), ("it's done", False), ("Cut scope", True), ("我发现", True),
        ("問題", True), ("Vertrauen gewinnen", True), ("", False),
    ],
)  # fmt: skip
def test_a_phrase_is_worth_a_cloze_with_a_figure_or_two_words_besides_filler(
    phrase: str, worth: bool
) -> None:
    assert worth_a_cloze(phrase) is worth


def test_clozes_go_by_first_use_slight_phrases_stay_plain_and_kept_numbers_hold() -> None:
    example = "I split the template so no team waited; latency fell 40%."
    phrases = ["latency fell 40%", "I split", "no team waited", "the template", "not here"]
    first = cloze(example, phrases)
    assert first == "I split the template so {{c3::no team waited}}; {{c4::latency fell 40%}}."
    kept = cloze_numbers(first)
    assert kept == {"no team waited": 3, "latency fell 40%": 4}
    # Reworded and reordered, with a phrase gone and one new: each kept phrase keeps its card.
    reworded = "Latency fell 40% once we had a shared runbook, and no team waited."
    assert cloze(reworded, ["shared runbook", *phrases], kept) == (
        "{{c4::Latency fell 40%}} once we had a {{c5::shared runbook}}, and {{c3::no team waited}}."
    )


def test_slight_phrases_make_no_card_and_a_step_with_none_left_no_note(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, build(SEED, tmp_path / "deck.apkg", T1))
    # "I pulled", "I traced", ...: each a verb the sentence gives away.
    assert collection.find_notes(f'"Key:{SCENARIO}/key-phrases/action"') == []
    situation = collection.get_note(note(collection, "key-phrases/situation"))
    # "I noticed" stays plain but keeps its number, as star-anki 0.1 gave it: c1.
    assert [card.ord for card in situation.cards()] == [1, 2]  # silent failures, no alerts
    assert "{{c1::" not in situation["Text"] and "I noticed a recurring" in situation["Text"]


def test_no_key_phrases_leaves_them_out_and_retires_earlier_ones_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collection: Collection
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEED.parent, tmp_path / "scenarios")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T1))
    assert run("build", "--no-which-story").exit_code == 0
    deck = tmp_path / "decks" / "star-interview.apkg"
    import_deck(collection, deck)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T2))

    result = run("build", "--no-which-story", "--no-key-phrases")

    assert result.exit_code == 0
    assert "  STAR Key Phrases     0\n" in result.stdout
    assert result.stdout.endswith(
        "Since the last build: 0 new, 0 changed, 19 unchanged, 3 removed\n"
        f"  removed: {SCENARIO}/key-phrases/result\n"
        f"  removed: {SCENARIO}/key-phrases/situation\n"
        f"  removed: {SCENARIO}/key-phrases/task\n"
        "3 notes of removed items are kept in the deck, tagged star::removed: delete them in Anki"
        " (search tag:star::removed), then build with --drop-removed.\n"
    )
    assert len(import_deck(collection, deck).log.updated) == 3
    (card_id, *_) = collection.find_cards(f'"Key:{SCENARIO}/key-phrases/task"')
    assert visible_text(collection.get_card(card_id).question()).startswith(
        "Task Key phrases Left out of this deck. It was built with --no-key-phrases. To delete"
        " it, search tag:star::removed in Anki's browser, select the notes and delete them."
    )
    assert "--no-key-phrases" in run("build", "--help").stdout


def test_a_rebuild_keeps_each_phrase_on_its_card_however_the_example_changes(
    tmp_path: Path, seed_copy: Path, collection: Collection
) -> None:
    deck = tmp_path / "deck.apkg"
    import_deck(collection, build(seed_copy, deck, T1))
    cards = collection.get_note(note(collection, "key-phrases/situation")).cards()
    asked = {card.id: cloze_answer(collection, card.id) for card in cards}
    assert sorted(asked.values()) == ["no alerts", "silent failures"]

    def reword(data: dict[str, object]) -> None:
        situation = data["steps"]["situation"]  # type: ignore[index]
        situation["example"] = (
            "As an SDE2 I saw payments fail with no alerts: silent failures, 0.3% of webhooks,"
            " and delayed payment confirmations."
        )
        situation["key_phrases"] = ["delayed payment confirmations", *situation["key_phrases"]]

    edit_yaml(seed_copy, reword)
    import_deck(collection, build(seed_copy, deck, T2))  # over the deck it replaces

    assert {card_id: cloze_answer(collection, card_id) for card_id in asked} == asked
    situation = collection.get_note(note(collection, "key-phrases/situation"))
    assert "{{c4::delayed payment confirmations}}" in situation["Text"]
    assert [card.ord for card in situation.cards()] == [1, 2, 3]
