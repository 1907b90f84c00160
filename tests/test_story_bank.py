"""'Which story?' cards: each question leads to the stories that answer it, in real Anki."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from anki.collection import Collection

from star_anki import whichstory
from star_anki.bank import load_bank
from star_anki.ids import question_id
from star_anki.load import load_scenarios

from .bank_stories import BILLING_QUESTION, MENTOR, SIDE
from .conftest import SEED, import_deck, run, visible_text


def which_story_cards(col: Collection) -> dict[str, tuple[str, str, list[str]]]:
    """Each Which Story note by key: its front and back as a learner reads them, its tags."""
    found = {}
    for note_id in col.find_notes('"note:STAR Which Story"'):
        note = col.get_note(note_id)
        (card,) = note.cards()
        found[note["Key"]] = (visible_text(card.question()), visible_text(card.answer()), note.tags)
    return found


def test_short_stories_validate_and_build(stories: Path) -> None:
    assert run("validate").stdout == "OK: 3 scenarios, no problems\n"
    built = run("build", "-o", "deck.apkg")
    assert built.exit_code == 0, built.stderr
    assert built.stdout.splitlines()[0] == "Wrote deck.apkg: 41 notes from 3 scenarios"
    assert "  STAR Which Story    22" in built.stdout.splitlines()  # 4 principles, 2 own
    assert "  STAR Weak Answer     0" in built.stdout.splitlines()


def test_which_story_cards_lead_to_the_right_stories_in_anki(
    stories: Path, collection: Collection
) -> None:
    assert run("build", "-o", "deck.apkg").exit_code == 0
    import_deck(collection, stories.parent / "deck.apkg")
    cards = which_story_cards(collection)
    bank = load_bank()

    # A bank question leads to each story that targets its principle, whatever its spelling.
    for principle, story in (("Deliver Results", "billing"), ("Hire and Develop the Best", "Zoë")):
        for question in bank.of(principle):
            front, back, tags = cards[f"question:{question.id}"]
            assert front.startswith(f"Which story? {principle} {question.text}")
            assert (story in back) and ("Zoë" in back) == (story == "Zoë")
    # None for a principle no story covers, nor for one the bank lacks.
    covered = {"Deliver Results", "Bias for Action", "Hire and Develop the Best", "Earn Trust"}
    for question in bank.questions:
        assert (f"question:{question.id}" in cards) == (question.principle in covered)
    # A story's own wording leads to that story alone, with its hook and result phrases.
    (own,) = [k for k, (front, _, _) in cards.items() if BILLING_QUESTION in front]
    front, back, tags = cards[own]
    assert front == (
        "Which story? Deliver Results · Bias for Action " + BILLING_QUESTION
        + " Which of your stories answers this? Name it and how it opens."
    )  # fmt: skip
    assert back == front + (
        " Your stories Tell me about a time you delivered a project under a very tight deadline"
        " The billing vendor that gave us five weeks four days early no failed invoice"
    )
    assert sorted(tags) == [
        "star::kind::which-story", "star::principle::Bias_for_Action",
        "star::principle::Deliver_Results", "star::scenario::billing-cutover",
    ]  # fmt: skip
    # Without a hook, the first sentence of the situation recalls the story.
    side = next(back for front, back, _ in cards.values() if "most proud of building" in front)
    assert side.endswith("Tell me about something you built in your own time"
                         " I wanted a faster way to search my notes.")  # fmt: skip
    trust = [back for _, back, tags in cards.values() if "star::principle::Earn_Trust" in tags]
    assert len(trust) == 5
    for back in trust:
        assert back.endswith(
            "Your stories Describe how you helped someone on your team grow"
            " A new hire on my team, Zoë, was stuck on her first on-call week."
        )
    assert len(cards) == 22


def test_a_story_added_later_updates_the_cards_it_answers(
    stories: Path, collection: Collection
) -> None:
    first = run("build", "-o", "deck.apkg")
    assert first.exit_code == 0
    import_deck(collection, stories.parent / "deck.apkg")
    before = {k: v[1] for k, v in which_story_cards(collection).items()}
    (stories / "another.yaml").write_text(
        MENTOR.replace("mentoring-new-hire", "mentoring-intern").replace("Zoë", "Sam"),
        encoding="utf-8",
    )
    again = run("build", "-o", "deck.apkg")
    log = import_deck(collection, stories.parent / "deck.apkg")

    after = {k: v[1] for k, v in which_story_cards(collection).items()}
    assert after.keys() == before.keys()
    changed = sorted(k for k in after if after[k] != before[k])
    earn_trust = [f"question:{q.id}" for q in load_bank().of("Earn Trust")]
    hire = [f"question:{q.id}" for q in load_bank().of("Hire and Develop the Best")]
    assert changed == sorted(earn_trust + hire)
    assert all("Sam" in after[k] and "Zoë" in after[k] for k in changed)
    which_new = [n for n in log.log.new if n.fields[0].startswith("question:")]
    assert which_new == []
    assert "Since the last build: 6 new, 10 changed, 31 unchanged, 0 removed" in again.stdout


def test_a_principle_no_story_covers_any_more_retires_its_cards(
    stories: Path, collection: Collection
) -> None:
    run("build", "-o", "deck.apkg")
    text = (stories / "mentor.yaml").read_text(encoding="utf-8")
    (stories / "mentor.yaml").write_text(text.replace(", Earn Trust]", "]"), encoding="utf-8")

    partial = run("build", "-o", "deck.apkg", "--principle", "Deliver Results")
    assert "  removed: " not in partial.stdout
    # The cards it makes name every story, as a whole build would: nothing changes.
    assert partial.stdout.endswith(
        "Since the last build: 0 new, 0 changed, 14 unchanged, 0 removed\n"
        "Kept as they were: 12 notes of 2 scenarios and 15 Which Story notes this build left"
        " out.\n"
    )

    whole = run("build", "-o", "deck.apkg")
    earn_trust = sorted(f"question:{q.id}" for q in load_bank().of("Earn Trust"))
    assert [line[11:] for line in whole.stdout.splitlines() if line.startswith("  removed: ")] == (
        earn_trust
    )
    import_deck(collection, stories.parent / "deck.apkg")
    retired = collection.find_notes("tag:star::removed")
    assert sorted(collection.get_note(n)["Key"] for n in retired) == earn_trust
    front = visible_text(collection.get_note(retired[0]).cards()[0].question())
    assert front.startswith(
        "Which story? Earn Trust No story of yours answers this any more. No scenario targets"
        " its principle or lists it under 'questions'. To delete it, search tag:star::removed in"
        " Anki's browser, select the notes and delete them. "
    )


def test_filters_and_the_flag_choose_which_cards_are_made(stories: Path) -> None:
    only = run("build", "-o", "a.apkg", "--principle", "deliver results")
    # The 5 bank questions of that principle, and the 2 wordings stories give of their own.
    assert "  STAR Which Story     7" in only.stdout.splitlines()
    none = run("build", "-o", "b.apkg", "--no-which-story")
    assert "  STAR Which Story     0" in none.stdout.splitlines()


def test_an_unchanged_rebuild_leaves_which_story_notes_unchanged(stories: Path) -> None:
    run("build", "-o", "deck.apkg")
    again = run("build", "-o", "deck.apkg")
    assert "Since the last build: 0 new, 0 changed, 41 unchanged, 0 removed" in again.stdout


def test_wordings_that_compare_the_same_share_one_card() -> None:
    assert question_id("日本語の質問です") == question_id("日本語の質問です?")
    assert question_id("Why did you leave?") == question_id("why did you  leave")
    assert question_id("Why did you leave?") != question_id("Why did you stay?")
    assert re.fullmatch(r"leave-[0-9a-f]{6}", question_id("Why did you leave?"))


def test_a_build_of_one_principle_keeps_the_other_cards_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "seed.yaml").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    run("build")
    partial = run("build", "--principle", "ownership")
    assert partial.stdout.splitlines()[-2:] == [
        "Since the last build: 0 new, 0 changed, 27 unchanged, 0 removed",
        "Kept as they were: 10 Which Story notes this build left out.",
    ]


@pytest.mark.parametrize(
    ("situation", "hook"),
    [
        ("Our lead Dr. Smith said no. Then we went.", "Our lead Dr. Smith said no."),
        ("The rate fell 0.3% a week. Nobody saw it.", "The rate fell 0.3% a week."),
        ("状況です。次の文。", "状況です。"),
        ("One sentence only", "One sentence only"),
    ],
)
def test_the_first_sentence_of_the_situation_recalls_a_story_without_a_hook(
    situation: str, hook: str, tmp_path: Path
) -> None:
    text = SIDE.replace("I wanted a faster way to search my notes.", situation)
    (tmp_path / "side.yaml").write_text(text, encoding="utf-8")
    (story,) = load_scenarios([tmp_path])
    assert whichstory.hook(story) == hook


def test_a_story_asked_as_a_bank_question_answers_its_card() -> None:
    bank = load_bank()
    question = bank.of("Frugality")[0]
    (story,) = load_scenarios([SEED])
    asked = dataclasses.replace(story, question=question.text.rstrip(".?"), principles=())
    (prompt,) = whichstory.prompts([asked], bank)
    assert (prompt.id, list(prompt.principles), list(prompt.stories)) == (
        question.id, ["Frugality"], [asked.id]
    )  # fmt: skip
