# ruff: noqa: E501  (expected messages are written out one problem per line)
"""Every broken scenario in tests/bad is reported with its exact FILE:LINE:COLUMN messages.

Each case runs ``star-anki validate`` from the repository root with paths relative to it, so
the expected text below is literally what a user sees. A few cases that need their own setup
are pinned by single tests at the end.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import ROOT, run

BAD = ROOT / "tests" / "bad"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def problems(stderr: str) -> list[tuple[str, str]]:
    """The (FILE:LINE:COLUMN, message) pairs of an error report, without the summary line."""
    found = []
    for line in stderr.splitlines():
        match = PROBLEM_LINE.match(line)
        if match:
            location = f"{match['path']}:{match['line']}:{match['column']}"
            found.append((location, match["message"]))
    return found


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# Bad files whose checks need more than one exact text; the tests at the end cover them.
SINGLE_CASE_FILES = [
    "target-seconds-float.yaml",
    "target-seconds-bool.yaml",
    "merge-key.yaml",
    "tab-indent.yaml",
    "multi-document.yaml",
    "alias-as-key.yaml",
]


CASES = [
    pytest.param(
        ["tests/bad/anchors-aliases.yaml"],
        "tests/bad/anchors-aliases.yaml:7:10: YAML aliases (*name) are not supported; write the value out\n"
        "Error: 1 problem in 1 file\n",
        id="anchors-aliases",
    ),
    pytest.param(
        ["tests/bad/bad-id.yaml"],
        "tests/bad/bad-id.yaml:1:5: 'id' must be lowercase letters, digits and single hyphens (like 'built-from-scratch'), not 'Built_From_Scratch'\n"
        "Error: 1 problem in 1 file\n",
        id="bad-id",
    ),
    pytest.param(
        ["tests/bad/billion-laughs.yaml"],
        "tests/bad/billion-laughs.yaml:6:11: 'overview' must be text, not a list\n"
        "Error: 1 problem in 1 file\n",
        id="billion-laughs",
    ),
    pytest.param(
        ["tests/bad/bool-as-text.yaml"],
        "tests/bad/bool-as-text.yaml:2:11: 'question' must be text, not true/false (put it in quotes to keep it as text)\n"
        "Error: 1 problem in 1 file\n",
        id="bool-as-text",
    ),
    pytest.param(
        ["tests/bad/choice-correct-as-text.yaml"],
        "tests/bad/choice-correct-as-text.yaml:25:18: 'correct' must be true or false, not text\n"
        "Error: 1 problem in 1 file\n",
        id="choice-correct-as-text",
    ),
    pytest.param(
        ["tests/bad/comments-only.yaml"],
        "tests/bad/comments-only.yaml:1:1: the file is empty; a scenario is a mapping with keys such as 'id' and 'question'\n"
        "Error: 1 problem in 1 file\n",
        id="comments-only",
    ),
    pytest.param(
        ["tests/bad/control-character.yaml"],
        "tests/bad/control-character.yaml:6:11: 'overview' holds the control character U+001F at character 17; remove it\n"
        "Error: 1 problem in 1 file\n",
        id="control-character",
    ),
    pytest.param(
        ["tests/bad/too-long-text.yaml"],
        "tests/bad/too-long-text.yaml:6:11: 'overview' is too long: 10,007 characters (the limit is 10,000)\n"
        "Error: 1 problem in 1 file\n",
        id="too-long-text",
    ),
    pytest.param(
        ["tests/bad/date-as-text.yaml"],
        "tests/bad/date-as-text.yaml:2:11: 'question' must be text, not a date (put it in quotes to keep it as text)\n"
        "Error: 1 problem in 1 file\n",
        id="date-as-text",
    ),
    pytest.param(
        ["tests/bad/duplicate-follow-up-ids.yaml"],
        "tests/bad/duplicate-follow-up-ids.yaml:26:9: duplicate id 'measure-impact' (first used at line 20)\n"
        "Error: 1 problem in 1 file\n",
        id="duplicate-follow-up-ids",
    ),
    pytest.param(
        ["tests/bad/several-problems.yaml"],
        "tests/bad/several-problems.yaml:6:5: duplicate principle 'Ownership' (first used at line 5)\n"
        "tests/bad/several-problems.yaml:10:31: 'target_seconds' must be a whole number, not text\n"
        "tests/bad/several-problems.yaml:27:9: duplicate id 'measure-impact' (first used at line 21)\n"
        "tests/bad/several-problems.yaml:31:15: 'weak_why' must be text, not true/false (put it in quotes to keep it as text)\n"
        "tests/bad/several-problems.yaml:34:17: 'Customer Obsession' is not in 'principles' (Ownership)\n"
        "Error: 5 problems in 1 file\n",
        id="several-problems",
    ),
    pytest.param(
        ["tests/bad/duplicate-principles.yaml"],
        "tests/bad/duplicate-principles.yaml:7:5: duplicate principle 'Ownership' (first used at line 5)\n"
        "Error: 1 problem in 1 file\n",
        id="duplicate-principles",
    ),
    pytest.param(
        ["tests/bad/duplicate-keys.yaml"],
        "tests/bad/duplicate-keys.yaml:7:1: duplicate key 'question' (first given at line 2)\n"
        "tests/bad/duplicate-keys.yaml:20:3: duplicate key 'text' (first given at line 16)\n"
        "Error: 2 problems in 1 file\n",
        id="duplicate-keys",
    ),
    pytest.param(
        ["tests/bad/empty-lists.yaml"],
        "tests/bad/empty-lists.yaml:15:13: 'problems' must have at least 1 item\n"
        "Error: 1 problem in 1 file\n",
        id="empty-lists",
    ),
    pytest.param(
        ["tests/bad/empty-text.yaml"],
        "tests/bad/empty-text.yaml:6:11: 'overview' must not be empty\n"
        "tests/bad/empty-text.yaml:18:11: 'verdict' must not be empty\n"
        "Error: 2 problems in 1 file\n",
        id="empty-text",
    ),
    pytest.param(
        ["tests/bad/empty.yaml"],
        "tests/bad/empty.yaml:1:1: the file is empty; a scenario is a mapping with keys such as 'id' and 'question'\n"
        "Error: 1 problem in 1 file\n",
        id="empty",
    ),
    pytest.param(
        ["tests/bad/guidance-unknown-principle.yaml"],
        "tests/bad/guidance-unknown-principle.yaml:24:16: 'Dive Deep' is not in 'principles' (Ownership)\n"
        "Error: 1 problem in 1 file\n",
        id="guidance-unknown-principle",
    ),
    pytest.param(
        ["tests/bad/keys-not-names.yaml"],
        "tests/bad/keys-not-names.yaml:7:1: keys must be plain names, not 1\n"
        "tests/bad/keys-not-names.yaml:8:1: keys must be plain names, not empty\n"
        "Error: 2 problems in 1 file\n",
        id="keys-not-names",
    ),
    pytest.param(
        ["tests/bad/missing-keys.yaml"],
        "tests/bad/missing-keys.yaml:1:1: missing required key 'summary' in scenario\n"
        "tests/bad/missing-keys.yaml:9:9: missing required key 'coaching' in 'task'\n"
        "Error: 2 problems in 1 file\n",
        id="missing-keys",
    ),
    pytest.param(
        ["tests/bad/missing-step.yaml"],
        "tests/bad/missing-step.yaml:9:3: missing required key 'reflection' in 'steps'\n"
        "Error: 1 problem in 1 file\n",
        id="missing-step",
    ),
    pytest.param(
        ["tests/bad/number-as-text.yaml"],
        "tests/bad/number-as-text.yaml:3:9: 'family' must be text, not 42 (put it in quotes to keep it as text)\n"
        "tests/bad/number-as-text.yaml:18:7: 'problems' item 2 must be text, not 3.5 (put it in quotes to keep it as text)\n"
        "Error: 2 problems in 1 file\n",
        id="number-as-text",
    ),
    pytest.param(
        ["tests/bad/python-tag.yaml"],
        "tests/bad/python-tag.yaml:6:11: YAML tag '!!python/object/apply:os.system' is not allowed; scenarios hold plain data only\n"
        "Error: 1 problem in 1 file\n",
        id="python-tag",
    ),
    pytest.param(
        ["tests/bad/quiz-choices.yaml"],
        "tests/bad/quiz-choices.yaml:24:7: exactly one choice must be 'correct: true', not 0\n"
        "tests/bad/quiz-choices.yaml:30:7: exactly one choice must be 'correct: true', not 2\n"
        "Error: 2 problems in 1 file\n",
        id="quiz-choices",
    ),
    pytest.param(
        ["tests/bad/root-list.yaml"],
        "tests/bad/root-list.yaml:2:1: scenario must be a mapping of keys to values, not a list\n"
        "Error: 1 problem in 1 file\n",
        id="root-list",
    ),
    pytest.param(
        ["tests/bad/root-scalar.yaml"],
        "tests/bad/root-scalar.yaml:1:1: scenario must be a mapping of keys to values, not text\n"
        "Error: 1 problem in 1 file\n",
        id="root-scalar",
    ),
    pytest.param(
        ["tests/bad/syntax-bad-indent.yaml"],
        "tests/bad/syntax-bad-indent.yaml:18:2: invalid YAML: did not find expected key (while parsing a block mapping at line 1, column 1)\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-bad-indent",
    ),
    pytest.param(
        ["tests/bad/syntax-unclosed-quote.yaml"],
        "tests/bad/syntax-unclosed-quote.yaml:19:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line 6, column 11)\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-unclosed-quote",
    ),
    pytest.param(
        ["tests/bad/target-seconds.yaml"],
        "tests/bad/target-seconds.yaml:9:31: 'target_seconds' must be at least 1, not 0\n"
        "tests/bad/target-seconds.yaml:10:26: 'target_seconds' must be a whole number, not text\n"
        "Error: 2 problems in 1 file\n",
        id="target-seconds",
    ),
    pytest.param(
        ["tests/bad/unknown-key-close.yaml"],
        "tests/bad/unknown-key-close.yaml:2:1: unknown key 'questoin' (did you mean 'question'?)\n"
        "Error: 1 problem in 1 file\n",
        id="unknown-key-close",
    ),
    pytest.param(
        ["tests/bad/unknown-key-far.yaml"],
        "tests/bad/unknown-key-far.yaml:7:1: unknown key 'colour' (known keys: id, question, family, principles, overview, summary, steps, weak_answer, follow_ups, quiz, reflections, guidance, levels, tags, unplaced)\n"
        "Error: 1 problem in 1 file\n",
        id="unknown-key-far",
    ),
    pytest.param(
        ["tests/bad/wrong-containers.yaml"],
        "tests/bad/wrong-containers.yaml:4:13: 'principles' must be a list, not text\n"
        "tests/bad/wrong-containers.yaml:8:3: 'steps' must be a mapping of keys to values, not a list\n"
        "Error: 2 problems in 1 file\n",
        id="wrong-containers",
    ),
    pytest.param(
        ["tests/bad/dup-ids"],
        "tests/bad/dup-ids/b.yaml:1:5: scenario id 'same-story' is also used by tests/bad/dup-ids/a.yaml:1:5; ids must be unique\n"
        "Error: 1 problem in 1 file\n",
        id="dup-ids-folder",
    ),
    pytest.param(
        ["tests/bad/dup-ids/b.yaml", "tests/bad/dup-ids/a.yaml"],
        "tests/bad/dup-ids/a.yaml:1:5: scenario id 'same-story' is also used by tests/bad/dup-ids/b.yaml:1:5; ids must be unique\n"
        "Error: 1 problem in 1 file\n",
        id="dup-ids-files-reversed",
    ),
]


def test_every_bad_file_has_a_case() -> None:
    given = [ROOT / arg for case in CASES for arg in case.values[0]]
    covered = {p for path in given for p in ([path] if path.is_file() else path.rglob("*.yaml"))}
    single_cases = {BAD / name for name in SINGLE_CASE_FILES}
    assert set(BAD.rglob("*.yaml")) == covered | single_cases


@pytest.mark.usefixtures("in_repo")
@pytest.mark.parametrize(("args", "expected"), CASES)
def test_validate_reports_every_problem_exactly(args: list[str], expected: str) -> None:
    result = run("validate", *args)
    assert result.exit_code == 1
    assert result.stderr == expected
    assert result.stdout == ""


@pytest.mark.usefixtures("in_repo")
@pytest.mark.parametrize(("args", "expected"), CASES)
def test_build_of_a_bad_file_writes_nothing(args: list[str], expected: str, tmp_path: Path) -> None:
    deck = tmp_path / "deck.apkg"
    deck.write_bytes(b"an earlier deck\x00\xff")
    result = run("build", *args, "-o", deck)
    assert result.exit_code == 1
    assert result.stderr == expected
    assert result.stdout == ""
    assert deck.read_bytes() == b"an earlier deck\x00\xff"
    assert os.listdir(tmp_path) == ["deck.apkg"]  # no new deck, no leftover *.part file


@pytest.mark.usefixtures("in_repo")
def test_build_of_a_bad_file_without_output_creates_no_decks_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "scenarios").mkdir()
    shutil.copy(BAD / "bad-id.yaml", tmp_path / "scenarios" / "bad-id.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr == (
        "scenarios/bad-id.yaml:1:5: 'id' must be lowercase letters, digits and single hyphens (like 'built-from-scratch'), not 'Built_From_Scratch'\n"
        "Error: 1 problem in 1 file\n"
    )
    assert result.stdout == ""
    assert sorted(os.listdir(tmp_path)) == ["scenarios"]


@pytest.mark.usefixtures("in_repo")
def test_several_bad_files_are_reported_together_sorted_by_file() -> None:
    result = run(
        "validate",
        "tests/bad/target-seconds.yaml",
        "tests/bad/empty.yaml",
        "scenarios/built-something-from-scratch.yaml",  # a good file among them changes nothing
        "tests/bad/bad-id.yaml",
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "tests/bad/bad-id.yaml:1:5: 'id' must be lowercase letters, digits and single hyphens (like 'built-from-scratch'), not 'Built_From_Scratch'\n"
        "tests/bad/empty.yaml:1:1: the file is empty; a scenario is a mapping with keys such as 'id' and 'question'\n"
        "tests/bad/target-seconds.yaml:9:31: 'target_seconds' must be at least 1, not 0\n"
        "tests/bad/target-seconds.yaml:10:26: 'target_seconds' must be a whole number, not text\n"
        "Error: 4 problems in 3 files\n"
    )
    assert result.stdout == ""


@pytest.mark.usefixtures("in_repo")
def test_all_bad_files_in_one_run_report_all_their_problems() -> None:
    cases = [case for case in CASES if case.id != "dup-ids-files-reversed"]
    args = [arg for case in cases for arg in case.values[0]]
    expected = [line for case in cases for line in case.values[1].splitlines()]
    lines = [line for line in expected if not line.startswith("Error: ")]

    def order(line: str) -> tuple[str, int, int, str]:
        match = PROBLEM_LINE.match(line)
        assert match, line
        return match["path"], int(match["line"]), int(match["column"]), match["message"]

    files = {order(line)[0] for line in lines}
    result = run("validate", *args)
    assert result.exit_code == 1
    assert result.stderr == "".join(
        f"{line}\n"
        for line in [
            *sorted(lines, key=order),
            f"Error: {len(lines)} problems in {len(files)} files",
        ]
    )
    assert result.stdout == ""


def test_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "latin-1.yaml").write_bytes(
        b"id: minimal\nquestion: Tell me about the caf\xe9 outage.\n"
    )
    monkeypatch.chdir(tmp_path)
    result = run("validate", "latin-1.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "latin-1.yaml:2:32: not UTF-8 text (byte 0xe9 cannot be decoded)\n"
        "Error: 1 problem in 1 file\n"
    )
    assert result.stdout == ""


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf-16.yaml"
    path.write_bytes("id: minimal\n".encode("utf-16"))
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:1:1: not UTF-8 text (byte 0xff cannot be decoded)\nError: 1 problem in 1 file\n"
    )


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(
        b"\xef\xbb\xbf" + (ROOT / "scenarios" / "built-something-from-scratch.yaml").read_bytes()
    )
    result = run("validate", path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "OK: 1 scenario, no problems\n",
        "",
    )


# --- Known issues: each test pins the behaviour the message should have. --------------------


def only_problem(result: Result) -> tuple[str, str]:
    """The one problem of a single-problem report, checked for shape."""
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr  # one FILE:LINE:COLUMN line, one summary line
    assert lines[1] == "Error: 1 problem in 1 file"
    (found,) = problems(result.stderr)
    return found


@pytest.mark.usefixtures("in_repo")
def test_target_seconds_as_a_decimal() -> None:
    location, message = only_problem(run("validate", "tests/bad/target-seconds-float.yaml"))
    assert location == "tests/bad/target-seconds-float.yaml:9:31"
    assert message == "'target_seconds' must be a whole number, not 30.5"


@pytest.mark.usefixtures("in_repo")
def test_target_seconds_as_a_boolean() -> None:
    location, message = only_problem(run("validate", "tests/bad/target-seconds-bool.yaml"))
    assert location == "tests/bad/target-seconds-bool.yaml:9:31"
    assert message == "'target_seconds' must be a whole number, not true/false"


@pytest.mark.usefixtures("in_repo")
def test_merge_key() -> None:
    result = run("validate", "tests/bad/merge-key.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert problems(result.stderr) == [
        ("tests/bad/merge-key.yaml:15:3", "merge keys (<<) are not supported; write the keys out"),
        ("tests/bad/merge-key.yaml:15:3", "missing required key 'verdict' in 'weak_answer'"),
    ]


@pytest.mark.usefixtures("in_repo")
def test_tab_indentation() -> None:
    location, message = only_problem(run("validate", "tests/bad/tab-indent.yaml"))
    assert location == "tests/bad/tab-indent.yaml:5:1"
    assert message == "invalid YAML: a tab cannot indent or start a value; use spaces"


@pytest.mark.usefixtures("in_repo")
def test_second_document() -> None:
    location, message = only_problem(run("validate", "tests/bad/multi-document.yaml"))
    assert location == "tests/bad/multi-document.yaml:19:1"
    assert message == "invalid YAML: a scenario file holds one document; remove the second '---'"


@pytest.mark.usefixtures("in_repo")
def test_alias_as_key() -> None:
    result = run("validate", "tests/bad/alias-as-key.yaml")
    assert result.exit_code == 1
    assert problems(result.stderr) == [
        (
            "tests/bad/alias-as-key.yaml:7:1",
            "YAML aliases (*name) are not supported; write the value out",
        )
    ]


def test_control_character(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "control.yaml").write_bytes(b"id: minimal\nquestion: Tell me \x01about it.\n")
    monkeypatch.chdir(tmp_path)
    location, message = only_problem(run("validate", "control.yaml"))
    assert location == "control.yaml:2:19"
    assert message == "invalid YAML: control character U+0001 is not allowed; remove it"


def test_not_utf8_column_counts_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mixed.yaml").write_bytes(b"id: minimal\nquestion: Caf\xc3\xa9 \xff\n")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "mixed.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "mixed.yaml:2:16: not UTF-8 text (byte 0xff cannot be decoded)\n"
        "Error: 1 problem in 1 file\n"
    )
