"""Benchmark ``star-anki build`` against its floor: the same YAML parse and a raw genanki write.

Usage: python benchmarks/bench.py [--sizes 10,100,1000,10000] [--runs 3] [--out FILE.md]

For each size N it writes N synthetic scenarios shaped like the bundled seed, then times whole
processes: ``python -m star_anki build`` and ``benchmarks/floor.py`` on the same files. It
prints a Markdown table with the medians, the build's peak memory and the package sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from star_anki.collect import collect_notes
from star_anki.load import load_scenarios

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "built-something-from-scratch.yaml"
FLOOR = Path(__file__).resolve().with_name("floor.py")
SOURCE_DATE_EPOCH = "1700000000"
DEFAULT_SIZES = (10, 100, 1000, 10000)
HEADER = (
    "| N | notes | star-anki s | rebuild s | floor s | ratio | scaling vs N/10 | peak MB "
    "| .apkg KB | genanki KB | size ratio |"
)

# Words of the seed and same-length stand-ins: a varied scenario keeps the seed's length.
SWAPS: dict[str, tuple[str, ...]] = {
    "webhook": ("webhook", "billing", "catalog", "invoice", "storage", "message", "routing"),
    "payment": ("payment", "booking", "account", "pricing", "session", "release", "refunds"),
    "platform": ("platform", "identity", "checkout", "shipping", "accounts", "messages"),
    "notification": ("notification", "subscription", "verification", "registration"),
    "queue": ("queue", "store", "table", "cache", "stash"),
    "alerting": ("alerting", "tracking", "metering", "auditing", "flagging"),
    "alerts": ("alerts", "alarms", "paging", "checks"),
    "revenue": ("revenue", "profits", "margins", "bookings"),
    "logs": ("logs", "data", "rows", "dumps"),
    "failures": ("failures", "timeouts", "glitches", "mismatch"),
    "drop": ("drop", "loss", "miss", "fail", "skip"),
    "slack": ("slack", "email", "pager", "phone"),
    "weekly": ("weekly", "yearly", "hourly", "daily"),
    "network": ("network", "service", "library", "runtime", "storage"),
    "reliability": ("reliability", "consistency", "correctness", "performance", "scalability"),
    "monitoring": ("monitoring", "validation", "inspection", "governance", "dashboards"),
    "team": ("team", "crew", "unit", "squad", "group"),
    "issue": ("issue", "fault", "error", "defect"),
    "fix": ("fix", "patch", "change", "repair"),
    "service": ("service", "backend", "product", "pipeline"),
}
_SWAPPABLE = re.compile(
    r"\b(" + "|".join(sorted(SWAPS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'$])")
# Keys whose text is structure, not prose: ids, and the names other keys must match.
KEEP = frozenset({"id", "principle", "principles", "family", "level"})

# Runs one command and prints its wall time and its own peak memory (RUSAGE_CHILDREN).
_WRAPPER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "seconds": seconds, "peak": peak}))
"""


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


# --- synthetic scenarios ---------------------------------------------------------------------


