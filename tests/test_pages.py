"""Pages in the wild: hand-written copies, other garbling, lookalike lines, the grammar table."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from anki.collection import Collection

from star_anki.errors import PageError
from star_anki.importer import import_page
from star_anki.load import load_file, load_scenarios
from star_anki.model import Scenario
from star_anki.notes import scenario_notes
from star_anki.page import parse_page
from star_anki.phrases import has_cloze
from star_anki.rules import yaml_fields
from star_anki.sections import SECTIONS

from .conftest import (
    ROOT,
    T1,
    build,
    import_deck,
    scenario_texts,
    shown_in,
    visible_text,
    without_ids,
)
from .seedpage import imported_yaml, seed_page, with_clean_icons

PAGES = sorted((ROOT / "tests" / "pages").glob("*.txt"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_pages_in_the_wild_import_with_every_fact_in_place(
    page: Path, tmp_path: Path, collection: Collection
) -> None:
    text, parsed = import_page(page.read_bytes(), page.name)
    assert parsed.warnings == []
    story = tmp_path / "story.yaml"
    story.write_text(text, encoding="utf-8")
    expected = load_file(page.with_name(page.stem + ".expected.yaml"))
    (imported,) = load_scenarios([story])
    assert imported.id == expected.id
    assert without_ids(imported) == without_ids(expected)

    import_deck(collection, build(story, tmp_path / "deck.apkg", T1))
    shown = "\n".join(
        visible_text(html)
        for card_id in collection.find_cards("")
        for html in (collection.get_card(card_id).question(), collection.get_card(card_id).answer())
    )
    missing = [t for t in scenario_texts(expected) if not shown_in(t, shown)]
    assert missing == []
    targets = [f"Target: {step.target_seconds}s" for _, step in expected.steps.items()]
    assert [t for t in targets if t not in shown] == []
    clozes = [s for _, s in expected.steps.items() if has_cloze(s.example or "", s.key_phrases)]
    assert collection.note_count() == (
        1 + 5 + len(clozes) + (expected.weak_answer is not None) + len(expected.follow_ups)
        + len(expected.guidance) + len(expected.levels) + len(expected.quiz)
    )  # fmt: skip


def test_there_is_a_test_page_for_every_kind_of_copy() -> None:
    assert [p.stem for p in PAGES] == [
        "choices", "chrome", "crlf", "garbled", "icons", "many", "minimal", "no-icons", "phone",
    ]  # fmt: skip
    assert (ROOT / "tests" / "pages" / "crlf.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (ROOT / "tests" / "pages" / "crlf.txt").read_bytes()


def test_a_page_copied_from_the_title_down_has_no_family(tmp_path: Path) -> None:
    lines = seed_page().splitlines()
    page = "\n".join(lines[lines.index("Amazon Leadership Principles") + 1 :])
    data = yaml.safe_load(imported_yaml(page))
    assert "family" not in data
    assert data["question"].startswith("Describe a Situation Where You Built Something")
    story = tmp_path / "story.yaml"
    story.write_text(imported_yaml(page), encoding="utf-8")
    (scenario,) = load_scenarios([story])
    tags = {tag for note in scenario_notes(scenario, "STAR Interview") for tag in note.tags}
    assert not [tag for tag in tags if tag.startswith("star::family::")]


def _replace_line(text: str, old: str, *new: str) -> str:
    lines = text.splitlines()
    at = lines.index(old)
    return "\n".join([*lines[:at], *new, *lines[at + 1 :]])


def _cp1252_mojibake(text: str) -> str:
    """Icons garbled the other common way: UTF-8 read as Windows-1252 (with its NBSPs)."""
    clean = with_clean_icons(text)
    for icon in ("💡", "⚠️", "✅", "❌", "⏱", "❓", "🧠", "⬇"):
        clean = clean.replace(icon, icon.encode("utf-8").decode("cp1252", "replace"))
    return clean


def _stuck_icons(text: str) -> str:
    return text.replace("πŸ’‘ Coaching", "πŸ’‘Coaching").replace("βœ… Strong", "βœ…Strong")


@pytest.mark.parametrize(
    "variant", [_cp1252_mojibake, _stuck_icons], ids=["cp1252-mojibake", "icon-without-space"]
)
def test_other_icon_garbling_imports_the_same(variant: object) -> None:
    page = variant(seed_page())  # type: ignore[operator]
    assert page != seed_page()
    assert imported_yaml(page) == imported_yaml(seed_page())


@pytest.mark.parametrize(
    ("old", "new", "path", "expected"),
    [
        (
            "Spending 90 seconds on system architecture before reaching the problem - interviewer"
            " loses interest.",
            ("Spending 90 seconds on system architecture.", "", "The interviewer loses interest."),
            ("steps", "situation", "mistake"),
            "Spending 90 seconds on system architecture.\nThe interviewer loses interest.",
        ),
        (
            "Explicitly state the scope boundary and ownership proof. This shows initiative beyond"
            " assigned work.",
            ("Bar none, state the scope boundary first.", "2 minutes is too long for it."),
            ("steps", "task", "coaching"),
            "Bar none, state the scope boundary first.\n2 minutes is too long for it.",
        ),
        (
            "Which phrase best demonstrates ownership in the Action step?",
            ("Name the phrase that best demonstrates ownership",),
            ("quiz", 0, "question"),
            "Name the phrase that best demonstrates ownership",
        ),
        (
            "Highlight that this was not your team’s service, no ticket existed, and nobody asked"
            " you. Emphasize how you took full ownership end-to-end.",
            ("Highlight that this was not your team’s service.", "Then show end-to-end ownership."),
            ("guidance", 1, "lead_with"),
            "Highlight that this was not your team’s service.\nThen show end-to-end ownership.",
        ),
    ],
    ids=["mistake-in-two-paragraphs", "lookalike-lines-in-coaching", "quiz-without-?", "lead-2"],
)
def test_fields_over_several_lines_and_lookalike_lines_stay_in_their_field(
    old: str, new: tuple[str, ...], path: tuple[str | int, ...], expected: str
) -> None:
    text, page = import_page(_replace_line(seed_page(), old, *new).encode("utf-8"), "page.txt")
    value: object = yaml.safe_load(text)
    for part in path:
        value = value[part]  # type: ignore[index]
    assert value == expected
    assert page.warnings == []
    assert page.summary() == "5 steps, 4 follow-ups, 3 quiz items, 3 principles, 2 levels"


def test_an_incomplete_level_is_kept_and_a_footer_left_out() -> None:
    page = _replace_line(seed_page(), "⏱ Keep to 2 minutes.")
    page += "\nWas this walkthrough helpful?\nYes"
    text, parsed = import_page(page.encode("utf-8"), "page.txt")
    data = yaml.safe_load(text)
    assert [level["level"] for level in data["levels"]] == ["Senior SDE"]
    assert data["unplaced"][0] == "SDE 1"
    # After the last whole level, plain lines are the site's: left out, and said once.
    assert "Yes" not in data["unplaced"]
    assert (parsed.dropped, parsed.dropped_lines()) == (([], [211, 212]), "211-212")
    assert parsed.warnings[0] == (
        198,
        "an incomplete level section; kept under 'unplaced': SDE 1",
    )
    assert all(number < 211 for number, _ in parsed.warnings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            (seed_page() + "\n" + seed_page()).encode("utf-8"),
            "page.txt:220: a second 'Scenario Overview'; the page seems to be pasted twice,"
            " keep one copy",
        ),
        (
            seed_page().encode("utf-16"),
            "page.txt: UTF-16 text; save the page as UTF-8 and try again",
        ),
    ],
    ids=["pasted-twice", "utf-16"],
)
def test_copies_gone_wrong_are_refused_clearly(content: bytes, message: str) -> None:
    with pytest.raises(PageError) as error:
        import_page(content, "page.txt")
    assert str(error.value) == message


def test_the_page_grammar_fills_keys_of_the_format_in_its_order() -> None:
    fields = list(yaml_fields(Scenario))
    assert {section.key for section in SECTIONS} <= set(fields)
    assert [section.key for section in SECTIONS if section.single] == ["weak_answer"]
    data = parse_page(seed_page(), "page.txt").data
    assert list(data) == [key for key in fields if key in data]


def _seed_block(first: str, last: str) -> list[str]:
    """The seed page's lines from ``first`` to the line that starts with ``last``."""
    lines = seed_page().splitlines()
    start = lines.index(first)
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith(last))
    return lines[start : end + 1]


