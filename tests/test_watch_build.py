"""build --watch: rebuilds on save, reports errors and carries on, stops cleanly on Ctrl+C."""

from __future__ import annotations

import re
import shutil
import signal
from pathlib import Path

from .conftest import SEED
from .watching import PATIENCE, Session, add, built, deck_notes, story


def test_watch_rebuilds_on_save_reports_errors_and_stops_on_ctrl_c(folder: Path) -> None:
    project = folder.parent
    story = folder / "story.yaml"
    good = story.read_text(encoding="utf-8")
    session = Session(project, "-o", "deck.apkg")
    try:
        first = session.until(r"Watching scenarios for changes; press Ctrl\+C to stop\.")
        assert first[0] == "Wrote deck.apkg: 37 notes from 1 scenario"
        built = (project / "deck.apkg").read_bytes()

        story.write_text(good.replace("target_seconds: 30", "target_seconds: thirty"), "utf-8")
        broken = session.until(r"Error: 1 problem in 1 file")
        assert re.fullmatch(r"\[\d\d:\d\d:\d\d\] changed: scenarios/story\.yaml", broken[-3])
        assert broken[-2] == (
            "scenarios/story.yaml:16:21: 'target_seconds' must be a whole number, not text"
        )
        assert (project / "deck.apkg").read_bytes() == built  # the last good deck stays

        story.write_text(good.replace("I noticed a recurring", "I spotted a recurring"), "utf-8")
        fixed = session.until(r"  STAR Story +1")
        assert "Wrote deck.apkg: 37 notes from 1 scenario" in fixed
        assert (project / "deck.apkg").read_bytes() != built
        assert session.process.poll() is None  # still watching
    finally:
        session.process.send_signal(signal.SIGINT)
        assert session.process.wait(PATIENCE) == 0
    session.until(r"Stopped watching\.")


def test_watch_starts_even_when_the_scenarios_are_broken(folder: Path) -> None:
    (folder / "story.yaml").write_text("id: story\n", encoding="utf-8")
    session = Session(folder.parent)
    try:
        lines = session.until(r"Watching scenarios for changes; press Ctrl\+C to stop\.")
        assert lines[-2] == "Error: 2 problems in 1 file"  # the keys a scenario needs
        shutil.copy(SEED, folder / "story.yaml")
        assert "Wrote decks/star-interview.apkg: 37 notes from 1 scenario" in session.until(
            r"  STAR Story +1"
        )
    finally:
        session.process.send_signal(signal.SIGINT)
        assert session.process.wait(PATIENCE) == 0


def test_a_half_written_story_leaves_the_others_building(folder: Path) -> None:
    project, seed = folder.parent, folder / "story.yaml"
    good = seed.read_text(encoding="utf-8")
    add(folder / "other.yaml", story(2))
    session = Session(project, "-o", "deck.apkg")
    try:
        session.until(r"Watching scenarios for changes; press Ctrl\+C to stop\.")
        seed_notes = {
            key: retired
            for key, retired in deck_notes(project / "deck.apkg").items()
            if key.startswith("built-something-from-scratch/")
        }
        assert len(seed_notes) == 22 and not any(seed_notes.values())

        add(folder / "half.yaml", "id: half\nquestion: Why?\n")
        half = session.until(r"Kept as they were: .*")
        start = half.index("scenarios/half.yaml:1:1: missing required key 'steps' in scenario")
        assert half[start + 1 : start + 3] == [
            "1 file with problems is left out until it is fixed; building the 2 other scenarios.",
            "Wrote deck.apkg: 44 notes from 2 scenarios",
        ]
        # The Which Story cards wait, as they are, until every story loads again.
        assert half[-3:] == [
            "  STAR Which Story     0",
            "Since the last build: 0 new, 0 changed, 44 unchanged, 0 removed",
            "Kept as they were: 15 Which Story notes this build left out.",
        ]

        add(seed, good.replace("target_seconds: 30", "target_seconds: thirty"))
        both = session.until(r"Kept as they were: .*")
        changed = max(i for i, line in enumerate(both) if line.startswith("["))
        assert both[changed + 1 : changed + 4] == [
            "scenarios/half.yaml:1:1: missing required key 'steps' in scenario",
            "scenarios/story.yaml:16:21: 'target_seconds' must be a whole number, not text",
            "2 files with problems are left out until they are fixed; building the 1 other"
            " scenario.",
        ]
        assert both[changed + 4] == "Wrote deck.apkg: 22 notes from 1 scenario"
        # Kept as they were, not retired: the story is only being written.
        assert both[-1] == (
            "Kept as they were: 22 notes of 1 scenario and 15 Which Story notes this build left"
            " out."
        )
        assert deck_notes(project / "deck.apkg").items() >= seed_notes.items()
        kept = (project / "deck.apkg").read_bytes()

        add(folder / "other.yaml", "id: [other")
        none = session.until(r"Error: .*")
        assert none[-2:] == [
            "scenarios/story.yaml:16:21: 'target_seconds' must be a whole number, not text",
            "Error: 3 problems in 3 files",
        ]
        assert (project / "deck.apkg").read_bytes() == kept  # nothing valid: the last deck stays
    finally:
        session.process.send_signal(signal.SIGINT)
        assert session.process.wait(PATIENCE) == 0


