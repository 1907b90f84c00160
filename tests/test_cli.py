"""The star-anki command line: version, help, exit codes and the exact text it prints."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

import star_anki

from .conftest import ROOT, run

SCENARIO = ROOT / "scenarios" / "built-something-from-scratch.yaml"

BUILD_REPORT = (
    "Wrote {out}: 37 notes from 1 scenario\n"
    "  STAR Step            5\n"
    "  STAR Key Phrases     3\n"
    "  STAR Weak Answer     1\n"
    "  STAR Follow-up       4\n"
    "  STAR Quiz            3\n"
    "  STAR Story           1\n"
    "  STAR Pitch           3\n"
    "  STAR Level           2\n"
    "  STAR Which Story    15\n"
    "No earlier deck at {out}: all 37 notes are new.\n"
)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def part_files(folder: Path) -> list[str]:
    """Leftover temporary files of an atomic write (they start with a dot, so list them all)."""
    return [name for name in os.listdir(folder) if name.endswith(".part")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding scenarios/ with the bundled scenario, as the current directory."""
    (tmp_path / "scenarios").mkdir()
    shutil.copy(SCENARIO, tmp_path / "scenarios" / SCENARIO.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("option", ["--version", "-V"])
def test_version(option: str) -> None:
    result = run(option)
    assert result.exit_code == 0
    assert result.stdout == f"star-anki, version {star_anki.__version__}\n"
    assert result.stderr == ""


@pytest.mark.parametrize(
    "command",
    [
        [],
        *(
            [name]
            for name in ("build", "import", "list", "new", "preview", "schema", "serve", "validate")
        ),
    ],
    ids=lambda c: c[0] if c else "group",
)
@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help_has_an_example(command: list[str], option: str) -> None:
    result = run(*command, option)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: {' '.join(['star-anki', *command])} [OPTIONS]")
    assert "\n  Example:\n    star-anki " in result.stdout
    assert result.stderr == ""


def test_validate_bundled_scenarios(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for args in [(), ("scenarios",), ("scenarios/built-something-from-scratch.yaml",)]:
        result = run("validate", *args)
        assert result.exit_code == 0, args
        assert result.stdout == "OK: 1 scenario, no problems\n"
        assert result.stderr == ""


def test_validate_finds_yml_files_in_nested_folders(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    shutil.copy(SCENARIO, tmp_path / "deep" / "er" / "story.yml")
    (tmp_path / "notes.txt").write_text("not a scenario")
    result = run("validate", tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "OK: 1 scenario, no problems\n",
        "",
    )


@pytest.mark.parametrize("command", ["build", "validate"])
def test_no_paths_and_no_scenarios_folder(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(command)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Usage: star-anki {command} [OPTIONS] [PATH]...\n"
        f"Try 'star-anki {command} --help' for help.\n"
        "\n"
        "Error: no PATH given and no 'scenarios' folder here; name scenario files or folders\n"
    )
    assert result.stdout == ""
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("command", ["build", "validate"])
def test_nonexistent_path(command: str, project: Path) -> None:
    result = run(command, "missing.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Usage: star-anki {command} [OPTIONS] [PATH]...\n"
        f"Try 'star-anki {command} --help' for help.\n"
        "\n"
        "Error: Invalid value for '[PATH]...': Path 'missing.yaml' does not exist.\n"
    )
    assert result.stdout == ""
    assert sorted(os.listdir(project)) == ["scenarios"]


@pytest.mark.parametrize("command", ["build", "validate"])
def test_folder_without_yaml(command: str, project: Path) -> None:
    (project / "empty").mkdir()
    (project / "empty" / "README.md").write_text("no scenarios here")
    result = run(command, "empty")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Usage: star-anki {command} [OPTIONS] [PATH]...\n"
        f"Try 'star-anki {command} --help' for help.\n"
        "\n"
        "Error: no scenario files (*.yaml, *.yml) in empty\n"
    )
    assert result.stdout == ""
    assert sorted(os.listdir(project)) == ["empty", "scenarios"]


def test_build(project: Path) -> None:
    result = run("build", "scenarios", "-o", "out.apkg")
    assert result.exit_code == 0
    assert result.stdout == BUILD_REPORT.format(out="out.apkg")
    assert result.stderr == ""
    with zipfile.ZipFile(project / "out.apkg") as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
    assert sorted(os.listdir(project)) == ["out.apkg", "scenarios"]
    assert part_files(project) == []


def test_build_default_paths(project: Path) -> None:
    result = run("build")
    assert result.exit_code == 0
    assert result.stdout == BUILD_REPORT.format(out=Path("decks") / "star-interview.apkg")
    assert result.stderr == ""
    assert os.listdir(project / "decks") == ["star-interview.apkg"]


def test_build_replaces_an_earlier_deck(project: Path) -> None:
    assert run("build", "-o", "out.apkg").exit_code == 0
    result = run("build", "-o", "out.apkg")
    assert result.exit_code == 0
    assert result.stdout == BUILD_REPORT.format(out="out.apkg").replace(
        "No earlier deck at out.apkg: all 37 notes are new.",
        "Since the last build: 0 new, 0 changed, 37 unchanged, 0 removed",
    )
    assert part_files(project) == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"an earlier deck", "is not an Anki deck (not a zip file)"),
        (
            _zip({"collection.anki21b": b"zstd"}),
            "is not a deck star-anki wrote (it holds no collection.anki2)",
        ),
    ],
    ids=["not-a-zip", "anki-export"],
)
def test_build_never_replaces_a_file_it_did_not_write(
    project: Path, content: bytes, reason: str
) -> None:
    (project / "out.apkg").write_bytes(content)
    result = run("build", "-o", "out.apkg")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: out.apkg {reason}; move it away or build to another file with -o\n"
    )
    assert (project / "out.apkg").read_bytes() == content
    assert part_files(project) == []


