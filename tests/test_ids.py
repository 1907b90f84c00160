"""Scenario ids: distinct and readable for distinct questions (where files go: test_targets.py);
note GUIDs: genanki's, byte for byte."""

from __future__ import annotations

import re

import genanki
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from star_anki.collect import collect_notes
from star_anki.ids import MAX_ID_LENGTH, MAX_WORDS, is_valid_id, note_guid, scenario_id
from star_anki.load import load_scenarios

from .conftest import SCENARIOS

# Behavioural questions as interviewers and prep sites word them, the page suffix removed.
REAL_QUESTIONS = [
    "Tell Me About a Time You Earned the Trust of Your Team",
    "Tell Me About a Time You Earned the Trust of a Frustrated Customer",
    "Tell me about a time you had to deliver results under a tight deadline",
    "Tell me about a time you had to deliver results with limited resources",
    "Describe a Situation Where You Built Something From Scratch That Did Not Exist Before",
    "Tell me about a time you failed.",
    "Tell me about a time when you failed to meet a commitment",
    "Tell me about your biggest failure",
    "Tell me about a time you disagreed with your manager",
    "Tell Me About a Time You Disagreed With a More Senior Engineer",
    "Tell me about a time you had a conflict with a coworker",
    "Describe a time when you had to resolve a conflict between two team members",
    "Tell me about a time you made a decision that was unpopular",
    "Tell me about a time you made a decision without all the data you needed",
    "Tell Me About a Time You Had to Make a Decision Without Having All the Data",
    "Tell Me About a Time You Went Above and Beyond for a Customer",
    "Tell me about a time you said no to a customer",
    "Give me an example of when you disagreed and committed",
    "Have you ever had to commit to a decision you disagreed with?",
    "Tell me about a time you invented something to simplify a process",
    "Tell Me About a Time You Simplified a Process",
    "Describe a time when you found a simple solution to a complex problem",
    "Tell me about a time you hired someone who raised the bar",
    "Tell me about a time you developed a member of your team",
    "Describe a situation in which you had to let someone go",
    "Tell me about a time you accomplished more with less",
    "Tell me about a time you saved your company money",
    "Describe the Hardest Bug You Have Ever Debugged",
    "Tell Me About a Time You Missed a Deadline",
    "What is the most difficult feedback you've received?",
    "What’s the biggest mistake you’ve made at work?",
    "What is your greatest professional achievement?",
    "Have you ever taken a calculated risk?",
    "TELL ME ABOUT A TIME YOU TOOK OWNERSHIP OF A PROBLEM OUTSIDE YOUR TEAM",
    "tell me about a time you dove deep into data to find the root cause of an issue",
    "Tell me about a time you used data to change someone’s mind",
    "Tell me about a time you received critical feedback",
    "Tell me about a time you gave difficult feedback to a peer",
    "Give an example of a goal you set and how you achieved it",
    "Tell me about a time you had to learn something new quickly",
    "Tell me about a time you influenced a team without having authority",
    "Describe a situation where you had to work with a difficult stakeholder",
    "Tell me about a time you had to prioritise competing deadlines",
    "Tell me about a time you handled ambiguity",
    "Tell me about a time you thought big",
    "Tell me about a time you raised the bar on quality",
    "Describe a time you insisted on the highest standards even when it slowed delivery",
    "Tell me about a time you challenged the status quo",
    "Tell me about a time you were wrong",
    "Tell me about a time you admitted a mistake to your team",
    "Tell me about a time you mentored a junior engineer",
    "Tell me about a time you worked with a team across time zones",
    "Tell me about a time you had to explain a technical concept to a non-technical audience",
    "Tell me about a time you cut costs on a project without hurting quality",
    "Tell me about a time you anticipated a customer's needs before they asked",
    "How do you handle conflict within your team?",
    "Why do you want to work at Amazon?",
    "Tell me about yourself",
    "Describe a time you managed a project that was behind schedule",
    "Tell me about a time you managed a project that was over budget",
    "Tell me about a time you delivered a project despite a major setback",
    "Walk me through a project you led from start to finish",
    "Tell me about a time you went against the majority",
    "Can you tell me about a time you had to persuade your boss?",
    "Tell me about a time you improved a process that nobody owned",
    "Describe a situation in which you didn't meet a customer's expectations",
    "Give me an example of a time you had to make a quick decision under pressure",
    "Tell me about a time your team missed a deadline",
]


def question_words(question: str) -> set[str]:
    """The words of a question, and those with an apostrophe also as one word ("didnt")."""
    lowered = question.lower().replace("’", "'")
    joined = lowered.replace("'", "")
    return {*re.findall(r"[a-z0-9]+", lowered), *re.findall(r"[a-z0-9]+", joined)}


