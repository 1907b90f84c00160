"""Benchmark ``star-anki build`` against its limit and its floor, or profile it by stage.

Usage: python benchmarks/bench.py [--sizes 10,100,1000,10000] [--runs 3] [--out FILE.md]
       python benchmarks/bench.py --profile [--sizes ...]

For each size N it writes N synthetic scenarios shaped like the bundled seed, then times whole
processes on the same files, interleaved: ``python -m star_anki build``, the same build over
its own deck, ``limit.py`` and ``floor.py``. It prints a Markdown table with the medians, the
ratios, peak memory and package sizes. With ``--profile`` it instead breaks one build of the
largest size down by stage (stages.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import deckrows
import report
import stages
from synthetic import load_seed, write_scenarios
from timing import SOURCE_DATE_EPOCH, Run, log, measure, median_run, python, summarize

HERE = Path(__file__).resolve().parent
LIMIT = HERE / "limit.py"
FLOOR = HERE / "floor.py"
DEFAULT_SIZES = (10, 100, 1000, 10000)


def bench_size(n: int, runs: int, work: Path, env: dict[str, str]) -> report.Row:
    """Generate ``n`` scenarios and time star-anki, its rebuild, the limit and the floor."""
    here = work / f"n{n}"
    folder = here / "scenarios"
    log(f"N={n}: writing {n} scenarios")
    write_scenarios(folder, n, load_seed())
    star_out, limit_out, floor_out = here / "star.apkg", here / "limit.apkg", here / "floor.apkg"
    star_cmd = python("-m", "star_anki", "build", folder, "-o", star_out)
    # Untimed: the deck whose rows the limit and the floor write; it warms the caches too.
    measure(star_cmd, env)
    rows, notes_json = here / "rows.pickle", here / "notes.json"
    notes = deckrows.dump(star_out, rows, notes_json)
    commands = {
        "star-anki": (star_out, star_cmd),
        "rebuild": (None, star_cmd),  # over the deck just written, unchanged
        "limit": (limit_out, python(LIMIT, folder, rows, limit_out)),
        "floor": (floor_out, python(FLOOR, folder, notes_json, floor_out)),
    }
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for run in range(1, runs + 1):
        for name, (out, command) in commands.items():
            if out is not None:
                out.unlink(missing_ok=True)
            results[name].append(measure(command, env))
            done = results[name][-1]
            log(f"N={n}: run {run}/{runs} {name} {done.seconds:.3f} s (CPU {done.cpu:.3f} s)")
    row = report.Row(
        n=n,
        notes=notes,
        star=summarize(results["star-anki"]),
        rebuild=summarize(results["rebuild"]),
        limit=summarize(results["limit"]),
        floor=summarize(results["floor"]),
        apkg_bytes=star_out.stat().st_size,
        floor_bytes=floor_out.stat().st_size,
    )
    shutil.rmtree(here)
    return row


def star_anki_command() -> list[str]:
    """The installed ``star-anki`` command beside this Python, else ``python -m star_anki``."""
    script = Path(sys.executable).with_name("star-anki")
    return [str(script)] if script.is_file() else python("-m", "star_anki")


def bench_startup(runs: int, env: dict[str, str]) -> report.Startup:
    """Time ``star-anki --version`` against ``python -c 'import click'``."""
    log(f"start-up: {runs} runs each")
    star = median_run(runs, lambda: measure([*star_anki_command(), "--version"], env))
    click = median_run(runs, lambda: measure(python("-c", "import click"), env))
    return report.Startup(runs, star.seconds, click.seconds)


def sizes(value: str) -> list[int]:
    """Parse '10,100,1000' into sizes."""
    try:
        parsed = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {value!r}") from None
    if not parsed or min(parsed) < 1:
        raise argparse.ArgumentTypeError(f"sizes must be 1 or more: {value!r}")
    return parsed


def main(argv: Sequence[str] | None = None) -> str:
    """Run the benchmark or the profile, print the Markdown and return it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=sizes, default=list(DEFAULT_SIZES), help="scenario counts, e.g. 10,100"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--startup-runs", type=int, default=15, help="start-up runs (median)")
    parser.add_argument(
        "--profile", action="store_true", help="break one build of the largest size down by stage"
    )
    parser.add_argument("--out", type=Path, help="also write the Markdown to this file")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.startup_runs < 1:
        parser.error("--runs and --startup-runs must be 1 or more")
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with tempfile.TemporaryDirectory(prefix="star-anki-bench-") as work:
        if args.profile:
            text = stages.render(
                stages.profile(max(args.sizes), args.startup_runs, Path(work), env)
            )
        else:
            rows = [bench_size(n, args.runs, Path(work), env) for n in args.sizes]
            text = report.render(rows, bench_startup(args.startup_runs, env), args.runs)
    print(text, end="")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    main()
