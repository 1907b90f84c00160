"""Your story bank: short stories, the question bank, 'Which story?' cards and coverage.

The stories here are written for these tests (none of them is bundled); the cards
are checked as the real Anki library imports and renders them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection

from star_anki import whichstory
from star_anki.bank import BUILTIN, load_bank
from star_anki.ids import question_id
from star_anki.load import load_scenarios

from .conftest import ROOT, SEED, import_deck, run, visible_text

AMAZON = [
    "Customer Obsession", "Ownership", "Invent and Simplify", "Are Right, A Lot",
    "Learn and Be Curious", "Hire and Develop the Best", "Insist on the Highest Standards",
    "Think Big", "Bias for Action", "Frugality", "Earn Trust", "Dive Deep",
    "Have Backbone; Disagree and Commit", "Deliver Results", "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
]  # fmt: skip
# A shipped example of the short form: the README shows it.
BILLING = (ROOT / "docs" / "examples" / "billing-cutover.yaml").read_text(encoding="utf-8")
MENTOR = """\
id: mentoring-new-hire
question: Describe how you helped someone on your team grow
principles: [hire and develop the best, Earn Trust]
steps:
  situation:
    example: >-
      A new hire on my team, Zoë, was stuck on her first on-call week.
      She had paged me twice before noon.
  task: {example: "I was her onboarding buddy."}
  action: {example: "I paired with her on two incidents and wrote the runbook she lacked."}
  result: {example: "She led the next incident alone a month later."}
  reflection: {example: "Teaching beats fixing."}
"""
SIDE = """\
id: side-project
question: Tell me about something you built in your own time
principles: [Curiosity]
questions:
  - What are you most proud of building?
steps:
  situation: {example: "I wanted a faster way to search my notes."}
  task: {example: "Nobody asked me to."}
  action: {example: "I wrote a small indexer."}
  result: {example: "I use it every day."}
  reflection: {example: "Small tools compound."}
"""
BILLING_QUESTION = "Tell me about a time you had to act without all the data you wanted"


@pytest.fixture
def stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three short stories of the tests' own under scenarios/, as the current directory."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, text in (("billing.yaml", BILLING), ("mentor.yaml", MENTOR), ("side.yaml", SIDE)):
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def which_story_cards(col: Collection) -> dict[str, tuple[str, str, list[str]]]:
    """Each Which Story note by key: its front and back as a learner reads them, its tags."""
    found = {}
    for note_id in col.find_notes('"note:STAR Which Story"'):
        note = col.get_note(note_id)
        (card,) = note.cards()
        found[note["Key"]] = (visible_text(card.question()), visible_text(card.answer()), note.tags)
    return found


def test_the_built_in_bank_asks_about_every_amazon_principle() -> None:
    bank = load_bank()
    assert bank.names == ("Amazon Leadership Principles",)
    assert list(bank.principles) == AMAZON
    for principle in AMAZON:
        assert len(bank.of(principle)) >= 4, principle
    assert len({q.id for q in bank.questions}) == len(bank.questions) >= 64
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q.id) for q in bank.questions)
    assert (
        bank.principle("have backbone, disagree & commit") == "Have Backbone; Disagree and Commit"
    )


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


COVERAGE = """\
PRINCIPLE                                     STORIES  IDS
Customer Obsession                                  0  no story
Ownership                                           0  no story
Invent and Simplify                                 0  no story
Are Right, A Lot                                    0  no story
Learn and Be Curious                                0  no story
Hire and Develop the Best                           1  mentoring-new-hire
Insist on the Highest Standards                     0  no story
Think Big                                           0  no story
Bias for Action                                     1  billing-cutover
Frugality                                           0  no story
Earn Trust                                          1  mentoring-new-hire
Dive Deep                                           0  no story
Have Backbone; Disagree and Commit                  0  no story
Deliver Results                                     1  billing-cutover
Strive to be Earth's Best Employer                  0  no story
Success and Scale Bring Broad Responsibility        0  no story
Curiosity (not in the bank)                         1  side-project
For none of the bank's principles: side-project
Principles with a story: 4 of 16
"""


def test_coverage_lists_every_principle_and_the_gaps(stories: Path) -> None:
    result = run("coverage")
    assert (result.exit_code, result.stdout, result.stderr) == (0, COVERAGE, "")
    data = json.loads(run("coverage", "--json").stdout)
    assert [row["principle"] for row in data["principles"]] == [*AMAZON, "Curiosity"]
    assert data["principles"][-1] == {
        "principle": "Curiosity", "in_bank": False, "stories": ["side-project"]
    }  # fmt: skip
    assert len(data["gaps"]) == 12 and data["outside_bank"] == ["side-project"]
    assert data["over_used"] == []


def test_a_story_for_too_many_principles_is_called_over_used(stories: Path) -> None:
    text = BILLING.replace(
        "[Deliver Results, Bias for Action]",
        "[Deliver Results, Bias for Action, Ownership, Dive Deep, Think Big]",
    )
    (stories / "billing.yaml").write_text(text, encoding="utf-8")
    lines = run("coverage").stdout.splitlines()
    assert lines[-3:] == [
        "Over-used (for more than 4 principles): billing-cutover (5)",
        "For none of the bank's principles: side-project",
        "Principles with a story: 7 of 16",
    ]


ACME = """\
name: Acme values
include_builtin: false
principles:
  - principle: Customers First
    questions:
      - id: customers-first-hard-call
        question: Tell me about a hard call you made for a customer.
      - question: When did you say no to a customer, and why?
  - principle: Build Boldly
    questions:
      - id: bold-bet
        question: Describe the boldest bet you have made at work.