@dataclass(frozen=True)
class Variation:
    """How one scenario differs from the seed: swapped words, renumbered digits, a random source."""

    words: dict[str, str]
    digits: dict[int, int]
    rng: random.Random

    @classmethod
    def for_index(cls, index: int) -> Variation:
        """The variation of scenario ``index``, the same on every run."""
        rng = random.Random(index)
        words = {word: rng.choice(choices) for word, choices in SWAPS.items()}
        shuffled = list("123456789")
        rng.shuffle(shuffled)
        return cls(words, str.maketrans("123456789", "".join(shuffled)), rng)

    def text(self, value: str) -> str:
        """``value`` with words swapped, digits renumbered and its sentences rotated."""
        value = _SWAPPABLE.sub(self._swap, value).translate(self.digits)
        sentences = _SENTENCE_END.split(value)
        if "\n" in value or len(sentences) < 3:
            return value
        shift = self.rng.randrange(1, len(sentences))
        return " ".join(sentences[shift:] + sentences[:shift])

    def _swap(self, match: re.Match[str]) -> str:
        word = match[0]
        new = self.words[word.lower()]
        return new[0].upper() + new[1:] if word[0].isupper() else new

    def data(self, value: Any) -> Any:
        """A copy of YAML data with every prose string varied."""
        if isinstance(value, dict):
            return {k: v if k in KEEP else self.data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def load_seed(path: Path = SEED) -> dict[str, Any]:
    """The seed scenario as plain data."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def make_scenario(seed: dict[str, Any], index: int) -> dict[str, Any]:
    """Scenario ``index``: the seed's shape and size, its own id, question and text."""
    variation = Variation.for_index(index)
    scenario: dict[str, Any] = variation.data(seed)
    scenario["id"] = f"story-{index:05d}"
    scenario["question"] = f"{variation.text(seed['question'])} (case {index:05d})"
    return scenario


def write_scenarios(folder: Path, count: int, seed: dict[str, Any]) -> None:
    """Write ``count`` synthetic scenarios into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        scenario = make_scenario(seed, index)
        text = yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False)
        (folder / f"{scenario['id']}.yaml").write_text(text, encoding="utf-8")


def dump_notes(folder: Path, out: Path) -> int:
    """Dump the notes star-anki makes of ``folder`` for the floor; return how many."""
    notes = collect_notes(load_scenarios([folder]))
    models = {
        note.note_type.name: {
            "fields": list(note.note_type.field_names),
            "cloze": note.note_type.cloze,
        }
        for note in notes
    }
    rows = [
        {
            "model": note.note_type.name,
            "fields": list(note.fields),
            "tags": list(note.tags),
            "guid": note.guid,
        }
        for note in notes
    ]
    out.write_text(json.dumps({"models": models, "notes": rows}), encoding="utf-8")
    return len(notes)


# --- measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One whole-process run: wall seconds and peak resident memory in KiB."""

    seconds: float
    peak_kib: float


def measure(command: Sequence[str], env: dict[str, str]) -> Run:
    """Run ``command`` once through the wrapper; fail loudly if it fails."""
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"wrapper failed: {' '.join(command)}\n{result.stderr}")
    report = json.loads(result.stdout)
    if report["code"] != 0:
        raise RuntimeError(f"exit {report['code']}: {' '.join(command)}\n{result.stderr}")
    # Linux reports KiB, macOS bytes.
    peak = report["peak"] / 1024 if sys.platform == "darwin" else report["peak"]
    return Run(report["seconds"], float(peak))


def median_run(runs: int, once: Callable[[], Run]) -> tuple[float, float]:
    """The median seconds and the highest peak KiB of ``runs`` calls of ``once``."""
    results = [once() for _ in range(runs)]
    return statistics.median(r.seconds for r in results), max(r.peak_kib for r in results)


@dataclass(frozen=True)
class Row:
    """The results for one size."""

    n: int
    notes: int
    star_seconds: float
    rebuild_seconds: float
    floor_seconds: float
    peak_kib: float
    apkg_bytes: int
    floor_bytes: int


def bench_size(n: int, runs: int, work: Path, env: dict[str, str]) -> Row:
    """Generate ``n`` scenarios and time star-anki and the floor on them, interleaved."""
    folder = work / f"n{n}" / "scenarios"
    log(f"N={n}: writing {n} scenarios")
    write_scenarios(folder, n, load_seed())
    notes_json = work / f"n{n}" / "notes.json"
    notes = dump_notes(folder, notes_json)
    star_out, floor_out = work / f"n{n}" / "star.apkg", work / f"n{n}" / "floor.apkg"
    star_cmd = [sys.executable, "-m", "star_anki", "build", str(folder), "-o", str(star_out)]
    floor_cmd = [sys.executable, str(FLOOR), str(folder), str(notes_json), str(floor_out)]
    star: list[Run] = []
    rebuild: list[Run] = []
    floor: list[Run] = []
    for run in range(1, runs + 1):
        for out, command, results, name in (
            (star_out, star_cmd, star, "star-anki"),
            (None, star_cmd, rebuild, "rebuild"),  # over the deck just written, unchanged
            (floor_out, floor_cmd, floor, "floor"),
        ):
            if out is not None:
                out.unlink(missing_ok=True)
            results.append(measure(command, env))
            log(f"N={n}: run {run}/{runs} {name} {results[-1].seconds:.3f} s")
    row = Row(
        n=n,
        notes=notes,
        star_seconds=statistics.median(r.seconds for r in star),
        rebuild_seconds=statistics.median(r.seconds for r in rebuild),
        floor_seconds=statistics.median(r.seconds for r in floor),
        peak_kib=max(r.peak_kib for r in (*star, *rebuild)),
        apkg_bytes=star_out.stat().st_size,
        floor_bytes=floor_out.stat().st_size,
    )
    shutil.rmtree(work / f"n{n}")
    return row


