"""Writing decks: atomic, clean, reproducible, and stamped so edits reach Anki."""

from __future__ import annotations

import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from star_anki.errors import OutputError, ScenarioError, TimestampError
from star_anki.load import load_scenarios
from star_anki.package import build_deck, build_timestamp

from .conftest import SCENARIOS, T1, build


def test_build_leaves_no_temporary_files(tmp_path: Path, private_tmp: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    build(SCENARIOS, out_dir / "deck.apkg", T1)

    assert list(private_tmp.iterdir()) == []
    assert [p.name for p in out_dir.iterdir()] == ["deck.apkg"]


def test_failed_build_keeps_the_last_good_deck(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = build(SCENARIOS, tmp_path / "deck.apkg", T1)
    good = deck.read_bytes()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", disk_full)
    with pytest.raises(OutputError, match=r"^cannot write .*deck\.apkg: No space left on device$"):
        build(SCENARIOS, deck, T1 + 10)

    assert deck.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg", "system-tmp"]
    assert list(private_tmp.iterdir()) == []


def test_same_epoch_gives_identical_bytes(tmp_path: Path) -> None:
    first = build(SCENARIOS, tmp_path / "a.apkg", T1).read_bytes()
    second = build(SCENARIOS, tmp_path / "b.apkg", T1).read_bytes()
    assert first == second


def test_package_is_compressed_and_stamped(tmp_path: Path) -> None:
    deck = build(SCENARIOS, tmp_path / "deck.apkg", T1)
    with zipfile.ZipFile(deck) as archive:
        info = archive.getinfo("collection.anki2")
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert archive.read("media") == b"{}"
        database = tmp_path / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(database) as connection:
        assert connection.execute("select distinct mod from notes").fetchall() == [(T1,)]


def test_source_date_epoch_sets_the_time_stamp() -> None:
    assert build_timestamp({"SOURCE_DATE_EPOCH": "1700000000"}) == 1_700_000_000.0
    with pytest.raises(TimestampError) as error:
        build_timestamp({"SOURCE_DATE_EPOCH": "yesterday"})
    assert str(error.value) == "SOURCE_DATE_EPOCH must be whole seconds since 1970, not 'yesterday'"


def test_missing_output_folders_are_made_once_the_deck_is_built(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "deck.apkg"
    build_deck(load_scenarios([SCENARIOS]), target, timestamp=T1)
    assert os.listdir(target.parent) == ["deck.apkg"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    below_a_file = tmp_path / "file" / "new" / "deck.apkg"
    with pytest.raises(OutputError) as error:
        build_deck(load_scenarios([SCENARIOS]), below_a_file, timestamp=T1)
    assert (
        str(error.value)
        == f"cannot write {below_a_file}: {tmp_path / 'file'} is a file, not a folder"
    )


def test_a_failed_build_makes_no_folder(tmp_path: Path) -> None:
    scenarios = load_scenarios([SCENARIOS])
    with pytest.raises(ScenarioError) as error:  # the same story twice
        build_deck([*scenarios, *scenarios], tmp_path / "new" / "deck.apkg", timestamp=T1)
    origin = scenarios[0].origin
    assert [p.message for p in error.value.problems] == [
        f"scenario id '{scenarios[0].id}' is also used by {origin}; ids must be unique"
    ]
    assert os.listdir(tmp_path) == []


def test_missing_output_folders_are_made(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folders" / "deck.apkg"
    build_deck(load_scenarios([SCENARIOS]), target, timestamp=T1)
    assert sorted(p.name for p in target.parent.iterdir()) == ["deck.apkg"]


def test_a_failed_build_removes_the_folders_it_made(tmp_path: Path) -> None:
    def fail(done: int) -> None:
        raise OutputError("stopped")

    with pytest.raises(OutputError):
        build_deck(
            load_scenarios([SCENARIOS]), tmp_path / "new" / "deck.apkg", timestamp=T1,
            progress=fail,
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_progress_hears_of_every_scenario_once(tmp_path: Path) -> None:
    heard: list[int] = []
    scenarios = load_scenarios([SCENARIOS])
    build_deck(scenarios, tmp_path / "deck.apkg", timestamp=T1, progress=heard.append)
    assert heard == [1] * len(scenarios)
