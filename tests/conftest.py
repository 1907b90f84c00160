"""Shared fixtures: a fresh Anki collection and helpers to build, edit and import decks.

Anki is imported only by the fixtures and helpers that use it, so tests that need
no Anki (the command line, the loader, the importer) start without its backend.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
import yaml
from click.testing import CliRunner, Result

from star_anki.cli import main
from star_anki.load import load_scenarios
from star_anki.package import build_deck

from .bank_stories import BILLING, MENTOR, SIDE

if TYPE_CHECKING:
    from anki.collection import Collection, ImportLogWithChanges

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SEED = SCENARIOS / "built-something-from-scratch.yaml"
T1 = 1_700_000_000
T = TypeVar("T")
T2 = T1 + 3600


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    """An empty Anki collection, closed after the test."""
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of the test's own, so leftovers can be counted."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three short stories of the tests' own under scenarios/, as the current directory."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, text in (("billing.yaml", BILLING), ("mentor.yaml", MENTOR), ("side.yaml", SIDE)):
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A scenarios folder holding a copy of the seed story."""
    (tmp_path / "scenarios").mkdir()
    shutil.copy(SEED, tmp_path / "scenarios" / "story.yaml")
    return tmp_path / "scenarios"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled seed scenario, free to edit."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    return Path(shutil.copy(SEED, folder / SEED.name))


def build(source: Path, out: Path, timestamp: int) -> Path:
    """Build a deck from ``source`` with a fixed time stamp."""
    build_deck(load_scenarios([source]), out, timestamp=timestamp)
    return out


def edit_yaml(path: Path, change: Callable[[Any], object]) -> Any:
    """Edit a scenario file as data: load it, let ``change`` alter it in place, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def import_deck(
    col: Collection, path: Path, deck_presets: bool | None = None
) -> ImportLogWithChanges:
    """Import with exactly the options Anki's import dialog starts with.

    ``deck_presets`` ticks or unticks "Import deck presets" in that dialog.
    """
    from anki.collection import ImportAnkiPackageRequest

    options = col._backend.get_import_anki_package_presets()
    if deck_presets is not None:
        options.with_deck_configs = deck_presets
    return col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=options)
    )


def visible_text(card_html: str) -> str:
    """What a learner reads: styles, scripts and tags dropped, entities decoded, spaces folded."""
    without_style = re.sub(r"<(style|script)>.*?</\1>", " ", card_html, flags=re.S)
    inline_removed = re.sub(r"</?(mark|b|span)\b[^>]*>", "", without_style)
    without_tags = re.sub(r"<[^>]+>", " ", inline_removed)
    return re.sub(r"\s+", " ", html.unescape(without_tags)).strip()


def run(*args: str | os.PathLike[str]) -> Result:
    """Run star-anki; an exception escaping the CLI fails the test (CliRunner hides tracebacks)."""
    result = CliRunner().invoke(main, [str(a) for a in args], prog_name="star-anki")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"star-anki crashed: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    return result


def scenario_texts(value: object) -> list[str]:
    """Every author string in a scenario (ids and what the loader adds aside), depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [text for item in value for text in scenario_texts(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            text
            for spec in dataclasses.fields(value)
            if spec.name != "id" and spec.metadata.get("yaml", True)
            for text in scenario_texts(getattr(value, spec.name))
        ]
    return []


def deck_keys(deck: Path, tag: str | None = None) -> list[str]:
    """The Key field of every note in a deck file, or of those with ``tag``."""
    with zipfile.ZipFile(deck) as archive:
        data = archive.read("collection.anki2")
    folder = deck.parent / ".read"
    folder.mkdir(exist_ok=True)
    (folder / "c.anki2").write_bytes(data)
    connection = sqlite3.connect(folder / "c.anki2")
    try:
        rows = connection.execute("SELECT flds, tags FROM notes").fetchall()
    finally:
        connection.close()
        shutil.rmtree(folder)
    return sorted(f.split("\x1f")[0] for f, t in rows if tag is None or tag in t.split())


def note_of(col: Collection, key: str) -> int:
    """The id of the one note whose Key field is ``key``."""
    (note_id,) = col.find_notes(f'"Key:{key}"')
    return note_id


def shown_in(text: str, shown: str) -> bool:
    """Whether ``text`` is in ``shown``, whole or sentence by sentence.

    The Story back gives an overview's sentences that the story tells word for word
    once, so the rest of the overview may stand apart from them.
    """
    return text in shown or all(part in shown for part in re.split(r"(?<=[.!?])\s+", text))


def without_ids(value: T) -> T:
    """The scenario with every id cleared, to compare content alone."""
    if isinstance(value, tuple):
        return tuple(without_ids(item) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            spec.name: None if spec.name == "id" else without_ids(getattr(value, spec.name))
            for spec in dataclasses.fields(value)
            if spec.metadata.get("yaml", True)
        }
        return dataclasses.replace(value, **changes)  # type: ignore[return-value]
    return value