def test_watch_follows_a_scenarios_folder_made_again_and_again(folder: Path) -> None:
    session = Session(folder.parent, "-o", "deck.apkg")
    try:
        session.until(r"Watching scenarios for changes; press Ctrl\+C to stop\.")
        for cycle in range(5):
            shutil.rmtree(folder)
            folder.mkdir()
            for number in range(cycle + 1):
                (folder / f"story-{number}.yaml").write_text(story(number), encoding="utf-8")
            # Builds on the way may fail or wait for the folder; the one of this cycle comes.
            session.until(built(cycle + 1))
        (folder / "story-5.yaml").write_text(story(5), encoding="utf-8")
        session.until(built(6))  # still watched
    finally:
        session.process.send_signal(signal.SIGINT)
        assert session.process.wait(PATIENCE) == 0


def test_watch_waits_for_a_deleted_scenarios_folder(folder: Path) -> None:
    session = Session(folder.parent)
    try:
        session.until(r"Watching scenarios for changes; press Ctrl\+C to stop\.")
        shutil.rmtree(folder)
        waiting = session.until(r"Waiting for .*")
        assert waiting[-1] == "Waiting for scenarios to come back; the deck is kept."
        assert (folder.parent / "decks" / "star-interview.apkg").is_file()
        folder.mkdir()
        shutil.copy(SEED, folder / "story.yaml")
        back = session.until(r"  STAR Story +1")
        assert "Wrote decks/star-interview.apkg: 37 notes from 1 scenario" in back
    finally:
        session.process.send_signal(signal.SIGINT)
        assert session.process.wait(PATIENCE) == 0


def test_saving_your_question_bank_rebuilds_with_its_questions(folder: Path) -> None:
    bank = folder.parent / "bank.yaml"
    ask = "name: Mine\nprinciples:\n  - principle: Ownership\n    questions:\n"
    bank.write_text(ask + "      - question: What did you own end to end?\n", encoding="utf-8")
    session = Session(folder.parent, "-o", "deck.apkg", "--questions", "bank.yaml")
    try:
        first = session.until(r"Watching scenarios, bank\.yaml for changes; .*")
        assert "  STAR Which Story    16" in first  # the built-in bank's 15, and one of mine
        bank.write_text(ask + "      - question: [not, text]\n", encoding="utf-8")
        broken = session.until(r"Error: 1 problem in 1 file")
        assert broken[-2] == "bank.yaml:5:19: 'question' must be text, not a list"
        bank.write_text(
            ask + "      - question: What did you own end to end?\n"
            "      - question: What did you fix that was not yours?\n",
            encoding="utf-8",
        )
        again = session.until(r"  STAR Which Story +\d+")
        assert again[-1] == "  STAR Which Story    17"
    finally:
        session.process.send_signal(signal.SIGINT)
        assert session.process.wait(PATIENCE) == 0