def test_real_questions_get_distinct_readable_ids() -> None:
    ids = [scenario_id(question) for question in REAL_QUESTIONS]
    assert len(REAL_QUESTIONS) == len(set(REAL_QUESTIONS)) >= 40
    assert [i for i in ids if ids.count(i) > 1] == []
    for question, found in zip(REAL_QUESTIONS, ids, strict=True):
        assert is_valid_id(found), found
        assert len(found) <= MAX_ID_LENGTH and len(found.split("-")) <= MAX_WORDS, found
        assert set(found.split("-")) <= question_words(question), (question, found)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Tell Me About a Time You Earned the Trust of Your Team", "earned-trust-team"),
        (
            "Tell Me About a Time You Earned the Trust of a Frustrated Customer",
            "earned-trust-frustrated-customer",
        ),
        (
            "Tell me about a time you had to deliver results under a tight deadline",
            "deliver-results-under-tight-deadline",
        ),
        (
            "Tell me about a time you had to deliver results with limited resources",
            "deliver-results-with-limited-resources",
        ),
        (
            "Describe a Situation Where You Built Something From Scratch That Did Not Exist Before",
            "built-something-from-scratch",
        ),
        ("Tell me about a time you made a decision that was unpopular", "made-decision-unpopular"),
        ("Give me an example of when you disagreed and committed", "disagreed-committed"),
        ("Tell me about a time you disagreed with your manager", "disagreed-with-manager"),
        (
            "What is the most difficult feedback you've received?",
            "most-difficult-feedback-received",
        ),
        ("Have you ever taken a calculated risk?", "taken-calculated-risk"),
        ("Describe the Hardest Bug You Have Ever Debugged", "hardest-bug-debugged"),
        ("Tell me about a time you accomplished more with less", "accomplished-more-with-less"),
        (
            "Describe a situation in which you didn't meet a customer's expectations",
            "didnt-meet-customer-expectations",
        ),
        (
            "Tell me about a time you had to explain a technical concept to a non-technical"
            " audience",
            "explain-technical-concept-non-technical-audience",
        ),
        ("Tell me about yourself", "tell-me-about-yourself"),  # all prompt: the words as they are
        ("日本語の質問", "scenario-dbfcaa12"),  # no Latin letters: from its hash
        ("Tell me about " + "x" * 300, "x" * MAX_ID_LENGTH),  # one word too long: cut
    ],
)
def test_scenario_ids_of_questions(question: str, expected: str) -> None:
    assert scenario_id(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about a time you failed",
        "Tell me about a time when you failed.",
        "Give me an example of a time you failed",
        "Describe a situation in which you failed",
        "Can you share an example of when you failed?",
        "Have you ever failed?",
    ],
)
def test_the_prompt_phrasing_does_not_change_the_id(question: str) -> None:
    assert scenario_id(question) == "failed"


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("Tell me about a time")
@example("a an the of to -- ''")
def test_any_question_gives_a_valid_short_id(question: str) -> None:
    found = scenario_id(question)
    assert is_valid_id(found) and len(found) <= MAX_ID_LENGTH


_WORDS = st.sampled_from(
    "tell me about a time you when that with the of trust team customer deadline under"
    " built something from scratch have ever describe situation where give example".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS | st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True), max_size=20))
def test_ids_of_worded_questions_use_only_their_words(words: list[str]) -> None:
    question = " ".join(words)
    found = scenario_id(question)
    if found.startswith("scenario-"):
        assert not re.search(r"[A-Za-z0-9]", question)
    else:
        assert set(found.split("-")) <= question_words(question)
        assert len(found.split("-")) <= MAX_WORDS


# Keys as notes have them, and the edges of base 91: the GUIDs of users' notes hang on these.
_NOTE_KEYS = [
    "", "a", "built-something-from-scratch/story/main", "x/step/situation",
    "x/key-phrases/action", "x/follow-up/#3", "x/pitch/invent and simplify", "q/which-story/é",
    "问题/quiz/选择", "emoji 💡/level/#1", "tab\tand\nnewline", "star-anki", "__",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"])))
@example("")
def test_note_guids_are_genanki_guid_for_byte_for_byte(key: str) -> None:
    for one in (key, *_NOTE_KEYS):
        assert note_guid(one) == genanki.guid_for("star-anki", one)


def test_the_notes_of_every_scenario_keep_genanki_guids() -> None:
    scenarios = load_scenarios([SCENARIOS])
    keys = [f"{n.key}{suffix}" for n in collect_notes(scenarios) for suffix in ("", "/", "~")]
    keys += [f"story-{number:05d}/step/situation" for number in range(20000)]
    assert [note_guid(key) for key in keys] == [genanki.guid_for("star-anki", k) for k in keys]
