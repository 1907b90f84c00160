# ruff: noqa: E501  (expected messages are written out one problem per line)
"""Every broken scenario in tests/bad is reported with its exact FILE:LINE:COLUMN messages.

Each case runs ``star-anki validate`` from the repository root with paths relative to it, so
the expected text below is literally what a user sees. A few cases that need their own setup
are pinned by single tests at the end. The cases are in tests/error_cases.py.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import ROOT, run
from .error_cases import CASES, SINGLE_CASE_FILES

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
