"""Rebuilds compared with the deck they replace, checked in the real Anki library.

Anki reports as updated exactly the notes that changed; removed items arrive
retired (tagged star::removed, their cards saying so) and come back as ordinary
notes; builds of part of the library never retire what they left out.
"""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection
from click.testing import Result

from star_anki.previous import SOURCES_TABLE

from .conftest import ROOT, SEED, T1, T2, deck_keys, import_deck, note_of, run, visible_text

DECK = Path("decks") / "star-interview.apkg"
SCENARIO = "built-something-from-scratch"
FOLLOW_UP = f"{SCENARIO}/follow-up/measure-business-impact-fix"
NOTICE = (
    "Removed from your scenarios. This item is no longer in its scenario file. To delete it,"
    " search tag:star::removed in Anki's browser, select the notes and delete them."
)
TABLE = (
    "Wrote decks/star-interview.apkg: {notes} notes from {scenarios}\n"
    "  STAR Step           {steps:>2}\n"
    "  STAR Key Phrases    {phrases:>2}\n"
    "  STAR Weak Answer    {weak:>2}\n"
    "  STAR Follow-up      {follow_ups:>2}\n"
    "  STAR Quiz           {quiz:>2}\n"
    "  STAR Story          {stories:>2}\n"
    "  STAR Pitch          {pitches:>2}\n"
    "  STAR Level          {levels:>2}\n"
    "  STAR Which Story     0\n"
)
ONE = {"notes": 22, "scenarios": "1 scenario", "steps": 5, "phrases": 3, "weak": 1,
       "follow_ups": 4, "quiz": 3, "stories": 1, "pitches": 3, "levels": 2}  # fmt: skip
