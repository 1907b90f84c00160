"""Where import and new write: never over another question, never a second file for one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection
from hypothesis import given, settings
from hypothesis import strategies as st

from star_anki.ids import is_valid_id
from star_anki.targets import read_held

from .conftest import (
    ROOT,
    import_deck,
    run,
)
from .seedpage import seed_page

SEED_TITLE = "Describe a Situation Where You Built Something From Scratch That Did Not Exist Before"
TEAM = "Tell Me About a Time You Earned the Trust of Your Team"
CUSTOMER = "Tell Me About a Time You Earned the Trust of a Frustrated Customer"


def titled(question: str) -> str:
    """The seed page under another title, as a page for that question."""
    return seed_page().replace(f"{SEED_TITLE} - ", f"{question} - ", 1)


@pytest.fixture
def trust_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding team.txt and customer.txt (once both 'earned-the-trust-of')."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team.txt").write_text(titled(TEAM), encoding="utf-8")
    (tmp_path / "customer.txt").write_text(titled(CUSTOMER), encoding="utf-8")
    return tmp_path


def file_id(path: Path) -> str:
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["id"])


def test_questions_that_once_shared_an_id_import_side_by_side(
    trust_pages: Path, collection: Collection
) -> None:
    (trust_pages / "tight.txt").write_text(
        titled("Tell me about a time you had to deliver results under a tight deadline"),
        encoding="utf-8",
    )
    (trust_pages / "limited.txt").write_text(
        titled("Tell me about a time you had to deliver results with limited resources"),
        encoding="utf-8",
    )
    result = run("import", "team.txt", "customer.txt", "tight.txt", "limited.txt")
    assert result.exit_code == 0
    assert sorted(p.name for p in (trust_pages / "scenarios").glob("*.yaml")) == [
        "deliver-results-under-tight-deadline.yaml",
        "deliver-results-with-limited-resources.yaml",
        "earned-trust-frustrated-customer.yaml",
        "earned-trust-team.yaml",
    ]
    assert run("validate").exit_code == 0  # four scenarios, four ids
    built = run("build", "--no-which-story")  # each scenario's own notes only
    assert built.exit_code == 0
    assert built.stdout.startswith("Wrote decks/star-interview.apkg: 88 notes from 4 scenarios\n")
    log = import_deck(collection, trust_pages / "decks" / "star-interview.apkg").log
    assert len(log.new) == 88
    for scenario in ("earned-trust-team", "earned-trust-frustrated-customer"):
        assert len(collection.find_notes(f"tag:star::scenario::{scenario}")) == 22


def test_import_never_overwrites_another_question_even_with_force(trust_pages: Path) -> None:
    assert run("import", "customer.txt", "--id", "earned-trust-team").exit_code == 0
    target = trust_pages / "scenarios" / "earned-trust-team.yaml"
    before = target.read_bytes()
    for force in ([], ["--force"]):
        refused = run("import", "team.txt", *force)
        assert (refused.exit_code, refused.stdout) == (1, "")
        assert refused.stderr == (
            f'scenarios/earned-trust-team.yaml holds another question ("{CUSTOMER}");'
            " choose another id, e.g. --id earned-trust-team-2\n"
            "Error: 1 of 1 page could not be imported\n"
        )
        assert target.read_bytes() == before
    suggested = run("import", "team.txt", "--id", "earned-trust-team-2")
    assert suggested.stdout.startswith("Wrote scenarios/earned-trust-team-2.yaml from team.txt")
    assert file_id(trust_pages / "scenarios" / "earned-trust-team-2.yaml") == "earned-trust-team-2"


def test_an_id_taken_under_another_file_name_is_not_used_again(trust_pages: Path) -> None:
    (trust_pages / "scenarios").mkdir()
    assert run("import", "customer.txt", "-o", "scenarios/mine.yaml").exit_code == 0
    mine = trust_pages / "scenarios" / "mine.yaml"
    mine.write_text(
        mine.read_text(encoding="utf-8").replace(
            "id: earned-trust-frustrated-customer", "id: earned-trust-team"
        ),
        encoding="utf-8",
    )
    (trust_pages / "scenarios" / "earned-trust-team-2.yml").write_text("{}", encoding="utf-8")
    refused = run("import", "team.txt", "--force")
    assert refused.stderr == (
        f'scenarios/mine.yaml holds another question ("{CUSTOMER}");'
        " choose another id, e.g. --id earned-trust-team-3\n"
        "Error: 1 of 1 page could not be imported\n"
    )  # -2 is a file name already


def test_reimport_into_a_file_named_by_an_older_id_rule_keeps_its_id(trust_pages: Path) -> None:
    old = trust_pages / "scenarios" / "earned-the-trust-of.yaml"
    old.parent.mkdir()
    assert run("import", "team.txt", "-o", old).exit_code == 0
    text = old.read_text(encoding="utf-8").replace(
        "id: earned-trust-team", "id: earned-the-trust-of"
    )
    old.write_text(text + "# my edit\n", encoding="utf-8")

    again = run("import", "team.txt")
    assert again.exit_code == 1
    assert again.stderr == (
        "scenarios/earned-the-trust-of.yaml already holds this question;"
        " use --force to overwrite it\n"
        "Error: 1 of 1 page could not be imported\n"
    )
    forced = run("import", "team.txt", "--force")
    assert forced.stdout.startswith(
        "Wrote scenarios/earned-the-trust-of.yaml from team.txt: 5 steps"
    )
    assert old.read_text(encoding="utf-8") == text  # the page again, under the id it had
    assert sorted(p.name for p in old.parent.glob("*.yaml")) == [old.name]

    renamed = run("import", "team.txt", "--force", "--id", "earned-trust-team")
    assert renamed.stderr == (
        "scenarios/earned-the-trust-of.yaml already holds this question, with the id"
        " 'earned-the-trust-of'; leave out --id to keep it\n"
        "Error: 1 of 1 page could not be imported\n"
    )


def test_import_to_a_named_file_checks_only_that_file(trust_pages: Path) -> None:
    assert run("import", "customer.txt", "-o", "story.yaml").exit_code == 0
    refused = run("import", "team.txt", "-o", "story.yaml", "--force")
    assert refused.stderr == (
        f'story.yaml holds another question ("{CUSTOMER}"); name another file with -o\n'
        "Error: 1 of 1 page could not be imported\n"
    )
    story = trust_pages / "story.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace(
            "id: earned-trust-frustrated-customer", "id: my-customer"
        ),
        encoding="utf-8",
    )
    assert run("import", "customer.txt", "-o", "story.yaml", "--force").exit_code == 0
    assert file_id(story) == "my-customer"  # its id is kept
    assert (
        run("import", "customer.txt", "-o", "story.yaml", "--force", "--id", "chosen").exit_code
        == 0
    )
    assert file_id(story) == "chosen"


@pytest.mark.parametrize(
    "content", ["id: [unclosed\n", "- a list\n", "id: x\n", "question: 3\n"], ids=repr
)
def test_a_file_that_does_not_tell_its_question_is_overwritten_only_with_force(
    content: str, trust_pages: Path
) -> None:
    (trust_pages / "scenarios").mkdir()
    target = trust_pages / "scenarios" / "earned-trust-team.yaml"
    target.write_text(content, encoding="utf-8")
    refused = run("import", "team.txt")
    assert refused.stderr == (
        "scenarios/earned-trust-team.yaml already exists; use --force to overwrite it\n"
        "Error: 1 of 1 page could not be imported\n"
    )
    assert run("import", "team.txt", "--force").exit_code == 0
    assert file_id(target) == "earned-trust-team"


def test_the_same_question_is_found_whatever_its_case_spacing_and_closing_mark(
    trust_pages: Path,
) -> None:
    (trust_pages / "scenarios").mkdir()
    assert run("import", "team.txt", "-o", "scenarios/team.yaml").exit_code == 0
    (trust_pages / "shouted.txt").write_text(
        titled("tell me about a time you  EARNED the trust of your team?"), encoding="utf-8"
    )
    again = run("import", "shouted.txt")
    assert again.stderr.startswith("scenarios/team.yaml already holds this question;")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["team.txt", "--id", "Earned_Trust"], "Invalid value for '--id': must be lowercase"
         " letters, digits and single hyphens (like 'built-from-scratch'), not 'Earned_Trust'"),
        (["team.txt", "--id", "a--b"], "not 'a--b'"),
        (["team.txt", "customer.txt", "--id", "trust"], "Error: --id takes a single PAGE"),
    ],
)  # fmt: skip
def test_import_id_usage_errors(args: list[str], message: str, trust_pages: Path) -> None:
    result = run("import", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (trust_pages / "scenarios").exists()


def test_a_folder_of_broken_files_does_not_stop_an_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = ROOT / "tests" / "bad"
    shutil.copytree(bad, tmp_path / "scenarios")
    for path in sorted(bad.rglob("*.yaml")):
        held = read_held(path)  # leniently: never raises, whatever the file holds
        assert held.id is None or is_valid_id(held.id)
    (tmp_path / "page.txt").write_text(seed_page(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "page.txt")
    assert result.stdout.startswith("Wrote scenarios/built-something-from-scratch.yaml")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_reading_what_a_file_holds_never_fails(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("held") / "x.yaml"
    path.write_bytes(data)
    held = read_held(path)
    assert held.question is None or held.question.strip() == held.question != ""