def test_a_second_weak_answer_is_kept_and_reported() -> None:
    weak = _seed_block("βœ—", "Bar Raiser Thinks")
    lines = seed_page().splitlines()
    at = lines.index("🧠")
    page = "\n".join([*lines[:at], *weak, *lines[at:]])
    text, parsed = import_page(page.encode("utf-8"), "page.txt")
    data = yaml.safe_load(text)
    assert data["weak_answer"] == yaml.safe_load(imported_yaml(seed_page()))["weak_answer"]
    kept = [line.strip() for line in weak[1:]]  # the icon is passed over
    assert data["unplaced"] == kept
    assert parsed.warnings == [
        (at + 2 + n, f"an incomplete weak answer; kept under 'unplaced': {line}")
        for n, line in enumerate(kept)
    ]
    assert parsed.summary() == "5 steps, 4 follow-ups, 3 quiz items, 3 principles, 2 levels"


def test_a_section_where_it_can_no_longer_come_is_kept_and_reported() -> None:
    lines = seed_page().splitlines()
    guidance = _seed_block("Invent and Simplify", "High-level outcomes")
    levels = lines[lines.index("SDE 1") :]
    at = lines.index("Invent and Simplify")
    page = "\n".join([*lines[:at], *levels, *guidance])
    text, parsed = import_page(page.encode("utf-8"), "page.txt")
    data = yaml.safe_load(text)
    assert "guidance" not in data and "principles" not in data
    assert [level["level"] for level in data["levels"]] == ["SDE 1", "Senior SDE"]
    assert data["unplaced"] == [line.strip() for line in guidance if line.strip()]
    assert {message.split(";")[0] for _, message in parsed.warnings} == {
        "text the importer could not place"
    }
    assert parsed.summary() == "5 steps, 4 follow-ups, 3 quiz items, 0 principles, 2 levels"
