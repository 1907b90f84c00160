"""Benchmark ``star-anki build --watch``: the time from saving a scenario to the rebuilt deck.

Usage: python benchmarks/watch.py [--sizes 1,100] [--saves 10] [--out FILE.md]

For each size N it writes N synthetic scenarios (as bench.py does), starts one watching
process, then saves one scenario ``--saves`` times, waiting for each rebuild. The latency
is measured from just before the save to the line that ends the build report.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from bench import sizes
from report import machine
from synthetic import load_seed, write_scenarios
from timing import SOURCE_DATE_EPOCH, log

HEADER = "| N | saves | median s | slowest s |"
PATIENCE = 120.0


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], prefix: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while True:
        line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        if line.startswith("Error"):
            raise RuntimeError(f"the watched build failed: {line}")
        if line.startswith(prefix):
            return


def bench_size(n: int, saves: int, work: Path) -> list[float]:
    """Seconds from each of ``saves`` saves to its rebuilt deck, with ``n`` scenarios."""
    folder = work / f"n{n}" / "scenarios"
    write_scenarios(folder, n, load_seed())
    story = sorted(folder.glob("*.yaml"))[0]
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "star_anki", "build", str(folder), "--watch",
               "-o", str(work / f"n{n}" / "deck.apkg")]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    lines = _lines(process)
    latencies = []
    try:
        _wait_for(lines, "Watching ")
        text = story.read_text(encoding="utf-8")
        for save in range(1, saves + 1):
            time.sleep(0.5)  # a person types between saves
            started = time.monotonic()
            story.write_text(text.replace("I noticed", f"I noticed ({save})", 1), "utf-8")
            _wait_for(lines, "  STAR Story")
            latencies.append(time.monotonic() - started)
            log(f"N={n}: save {save}/{saves} rebuilt in {latencies[-1]:.3f} s")
    finally:
        process.terminate()
        process.wait(PATIENCE)
    return latencies


def render(results: dict[int, list[float]]) -> str:
    """The Markdown report."""
    lines = [
        "star-anki build --watch: save to rebuilt deck, one watching process per N",
        "",
        HEADER,
        "|---:|---:|---:|---:|",
    ]
    for n, latencies in results.items():
        lines.append(
            f"| {n} | {len(latencies)} | {statistics.median(latencies):.3f}"
            f" | {max(latencies):.3f} |"
        )
    return "\n".join([*lines, "", f"Machine: {machine()}", ""])


def main(argv: Sequence[str] | None = None) -> str:
    """Run the benchmark; print and return the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes, default=[1, 100], help="scenario counts")
    parser.add_argument("--saves", type=int, default=10, help="saves per size")
    parser.add_argument("--out", type=Path, help="also write the Markdown to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="star-anki-watch-") as work:
        results = {n: bench_size(n, args.saves, Path(work)) for n in args.sizes}
    report = render(results)
    print(report, end="")
    if args.out is not None:
        args.out.write_text(report, encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