README = (ROOT / "README.md").read_text(encoding="utf-8")
RETIRED_ONE = (
    "1 note of removed items is kept in the deck, tagged star::removed: delete it in Anki"
    " (search tag:star::removed), then build with --drop-removed.\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the seed scenario under scenarios/, as the current directory."""
    (tmp_path / "scenarios").mkdir()
    shutil.copy(SEED, tmp_path / "scenarios" / "story.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def build_at(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``star-anki build ARGS`` at a given time, which must succeed.

    Without Which Story notes unless ``which_story``: they are drawn across scenarios
    and change with each of them (tests/test_story_bank.py follows them); here they
    would only add to every count.
    """

    def build(stamp: int, *args: str, which_story: bool = False) -> Result:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(stamp))
        result = run("build", *args, *([] if which_story else ["--no-which-story"]))
        assert result.exit_code == 0, result.output
        return result

    return build


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def without_follow_up(path: Path, item: str) -> str:
    """Delete one follow-up from a scenario file; its text, to put back later."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {item}\n")
    end = text.index("  - id: ", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return text


def second_scenario(project: Path) -> Path:
    """Another scenario beside the seed: its copy with the id 'two', not for Dive Deep."""
    text = SEED.read_text(encoding="utf-8").replace(f"id: {SCENARIO}", "id: two", 1)
    path = project / "scenarios" / "two.yaml"
    path.write_text(text.replace("Dive Deep", "Earn Trust"), encoding="utf-8")
    return path


def keys(entries: object) -> list[str]:
    """The Key field of each note in one list of Anki's import log."""
    return sorted(entry.fields[0] for entry in entries)  # type: ignore[attr-defined]


def review(col: Collection, key: str) -> tuple[int, int]:
    """Answer the first card of a note 'Good'; its card id and the revlog rows it has."""
    card = col.get_card(col.find_cards(f'"Key:{key}"')[0])
    card.start_timer()
    col.sched.answerCard(card, 3)
    return card.id, col.db.scalar("select count() from revlog where cid = ?", card.id)


def test_a_typo_fix_updates_exactly_the_notes_that_show_it(
    project: Path, build_at: Callable[..., Result], collection: Collection
) -> None:
    build_at(T1)
    import_deck(collection, DECK)
    card_id, reviews = review(collection, f"{SCENARIO}/step/situation")
    reps = collection.get_card(card_id).reps

    edit(project / "scenarios" / "story.yaml", "I noticed a recurring", "I spotted a recurring")
    result = build_at(T2)

    assert result.stdout == TABLE.format(**ONE) + (
        "Since the last build: 0 new, 3 changed, 19 unchanged, 0 removed\n"
        f"  changed: {SCENARIO}/story/main\n"
        f"  changed: {SCENARIO}/step/situation\n"
        f"  changed: {SCENARIO}/key-phrases/situation\n"
    )
    log = import_deck(collection, DECK).log
    assert len(log.new) == 0
    assert keys(log.updated) == [
        f"{SCENARIO}/key-phrases/situation", f"{SCENARIO}/step/situation",
        f"{SCENARIO}/story/main",
    ]  # fmt: skip
    assert len(log.duplicate) == 19
    card = collection.get_card(card_id)
    assert "I spotted a recurring" in visible_text(card.answer())
    assert (card.reps, reviews) == (reps, 1)
    assert collection.db.scalar("select count() from revlog where cid = ?", card_id) == 1


def test_an_unchanged_rebuild_changes_nothing_not_even_a_byte(
    project: Path, build_at: Callable[..., Result], collection: Collection
) -> None:
    build_at(T1)
    import_deck(collection, DECK)
    first = DECK.read_bytes()

    result = build_at(T2)

    assert result.stdout == TABLE.format(**ONE) + (
        "Since the last build: 0 new, 0 changed, 22 unchanged, 0 removed\n"
    )
    assert DECK.read_bytes() == first
    log = import_deck(collection, DECK).log
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 22)


def test_an_edit_reaches_anki_even_with_a_fixed_source_date_epoch(
    project: Path, build_at: Callable[..., Result], collection: Collection
) -> None:
    build_at(T1)
    import_deck(collection, DECK)
    edit(project / "scenarios" / "story.yaml", "Spending 90 seconds", "Spending two minutes")

    build_at(T1)  # the same epoch: changed notes still come out newer than the last deck

    log = import_deck(collection, DECK).log
    assert keys(log.updated) == [f"{SCENARIO}/step/situation"]
    note = collection.get_note(note_of(collection, f"{SCENARIO}/step/situation"))
    assert note["Mistake"].startswith("Spending two minutes")
    assert note.mod == T1 + 1


def test_a_deleted_follow_up_is_retired_and_comes_back_with_its_history(
    project: Path, build_at: Callable[..., Result], collection: Collection
) -> None:
    story = project / "scenarios" / "story.yaml"
    build_at(T1)
    import_deck(collection, DECK)
    note_id = note_of(collection, FOLLOW_UP)
    card_id, _ = review(collection, FOLLOW_UP)

    original = without_follow_up(story, "measure-business-impact-fix")
    result = build_at(T2)

    counts = {**ONE, "notes": 21, "follow_ups": 3}
    assert result.stdout == TABLE.format(**counts) + (
        "Since the last build: 0 new, 0 changed, 21 unchanged, 1 removed\n"
        f"  removed: {FOLLOW_UP}\n" + RETIRED_ONE
    )
    log = import_deck(collection, DECK).log
    assert (len(log.new), keys(log.updated), len(log.duplicate)) == (0, [FOLLOW_UP], 21)
    assert collection.find_notes("tag:star::removed") == [note_id]
    card = collection.get_card(card_id)
    front = visible_text(card.question())
    assert front.startswith(f"Follow-up {NOTICE} Describe a Situation Where You Built")
    assert "How did you measure the business impact of your fix?" in front
    assert f"star::scenario::{SCENARIO}" in card.note().tags

    again = build_at(T2 + 60)  # still removed: carried forward as it was
    assert again.stdout.endswith(
        "Since the last build: 0 new, 0 changed, 21 unchanged, 0 removed\n" + RETIRED_ONE
    )
    assert len(import_deck(collection, DECK).log.updated) == 0

    story.write_text(original, encoding="utf-8")
    back = build_at(T2 + 120)

    assert back.stdout == TABLE.format(**ONE) + (
        f"Since the last build: 0 new, 1 changed, 21 unchanged, 0 removed\n  back: {FOLLOW_UP}\n"
    )
    log = import_deck(collection, DECK).log
    assert (len(log.new), keys(log.updated)) == (0, [FOLLOW_UP])
    assert collection.find_notes("tag:star::removed") == []
    assert note_of(collection, FOLLOW_UP) == note_id
    card = collection.get_card(card_id)
    assert "Removed" not in visible_text(card.question())
    assert card.reps == 1
    assert collection.db.scalar("select count() from revlog where cid = ?", card_id) == 1


def test_drop_removed_leaves_out_only_notes_an_earlier_build_retired(
    project: Path, build_at: Callable[..., Result]
) -> None:
    story = project / "scenarios" / "story.yaml"
    build_at(T1)
    without_follow_up(story, "measure-business-impact-fix")
    build_at(T1 + 1)
    without_follow_up(story, "decide-build-dead-letter")

    result = build_at(T1 + 2, "--drop-removed")

    later = f"{SCENARIO}/follow-up/decide-build-dead-letter"
    assert result.stdout.endswith(
        "Since the last build: 0 new, 0 changed, 20 unchanged, 1 removed\n"
        f"  removed: {later}\n" + RETIRED_ONE
        + "Left out 1 note of removed items (--drop-removed).\n"
    )  # fmt: skip
    assert deck_keys(DECK, "star::removed") == [later]
    assert FOLLOW_UP not in deck_keys(DECK)


def test_a_deleted_scenario_is_retired_whole(
    project: Path, build_at: Callable[..., Result], collection: Collection
) -> None:
    two = second_scenario(project)
    build_at(T1)
    import_deck(collection, DECK)
    two.unlink()

    result = build_at(T2)

    assert result.stdout == TABLE.format(**ONE) + (
        "Since the last build: 0 new, 0 changed, 22 unchanged, 22 removed\n"
        "  removed: two/* (the whole scenario, 22 notes)\n"
        "22 notes of removed items are kept in the deck, tagged star::removed: delete them in"
        " Anki (search tag:star::removed), then build with --drop-removed.\n"
    )
    log = import_deck(collection, DECK).log
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 22, 22)
    retired = collection.find_notes("tag:star::removed")
    assert sorted(collection.find_notes("tag:star::scenario::two")) == sorted(retired)
    assert collection.decks.name(collection.get_note(retired[0]).cards()[0].did) == (
        "STAR Interview::Describe a Situation Where You Built Something From Scratch That Did"
        " Not Exist Before"
    )


