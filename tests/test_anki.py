"""The deck in the real Anki library: counts, every text of the page, identity across rebuilds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection

from star_anki import notetypes
from star_anki.load import load_scenarios
from star_anki.notes import scenario_notes
from star_anki.notetypes import NOTE_TYPES

from .conftest import ROOT, SCENARIOS, T1, T2, build, edit_yaml, import_deck, shown_in, visible_text

TITLE_SUFFIX = " - Amazon LP STAR Walkthrough"
# Page chrome, section labels and icons: no content of their own.
LABELS = {
    "Bird", "Raised Fist0", "Choose your preparation mode3 modes available", "🎬",
    "Scenario Overview", "S", "T", "A", "R", "Strong Example", "πŸ’‘ Coaching",
    "⚠️ Common Mistake", "πŸ’", "πŸ‘€", "πŸ†", "❓", "β–Ό", "❌ Weak", "βœ… Strong", "βœ—",
    "Weak Answer", "🧠", "βœ… Emphasize", "⬇ Downplay",
}  # fmt: skip


def page_texts() -> list[str]:
    """Every piece of content on the seed page, as a learner should find it on a card."""
    texts: list[str] = []
    for raw in (ROOT / "tests" / "data" / "seed-page.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line in LABELS:
            continue
        if line.endswith(TITLE_SUFFIX):
            texts.append(line.removesuffix(TITLE_SUFFIX))
        elif line.startswith('"') and '""' in line:
            texts.extend(re.findall(r'"([^"]+)"', line))
        elif line.startswith('"') and line.endswith('"'):
            texts.append(line[1:-1])
        elif line.startswith("• "):
            texts.append(line[2:])
        elif line.endswith(" Reflection"):
            texts.append(line.removesuffix(" Reflection"))
        elif line.startswith("⏱ ") and not line.startswith("⏱ Target"):
            texts.append(line[2:])
        else:
            for prefix in ("Bar Raiser Thinks", "Reflection: ", "Bar "):
                if line.startswith(prefix):
                    line = line.removeprefix(prefix)
                    break
            texts.append(line)
    return texts


def rendered(col: Collection) -> str:
    """The visible text of every card, front and back."""
    parts = []
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        parts += [visible_text(card.question()), visible_text(card.answer())]
    return "\n".join(parts)


def note_counts(col: Collection) -> dict[str, int]:
    return {t.name: len(col.find_notes(f'"note:{t.name}"')) for t in NOTE_TYPES}


def test_seed_deck_imports_with_every_text_of_the_page(
    tmp_path: Path, collection: Collection
) -> None:
    log = import_deck(collection, build(SCENARIOS, tmp_path / "deck.apkg", T1))

    assert len(log.log.new) == 22
    assert note_counts(collection) == {
        "STAR Step": 5, "STAR Key Phrases": 3, "STAR Weak Answer": 1, "STAR Follow-up": 4,
        "STAR Quiz": 3, "STAR Story": 1, "STAR Pitch": 3, "STAR Level": 2, "STAR Which Story": 0,
    }  # fmt: skip
    text = rendered(collection)
    texts = page_texts()
    assert len(texts) == 109
    missing = [t for t in texts if not shown_in(t, text)]
    assert missing == []
    assert collection._backend.check_database() == []


def test_step_card_shows_question_step_and_time_then_answer(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, build(SCENARIOS, tmp_path / "deck.apkg", T1))
    (note_id,) = collection.find_notes('"Key:built-something-from-scratch/step/action"')
    card = collection.get_note(note_id).cards()[0]

    assert visible_text(card.question()) == (
        "Action ⏱ Target: 90s Describe a Situation Where You Built Something From Scratch That Did"
        " Not Exist Before Say the Action step aloud."
    )
    assert '<mark class="kp">I traced</mark>' in card.answer()
    back = visible_text(card.answer())
    marked = re.findall(r'<mark class="kp">([^<]+)</mark>', card.answer())
    assert marked == ["I pulled", "I traced", "I reproduced", "I designed", "I added",
                      "I submitted", "I coordinated"]  # fmt: skip
    assert "Also say" not in back  # every phrase is in the example
    assert "💡 Coaching Use 'I' for every sentence" in back
    assert "⚠️ Common mistake We figured out the root cause together" in back


def test_decks_and_tags_let_a_learner_pick_a_scenario_or_principle(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, build(SCENARIOS, tmp_path / "deck.apkg", T1))
    names = {d.name for d in collection.decks.all_names_and_ids()}

    assert "STAR Interview" in names
    subdeck = (
        "STAR Interview::Describe a Situation Where You Built Something From Scratch"
        " That Did Not Exist Before"
    )
    assert subdeck in names
    assert len(collection.find_cards(f'"deck:{subdeck}"')) == 19 + 6  # 6 cloze cards
    assert len(collection.find_notes("tag:star::principle::Dive_Deep")) == 22
    # The action's phrases ("I pulled", ...) are each too slight for a cloze: the step alone.
    assert len(collection.find_notes("tag:star::step::action")) == 1
    assert len(collection.find_notes("tag:star::step::task")) == 2  # the step and its clozes
    assert len(collection.find_notes("tag:star::kind::follow-up")) == 4
    assert len(collection.find_notes("tag:star::kind::pitch")) == 3
    assert len(collection.find_notes("tag:star::level::Senior_SDE")) == 2  # story and level
    assert len(collection.find_notes("tag:star::scenario::built-something-from-scratch")) == 22


def test_guids_are_pinned_so_upgrades_keep_identity() -> None:
    (scenario,) = load_scenarios([SCENARIOS])
    keys = {note.key: note.guid for note in scenario_notes(scenario, "STAR Interview")}

    assert len(set(keys.values())) == 22
    # Changing how GUIDs are derived would orphan every learner's review history.
    assert keys["built-something-from-scratch/step/situation"] == "b.!o5.d`:;"
    assert keys["built-something-from-scratch/follow-up/ensure-platform-team-accepted"] == (
        "i<rD8Esa-a"
    )
    assert keys["built-something-from-scratch/story/main"] == "JK@Z0M|HK:"


def test_unchanged_rebuild_adds_nothing(tmp_path: Path, collection: Collection) -> None:
    import_deck(collection, build(SCENARIOS, tmp_path / "a.apkg", T1))
    same = import_deck(collection, build(SCENARIOS, tmp_path / "b.apkg", T1))
    later = import_deck(collection, build(SCENARIOS, tmp_path / "c.apkg", T2))

    assert (len(same.log.new), len(same.log.updated), len(same.log.duplicate)) == (0, 0, 22)
    assert (len(later.log.new), len(later.log.updated)) == (0, 22)
    assert collection.note_count() == 22
    assert len(collection.models.all_names_and_ids()) == 6 + 8


def test_edited_rebuild_updates_in_place_and_keeps_reviews(
    tmp_path: Path, seed_copy: Path, collection: Collection
) -> None:
    import_deck(collection, build(seed_copy, tmp_path / "a.apkg", T1))
    key = "built-something-from-scratch/step/situation"
    card = collection.get_card(collection.find_cards(f'"Key:{key}"')[0])
    card.start_timer()
    collection.sched.answerCard(card, 3)
    reviewed = collection.get_card(card.id)
    note_ids = set(collection.find_notes(""))

    edit_yaml(
        seed_copy,
        lambda data: data["steps"]["situation"].update(
            example="I spotted a 0.3% drop & <fixed> it."
        ),
    )
    log = import_deck(collection, build(seed_copy, tmp_path / "b.apkg", T2))

    assert len(log.log.new) == 0
    assert set(collection.find_notes("")) == note_ids
    after = collection.get_card(card.id)
    assert visible_text(after.answer()).count("I spotted a 0.3% drop & <fixed> it.") == 1
    assert (after.reps, after.ivl, after.due, after.type) == (
        reviewed.reps, reviewed.ivl, reviewed.due, reviewed.type,
    )  # fmt: skip
    assert reviewed.reps == 1
    assert collection.db.scalar("select count() from revlog where cid = ?", card.id) == 1


def test_reordered_follow_ups_and_fixed_typos_keep_their_notes(
    tmp_path: Path, seed_copy: Path, collection: Collection
) -> None:
    import_deck(collection, build(seed_copy, tmp_path / "a.apkg", T1))
    before = {collection.get_note(n).guid: n for n in collection.find_notes("")}

    def reorder_and_fix(data: dict[str, Any]) -> None:
        data["follow_ups"].reverse()
        data["question"] = data["question"].replace("Scratch", "scratch")

    edit_yaml(seed_copy, reorder_and_fix)

    log = import_deck(collection, build(seed_copy, tmp_path / "b.apkg", T2))

    assert len(log.log.new) == 0
    assert {collection.get_note(n).guid: n for n in collection.find_notes("")} == before
    (note_id,) = collection.find_notes(
        '"Key:built-something-from-scratch/follow-up/measure-business-impact-fix"'
    )
    assert (
        collection.get_note(note_id)["FollowUp"]
        == "How did you measure the business impact of your fix?"
    )


def test_new_templates_update_the_note_types_instead_of_copying_them(
    tmp_path: Path, collection: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_deck(collection, build(SCENARIOS, tmp_path / "a.apkg", T1))
    release = tmp_path / "cards"
    shutil.copytree(notetypes.cards_dir(), release)
    css = (release / "style.css").read_text(encoding="utf-8") + "\n.next-release { color: red; }\n"
    (release / "style.css").write_text(css, encoding="utf-8")
    front = release / "step.front.html"
    front.write_text(front.read_text(encoding="utf-8") + "<!-- next release -->", encoding="utf-8")
    monkeypatch.setattr(notetypes, "cards_dir", lambda: release)
    notetypes.genanki_model.cache_clear()
    try:
        import_deck(collection, build(SCENARIOS, tmp_path / "b.apkg", T2))
    finally:
        notetypes.genanki_model.cache_clear()

    names = sorted(
        n.name for n in collection.models.all_names_and_ids() if n.name.startswith("STAR")
    )
    assert names == [
        "STAR Follow-up", "STAR Key Phrases", "STAR Level", "STAR Pitch", "STAR Quiz",
        "STAR Step", "STAR Story", "STAR Weak Answer",
    ]  # fmt: skip
    step = collection.models.by_name("STAR Step")
    assert step is not None
    assert ".next-release" in step["css"]
    assert step["tmpls"][0]["qfmt"].endswith("<!-- next release -->")
    assert collection.note_count() == 22


def test_author_text_is_shown_exactly_and_never_acts_as_markup(
    tmp_path: Path, seed_copy: Path, collection: Collection
) -> None:
    tricky = """<b>bold</b> & "double" 'single' {{Question}} [sound:x.mp3] 5 < 6 > 4"""

    def make_tricky(data: dict[str, Any]) -> None:
        data["steps"]["task"]["coaching"] = data["weak_answer"]["verdict"] = tricky

    edit_yaml(seed_copy, make_tricky)
    import_deck(collection, build(seed_copy, tmp_path / "deck.apkg", T1))

    (note_id,) = collection.find_notes('"Key:built-something-from-scratch/step/task"')
    card = collection.get_note(note_id).cards()[0]
    assert tricky in visible_text(card.answer())
    assert "<b>bold</b>" not in card.answer()
    assert [type(tag).__name__ for tag in card.answer_av_tags()] == ["TTSTag"]  # no [sound:]
    (weak_id,) = collection.find_notes('"note:STAR Weak Answer"')
    assert tricky in visible_text(collection.get_note(weak_id).cards()[0].answer())


def test_quiz_choices_show_on_the_front_and_the_correct_one_on_the_back(
    tmp_path: Path, seed_copy: Path, collection: Collection
) -> None:
    choices = [
        {"text": "We decided as a team"},
        {"text": "I designed and implemented", "correct": True},
        {"text": "My manager asked me to"},
    ]
    data = edit_yaml(seed_copy, lambda data: data["quiz"][0].update(choices=choices))
    import_deck(collection, build(seed_copy, tmp_path / "deck.apkg", T1))

    key = data["quiz"][0]["id"]
    (note_id,) = collection.find_notes(f'"Key:built-something-from-scratch/quiz/{key}"')
    card = collection.get_note(note_id).cards()[0]
    assert visible_text(card.question()).endswith(
        "Which phrase best demonstrates ownership in the Action step?"
        " We decided as a team I designed and implemented My manager asked me to"
    )
    assert "Answer I designed and implemented Explanation Using 'I' statements" in visible_text(
        card.answer()
    )


def test_phrases_missing_from_the_example_are_listed_under_it(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, build(SCENARIOS, tmp_path / "deck.apkg", T1))
    (note_id,) = collection.find_notes('"Key:built-something-from-scratch/step/result"')
    back = collection.get_note(note_id).cards()[0].answer()
    assert re.findall(r'<mark class="kp">([^<]+)</mark>', back) == ["0.3% to zero"]
    assert "Also say recovered $8,000 weekly adopted pattern improving reliability" in visible_text(
        back
    )
    (reflection_id,) = collection.find_notes('"Key:built-something-from-scratch/step/reflection"')
    assert "Key phrases shared webhook reliability SLO organizational gap" in visible_text(
        collection.get_note(reflection_id).cards()[0].answer()
    )


def test_key_phrase_clozes_ask_for_the_exact_wording(
    tmp_path: Path, collection: Collection
) -> None:
    import_deck(collection, build(SCENARIOS, tmp_path / "deck.apkg", T1))
    (note_id,) = collection.find_notes('"Key:built-something-from-scratch/key-phrases/task"')
    cards = collection.get_note(note_id).cards()
    assert len(cards) == 3  # not my team, no ticket, build a solution from scratch
    first = cards[0]
    assert "This service belonged to the Platform team - [...]." in visible_text(first.question())
    assert "No ticket existed" in visible_text(first.question())
    assert '<span class="cloze" data-ordinal="1">not my team</span>' in first.answer()
    assert collection._backend.check_database() == []


def test_cloze_lookalikes_in_author_text_stay_text(
    tmp_path: Path, seed_copy: Path, collection: Collection
) -> None:
    edit_yaml(
        seed_copy,
        lambda data: data["steps"]["situation"].update(
            example="I noticed early {{c2::this}} and a::b::c {{Question}}.",
            key_phrases=["I noticed early", "a::b::c"],
        ),
    )
    import_deck(collection, build(seed_copy, tmp_path / "deck.apkg", T1))

    (note_id,) = collection.find_notes('"Key:built-something-from-scratch/key-phrases/situation"')
    cards = collection.get_note(note_id).cards()
    assert len(cards) == 2
    assert visible_text(cards[0].question()).endswith(
        "[...] {{c2::this}} and a::b::c {{Question}}. Say the missing words exactly."
    )
    assert visible_text(cards[1].answer()).endswith(
        "I noticed early {{c2::this}} and a::b::c {{Question}}."
    )