def test_build_into_a_missing_folder(project: Path) -> None:
    out = Path("new") / "folder" / "out.apkg"
    result = run("build", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == (BUILD_REPORT.format(out=out), "")
    assert os.listdir(project / "new" / "folder") == ["out.apkg"]


def test_preview_and_import_into_a_missing_folder(project: Path) -> None:
    page = ROOT / "tests" / "data" / "seed-page.txt"
    result = run("preview", "-o", Path("new") / "preview.html")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Wrote {Path('new') / 'preview.html'}: 40 cards from 1 scenario\n"
    result = run("import", page, "-o", Path("other") / "folder" / "story.yaml")
    assert (result.exit_code, result.stderr) == (0, "")
    folder = Path("other") / "folder"
    assert result.stdout == (
        f"Wrote {folder / 'story.yaml'} from {page}: 5 steps, 4 follow-ups, 3 quiz items,"
        " 3 principles, 2 levels\n"
        f"Wrote {folder / 'scenario.schema.json'}: editors use it to check and complete"
        " scenario files\n"
    )
    assert sorted(os.listdir(project)) == ["new", "other", "scenarios"]


REFUSED = "Error: cannot write {target}: afile is a file, not a folder\n"


@pytest.mark.parametrize(
    ("command", "out", "expected"),
    [
        (["build", "-o"], "deck.apkg", REFUSED),
        (["preview", "-o"], "preview.html", REFUSED),
        (["schema", "-o"], "schema.json", REFUSED),
        (
            ["import", str(ROOT / "tests" / "data" / "seed-page.txt"), "-o"], "story.yaml",
            REFUSED.removeprefix("Error: ") + "Error: 1 of 1 page could not be imported\n",
        ),
    ],
)  # fmt: skip
def test_output_under_a_file(command: list[str], out: str, expected: str, project: Path) -> None:
    (project / "afile").write_text("x", encoding="utf-8")
    target = Path("afile") / "new" / out
    result = run(*command, target)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == expected.format(target=target)
    assert sorted(os.listdir(project)) == ["afile", "scenarios"]


def test_build_onto_a_folder(project: Path) -> None:
    (project / "decks").mkdir()
    (project / "decks" / "keep.txt").write_text("keep")
    result = run("build", "-o", "decks")
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write decks: it is a folder\n"
    assert result.stdout == ""
    assert os.listdir(project / "decks") == ["keep.txt"]
    assert sorted(os.listdir(project)) == ["decks", "scenarios"]


@pytest.mark.parametrize("name", ["", "  ", "::"])
def test_build_needs_a_deck_name(name: str, project: Path) -> None:
    result = run("build", "--deck-name", name)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for --deck-name: the deck needs a name\n")
    assert result.stdout == ""
    assert sorted(os.listdir(project)) == ["scenarios"]


def test_build_default_output_when_decks_is_a_file(project: Path) -> None:
    (project / "decks").write_bytes(b"not a folder")
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot write decks/star-interview.apkg: decks is a file, not a folder\n"
    )
    assert result.stdout == ""
    assert (project / "decks").read_bytes() == b"not a folder"
    assert part_files(project) == []


@pytest.mark.parametrize("command", ["build", "validate"])
def test_same_file_named_twice(command: str, project: Path) -> None:
    result = run(command, "scenarios", project / "scenarios" / SCENARIO.name)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert part_files(project) == []


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "star_anki", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"star-anki, version {star_anki.__version__}\n"


def test_every_registered_command_is_found_under_its_own_name() -> None:
    import click

    from star_anki.cli import main

    context = click.Context(main)
    names = main.list_commands(context)
    assert names == [
        "build", "coverage", "import", "list", "new", "preview", "questions", "schema", "serve",
        "validate",
    ]  # fmt: skip
    for name in names:
        command = main.get_command(context, name)
        assert command is not None and command.name == name
        assert "Example:" in (command.help or "")
    assert main.get_command(context, "nope") is None
