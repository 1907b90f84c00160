"""build --watch: rebuilds on save, reports errors and carries on, stops cleanly on Ctrl+C."""

from __future__ import annotations

import itertools
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import watchfiles

from star_anki.errors import ScenarioError
from star_anki.watch import FileCache, changed_files

from .conftest import SEED

# Generous: these wait for events, they do not measure speed (benchmarks/bench.py does).
PATIENCE = 20.0


class Watcher:
    """``changed_files`` running in a thread, its batches in a queue."""

    def __init__(self, paths: list[Path]) -> None:
        self.batches: queue.Queue[list[Path]] = queue.Queue()
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self.run, args=(paths,), daemon=True)
        self.thread.start()
        assert self.next() == []  # the watch has begun

    def run(self, paths: list[Path]) -> None:
        for batch in changed_files(paths, self.stop):
            self.batches.put(batch)

    def next(self) -> list[Path]:
        return self.batches.get(timeout=PATIENCE)

    def until(self, path: Path) -> list[Path]:
        """Every path reported up to and including the first batch that names ``path``."""
        seen: list[Path] = []
        deadline = time.monotonic() + PATIENCE
        while path.resolve() not in seen:
            seen += self.batches.get(timeout=max(0.0, deadline - time.monotonic()))
        return seen

    def close(self) -> None:
        self.stop.set()
        self.thread.join(PATIENCE)
        assert not self.thread.is_alive()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    shutil.copy(SEED, tmp_path / "scenarios" / "story.yaml")
    return tmp_path / "scenarios"


def add(path: Path, text: str) -> None:
    """Write ``path`` aside, then rename it in: one event, which a busy machine cannot split."""
    aside = path.with_name(f".{path.name}.swp")
    aside.write_text(text, encoding="utf-8")
    os.replace(aside, path)


def story(number: int) -> str:
    """The seed scenario under an id of its own."""
    return SEED.read_text(encoding="utf-8").replace(
        "id: built-something-from-scratch", f"id: story-{number}", 1
    )


@pytest.fixture
def watcher(folder: Path) -> Iterator[Watcher]:
    watching = Watcher([folder])
    yield watching
    watching.close()


