"""The benchmarks still run: tiny sizes, one run, no timing assertions."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"
HEADER = (
    "| N | notes | star-anki s | rebuild s | limit s | floor s | vs limit | vs floor "
    "| scaling vs N/10 | build MB | rebuild MB | .apkg KB | genanki KB | size ratio |"
)
PROFILE_HEADER = "| stage | seconds | share |"


@pytest.fixture
def benchmarks(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The benchmarks folder importable, as it is to its own scripts; returns importlib."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib


def run(script: str, *args: str) -> str:
    """Run a benchmark script; its stdout, after checking it matches the --out file."""
    out = Path(args[args.index("--out") + 1])
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == result.stdout
    return result.stdout


def table(text: str, header: str) -> list[list[str]]:
    """The cells of each row of the Markdown table under ``header``."""
    lines = text.splitlines()
    start = lines.index(header) + 2  # past the header and its alignment row
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_tiny_run_reports_a_row(tmp_path: Path) -> None:
    out = str(tmp_path / "bench.md")
    text = run("bench.py", "--sizes", "3", "--runs", "1", "--startup-runs", "1", "--out", out)
    (row,) = table(text, HEADER)
    cells = dict(zip(HEADER.strip("| ").split(" | "), row, strict=True))
    assert cells.pop("N") == "3" and int(cells.pop("notes")) > 0
    assert cells.pop("scaling vs N/10") == "-"  # no N/10 was run
    assert all(float(cell.removesuffix("x")) > 0 for cell in cells.values()), cells
    assert "CPU s (user + system, medians) of star-anki / rebuild / limit / floor: N=3: " in text
    assert "Start-up (median of 1)" in text
    assert "Machine: " in text


def test_profile_reports_the_stages(tmp_path: Path) -> None:
    out = str(tmp_path / "profile.md")
    text = run("bench.py", "--profile", "--sizes", "2", "--startup-runs", "1", "--out", out)
    rows = table(text, PROFILE_HEADER)
    assert all(len(row) == 3 for row in rows), rows
    for stage, seconds, share in rows:
        assert float(seconds) > 0 and float(share.removesuffix("%")) >= 0, stage
    stages = {row[0] for row in rows}
    assert {
        "interpreter start + imports", "find/read/parse YAML", "validation into dataclasses",
        "note making", "packaging",
    } <= stages  # fmt: skip
    assert rows[-1][0] == "total" and rows[-1][2] == "100.0%"


def test_stages_by_module(benchmarks: ModuleType) -> None:
    stages = benchmarks.import_module("stages")
    assert stages.stage_of("star_anki.load.read_bytes") == stages.READ
    assert stages.stage_of("star_anki.load.convert") == stages.VALIDATE
    assert stages.stage_of("yaml.composer.compose_node") == stages.READ
    assert stages.stage_of("star_anki.apkg.add_notes") == stages.PACKAGE
    assert stages.stage_of("star_anki.someday.f") == stages.OTHER_STAR
    assert stages.stage_of("builtins.len") is None  # its callers decide
    method = ("~", 0, "<method 'executemany' of 'sqlite3.Connection' objects>")
    assert stages.qualified(method, {}) == "sqlite3.executemany"
    assert stages.qualified(("~", 0, "<built-in method builtins.len>"), {}) == "builtins.len"
    # len: 3 s called from the notes, 1 s from the converter; each keeps its own 1 s.
    notes, convert = ("notes.py", 1, "note"), ("load.py", 1, "convert")
    length = ("~", 0, "<built-in method builtins.len>")
    stats = {
        notes: (1, 1, 1.0, 5.0, {}),
        convert: (1, 1, 1.0, 2.0, {}),
        length: (4, 4, 4.0, 4.0, {notes: (3, 3, 3.0, 3.0), convert: (1, 1, 1.0, 1.0)}),
    }
    modules = {str(Path(f).resolve()): m for f, m in (("notes.py", "star_anki.notes"),
                                                      ("load.py", "star_anki.load"))}  # fmt: skip
    seconds, others = stages.stage_seconds(stats, modules)
    assert seconds == {stages.NOTES: 4.0, stages.VALIDATE: 2.0} and others == set()


def test_limit_writes_the_decks_rows(benchmarks: ModuleType, tmp_path: Path) -> None:
    synthetic, deckrows = (benchmarks.import_module(m) for m in ("synthetic", "deckrows"))
    from star_anki.load import load_scenarios
    from star_anki.package import build_deck

    folder, deck, limit = tmp_path / "scenarios", tmp_path / "star.apkg", tmp_path / "limit.apkg"
    synthetic.write_scenarios(folder, 2, synthetic.load_seed())
    build_deck(load_scenarios([folder]), deck, timestamp=1_700_000_000)
    rows, notes_json = tmp_path / "rows.pickle", tmp_path / "notes.json"
    notes = deckrows.dump(deck, rows, notes_json)
    script = [sys.executable, str(BENCHMARKS / "limit.py"), str(folder), str(rows), str(limit)]
    subprocess.run(script, check=True)
    assert deckrows.read_deck(limit) == deckrows.read_deck(deck)
    assert len(deckrows.floor_notes(deckrows.read_deck(deck))["notes"]) == notes > 0


def test_synthetic_scenarios_differ_and_keep_the_seed_size(
    benchmarks: ModuleType, tmp_path: Path
) -> None:
    synthetic = benchmarks.import_module("synthetic")
    seed = synthetic.load_seed()
    synthetic.write_scenarios(tmp_path, 20, seed)
    files = sorted(tmp_path.glob("*.yaml"))
    assert [f.stem for f in files] == [f"story-{i:05d}" for i in range(20)]
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert len(set(texts)) == len(texts)
    seed_size = len(synthetic.yaml.safe_dump(seed, allow_unicode=True, sort_keys=False))
    for text in texts:
        assert abs(len(text) - seed_size) < seed_size * 0.05
    from star_anki.load import load_scenarios

    scenarios = load_scenarios([tmp_path])
    assert len({s.question for s in scenarios}) == 20
    assert len({s.steps.situation.example for s in scenarios}) > 1
    assert all(s.follow_ups[0].id == "ensure-platform-team-accepted" for s in scenarios)
    assert synthetic.make_scenario(seed, 7) == synthetic.make_scenario(seed, 7)  # deterministic


def test_watch_benchmark_reports_a_row(tmp_path: Path) -> None:
    out = str(tmp_path / "watch.md")
    text = run("watch.py", "--sizes", "2", "--saves", "2", "--out", out)
    (row,) = table(text, "| N | saves | median s | slowest s |")
    n, saves, median, slowest = row
    assert (n, saves) == ("2", "2")
    assert 0 < float(median) <= float(slowest)
