"""Authoring: new writes a skeleton, schema prints the schema, list shows what a deck will hold."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from star_anki.listing import Row, blocks, narrowest, rows, table
from star_anki.load import load_scenarios
from star_anki.schema import SCHEMA_NAME, schema_text
from star_anki.wording import display_width

from .conftest import ROOT, SCENARIOS, SEED, run

QUESTION = "Tell me about a time you disagreed with your manager"
NEW_REPORT = (
    "Wrote {path}: fill in the empty values, then check it with\n"
    "  star-anki validate {path}\n"
    "Wrote {schema}: editors use it to check and complete scenario files\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_writes_a_skeleton_and_its_schema(here: Path) -> None:
    result = run("new", QUESTION, "--principle", "Have Backbone; Disagree and Commit",
                 "--principle", "Earn Trust", "--full")  # fmt: skip
    path = Path("scenarios") / "disagreed-with-manager.yaml"
    assert result.exit_code == 0
    assert result.stdout == NEW_REPORT.format(path=path, schema=Path("scenarios") / SCHEMA_NAME)
    assert result.stderr == ""
    text = (here / path).read_text(encoding="utf-8")
    assert text.splitlines()[:9] == [
        "# yaml-language-server: $schema=scenario.schema.json",
        "# A STAR story for star-anki. Fill in the empty values, then run",
        "# 'star-anki validate' on this file: it lists, by line, those still needed.",
        "# Sections marked optional may be deleted whole. Ids keep your review history",
        "# when you edit or reorder: choose them once and leave them alone.",
        "id: disagreed-with-manager",
        f"question: {QUESTION}",
        "# Optional: the company or principle family, e.g. Amazon Leadership Principles.",
        "family:",
    ]
    assert (here / "scenarios" / SCHEMA_NAME).read_text(encoding="utf-8") == schema_text()
    data = yaml.safe_load(text)
    assert list(data) == [
        "id", "question", "family", "principles", "overview", "summary", "steps", "weak_answer",
        "follow_ups", "quiz", "reflections", "guidance", "levels", "tags",
    ]  # fmt: skip
    assert data["principles"] == ["Have Backbone; Disagree and Commit", "Earn Trust"]
    assert [g["principle"] for g in data["guidance"]] == data["principles"]
    assert {k: s["target_seconds"] for k, s in data["steps"].items()} == {
        "situation": 30, "task": 20, "action": 90, "result": 20, "reflection": 15,
    }  # fmt: skip
    # Each step says what good looks like, from the walkthroughs' coaching.
    assert "# Action: what you did, one 'I' sentence per move" in text
    assert "Not 'communication is important'." in text


def test_validate_lists_what_is_left_to_fill(here: Path) -> None:
    run("new", QUESTION, "--full")
    result = run("validate")
    path = "scenarios/disagreed-with-manager.yaml"
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        f"{path}:12:4: 'principles' item 1 must not be empty",
        f"{path}:15:10: 'overview' must not be empty",
        f"{path}:17:9: 'summary' must not be empty",
        f"{path}:23:14: 'example' must not be empty",
    ]
    assert lines[-1] == "Error: 43 problems in 1 file"
    assert sum("'example' must not be empty" in line for line in lines) == 4


def test_new_never_overwrites_without_force(here: Path) -> None:
    run("new", QUESTION, "-o", "story.yaml")
    (here / "story.yaml").write_text("id: my-edit\n", encoding="utf-8")
    again = run("new", QUESTION, "-o", "story.yaml")
    assert (again.exit_code, again.stdout) == (1, "")
    assert again.stderr == (
        "Error: story.yaml already exists; name another file with -o,"
        " or overwrite it with --force\n"
    )
    assert (here / "story.yaml").read_text(encoding="utf-8") == "id: my-edit\n"
    forced = run("new", QUESTION, "-o", "story.yaml", "--force")
    assert forced.stdout == (
        "Wrote story.yaml: fill in the empty values, then check it with\n"
        "  star-anki validate story.yaml\n"
    )  # the schema beside it is already current
    assert sorted(os.listdir(here)) == [SCHEMA_NAME, "story.yaml"]


def test_new_leaves_a_foreign_schema_file_alone(here: Path) -> None:
    (here / SCHEMA_NAME).write_text('{"title": "something else"}', encoding="utf-8")
    result = run("new", QUESTION, "-o", "story.yaml")
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {SCHEMA_NAME} is not a star-anki schema, so it is left as it is;"
        " editors will not check story.yaml\n"
    )
    assert result.stdout == (
        "Wrote story.yaml: fill in the empty values, then check it with\n"
        "  star-anki validate story.yaml\n"
    )
    assert (here / SCHEMA_NAME).read_text(encoding="utf-8") == '{"title": "something else"}'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["  "], "Invalid value for 'QUESTION': must not be empty"),
        (["Why?\x1b"], "Invalid value for 'QUESTION': must not hold control characters"),
        ([QUESTION, "--principle", ""], "Invalid value for '--principle': must not be empty"),
        (
            [QUESTION, "--principle", "Ownership", "--principle", " Ownership"],
            "Invalid value for '--principle': 'Ownership' is given twice",
        ),
    ],
    ids=["blank", "control", "blank-principle", "twice"],
)
def test_new_refuses_text_that_cannot_be_a_scenario(
    args: list[str], message: str, here: Path
) -> None:
    result = run("new", *args)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"\n\nError: {message}\n")
    assert os.listdir(here) == []


def test_schema_command_prints_and_writes_the_schema(here: Path) -> None:
    printed = run("schema")
    assert (printed.exit_code, printed.stdout, printed.stderr) == (0, schema_text(), "")
    assert json.loads(printed.stdout)["title"] == "star-anki scenario"
    written = run("schema", "-o", "s.json")
    assert (written.exit_code, written.stdout) == (0, "Wrote s.json\n")
    assert (here / "s.json").read_text(encoding="utf-8") == schema_text()


def test_list_shows_each_scenario_and_its_notes(here: Path) -> None:
    shutil.copytree(SCENARIOS, here / "scenarios")
    result = run("list")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "ID                            QUESTION                                                 "
        "                              PRINCIPLES                                 LEVELS         "
        "    STEPS  PHRASES  WEAK  FOLLOW-UPS  QUIZ  STORY  PITCH  LEVEL  CARDS\n"
        "built-something-from-scratch  Describe a Situation Where You Built Something From Scra"
        "tch That Did Not Exist Before  Invent and Simplify, Ownership, Dive Deep  SDE 1, Senior"
        " SDE      5        3     1           4     3      1      3      2     25\n"
        "1 scenario, 22 notes, 25 cards\n"
    )


def test_list_counts_match_the_built_deck(tmp_path: Path) -> None:
    (listed,) = rows(load_scenarios([SEED]))
    assert listed.notes == (5, 3, 1, 4, 3, 1, 3, 2)
    assert (sum(listed.notes), listed.cards) == (22, 25)


def test_list_cuts_long_columns_to_the_terminal_width() -> None:
    listing = rows(load_scenarios([SEED]))
    cut = table(listing, width=144)
    assert cut == (
        "ID                            QUESTION                    PRINCIPLES  LEVELS  STEPS  "
        "PHRASES  WEAK  FOLLOW-UPS  QUIZ  STORY  PITCH  LEVEL  CARDS\n"
        "built-something-from-scratch  Describe a Situation Wher…  Invent an…  SDE 1…      5  "
        "      3     1           4     3      1      3      2     25\n"
    )
    assert max(map(len, cut.splitlines())) == 144
    # Too narrow for even the shortest columns: cut as far as they go, never below.
    assert len(table(listing, width=60).splitlines()[1]) == 130


LIST_TOTALS = "1 scenario, 22 notes, 25 cards\n"


@pytest.fixture
def terminal(here: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """The bundled scenarios here, and a way to say how wide the terminal `list` prints to is."""
    from star_anki.cli import deck

    shutil.copytree(SCENARIOS, here / "scenarios")
    return lambda width: monkeypatch.setattr(deck, "_terminal_width", lambda: width)


def test_list_on_a_narrow_terminal_shows_one_block_per_scenario(
    terminal: Callable[[int], None],
) -> None:
    terminal(60)
    result = run("list")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "built-something-from-scratch\n"
        "  Describe a Situation Where You Built Something From\n"
        "  Scratch That Did Not Exist Before\n"
        "  principles: Invent and Simplify, Ownership, Dive Deep\n"
        "  levels: SDE 1, Senior SDE\n"
        "  notes: steps 5, phrases 3, weak 1, follow-ups 4, quiz 3,\n"
        "    story 1, pitch 3, level 2\n"
        "  cards: 25\n"
        "\n" + LIST_TOTALS
    )
    assert max(map(len, result.stdout.splitlines())) <= 60


def test_list_shows_the_table_from_the_width_of_its_narrowest_cut(
    terminal: Callable[[int], None],
) -> None:
    # The id and the counts whole, the question, principles and levels cut as far as they go.
    assert narrowest(rows(load_scenarios([SEED]))) == 130
    terminal(130)
    assert run("list").stdout == (
        "ID                            QUESTION      PRINCIPLES  LEVELS  STEPS  PHRASES  WEAK  "
        "FOLLOW-UPS  QUIZ  STORY  PITCH  LEVEL  CARDS\n"
        "built-something-from-scratch  Describe a…   Invent an…  SDE 1…      5        3     1  "
        "         4     3      1      3      2     25\n" + LIST_TOTALS
    )
    terminal(129)
    assert run("list").stdout == (
        "built-something-from-scratch\n"
        "  Describe a Situation Where You Built Something From Scratch That Did Not Exist Before\n"
        "  principles: Invent and Simplify, Ownership, Dive Deep\n"
        "  levels: SDE 1, Senior SDE\n"
        "  notes: steps 5, phrases 3, weak 1, follow-ups 4, quiz 3, story 1, pitch 3, level 2\n"
        "  cards: 25\n"
        "\n" + LIST_TOTALS
    )


def test_list_blocks_wrap_wide_characters_and_break_words_longer_than_a_line() -> None:
    listing = [
        Row("ja", "日本語の質問です", "Own", "-", (5, 4, 1, 4, 3, 1, 1, 0), 28),
        Row("fr", "Un café au lait, s'il vous plaît", "Dive Deep", "SDE", (5,) * 8, 40),
    ]
    shown = blocks(listing, 10).splitlines()
    # 日本語の質問です is one word of 16 columns: broken between characters, 8 to a line.
    assert shown[:3] == ["ja", "  日本語の", "  質問です"]
    fr = shown.index("fr")
    assert shown[fr + 1 : fr + 6] == ["  Un café", "  au lait,", "  s'il", "  vous", "  plaît"]
    assert shown[fr - 3 : fr] == ["  cards:", "    28", ""]
    assert max(map(display_width, shown)) == 10


def test_list_without_scenarios_is_a_usage_error(here: Path) -> None:
    result = run("list")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: no PATH given and no 'scenarios' folder here; name scenario files or folders\n"
    )


def star_anki_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m star_anki`` with no arguments and ``env`` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "star_anki"], env={**os.environ, **env},
        capture_output=True, text=True, check=True,
    )  # fmt: skip


def complete(words: str) -> subprocess.CompletedProcess[str]:
    """What bash completion offers for the last of ``words`` (split at single spaces)."""
    cword = str(len(words.split(" ")) - 1)
    return star_anki_with(
        {"_STAR_ANKI_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": cword}
    )


def test_shell_completion_completes_commands_and_options() -> None:
    assert complete("star-anki bu").stdout == "plain,build\n"
    options = complete("star-anki build --inter")
    assert options.stdout == "plain,--interview-date\n"


def test_shell_completion_script_is_printed() -> None:
    script = star_anki_with({"_STAR_ANKI_COMPLETE": "bash_source"})
    assert "_star_anki_completion() {" in script.stdout
    assert "complete -o nosort -F _star_anki_completion star-anki" in script.stdout


def test_python_dash_m_lists_every_command() -> None:
    via_module = subprocess.run(
        [sys.executable, "-m", "star_anki", "--help"], capture_output=True, text=True, check=True
    )
    assert via_module.stdout.startswith("Usage: star-anki [OPTIONS] COMMAND [ARGS]...\n")
    commands = via_module.stdout.split("Commands:\n")[1]
    assert [line.split()[0] for line in commands.splitlines()] == [
        "build", "coverage", "import", "list", "new", "preview", "questions", "schema", "serve",
        "validate",
    ]  # fmt: skip
    assert str(ROOT) not in via_module.stdout


@pytest.mark.parametrize(
    "command", [["new", QUESTION], ["import", str(ROOT / "tests" / "data" / "seed-page.txt")]]
)
def test_new_and_import_when_scenarios_is_a_file(command: list[str], here: Path) -> None:
    (here / "scenarios").write_text("not a folder", encoding="utf-8")
    result = run(*command)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: cannot write into scenarios: it is a file, not a folder\n"
    assert (here / "scenarios").read_text(encoding="utf-8") == "not a folder"


def test_import_into_a_folder_under_a_file(here: Path) -> None:
    (here / "afile").write_text("not a folder", encoding="utf-8")
    page, folder = ROOT / "tests" / "data" / "seed-page.txt", Path("afile") / "new"
    result = run("import", page, "-d", folder)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: cannot write into {folder}: afile is a file, not a folder\n"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("star-anki build --principle Ow", "plain,Ownership\n"),
        # Quoted, as bash inserts a completion as it is.
        ("star-anki build --principle d", "plain,'Dive Deep'\n"),
        ("star-anki preview --level S", "plain,'SDE 1'\nplain,'Senior SDE'\n"),
        ("star-anki build --tag ", "\n"),  # the bundled scenario has no tags
        ("star-anki build other --principle ", "plain,Elsewhere\n"),  # from the PATH given
    ],
)
def test_shell_completion_offers_the_scenarios_own_values(
    words: str, expected: str, here: Path
) -> None:
    shutil.copytree(SCENARIOS, here / "scenarios")
    (here / "scenarios" / "half-written.yaml").write_text("principles: [Own", encoding="utf-8")
    (here / "other").mkdir()
    (here / "other" / "x.yaml").write_text("principles: [Elsewhere]", encoding="utf-8")
    result = complete(words)
    assert (result.stdout, result.stderr) == (expected, "")


def test_new_names_files_safely_whatever_the_question(here: Path) -> None:
    long = run("new", "Tell me about " + "x" * 300)
    assert long.exit_code == 0
    assert long.stdout.startswith(f"Wrote scenarios/{'x' * 48}.yaml: fill in")
    japanese = run("new", "日本語の質問")
    russian = run("new", "Расскажите о конфликте")
    assert japanese.stdout.startswith("Wrote scenarios/scenario-dbfcaa12.yaml")
    assert russian.exit_code == 0
    assert len(list((here / "scenarios").glob("scenario-*.yaml"))) == 2
    taken = run("new", "日本語の質問")
    assert taken.stderr == (
        "Error: scenarios/scenario-dbfcaa12.yaml already exists; name another file with -o,"
        " or overwrite it with --force\n"
    )


def test_new_prints_with_dash_and_quotes_the_validate_hint(here: Path) -> None:
    printed = run("new", QUESTION, "--principle", "multi\nline", "-o", "-")
    assert printed.exit_code == 0
    assert yaml.safe_load(printed.stdout)["principles"] == ["multi\nline"]
    assert os.listdir(here) == []
    spaced = run("new", QUESTION, "-o", "my stories/one.yaml")  # its folder is made
    assert spaced.stdout.splitlines()[1] == "  star-anki validate 'my stories/one.yaml'"
    empty = run("new", QUESTION, "-o", "")
    assert empty.exit_code == 2
    assert empty.stderr.endswith(
        "Error: Invalid value for '-o' / '--output': needs a file name (or - for standard output)\n"
    )


def test_schema_never_overwrites_another_file_without_force(here: Path) -> None:
    (here / "story.yaml").write_text("id: mine\n", encoding="utf-8")
    refused = run("schema", "-o", "story.yaml")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr == (
        "Error: story.yaml exists and is not a star-anki schema; use --force to overwrite it\n"
    )
    assert (here / "story.yaml").read_text(encoding="utf-8") == "id: mine\n"
    assert run("schema", "-o", "story.yaml", "--force").exit_code == 0
    assert run("schema", "-o", "story.yaml").stdout == "Wrote story.yaml\n"  # ours: replaced
    assert run("schema", "-o", "-").stdout == schema_text()


def test_list_aligns_wide_characters_and_cuts_between_whole_characters() -> None:
    listing = [
        Row("ja", "日本語の質問です", "Own", "-", (5, 4, 1, 4, 3, 1, 1, 0), 28),
        Row("fr", "Un café au lait", "Dive Deep", "SDE", (5, 4, 1, 4, 3, 1, 1, 1), 28),
    ]
    full = table(listing).splitlines()
    # 日本語の質問です is 8 characters in 16 columns: the next column still lines up.
    own, dive = full[1].index("Own"), full[2].index("Dive Deep")
    assert (own, dive) == (14, 22)
    assert display_width(full[1][:own]) == display_width(full[2][:dive]) == 22
    cut = table(listing, width=105).splitlines()
    assert cut[1].startswith("ja  日本語の質問…  Own ")
    assert cut[2].startswith("fr  Un café au l…  Dive Deep ")
    assert {display_width(line) for line in cut} == {105}
    assert display_width("cafe\u0301") == 4


TEAM = "Tell me about a time you earned the trust of your team"
CUSTOMER = "Tell me about a time you earned the trust of a frustrated customer"


def test_new_never_overwrites_another_question_even_with_force(here: Path) -> None:
    assert run("new", CUSTOMER, "--id", "earned-trust-team").exit_code == 0
    target = here / "scenarios" / "earned-trust-team.yaml"
    before = target.read_bytes()
    for force in ([], ["--force"]):
        refused = run("new", TEAM, *force)
        assert (refused.exit_code, refused.stdout) == (1, "")
        assert refused.stderr == (
            f'Error: scenarios/earned-trust-team.yaml holds another question ("{CUSTOMER}");'
            " choose another id, e.g. --id earned-trust-team-2\n"
        )
        assert target.read_bytes() == before
    other = run("new", TEAM, "-o", "scenarios/earned-trust-team.yaml", "--force")
    assert other.stderr == (
        f'Error: scenarios/earned-trust-team.yaml holds another question ("{CUSTOMER}");'
        " name another file with -o\n"
    )
    assert target.read_bytes() == before


def test_new_starts_no_second_file_for_a_question(here: Path) -> None:
    old = here / "scenarios" / "earned-the-trust-of.yaml"
    assert run("new", TEAM, "-o", old).exit_code == 0
    old.write_text(
        old.read_text(encoding="utf-8").replace("id: earned-trust-team", "id: earned-the-trust-of"),
        encoding="utf-8",
    )
    refused = run("new", TEAM.upper())
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr == (
        "Error: scenarios/earned-the-trust-of.yaml already holds this question;"
        " name another file with -o, or overwrite it with --force\n"
    )
    chosen = run("new", TEAM, "--id", "trust")
    assert chosen.stderr == (
        "Error: scenarios/earned-the-trust-of.yaml already holds this question, with the id"
        " 'earned-the-trust-of'; leave out --id to keep it\n"
    )
    forced = run("new", TEAM, "--force")
    assert forced.stdout.startswith("Wrote scenarios/earned-the-trust-of.yaml: fill in")
    assert yaml.safe_load(old.read_text(encoding="utf-8"))["id"] == "earned-the-trust-of"
    assert sorted(p.name for p in old.parent.glob("*.yaml")) == [old.name]


def test_new_keeps_the_id_of_the_file_it_overwrites(here: Path) -> None:
    run("new", TEAM, "-o", "story.yaml")
    story = here / "story.yaml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("id: earned-trust-team", "id: mine"), encoding="utf-8")
    assert run("new", TEAM, "-o", "story.yaml", "--force").exit_code == 0
    assert yaml.safe_load(story.read_text(encoding="utf-8"))["id"] == "mine"


def test_new_takes_the_id_it_is_given(here: Path) -> None:
    chosen = run("new", TEAM, "--id", "team-trust")
    assert chosen.stdout.startswith("Wrote scenarios/team-trust.yaml: fill in")
    text = (here / "scenarios" / "team-trust.yaml").read_text(encoding="utf-8")
    assert "\nid: team-trust\n" in text
    printed = run("new", CUSTOMER, "--id", "customer-trust", "-o", "-")
    assert "\nid: customer-trust\n" in printed.stdout
    malformed = run("new", TEAM, "--id", "Team Trust")
    assert malformed.exit_code == 2
    assert malformed.stderr.endswith(
        "Error: Invalid value for '--id': must be lowercase letters, digits and single hyphens"
        " (like 'built-from-scratch'), not 'Team Trust'\n"
    )
