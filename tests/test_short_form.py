"""The short form: a story in minutes, from its question, principles and five examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import Collection

from star_anki.errors import ScenarioError
from star_anki.load import load_file, load_scenarios
from star_anki.model import TARGET_SECONDS
from star_anki.notes import scenario_notes
from star_anki.package import build_deck

from .conftest import T1, import_deck, run, visible_text

BILLING = """\
id: billing-cutover
question: Tell me about a time you delivered a project under a very tight deadline
principles: [Deliver Results, Bias for Action]
questions:
  - Tell me about a time you had to act without all the data you wanted
hook: The billing vendor that gave us five weeks
steps:
  situation: {example: "Our billing vendor announced it would shut down its API in five weeks."}
  task: {example: "I owned moving 40,000 invoices a month to a new provider before then."}
  action: {example: "I cut the scope to the three flows that carried 95% of revenue."}
  result: {example: "We switched four days early and lost not one invoice."}
  reflection: {example: "I learned to ask what must be true on the day, not what would be nice."}
"""
# Unicode throughout; no other questions and no hook.
ZURICH = """\
id: zurich-checkout
question: Erzählen Sie von einem Kunden, für den Sie sich eingesetzt haben — Zürich edition
principles: [Customer Obsession]
steps:
  situation:
    example: Unser Café-App in Zürich war mit Screenreader unbenutzbar; 12 % brachen ab. ☕
  task:
    example: Ich übernahm es, obwohl es nicht unser Team war — 日本語 users too.
  action:
    example: Ich testete jede Seite mit VoiceOver und schrieb die Labels neu.
  result:
    example: Die Abbrüche fielen von 12 % auf 2 %; naïve fixes were gone.
  reflection:
    example: Barrierefreiheit ist kein Extra, sondern Teil von „fertig“.
"""
# A weak answer but no coaching; one step with its own time, key phrase and mistake.
ROLLBACK = """\
id: rollback-call
question: Tell me about a time you disagreed with your team and were right
principles: ["Have Backbone; Disagree and Commit", Earn Trust]
questions:
  - Tell me about a time you pushed back on a decision
  - Describe a time you changed your team's mind with data
steps:
  situation: {example: "Two days before a launch, our error rate doubled."}
  task: {example: "As the on-call lead, the call to ship or roll back was mine."}
  action:
    target_seconds: 75
    example: I showed the error budget burning in four hours and asked for a rollback.
    key_phrases: [error budget]
    mistake: Telling it as a win over people instead of a decision made with them.
  result: {example: "We rolled back, fixed the leak and shipped a week later with no incident."}
  reflection: {example: "Data ends arguments that opinions start."}
weak_answer:
  text: We argued about it and eventually rolled back.
  problems:
    - "'We' hides who made the call"
    - No numbers
  verdict: Shows no backbone of their own.
"""
# No principles, and a reflection with key phrases instead of an example.
ON_CALL = """\
id: first-on-call
question: Tell me about a time you learned something quickly
steps:
  situation: {example: "In my second week I was put on call for a service I had never read."}
  task: {example: "I had to be able to restore it alone by Friday."}
  action: {example: "I broke it on purpose in staging, twice a day, and restored it."}
  result: {example: "On Saturday it failed for real; I had it back in eleven minutes."}
  reflection: {key_phrases: [break it on purpose, ask early]}
