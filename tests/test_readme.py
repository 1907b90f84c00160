"""The README's promises: its quick start is what CI runs, and its sample output is real."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from star_anki.changes import LEFT_OUT_NOTICE, REMOVED_NOTICE

from .conftest import ROOT, SCENARIOS, run, visible_text

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    venv = "python3 -m venv --system-site-packages --without-pip .venv"
    assert quick_start() == [
        f"{venv} && .venv/bin/python -m pip install . && .venv/bin/star-anki build",
        f'{venv} && .venv/bin/python -m pip install ".[test]" && .venv/bin/python -m pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quick_start()[1] in ci


def test_build_output_shown_in_readme_is_what_build_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = README.split("```console\n$ star-anki build\n", 1)[1].split("```", 1)[0]
    shutil.copytree(SCENARIOS, tmp_path / "scenarios")
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0
    assert result.output == shown
    assert (tmp_path / "decks" / "star-interview.apkg").is_file()


def test_validate_output_shown_in_readme_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    block = README.split("```console\n$ star-anki validate scenarios/broken.yaml\n", 1)[1]
    shown = block.split("```", 1)[0]
    text = (SCENARIOS / "built-something-from-scratch.yaml").read_text(encoding="utf-8")
    question = text.split("question: |-\n", 1)[1].split("\n", 1)[0]
    broken = text.replace(f"question: |-\n{question}\n", "question: no\n", 1)
    broken = broken.replace("\nsummary:", "\nsumary:", 1)
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "broken.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "scenarios/broken.yaml")
    assert result.exit_code == 1
    assert result.stderr == shown


def test_new_output_shown_in_readme_is_what_new_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command, shown = (
        README.split("```console\n$ star-anki new ", 1)[1].split("```", 1)[0].split("\n", 1)
    )
    monkeypatch.chdir(tmp_path)
    result = run("new", *shlex.split(command))
    assert result.exit_code == 0
    assert result.output == shown
    problems = run("validate").stderr.splitlines()
    assert problems[-1] == "Error: 6 problems in 1 file"  # as the README says
    assert "(6 in the file above)" in " ".join(README.split())


def test_import_output_shown_in_readme_is_what_import_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = README.split("```console\n$ star-anki import page.txt\n", 1)[1].split("```", 1)[0]
    shutil.copy(ROOT / "tests" / "data" / "seed-page.txt", tmp_path / "page.txt")
    monkeypatch.chdir(tmp_path)
    result = run("import", "page.txt")
    assert result.exit_code == 0
    assert result.output == shown
    from star_anki.ids import scenario_id

    section = README.split("## Importing walkthrough pages", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r'"([^"]+)" → `([a-z0-9-]+)`', " ".join(section.split()))
    assert len(examples) == 4
    assert [(question, scenario_id(question)) for question, _ in examples] == examples
    refusal = section.split("```text\n  ", 1)[1].split("\n", 1)[0]
    seed = "Describe a Situation Where You Built Something From Scratch That Did Not Exist Before"
    team = "Tell Me About a Time You Earned the Trust of Your Team"
    page = (tmp_path / "page.txt").read_text(encoding="utf-8").replace(seed, team, 1)
    (tmp_path / "team.txt").write_text(page, encoding="utf-8")
    (tmp_path / "scenarios" / "earned-trust-team.yaml").write_text(
        "id: earned-trust-team\nquestion: Another story\n", encoding="utf-8"
    )
    refused = run("import", "team.txt", "--force")
    assert refused.stderr.splitlines()[0] == refusal.replace("…", "Another story")


def test_coverage_shown_in_readme_is_what_coverage_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    section = README.split("## Your story bank", 1)[1].split("\n## ", 1)[0]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    lines = [line.removeprefix("   ") for line in block.rstrip().splitlines()]
    command, shown = lines[0].removeprefix("$ star-anki "), "\n".join(lines[1:]) + "\n"
    monkeypatch.chdir(ROOT)
    result = run(*shlex.split(command))
    assert (result.exit_code, result.stdout) == (0, shown)
    assert "Which story? back" in section


def test_the_notices_are_the_ones_cards_show_and_the_readme_quotes() -> None:
    removed = visible_text(REMOVED_NOTICE)
    assert removed == (
        "Removed from your scenarios. This item is no longer in its scenario file. To delete it,"
        " search tag:star::removed in Anki's browser, select the notes and delete them."
    )
    readme = " ".join(README.split())
    assert f'opening with "{removed}"' in readme
    left_out = visible_text(LEFT_OUT_NOTICE.format(option="--no-key-phrases"))
    assert left_out.startswith("Left out of this deck. It was built with --no-key-phrases. ")
    assert '"Left out of this deck. It was built with --no-key-phrases."' in readme
