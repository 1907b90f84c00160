"""Watching scenario files: each save, creation, deletion or folder swap is one reported batch."""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import watchfiles

from star_anki.stream import Made, MadeCache, Recipe, stream
from star_anki.watch import changed_files

from .conftest import SEED
from .watching import PATIENCE, add, story


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


def test_the_cache_makes_a_file_again_only_when_it_changed(folder: Path) -> None:
    cache = MadeCache()
    story = folder / "story.yaml"
    recipe = Recipe("Deck")

    def made() -> Made:
        (one,) = stream([story], recipe, cache)
        return one

    first = made()
    assert first.notes and made() is first  # unchanged: not read again
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("I noticed a", "I spotted a"), encoding="utf-8")
    os.utime(story, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    second = made()
    assert second is not first
    assert any("I spotted a" in note.stored_fields for note in second.notes)
    story.write_text("id: [broken", encoding="utf-8")
    assert made().problems
    broken = made()  # a broken file is never served from the cache
    assert broken.problems and broken is not made()
    story.unlink()
    assert [p.message for p in made().problems] == ["cannot read file: No such file or directory"]


def test_the_cache_makes_a_file_again_when_its_cloze_numbers_changed(folder: Path) -> None:
    cache = MadeCache()
    story = folder / "story.yaml"
    first = next(stream([story], Recipe("Deck"), cache))
    used = {key: (given, had) for key, given, had in first.consulted}
    assert used and all(given is None for given, _ in used.values())
    key = next(key for key, (_, had) in used.items() if had)
    had = used[key][1]
    assert had  # numbered by first use, slight phrases counted
    # Unrelated numbers, or the very numbers its notes came to have: nothing to make again.
    assert next(stream([story], Recipe("Deck", clozes={"other": {"x": 1}}), cache)) is first
    assert next(stream([story], Recipe("Deck", clozes={key: had}), cache)) is first
    renumbered = next(stream([story], Recipe("Deck", clozes={key: {"x": 1}}), cache))
    assert renumbered is not first
    assert {k: given for k, given, _ in renumbered.consulted}[key] == {"x": 1}


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
