"""star-anki import: pages in the wild become scenarios with every fact in place."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from star_anki.errors import PageError
from star_anki.importer import import_page
from star_anki.load import load_scenarios, parse_scenario
from star_anki.notes import scenario_notes
from star_anki.page import parse_page

from .conftest import (
    SEED,
    run,
)
from .seedpage import SEED_PAGE, imported_yaml, seed_page, with_clean_icons


def test_seed_page_imports_to_the_bundled_scenario() -> None:
    # But for the choices the bundled file adds to two quiz items the page gives none.
    bundled = re.sub(r"    choices:\n(?:      .*\n)+", "", SEED.read_text(encoding="utf-8"))
    assert bundled != SEED.read_text(encoding="utf-8")
    assert imported_yaml(seed_page()) == bundled


def test_seed_page_builds_the_same_notes_as_the_bundled_file(tmp_path: Path) -> None:
    page_file = tmp_path / "page.yaml"
    page_file.write_text(imported_yaml(seed_page()), encoding="utf-8")
    (from_page,) = load_scenarios([page_file])
    (bundled,) = load_scenarios([SEED])
    # The bundled file gives choices the page lacks: two of its questions ask for words.
    assert [len(item.choices) for item in bundled.quiz] == [0, 4, 4]
    bundled = dataclasses.replace(
        bundled, quiz=tuple(dataclasses.replace(item, choices=()) for item in bundled.quiz)
    )

    def shape(scenario: object) -> list[tuple[str, str, tuple[str, ...]]]:
        notes = scenario_notes(scenario, "STAR Interview")  # type: ignore[arg-type]
        return [(n.guid, n.note_type.name, n.fields) for n in notes]

    assert shape(from_page) == shape(bundled)
    assert len(shape(bundled)) == 22


def without_icons(text: str) -> str:
    """The page as a copy that kept only the words."""
    kept = []
    for line in text.splitlines():
        if line.strip() and not re.search(r"[A-Za-z0-9]", line) and len(line.strip()) <= 8:
            continue
        kept.append(re.sub(r"^(?:[^\sA-Za-z0-9\"“]{1,8}\s+)(?=[A-Za-z0-9])", "", line))
    return "\n".join(kept)


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
    # Each warning points at its key: the quiz questions that ask for words to say with
    # nothing to check them against (the page gives no choices), then 'unplaced:'.
    written = (tmp_path / "story.yaml").read_text(encoding="utf-8").splitlines()
    asks = [
        written.index(f"    question: {q}") + 1
        for q in ("What is the top disqualifier phrase in the Task step?",
                  "Which result statement best meets Amazon's bar for impact?")
    ]  # fmt: skip
    quiz = (
        "warning: this question asks for words to say, but it has no 'choices' and its"
        " explanation quotes none: add choices (one 'correct: true'), or quote the answer in"
        " the explanation\n"
    )
    assert validated.stderr == (
        f"story.yaml:{asks[0]}:15: {quiz}story.yaml:{asks[1]}:15: {quiz}"
        f"story.yaml:{written.index('unplaced:') + 1}:1: warning: 2 lines under 'unplaced' are"
        " on no card; move each line where it belongs\n"
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
