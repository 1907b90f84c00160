"""The benchmark still runs: a tiny size, one run, no timing assertions."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from .conftest import ROOT

BENCH = ROOT / "benchmarks" / "bench.py"
HEADER = (
    "| N | notes | star-anki s | rebuild s | floor s | ratio | scaling vs N/10 | peak MB "
    "| .apkg KB | genanki KB | size ratio |"
)


def load_bench() -> ModuleType:
    """benchmarks/bench.py as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location("star_anki_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_tiny_run_reports_a_row(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    args = ["--sizes", "3", "--runs", "1", "--startup-runs", "1", "--out", str(out)]
    result = subprocess.run(
        [sys.executable, str(BENCH), *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == result.stdout
    lines = result.stdout.splitlines()
    assert HEADER in lines
    rows = [line for line in lines if line.startswith("| 3 |")]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    n, notes, star_s, rebuild_s, floor_s, ratio, _, peak, apkg_kb, floor_kb, size_ratio = cells
    assert (n, notes) == ("3", "66")  # the seed makes 22 notes
    for value in (
        star_s,
        rebuild_s,
        floor_s,
        ratio.rstrip("x"),
        peak,
        apkg_kb,
        floor_kb,
        size_ratio,
    ):
        assert float(value) > 0
    assert "Start-up (median of 1)" in result.stdout
    assert "Machine: " in result.stdout


def test_synthetic_scenarios_differ_and_keep_the_seed_size(tmp_path: Path) -> None:
    bench = load_bench()
    seed = bench.load_seed()
    bench.write_scenarios(tmp_path, 20, seed)
    files = sorted(tmp_path.glob("*.yaml"))
    assert [f.stem for f in files] == [f"story-{i:05d}" for i in range(20)]
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert len(set(texts)) == len(texts)
    seed_size = len(bench.yaml.safe_dump(seed, allow_unicode=True, sort_keys=False))
    for text in texts:
        assert abs(len(text) - seed_size) < seed_size * 0.05
    scenarios = bench.load_scenarios([tmp_path])
    assert len({s.question for s in scenarios}) == 20
    assert len({s.steps.situation.example for s in scenarios}) > 1
    assert all(s.follow_ups[0].id == "ensure-platform-team-accepted" for s in scenarios)
    assert bench.make_scenario(seed, 7) == bench.make_scenario(seed, 7)  # deterministic


def test_watch_benchmark_reports_a_row(tmp_path: Path) -> None:
    out = tmp_path / "watch.md"
    script = ROOT / "benchmarks" / "watch.py"
    result = subprocess.run(
        [sys.executable, str(script), "--sizes", "2", "--saves", "2", "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == result.stdout
    lines = result.stdout.splitlines()
    assert lines[2] == "| N | saves | median s | slowest s |"
    n, saves, median, slowest = (cell.strip() for cell in lines[4].strip("|").split("|"))
    assert (n, saves) == ("2", "2")
    assert 0 < float(median) <= float(slowest)
    assert result.stderr.count("rebuilt in") == 2