"""


def test_a_bank_of_your_own_replaces_or_adds_to_the_built_in_one(tmp_path: Path) -> None:
    acme = tmp_path / "acme.yaml"
    acme.write_text(ACME, encoding="utf-8")
    listed = run("questions", "--questions", acme)
    assert listed.stdout == (
        "Customers First (2)\n"
        "  Tell me about a hard call you made for a customer.\n"
        "  When did you say no to a customer, and why?\n"
        "Build Boldly (1)\n"
        "  Describe the boldest bet you have made at work.\n"
        "3 questions for 2 principles (Acme values)\n"
    )
    acme.write_text(ACME.replace("include_builtin: false\n", ""), encoding="utf-8")
    both = run("questions", "--questions", acme, "--principle", "build boldly")
    assert both.stdout == (
        "Build Boldly (1)\n"
        "  Describe the boldest bet you have made at work.\n"
        "1 question for 1 principle (Amazon Leadership Principles, Acme values)\n"
    )
    assert run("questions").stdout.endswith(
        "80 questions for 16 principles (Amazon Leadership Principles)\n"
    )


def test_an_unknown_principle_is_a_usage_error() -> None:
    result = run("questions", "--principle", "Be Nice")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for --principle: 'Be Nice' is not a principle of the bank;"
        " 'star-anki questions' lists them\n"
    )


BAD_BANK = """\
name: Broken
principles:
  - principle: Customers First
    questions:
      - id: Hard_Call
        question: Tell me about a hard call.
      - question: Tell me about a hard call
  - principle: customers first
    questions: []
  - principle: Ownership
    questions:
      - id: ownership-outside-role
        question: 42
"""


def test_a_bad_bank_file_gets_every_problem_with_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_BANK, encoding="utf-8")
    result = run("questions", "--questions", bad)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{bad}:5:13: 'id' must be lowercase letters, digits and single hyphens"
        " (like 'built-from-scratch'), not 'Hard_Call'\n"
        f"{bad}:7:19: duplicate question 'Tell me about a hard call' (first used at line 6)\n"
        f"{bad}:8:16: duplicate principle 'customers first' (first used at line 3)\n"
        f"{bad}:9:16: 'questions' must have at least 1 item\n"
        f"{bad}:13:19: 'question' must be text, not 42 (put it in quotes to keep it as text)\n"
        "Error: 5 problems in 1 file\n"
    )


def test_a_bank_question_given_again_is_reported_where_it_is_repeated(tmp_path: Path) -> None:
    again = tmp_path / "again.yaml"
    text = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))["principles"][1]["questions"][0]
    again.write_text(
        "name: Again\nprinciples:\n  - principle: Ownership\n    questions:\n"
        f"      - id: {text['id']}\n        question: A question of my own.\n",
        encoding="utf-8",
    )
    result = run("coverage", "--questions", again)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{again}:5:13: id '{text['id']}' is also in the built-in bank\n"
        "Error: 1 problem in 1 file\n"
    )


def test_an_unchanged_rebuild_leaves_which_story_notes_unchanged(stories: Path) -> None:
    run("build", "-o", "deck.apkg")
    again = run("build", "-o", "deck.apkg")
    assert "Since the last build: 0 new, 0 changed, 41 unchanged, 0 removed" in again.stdout


def test_a_principle_spelt_two_ways_counts_once(stories: Path) -> None:
    text = MENTOR.replace("[hire and develop the best, Earn Trust]", "[Earn Trust, Curiosity]")
    (stories / "mentor.yaml").write_text(text, encoding="utf-8")
    side = SIDE.replace("[Curiosity]", "[curiosity, Deliver  results]")
    (stories / "side.yaml").write_text(side, encoding="utf-8")
    rows = {line.split("  ")[0]: line for line in run("coverage").stdout.splitlines()}
    curiosity = rows["Curiosity (not in the bank)"]
    assert curiosity.endswith("2  mentoring-new-hire, side-project")
    assert rows["Deliver Results"].endswith("2  billing-cutover, side-project")
    assert "curiosity (not in the bank)" not in rows

    twice = SIDE.replace("[Curiosity]", "[Earn Trust, earn  trust]")
    (stories / "side.yaml").write_text(twice, encoding="utf-8")
    result = run("validate")
    assert result.stderr == (
        "scenarios/side.yaml:3:26: duplicate principle 'earn  trust' (first used at line 3)\n"
        "Error: 1 problem in 1 file\n"
    )


def test_build_principle_picks_stories_as_cards_spell_it(stories: Path) -> None:
    built = run("build", "-o", "deck.apkg", "--principle", "HIRE AND DEVELOP THE BEST")
    # The mentoring story's 6, its principle's 5 bank questions, the 2 stories' own wordings.
    assert built.stdout.splitlines()[0] == "Wrote deck.apkg: 13 notes from 1 scenario"


def test_a_bank_file_named_twice_is_read_once(tmp_path: Path) -> None:
    acme = tmp_path / "acme.yaml"
    acme.write_text(ACME, encoding="utf-8")
    listed = run("questions", "--questions", acme, "--questions", tmp_path / "." / "acme.yaml")
    assert listed.stdout.endswith("3 questions for 2 principles (Acme values)\n")


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
        "Since the last build: 0 new, 0 changed, 23 unchanged, 0 removed",
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
