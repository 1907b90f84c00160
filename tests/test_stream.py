"""Streamed builds: worker processes change nothing, a watch writes only what changed."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from star_anki.collect import BuildOptions
from star_anki.errors import ScenarioError
from star_anki.load import find_scenario_files
from star_anki.package import build_files
from star_anki.stream import _CHUNK, Gathered, Made, Recipe, _in_order, make, workers_for
from star_anki.watch import Watched

from .conftest import SEED, T1, edit_yaml

BROKEN = "id: broken\nquestion: [unclosed\n"


def stories(folder: Path, count: int) -> list[Path]:
    """``count`` stories in ``folder``, each the seed with its own id and question."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for number in range(count):
        story = folder / f"story-{number:02d}.yaml"
        story.write_text(
            text.replace(f"id: {data['id']}", f"id: story-{number:02d}", 1).replace(
                data["question"], f"{data['question']} (case {number})", 1
            ),
            encoding="utf-8",
        )
    return find_scenario_files([folder])


def rows(deck: Path) -> dict[str, Any]:
    """Every row of the collection in a deck, sorted, table by table, and its schema."""
    with zipfile.ZipFile(deck) as archive:
        data = archive.read("collection.anki2")
    copy = deck.with_suffix(".anki2")
    copy.write_bytes(data)
    connection = sqlite3.connect(copy)
    try:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master")]
        found = {
            table: sorted(connection.execute(f"SELECT * FROM {table}"))
            for table in tables
            if not table.startswith(("ix_", "sqlite_"))
        }
        found["schema"] = sorted(connection.execute("SELECT type, name, sql FROM sqlite_master"))
        return found
    finally:
        connection.close()
        copy.unlink()


def test_workers_write_the_deck_one_process_writes(tmp_path: Path) -> None:
    files = stories(tmp_path / "scenarios", 5)
    alone, shared = tmp_path / "alone.apkg", tmp_path / "shared.apkg"
    build_files(files, alone, timestamp=T1, workers=0)
    build_files(files, shared, timestamp=T1, workers=2)
    assert alone.read_bytes() == shared.read_bytes()
    # Over the deck just written, a rebuild on workers matches one without them too.
    again = tmp_path / "again.apkg"
    again.write_bytes(shared.read_bytes())
    build_files(files, shared, timestamp=T1 + 60, workers=2)
    build_files(files, again, timestamp=T1 + 60, workers=0)
    assert again.read_bytes() == shared.read_bytes()


def test_workers_report_every_problem_as_one_process_does(tmp_path: Path) -> None:
    files = stories(tmp_path / "scenarios", 4)
    files[1].write_text(BROKEN, encoding="utf-8")
    files[3].write_text(files[0].read_text(encoding="utf-8"), encoding="utf-8")  # id twice
    found = []
    for workers in (0, 2):
        with pytest.raises(ScenarioError) as error:
            build_files(files, tmp_path / "deck.apkg", timestamp=T1, workers=workers)
        found.append(str(error.value))
    assert found[0] == found[1]
    assert found[0].splitlines()[-1] == "2 problems in 2 files"
    assert not (tmp_path / "deck.apkg").exists()


def test_a_worker_is_worth_it_only_for_many_files() -> None:
    assert [workers_for(files, cpus=2) for files in (1, 95, 96, 5000)] == [0, 0, 2, 2]
    assert workers_for(5000, cpus=1) == 0
    assert workers_for(5000, cpus=8) == 8


class _Pool:
    """Runs each chunk when asked for, and counts the chunks sent."""

    def __init__(self) -> None:
        self.sent = 0

    def apply_async(self, work: Callable[..., list[Made]], args: tuple[Sequence[Path]]) -> Any:
        self.sent += 1
        (paths,) = args

        class Result:
            def get(self) -> list[Made]:
                return [Made(path) for path in paths]

        return Result()


def test_workers_make_only_a_few_chunks_ahead_of_the_writer() -> None:
    pool = _Pool()
    files = [Path(f"{number}.yaml") for number in range(_CHUNK * 10)]
    made = _in_order(pool, files, ahead=3)  # type: ignore[arg-type]
    assert pool.sent == 0  # nothing before the first is asked for
    taken = [next(made) for _ in range(_CHUNK + 1)]
    assert pool.sent == 5  # the first two chunks, and three ahead
    assert [m.path for m in taken] == files[: _CHUNK + 1]
    assert [m.path for m in taken + list(made)] == files
    assert pool.sent == 10