@dataclass(frozen=True)
class Startup:
    """Median start-up seconds of star-anki and of a bare ``import click``."""

    runs: int
    star_seconds: float
    click_seconds: float


def star_anki_command() -> list[str]:
    """The installed ``star-anki`` command beside this Python, else ``python -m star_anki``."""
    script = Path(sys.executable).with_name("star-anki")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "star_anki"]


def bench_startup(runs: int, env: dict[str, str]) -> Startup:
    """Time ``star-anki --version`` against ``python -c 'import click'``."""
    log(f"start-up: {runs} runs each")
    star, _ = median_run(runs, lambda: measure([*star_anki_command(), "--version"], env))
    click, _ = median_run(runs, lambda: measure([sys.executable, "-c", "import click"], env))
    return Startup(runs, star, click)


# --- report ----------------------------------------------------------------------------------


def machine() -> str:
    """The platform, Python, CPU count and CPU model."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = "; " + line.partition(":")[2].strip()
                break
    return (
        f"{platform.platform()}; Python {platform.python_version()}; {os.cpu_count()} CPUs{model}"
    )


def render(rows: Sequence[Row], startup: Startup, runs: int) -> str:
    """The results as Markdown: the table, the start-up line and the machine."""
    by_n = {row.n: row for row in rows}
    lines = [
        f"star-anki build vs floor (YAML parse + raw genanki), whole processes, "
        f"median of {runs} run{'s' * (runs != 1)}",
        "",
        HEADER,
        "|" + "---:|" * HEADER.count(" |"),
    ]
    for row in rows:
        smaller = by_n.get(row.n // 10) if row.n % 10 == 0 else None
        scaling = f"{row.star_seconds / smaller.star_seconds:.1f}x" if smaller else "-"
        cells = [
            str(row.n),
            str(row.notes),
            f"{row.star_seconds:.3f}",
            f"{row.rebuild_seconds:.3f}",
            f"{row.floor_seconds:.3f}",
            f"{row.star_seconds / row.floor_seconds:.1f}x",
            scaling,
            f"{row.peak_kib / 1024:.1f}",
            f"{row.apkg_bytes / 1024:.1f}",
            f"{row.floor_bytes / 1024:.1f}",
            f"{row.apkg_bytes / row.floor_bytes:.2f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Start-up (median of {startup.runs}): `star-anki --version` "
        f"{startup.star_seconds:.3f} s vs `python -c 'import click'` "
        f"{startup.click_seconds:.3f} s ({startup.star_seconds / startup.click_seconds:.1f}x)",
        "",
        f"Machine: {machine()}",
    ]
    return "\n".join(lines) + "\n"


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
    """Run the benchmark, print the Markdown and return it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=sizes, default=list(DEFAULT_SIZES), help="scenario counts, e.g. 10,100"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--startup-runs", type=int, default=15, help="start-up runs (median)")
    parser.add_argument("--out", type=Path, help="also write the Markdown to this file")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.startup_runs < 1:
        parser.error("--runs and --startup-runs must be 1 or more")
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with tempfile.TemporaryDirectory(prefix="star-anki-bench-") as work:
        rows = [bench_size(n, args.runs, Path(work), env) for n in args.sizes]
    report = render(rows, bench_startup(args.startup_runs, env), args.runs)
    print(report, end="")
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