"""
STORIES = {
    "billing-cutover": BILLING, "zurich-checkout": ZURICH, "rollback-call": ROLLBACK,
    "first-on-call": ON_CALL,
}  # fmt: skip
# Headings a card may show only when its field has text.
HEADINGS = ("Coaching", "Common mistake", "Overview", "Summary", "Lead with")


@pytest.fixture
def stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The short-form stories in ./scenarios, the current folder being ``tmp_path``."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_short_stories_validate(stories: Path) -> None:
    result = run("validate")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "OK: 4 scenarios, no problems\n", "",
    )  # fmt: skip


def test_short_stories_load_with_their_defaults(stories: Path) -> None:
    loaded = {s.id: s for s in load_scenarios([stories])}
    billing, zurich, rollback = (loaded[k] for k in ("billing-cutover", "zurich-checkout",
                                                     "rollback-call"))  # fmt: skip
    assert billing.questions == (
        "Tell me about a time you had to act without all the data you wanted",
    )
    assert billing.hook == "The billing vendor that gave us five weeks"
    assert (zurich.questions, zurich.hook) == ((), None)
    assert (zurich.overview, zurich.summary, zurich.weak_answer) == ("", "", None)
    assert loaded["first-on-call"].principles == ()
    for scenario in loaded.values():
        times = {key: step.target_seconds for key, step in scenario.steps.items()}
        expected = {**TARGET_SECONDS, "action": 75} if scenario is rollback else TARGET_SECONDS
        assert times == expected
        assert all(type(seconds) is int for seconds in times.values())
    assert TARGET_SECONDS == {
        "situation": 30, "task": 20, "action": 90, "result": 20, "reflection": 15,
    }  # fmt: skip
    assert rollback.total_seconds == 160


def test_short_stories_leave_the_fields_they_do_not_give_empty(stories: Path) -> None:
    for scenario in load_scenarios([stories]):
        notes = list(scenario_notes(scenario, "STAR Interview"))
        kinds = [note.note_type.kind for note in notes]
        assert ("weak-answer" in kinds) == (scenario.id == "rollback-call")
        for note in notes:
            fields = dict(zip(note.note_type.field_names, note.fields, strict=True))
            for name in ("Coaching", "Guidance", "Levels", "Reflections"):
                assert fields.get(name, "") == "", note.key
            mistake = note.key == "rollback-call/step/action"
            assert bool(fields.get("Mistake")) == mistake, note.key


def test_short_stories_import_into_anki_without_empty_sections(
    stories: Path, tmp_path: Path, collection: Collection
) -> None:
    scenarios = load_scenarios([stories])
    report = build_deck(scenarios, tmp_path / "deck.apkg", timestamp=T1)
    expected = {"STAR Step": 20, "STAR Key Phrases": 1, "STAR Weak Answer": 1, "STAR Story": 4}
    assert {name: report.counts[name] for name in expected} == expected
    import_deck(collection, tmp_path / "deck.apkg")
    examples = {step.example for s in scenarios for _, step in s.steps.items() if step.example}
    shown: set[str] = set()
    for name in expected:
        for card_id in collection.find_cards(f'"note:{name}"'):
            card = collection.get_card(card_id)
            key = card.note()["Key"]
            front, back = visible_text(card.question()), visible_text(card.answer())
            shown |= {example for example in examples if example in back}
            wanted = ["Common mistake"] if key == "rollback-call/step/action" else []
            assert [h for h in HEADINGS if h in back] == wanted, key
            if name == "STAR Step":
                step = key.rsplit("/", 1)[1]
                seconds = 75 if key == "rollback-call/step/action" else TARGET_SECONDS[step]
                assert f"⏱ Target: {seconds}s" in front
    assert shown == examples  # every example is on its step's card
    (story,) = collection.find_cards('"note:STAR Story" "Key:zurich-checkout/story/main"')
    front = visible_text(collection.get_card(story).question())
    assert "⏱ Target: 2 min 55 s in all" in front
    assert "Situation 30s · Task 20s · Action 90s · Result 20s · Reflection 15s" in front
    assert "Erzählen Sie von einem Kunden, für den Sie sich eingesetzt haben — Zürich" in front
    (reflection,) = collection.find_cards('"Key:first-on-call/step/reflection"')
    back = visible_text(collection.get_card(reflection).answer())
    assert back.endswith("Key phrases break it on purpose ask early")
    (weak,) = collection.find_cards('"note:STAR Weak Answer"')
    card = collection.get_card(weak)
    assert "We argued about it and eventually rolled back." in visible_text(card.question())
    assert visible_text(card.answer()).endswith(
        "✗ What's wrong 'We' hides who made the call No numbers"
        " Bar raiser thinks Shows no backbone of their own."
    )


BROKEN = """\
id: broken-short
question: Tell me about a time you failed
questions:
  - Tell me about a time you missed a deadline
  - Tell me about a time you missed a deadline
steps:
  situation: {example: "We were three weeks from launch."}
  task: {}
  action:
  reflection: {example: ""}
