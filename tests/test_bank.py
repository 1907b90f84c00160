"""The question bank and coverage: every principle, your own banks, their errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from star_anki.bank import BUILTIN, load_bank

from .bank_stories import AMAZON, BILLING, MENTOR, SIDE
from .conftest import run


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


def test_a_bank_file_gets_the_same_yaml_syntax_messages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: Mine\nprinciples:\n  - principle: Ownership\n    questions:\n"
        "      - id: hard-call\n        question: Tell me about a call: the hard one\n",
        encoding="utf-8",
    )
    result = run("questions", "--questions", bad)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{bad}:6:39: invalid YAML: a ': ' inside a value; put the value in quotes\n"
        "Error: 1 problem in 1 file\n"
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


def test_new_refuses_a_principle_given_twice_in_another_spelling() -> None:
    twice = ("--principle", "Earn Trust", "--principle", "earn trust!")
    result = run("new", "Tell me about a time you earned trust", *twice, "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--principle': 'Earn Trust' is given twice\n"
    )