def _watched_build(files: Sequence[Path], out: Path, kept: Watched | None, timestamp: int) -> None:
    build_files(
        files, out, BuildOptions(), Gathered(partial=True), timestamp=timestamp,
        cache=kept.cache if kept else None, remembered=kept.remembered if kept else None,
    )  # fmt: skip


def test_a_watch_writes_the_deck_a_full_rebuild_writes(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    files = stories(folder, 3)
    kept = Watched()
    watched, rebuilt = tmp_path / "watched.apkg", tmp_path / "rebuilt.apkg"
    first = files[0].read_text(encoding="utf-8")

    def shorter(data: Any) -> None:  # a card fewer, and the follow-up cards move up
        data["quiz"] = data["quiz"][:-1]
        data["follow_ups"] = data["follow_ups"][1:]

    edits: list[Callable[[], object]] = [
        lambda: None,
        lambda: files[0].write_text(first.replace("(case 0)", "(case zero)"), encoding="utf-8"),
        lambda: edit_yaml(files[0], shorter),
        lambda: files[1].unlink(),
        lambda: files[0].write_text(BROKEN, encoding="utf-8"),
        lambda: (folder / "story-99.yaml").write_text(
            first.replace("id: story-00", "id: story-99"), encoding="utf-8"
        ),
        lambda: files[0].write_text(first, encoding="utf-8"),
    ]
    for turn, edit in enumerate(edits):
        edit()
        now = find_scenario_files([folder])
        _watched_build(now, watched, kept, T1 + turn * 60)
        _watched_build(now, rebuilt, None, T1 + turn * 60)
        assert rows(watched) == rows(rebuilt), f"turn {turn}"
    assert kept.remembered.last is not None
    base = kept.remembered.last.database
    assert [p.name for p in base.parent.iterdir()] == [base.name]  # earlier ones removed


def test_a_watch_reads_the_deck_again_when_another_build_replaced_it(tmp_path: Path) -> None:
    files = stories(tmp_path / "scenarios", 2)
    kept = Watched()
    watched, other = tmp_path / "watched.apkg", tmp_path / "other.apkg"
    _watched_build(files, watched, kept, T1)
    files[0].write_text(files[0].read_text(encoding="utf-8") + "tags: [mine]\n", "utf-8")
    _watched_build(files, other, None, T1 + 60)
    watched.write_bytes(other.read_bytes())  # as if built elsewhere meanwhile
    files[1].write_text(files[1].read_text(encoding="utf-8") + "tags: [theirs]\n", "utf-8")
    _watched_build(files, watched, kept, T1 + 120)
    _watched_build(files, other, None, T1 + 120)
    assert rows(watched) == rows(other)


def test_a_stream_gathers_what_the_deck_needs_not_the_notes(tmp_path: Path) -> None:
    files = stories(tmp_path / "scenarios", 2)
    gathered = Gathered()
    build_files(files, tmp_path / "deck.apkg", gathered=gathered, timestamp=T1)
    assert [m.id for m in gathered.loaded] == ["story-00", "story-01"]
    assert all(m.notes == () and m.digests == () for m in gathered.loaded)
    assert [s.id for s in gathered.stories] == ["story-00", "story-01"]


def test_a_recipe_chooses_by_principle_and_tag(tmp_path: Path) -> None:
    files = stories(tmp_path / "scenarios", 1)
    files[0].write_text(files[0].read_text(encoding="utf-8") + "tags: [billing]\n", "utf-8")
    data = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    assert make(files[0], Recipe("Deck", principles=(data["principles"][0].lower(),))).chosen
    assert make(files[0], Recipe("Deck", tags=("Billing",))).chosen
    left = make(files[0], Recipe("Deck", principles=("Frugality",)))
    assert not left.chosen and left.notes == () and left.story is not None
    assert not make(files[0], Recipe("Deck", tags=("no-such-tag",))).chosen