"""


def test_a_missing_step_or_example_is_named_by_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "broken.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "broken.yaml:5:5: duplicate question 'Tell me about a time you missed a deadline'"
        " (first used at line 4)\n"
        "broken.yaml:7:3: missing required key 'result' in 'steps'\n"
        "broken.yaml:8:9: 'task' needs an 'example' (a step without one needs key_phrases,"
        " coaching or mistake)\n"
        "broken.yaml:9:10: 'action' must be a mapping of keys to values, not empty\n"
        "broken.yaml:10:25: 'example' must not be empty\n"
        "Error: 5 problems in 1 file\n"
    )


def test_a_step_with_only_its_time_needs_an_example(tmp_path: Path) -> None:
    path = tmp_path / "timed.yaml"
    task = BILLING.splitlines()[8]
    assert task.startswith("  task: {example:")
    path.write_text(BILLING.replace(task, "  task: {target_seconds: 25}"), encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_file(path)
    assert [str(problem) for problem in error.value.problems] == [
        f"{path}:9:9: 'task' needs an 'example' (a step without one needs key_phrases,"
        " coaching or mistake)"
    ]


QUESTION = "Tell me about a time you disagreed with your manager"
SHORT_FILE = f"""\
# yaml-language-server: $schema=scenario.schema.json
# A STAR story for star-anki, in short: the question, its principles and the five
# steps as you would tell them. Fill in the empty values, then run 'star-anki
# validate' on this file: it lists, by line, those still needed. Timings, coaching,
# a weak answer, follow-ups and the rest are optional ('star-anki new --full').
id: disagreed-with-manager
question: {QUESTION}
# The leadership principles this story shows, e.g. Ownership.
principles:
  - Earn Trust
# Optional: other wordings of interview questions this story answers, one a line;
# each becomes a 'Which story?' card. Delete the list if there are none.
questions:
  -
# Optional: one line that brings this story back to you, e.g. 'The vendor that
# gave us five weeks'. Left empty, the situation's first sentence does.
hook:
steps:
  # Situation: your role, the system and the problem with what it cost, in half a minute.
  # Skip the architecture tour: the interviewer wants the problem.
  situation:
    example: ""
  # Task: your responsibility and the scope boundary. Whose problem was it, who asked
  # you (nobody?), and what did you set out to achieve?
  task:
    example: ""
  # Action: what you did, one 'I' sentence per move: investigated, traced, reproduced,
  # designed, shipped, followed up. Never 'we': your own part must be visible.
  action:
    example: ""
  # Result: the metric before and after, what it meant for the business, and a
  # second-order effect (others adopted it, a process changed).
  result:
    example: ""
  # Reflection: a lesson only this story could teach, such as the gap in how teams
  # worked that let the problem hide. Not 'communication is important'.
  reflection:
    example: ""
"""


def test_new_writes_the_short_form_and_validate_lists_what_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", QUESTION, "--principle", "Earn Trust").exit_code == 0
    path = "scenarios/disagreed-with-manager.yaml"
    assert (tmp_path / path).read_text(encoding="utf-8") == SHORT_FILE
    result = run("validate")
    assert result.exit_code == 1
    examples = [f"{path}:{line}:14: 'example' must not be empty\n" for line in (22, 26, 30, 34, 38)]
    assert result.stderr == (
        f"{path}:14:4: 'questions' item 1 must not be empty\n"
        + "".join(examples)
        + "Error: 6 problems in 1 file\n"
    )


def test_new_says_both_forms_in_its_help() -> None:
    shown = run("new", "--help").stdout
    assert (
        "  By default the short form: the principles, other wordings of the question, a\n"
        "  hook, and an example for each of the five steps, which is all a story needs.\n"
        "  With --full, every section of a walkthrough instead.\n"
    ) in shown
    assert (
        '    star-anki new "Tell me about a time you disagreed with your manager" \\\n'
        '        --principle "Have Backbone; Disagree and Commit" --principle "Earn Trust"\n'
        '    star-anki new "Tell me about a time you failed" --full    # every section\n'
    ) in shown
    assert (
        "  --full             Write every section of a walkthrough: timings, coaching, a\n"
        "                     weak answer, follow-ups, quiz items, guidance, levels.\n"
    ) in shown


def test_a_one_off_build_still_refuses_while_a_file_has_problems(stories: Path) -> None:
    (stories / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    result = run("build")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-2:] == [
        "scenarios/broken.yaml:10:25: 'example' must not be empty",
        "Error: 5 problems in 1 file",
    ]
    assert not (stories.parent / "decks").exists()
