"""star-anki import: pages in the wild become scenarios with every fact in place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from star_anki.errors import PageError
from star_anki.importer import import_page
from star_anki.load import load_file, load_scenarios, parse_scenario
from star_anki.model import Scenario, yaml_fields
from star_anki.notes import find_phrases, scenario_notes
from star_anki.page import parse_page
from star_anki.sections import SECTIONS

from .conftest import (
    ROOT,
    SEED,
    T1,
    build,
    import_deck,
    run,
    scenario_texts,
    visible_text,
    without_ids,
)

SEED_PAGE = ROOT / "tests" / "data" / "seed-page.txt"
GARBLED_TO_CLEAN = {
    "πŸ’‘": "💡", "βœ…": "✅", "β–Ό": "▼", "βœ—": "✗", "πŸ‘€": "👤", "πŸ†": "🏆", "πŸ’": "💭",
}  # fmt: skip


def seed_page() -> str:
    return SEED_PAGE.read_text(encoding="utf-8")


def imported_yaml(text: str, name: str = "page.txt") -> str:
    return import_page(text.encode("utf-8"), name)[0]


def test_seed_page_imports_to_the_bundled_scenario() -> None:
    assert imported_yaml(seed_page()) == SEED.read_text(encoding="utf-8")


def test_seed_page_builds_the_same_notes_as_the_bundled_file(tmp_path: Path) -> None:
    page_file = tmp_path / "page.yaml"
    page_file.write_text(imported_yaml(seed_page()), encoding="utf-8")
    (from_page,) = load_scenarios([page_file])
    (bundled,) = load_scenarios([SEED])

    def shape(scenario: object) -> list[tuple[str, str, tuple[str, ...]]]:
        notes = scenario_notes(scenario, "STAR Interview")  # type: ignore[arg-type]
        return [(n.guid, n.note_type.name, n.fields) for n in notes]

    assert shape(from_page) == shape(bundled)
    assert len(shape(bundled)) == 18


def without_icons(text: str) -> str:
    """The page as a copy that kept only the words."""
    kept = []
    for line in text.splitlines():
        if line.strip() and not re.search(r"[A-Za-z0-9]", line) and len(line.strip()) <= 8:
            continue
        kept.append(re.sub(r"^(?:[^\sA-Za-z0-9\"“]{1,8}\s+)(?=[A-Za-z0-9])", "", line))
    return "\n".join(kept)


def with_clean_icons(text: str) -> str:
    for garbled, clean in GARBLED_TO_CLEAN.items():
        text = text.replace(garbled, clean)
    return text


def windows_copy(text: str) -> str:
    """BOM, CRLF line endings, trailing spaces and doubled blank lines."""
    lines = [line + "  " if index % 3 else line for index, line in enumerate(text.splitlines())]
    return "\ufeff" + "\r\n".join(lines).replace("\r\n\r\n", "\r\n\r\n\r\n")


@pytest.mark.parametrize(
    "variant", [without_icons, with_clean_icons, windows_copy], ids=lambda f: f.__name__
)
def test_seed_variants_import_to_the_same_scenario(variant: object) -> None:
    page = variant(seed_page())  # type: ignore[operator]
    assert page != seed_page()
    assert imported_yaml(page) == imported_yaml(seed_page())


def test_yaml_is_pleasant_to_edit() -> None:
    text = imported_yaml(seed_page())
    assert "\\u" not in text and "’" in text
    assert list(yaml.safe_load(text)) == [
        "id", "question", "family", "principles", "overview", "summary", "steps",
        "weak_answer", "follow_ups", "quiz", "reflections", "guidance", "levels",
    ]  # fmt: skip
    assert "overview: |-\n  While working as an SDE2" in text
    assert "  - I noticed\n" in text


def test_unplaced_text_is_kept_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = seed_page().splitlines()
    at = lines.index("❓", lines.index("❓") + 1)  # between two follow-ups
    lines[at:at] = ["Share this walkthrough", '"a stray quote"']
    (tmp_path / "page.txt").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = run("import", "page.txt", "-o", "story.yaml")

    assert result.exit_code == 0
    assert result.stderr == (
        f"page.txt:{at + 1}: warning: text the importer could not place;"
        " kept under 'unplaced': Share this walkthrough\n"
        f"page.txt:{at + 2}: warning: text the importer could not place;"
        " kept under 'unplaced': \"a stray quote\"\n"
    )
    data = yaml.safe_load((tmp_path / "story.yaml").read_text(encoding="utf-8"))
    assert data["unplaced"] == ["Share this walkthrough", '"a stray quote"']
    validated = run("validate", "story.yaml")
    assert validated.exit_code == 0
    assert validated.stderr == (
        "story.yaml:2:5: warning: 2 lines under 'unplaced' are on no card;"
        " move each line where it belongs\n"
    )


def test_import_cli_writes_one_file_per_page_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(seed_page(), encoding="utf-8")

    first = run("import", "a.txt")
    assert first.exit_code == 0
    assert first.stdout == (
        "Wrote scenarios/built-something-from-scratch.yaml from a.txt:"
        " 5 steps, 4 follow-ups, 3 quiz items, 3 principles, 2 levels\n"
        "Wrote scenarios/scenario.schema.json: editors use it to check and complete scenario"
        " files\n"
    )
    target = tmp_path / "scenarios" / "built-something-from-scratch.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
    edited = target.read_bytes()

    again = run("import", "a.txt")
    assert again.exit_code == 1
    assert again.stderr == (
        "scenarios/built-something-from-scratch.yaml already exists; use --force to overwrite it\n"
        "Error: 1 of 1 page could not be imported\n"
    )
    assert target.read_bytes() == edited

    forced = run("import", "a.txt", "--force")
    assert forced.exit_code == 0
    assert "# my edit" not in target.read_text(encoding="utf-8")
    assert forced.stdout == (
        "Wrote scenarios/built-something-from-scratch.yaml from a.txt:"
        " 5 steps, 4 follow-ups, 3 quiz items, 3 principles, 2 levels\n"
    )  # the schema beside it is current: not written again
    assert sorted(p.name for p in (tmp_path / "scenarios").iterdir()) == [
        target.name,
        "scenario.schema.json",
    ]


def test_import_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    from click.testing import CliRunner

    from star_anki.cli import main

    result = CliRunner().invoke(main, ["import", "-", "-o", "story.yaml"], input=seed_page())
    assert result.exit_code == 0
    assert result.stdout.startswith("Wrote story.yaml from <stdin>: 5 steps")
    assert (tmp_path / "story.yaml").read_text(encoding="utf-8") == imported_yaml(seed_page())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "page.txt: the page is empty; paste the whole walkthrough page into it"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "page.txt: not a text file (it holds binary data)"),
        (b"caf\xe9\n", "page.txt: not UTF-8 text; save the page as UTF-8 and try again"),
        (
            b"Describe a time you failed - Amazon LP STAR Walkthrough\n",
            "page.txt: not a STAR walkthrough: no steps found (lines like 'Target: 30s')",
        ),
        (
            b"A question\n\nScenario Overview\nOverview.\n\nTarget: 30s\nStrong Example\nText.\n",
            "page.txt: not a complete walkthrough; missing the summary, the weak answer,"
            " 4 of the 5 steps, the situation step's coaching"
            " and the situation step's common mistake",
        ),
    ],
    ids=["empty", "binary", "latin-1", "title-only", "truncated"],
)
def test_pages_that_are_not_walkthroughs_are_refused(
    content: bytes, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "page.txt").write_bytes(content)
    monkeypatch.chdir(tmp_path)
    result = run("import", "page.txt", "-d", ".")
    assert result.exit_code == 1
    assert result.stderr == f"{message}\nError: 1 of 1 page could not be imported\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["a.txt", "-o", "x.yaml", "-d", "."],
            "give either -o/--output or -d/--directory, not both",
        ),
        (["a.txt", "a.txt", "-o", "x.yaml"], "-o/--output takes a single PAGE; use -d/--directory"),
    ],
)
def test_import_usage_errors(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(seed_page(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_two_pages_for_one_id_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(seed_page(), encoding="utf-8")
    (tmp_path / "b.txt").write_text(with_clean_icons(seed_page()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "a.txt", "b.txt", "-d", ".")
    assert result.exit_code == 1
    assert result.stderr == (
        "b.txt: built-something-from-scratch.yaml is already written from a.txt in this run\n"
        "Error: 1 of 2 pages could not be imported\n"
    )


def test_the_id_comes_from_the_title_only() -> None:
    edited = seed_page().replace("recurring 0.3% webhook drop rate", "recurring webhook failure")
    assert yaml.safe_load(imported_yaml(edited))["id"] == "built-something-from-scratch"


_SEED_LINES = SEED_PAGE.read_text(encoding="utf-8").splitlines()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(0, len(_SEED_LINES)),
    drop=st.sets(st.integers(0, len(_SEED_LINES) - 1), max_size=12),
    noise=st.lists(st.text(max_size=40), max_size=4),
)
@example(cut=20, drop=set(), noise=["Scenario Overview"])  # refused with its line number
def test_damaged_pages_never_crash_the_importer(cut: int, drop: set[int], noise: list[str]) -> None:
    lines = [line for i, line in enumerate(_SEED_LINES[:cut]) if i not in drop] + noise
    try:
        text, _ = import_page("\n".join(lines).encode("utf-8", "surrogatepass"), "page.txt")
    except PageError as error:
        # The page's name, and the line when one is to blame ("page.txt:220: a second ...").
        assert re.match(r"page\.txt:(\d+:)? ", str(error)), str(error)
    else:
        parse_scenario(text.encode("utf-8"), "page.yaml")  # what it writes always loads


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_never_crashes_the_importer(text: str) -> None:
    try:
        parse_page(text, "page.txt")
    except PageError as error:
        # The page's name, and the line when one is to blame ("page.txt:220: a second ...").
        assert re.match(r"page\.txt:(\d+:)? ", str(error)), str(error)


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
    missing = [t for t in scenario_texts(expected) if t not in shown]
    assert missing == []
    targets = [f"Target: {step.target_seconds}s" for _, step in expected.steps.items()]
    assert [t for t in targets if t not in shown] == []
    clozes = [s for _, s in expected.steps.items() if find_phrases(s.example or "", s.key_phrases)]
    assert collection.note_count() == (
        5 + len(clozes) + 1 + len(expected.follow_ups) + len(expected.quiz) + 1
    )


def test_there_is_a_test_page_for_every_kind_of_copy() -> None:
    assert [p.stem for p in PAGES] == ["crlf", "garbled", "icons", "many", "minimal", "no-icons"]
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


def test_an_incomplete_level_and_a_footer_are_kept_and_reported() -> None:
    page = _replace_line(seed_page(), "⏱ Keep to 2 minutes.")
    page += "\nWas this walkthrough helpful?\nYes"
    text, parsed = import_page(page.encode("utf-8"), "page.txt")
    data = yaml.safe_load(text)
    assert [level["level"] for level in data["levels"]] == ["Senior SDE"]
    assert data["unplaced"][0] == "SDE 1"
    assert data["unplaced"][-2:] == ["Was this walkthrough helpful?", "Yes"]
    assert parsed.warnings[0] == (
        198,
        "an incomplete level section; kept under 'unplaced': SDE 1",
    )
    assert parsed.warnings[-1] == (
        212,
        "text the importer could not place; kept under 'unplaced': Yes",
    )


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