def test_a_new_id_in_the_same_file_retires_the_old_notes(
    project: Path, build_at: Callable[..., Result]
) -> None:
    build_at(T1)
    edit(project / "scenarios" / "story.yaml", f"id: {SCENARIO}", "id: renamed")

    result = build_at(T2)

    lines = result.stdout.splitlines()
    assert lines[10] == "Since the last build: 22 new, 0 changed, 0 unchanged, 22 removed"
    assert lines[11:21] == [  # in the order a learner meets them
        "  new: renamed/story/main",
        "  new: renamed/step/situation",
        "  new: renamed/key-phrases/situation",
        "  new: renamed/step/task",
        "  new: renamed/key-phrases/task",
        "  new: renamed/step/action",
        "  new: renamed/step/result",
        "  new: renamed/key-phrases/result",
        "  new: renamed/step/reflection",
        "  … and 13 more",
    ]
    assert lines[21] == f"  removed: {SCENARIO}/* (the whole scenario, 22 notes)"


@pytest.mark.parametrize(
    "partial",
    [["--principle", "Dive Deep"], ["--tag", "mine"], ["scenarios/story.yaml"]],
    ids=["principle", "tag", "one-file"],
)
def test_a_partial_build_keeps_what_it_left_out_as_it_was(
    project: Path, build_at: Callable[..., Result], collection: Collection, partial: list[str]
) -> None:
    two = second_scenario(project)
    edit(project / "scenarios" / "story.yaml", "\nsteps:", "\ntags: [mine]\nsteps:")
    build_at(T1)
    import_deck(collection, DECK)
    full = DECK.read_bytes()

    result = build_at(T2, *partial)

    assert result.stdout == TABLE.format(**ONE) + (
        "Since the last build: 0 new, 0 changed, 22 unchanged, 0 removed\n"
        "Kept as they were: 22 notes of 1 scenario this build left out.\n"
    )
    assert DECK.read_bytes() == full
    log = import_deck(collection, DECK).log
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 44)

    two.unlink()  # gone now: even a partial build sees its file is gone
    gone = build_at(T2 + 60, *partial)
    assert "  removed: two/* (the whole scenario, 22 notes)\n" in gone.stdout


def test_a_deck_from_before_sources_were_recorded(
    project: Path, build_at: Callable[..., Result]
) -> None:
    two = second_scenario(project)
    build_at(T1)
    _forget_sources(DECK)
    two.unlink()

    filtered = build_at(T2, "--principle", "Dive Deep")
    assert filtered.stdout.endswith(
        "Kept as they were: 22 notes of 1 scenario this build left out.\n"
    )
    _forget_sources(DECK)
    whole = build_at(T2 + 60)
    assert "  removed: two/* (the whole scenario, 22 notes)\n" in whole.stdout


def _forget_sources(deck: Path) -> None:
    """Make ``deck`` look as an earlier star-anki wrote it: no table of scenario sources."""
    work = deck.parent / "old"
    work.mkdir()
    with zipfile.ZipFile(deck) as archive:
        archive.extractall(work)
    connection = sqlite3.connect(work / "collection.anki2")
    connection.execute(f"DROP TABLE {SOURCES_TABLE}")
    connection.commit()
    connection.close()
    with zipfile.ZipFile(deck, "w") as archive:
        for name in ("collection.anki2", "media"):
            archive.write(work / name, name)
    shutil.rmtree(work)


def test_a_deck_star_anki_did_not_write_is_left_alone(
    project: Path, build_at: Callable[..., Result]
) -> None:
    template = {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}
    fields = [{"name": "Front"}, {"name": "Back"}]
    model = genanki.Model(1607392319, "Basic", fields=fields, templates=[template])
    deck = genanki.Deck(2059400110, "My own")
    deck.add_note(genanki.Note(model=model, fields=["my", "notes"]))
    DECK.parent.mkdir()
    genanki.Package(deck).write_to_file(DECK)
    mine = DECK.read_bytes()

    result = run("build")

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: decks/star-interview.apkg is not a deck star-anki wrote (no star-anki notes);"
        " move it away or build to another file with -o\n"
    )
    assert DECK.read_bytes() == mine


def test_rebuild_output_shown_in_readme_is_what_build_prints(
    project: Path, build_at: Callable[..., Result]
) -> None:
    shown = README.split("```console\n$ star-anki build\n...\n", 1)[1].split("```", 1)[0]
    story = project / "scenarios" / "story.yaml"
    build_at(T1, which_story=True)
    edit(story, "This issue caused silent failures", "This bug caused silent failures")
    without_follow_up(story, "measure-business-impact-fix")

    result = build_at(T2, which_story=True)

    assert result.stdout.split("  STAR Which Story    15\n", 1)[1] == shown
