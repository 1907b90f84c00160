"""Pages as people copy them: the site around the walkthrough, multiple choice, a phone's copy.

The pages are tests/pages/chrome.txt, choices.txt and phone.txt (their YAML is pinned with
the other pages in test_pages.py); here, what each is for, in the command's words and in Anki.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from anki.collection import Collection

from star_anki.importer import import_page
from star_anki.lines import classify, option

from .conftest import ROOT, T1, build, import_deck, run, visible_text

PAGES = ROOT / "tests" / "pages"


def test_the_site_around_the_walkthrough_is_left_out_and_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("import", PAGES / "chrome.txt", "-o", "story.yaml")
    assert result.exit_code == 0
    assert result.stderr == ""  # no warning a line
    assert result.stdout.splitlines()[:2] == [
        f"Wrote story.yaml from {PAGES / 'chrome.txt'}: 5 steps, 2 follow-ups, 3 quiz items,"
        " 2 principles, 2 levels",
        "  Left out 32 lines of the site around the walkthrough (page lines 1-17 and 187-204).",
    ]
    data = yaml.safe_load((tmp_path / "story.yaml").read_text(encoding="utf-8"))
    assert "unplaced" not in data
    assert data["family"] == "Amazon Leadership Principles"
    assert data["levels"][-1]["time"] == "2.5-3 minutes."
    assert run("validate", "story.yaml").stderr == ""


def test_a_page_that_goes_on_after_its_last_level_keeps_every_line() -> None:
    page = (PAGES / "chrome.txt").read_text(encoding="utf-8")
    # A line only a walkthrough has, after the last level: the page is not over.
    text, parsed = import_page((page + '\n"a stray key phrase"\n').encode("utf-8"), "page.txt")
    data = yaml.safe_load(text)
    assert parsed.dropped[1] == []
    assert data["unplaced"][0] == "Was this walkthrough helpful?"
    assert data["unplaced"][-1] == '"a stray key phrase"'


def _quiz(path: Path) -> list[dict[str, Any]]:
    text, parsed = import_page(path.read_bytes(), path.name)
    assert parsed.warnings == []
    quiz: list[dict[str, Any]] = yaml.safe_load(text)["quiz"]
    return quiz


def test_lettered_and_radio_options_become_choices_with_the_marked_one_correct() -> None:
    first, second, third = _quiz(PAGES / "choices.txt")
    assert first["choices"] == [
        {"text": "I worked every weekend until the launch."},
        {"text": "I reused the shipping-label service the outbound team already ran.",
         "correct": True},
        {"text": "I asked for two contractors to replace the engineers."},
        {"text": "I built a new label renderer designed for lockers."},
    ]  # fmt: skip
    assert first["explanation"].startswith("Reusing an existing service saved about three weeks")
    assert [c.get("correct", False) for c in second["choices"]] == [False, True, False, False]
    assert second["choices"][1]["text"] == "Three carriers covered 85% of locker returns"
    assert "choices" not in third


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        ('A. "We decided as a team"', ("We decided as a team", False)),
        ('b) "I designed it" ✔', ("I designed it", True)),
        ('C. "I designed it" âœ“', ("I designed it", True)),  # ✓ read as Windows-1252
        ("D. I designed it (correct)", ("I designed it", True)),
        ("○ My manager asked", ("My manager asked", False)),
        ("● I owned it", ("I owned it", True)),
        ("â—‹ My manager asked", ("My manager asked", False)),  # ○ garbled
        ("A. ✓", None),  # nothing to choose
        ("An answer in a sentence.", None),
    ],
)  # fmt: skip
def test_an_option_line_is_read_with_its_mark(raw: str, found: tuple[str, bool] | None) -> None:
    line = classify(1, raw)
    assert line is not None and option(line) == found


def test_one_marked_option_or_none_become_choices() -> None:
    page = (PAGES / "choices.txt").read_text(encoding="utf-8").replace(" ✓\n", "\n", 1)
    text, _ = import_page(page.encode("utf-8"), "page.txt")
    first = yaml.safe_load(text)["quiz"][0]
    # No option marked: no choices to give; the options stay where a learner sees them.
    assert "choices" not in first
    assert first["explanation"].startswith('A. "I worked every weekend until the launch."\n')


def test_choices_show_on_the_quiz_front_and_the_right_one_on_the_back(
    tmp_path: Path, collection: Collection
) -> None:
    story = tmp_path / "story.yaml"
    story.write_text(import_page((PAGES / "choices.txt").read_bytes(), "choices.txt")[0])
    import_deck(collection, build(story, tmp_path / "deck.apkg", T1))
    (card_id,) = collection.find_cards('"note:STAR Quiz" "QuizQuestion:Which statement*"')
    card = collection.get_card(card_id)
    assert visible_text(card.question()).endswith(
        "Which statement from the Action step best shows Frugality? I worked every weekend until"
        " the launch. I reused the shipping-label service the outbound team already ran. I asked"
        " for two contractors to replace the engineers. I built a new label renderer designed for"
        " lockers."
    )
    assert (
        "Answer I reused the shipping-label service the outbound team already ran. Explanation"
        " Reusing an existing service"
    ) in visible_text(card.answer())


def _fields(value: object, path: str = "") -> list[tuple[str, str]]:
    """Every text of scenario data with where it is."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [f for key, item in value.items() for f in _fields(item, f"{path}/{key}")]
    if isinstance(value, list):
        return [f for i, item in enumerate(value) for f in _fields(item, f"{path}[{i}]")]
    return []


def test_a_phone_copy_comes_out_in_whole_paragraphs(tmp_path: Path) -> None:
    page = PAGES / "phone.txt"
    text, parsed = import_page(page.read_bytes(), page.name)
    assert parsed.warnings == []
    data = yaml.safe_load(text)
    assert [where for where, value in _fields(data) if "\n" in value] == []
    assert data["overview"].startswith("As an SDE2 on the grocery app team, I wrote a design doc")
    assert data["overview"].endswith("the launch was planned for six weeks later.")
    assert data["summary"].startswith("In this scenario, the candidate received blunt criticism")
    # A phrase the phone broke over two lines is found in its example again.
    action = data["steps"]["action"]
    assert "30 minutes the next day" in action["example"]
    assert "30 minutes the next day" in action["key_phrases"]
    problems = data["weak_answer"]["problems"]
    assert len(problems) > 1 and all("\n" not in problem for problem in problems)