def test_a_save_is_one_batch_of_that_file(folder: Path, watcher: Watcher) -> None:
    story = folder / "story.yaml"
    story.write_text(story.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert watcher.next() == [story.resolve()]


def test_new_and_removed_scenarios_count_and_other_files_do_not(
    folder: Path, watcher: Watcher
) -> None:
    (folder / "notes.txt").write_text("not a scenario")
    (folder / "deck.apkg").write_bytes(b"")
    add(folder / "more.yml", "id: more\n")
    assert watcher.next() == [(folder / "more.yml").resolve()]
    (folder / "more.yml").unlink()
    assert watcher.next() == [(folder / "more.yml").resolve()]
    (folder / "notes.txt").write_text("still not a scenario")
    add(folder / "story.yaml", (folder / "story.yaml").read_text(encoding="utf-8") + "\n")
    # Reports come in order: one of notes.txt would come before this one, or with it.
    assert watcher.next() == [(folder / "story.yaml").resolve()]


def test_a_file_replaced_by_its_editor_is_still_watched(folder: Path) -> None:
    story = folder / "story.yaml"
    watching = Watcher([story])
    try:
        for round in range(2):  # an editor saving twice: write aside, then rename over
            aside = folder / f".story.yaml.{round}.swp"
            aside.write_text(story.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            os.replace(aside, story)
            assert story.resolve() in watching.next()
        add(folder / "other.yaml", "id: other\n")  # not named: not watched
        add(story, story.read_text(encoding="utf-8") + "\n")
        # Reports come in order: one of other.yaml would come before this one, or with it.
        assert watching.next() == [story.resolve()]
    finally:
        watching.close()


class Session:
    """``star-anki build --watch`` in a subprocess, its output lines read as they come."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "star_anki", "build", "--watch", *args],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, pattern: str) -> list[str]:
        """The lines up to and including the first that matches ``pattern``."""
        seen: list[str] = []
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if re.fullmatch(pattern, line):
                return seen
        raise AssertionError(f"no line matching {pattern!r} in {seen}")


def test_watch_rebuilds_on_save_reports_errors_and_stops_on_ctrl_c(folder: Path) -> None:
    project = folder.parent
    story = folder / "story.yaml"
    good = story.read_text(encoding="utf-8")
    session = Session(project, "-o", "deck.apkg")
    try:
        first = session.until(r"Watching scenarios for changes; press Ctrl\+C to stop\.")
        assert first[0] == "Wrote deck.apkg: 33 notes from 1 scenario"
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
        assert "Wrote deck.apkg: 33 notes from 1 scenario" in fixed
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
        assert "Wrote decks/star-interview.apkg: 33 notes from 1 scenario" in session.until(
            r"  STAR Story +1"
        )
    finally:
        session.process.send_signal(signal.SIGINT)
        assert session.process.wait(PATIENCE) == 0


def deck_notes(deck: Path) -> dict[str, bool]:
    """The key of every note in the deck, and whether it is retired."""
    from star_anki.previous import open_previous

    with open_previous(deck) as previous:
        assert previous is not None
        return {known.key: known.retired for known in previous.notes.values()}


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
        assert len(seed_notes) == 18 and not any(seed_notes.values())

        add(folder / "half.yaml", "id: half\nquestion: Why?\n")
        half = session.until(r"Kept as they were: .*")
        start = half.index("scenarios/half.yaml:1:1: missing required key 'steps' in scenario")
        assert half[start + 1 : start + 3] == [
            "1 file with problems is left out until it is fixed; building the 2 other scenarios.",
            "Wrote deck.apkg: 36 notes from 2 scenarios",
        ]
        # The Which Story cards wait, as they are, until every story loads again.
        assert half[-3:] == [
            "  STAR Which Story     0",
            "Since the last build: 0 new, 0 changed, 36 unchanged, 0 removed",
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
        assert both[changed + 4] == "Wrote deck.apkg: 18 notes from 1 scenario"
        # Kept as they were, not retired: the story is only being written.
        assert both[-1] == (
            "Kept as they were: 18 notes of 1 scenario and 15 Which Story notes this build left"
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


def test_the_cache_reads_a_file_again_only_when_it_changed(folder: Path) -> None:
    cache = FileCache()
    story = folder / "story.yaml"
    first = cache.read(story)
    assert cache.read(story) is first  # unchanged: not parsed again
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("I noticed a", "I spotted a"), encoding="utf-8")
    os.utime(story, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    second = cache.read(story)
    assert second is not first
    assert "I spotted a" in (second.steps.situation.example or "")
    story.write_text("id: [broken", encoding="utf-8")
    with pytest.raises(ScenarioError):
        cache.read(story)
    with pytest.raises(ScenarioError):  # a broken file is never served from the cache
        cache.read(story)
    story.unlink()
    with pytest.raises(ScenarioError) as error:
        cache.read(story)
    assert error.value.problems[0].message == "cannot read file: No such file or directory"


def test_folders_moved_in_and_out_are_changes(folder: Path, watcher: Watcher) -> None:
    outside = folder.parent / "outside"
    outside.mkdir()
    shutil.copy(SEED, outside / "moved.yaml")
    outside.rename(folder / "sub")
    assert watcher.next() == [(folder / "sub").resolve()]
    (folder / "sub").rename(folder.parent / "away")
    assert watcher.next() == [(folder / "sub").resolve()]


def test_a_deleted_folder_is_waited_for_and_watched_again(folder: Path, watcher: Watcher) -> None:
    shutil.rmtree(folder)
    # A busy machine may report the file's deletion before the folder's.
    assert set(watcher.until(folder)) <= {folder.resolve(), (folder / "story.yaml").resolve()}
    folder.mkdir()
    assert watcher.next() == [folder.resolve()]  # back: rebuild from what is there
    (folder / "new.yaml").write_text("id: new\n", encoding="utf-8")
    assert watcher.next() == [(folder / "new.yaml").resolve()]  # and watched again


def test_a_folder_deleted_and_made_again_quickly_is_still_watched(
    folder: Path, watcher: Watcher
) -> None:
    for number in range(5):  # a branch switch, a sync tool, an editor replacing the folder
        shutil.rmtree(folder)
        folder.mkdir()
        (folder / f"story-{number}.yaml").write_text(story(number), encoding="utf-8")
    assert_watched(folder, watcher)


def test_a_folder_gone_as_its_watch_is_set_up_is_waited_for(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watch = watchfiles.watch
    raced = threading.Event()

    def racing(*paths: Path, **options: Any) -> Iterator[set[tuple[watchfiles.Change, str]]]:
        if not raced.is_set():
            shutil.rmtree(folder)  # after the watch looked for it, before watchfiles does
        try:
            yield from watch(*paths, **options)
        except FileNotFoundError:
            raced.set()
            raise

    watching = Watcher([folder])  # set up before the race is
    try:
        monkeypatch.setattr(watchfiles, "watch", racing)
        shutil.rmtree(folder)
        folder.mkdir()  # replaced: watched afresh, and gone again as that watch is set up
        assert raced.wait(PATIENCE)
        folder.mkdir()
        assert_watched(folder, watching)
    finally:
        watching.close()


def assert_watched(folder: Path, watcher: Watcher) -> None:
    """That a new scenario file in ``folder`` is reported: the watch is on that folder."""
    deadline = time.monotonic() + PATIENCE
    for number in itertools.count():
        sentinel = (folder / f"sentinel-{number}.yaml").resolve()
        add(sentinel, f"id: sentinel-{number}\n")
        batch: list[Path] = []
        while sentinel not in batch and folder.resolve() not in batch:
            batch = watcher.batches.get(timeout=max(0.0, deadline - time.monotonic()))
        if sentinel in batch:
            return
        # Watched afresh, perhaps after the sentinel was written: write another.


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


def built(scenarios: int) -> str:
    """The pattern of the line of a build of that many copies of the seed scenario.

    Each copy has its 18 notes; the copies share principles, so 15 Which Story notes.
    """
    noun = "scenario" if scenarios == 1 else "scenarios"
    return rf"Wrote deck\.apkg: {18 * scenarios + 15} notes from {scenarios} {noun}"


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
        assert "Wrote decks/star-interview.apkg: 33 notes from 1 scenario" in back
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
