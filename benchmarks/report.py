"""The Markdown of bench.py: the table per size, the start-up line and the machine."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from timing import Run

HEADER = (
    "| N | notes | star-anki s | rebuild s | limit s | floor s | vs limit | vs floor "
    "| scaling vs N/10 | build MB | rebuild MB | .apkg KB | genanki KB | size ratio |"
)


@dataclass(frozen=True)
class Row:
    """The results for one size: each command's median seconds and highest peak."""

    n: int
    notes: int
    star: Run
    rebuild: Run
    limit: Run
    floor: Run
    apkg_bytes: int
    floor_bytes: int

    @property
    def commands(self) -> tuple[Run, Run, Run, Run]:
        """star-anki, rebuild, limit and floor, in the table's order."""
        return self.star, self.rebuild, self.limit, self.floor


@dataclass(frozen=True)
class Startup:
    """Median start-up seconds of star-anki and of a bare ``import click``."""

    runs: int
    star_seconds: float
    click_seconds: float


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


def cells(row: Row, smaller: Row | None) -> list[str]:
    """One row of the table; ``smaller`` is the row of N/10, if that size was run."""
    star = row.star.seconds
    return [
        str(row.n),
        str(row.notes),
        f"{star:.3f}",
        f"{row.rebuild.seconds:.3f}",
        f"{row.limit.seconds:.3f}",
        f"{row.floor.seconds:.3f}",
        f"{star / row.limit.seconds:.2f}x",
        f"{star / row.floor.seconds:.2f}x",
        f"{star / smaller.star.seconds:.1f}x" if smaller else "-",
        f"{row.star.peak_kib / 1024:.1f}",
        f"{row.rebuild.peak_kib / 1024:.1f}",
        f"{row.apkg_bytes / 1024:.1f}",
        f"{row.floor_bytes / 1024:.1f}",
        f"{row.apkg_bytes / row.floor_bytes:.2f}",
    ]


def cpu_line(rows: Sequence[Row]) -> str:
    """Each size's CPU seconds, which a busy machine inflates less than wall time."""
    sizes = "; ".join(
        f"N={row.n}: {' / '.join(f'{run.cpu:.3f}' for run in row.commands)}" for row in rows
    )
    return f"CPU s (user + system, medians) of star-anki / rebuild / limit / floor: {sizes}"


def render(rows: Sequence[Row], startup: Startup, runs: int) -> str:
    """The results as Markdown: the table, the start-up line and the machine."""
    by_n = {row.n: row for row in rows}
    lines = [
        "star-anki build vs its limit (libyaml compose + the deck's rows, zipped) and its floor"
        f" (YAML parse + raw genanki), whole processes, median of {runs} run{'s' * (runs != 1)}",
        "",
        HEADER,
        "|" + "---:|" * HEADER.count(" |"),
    ]
    for row in rows:
        smaller = by_n.get(row.n // 10) if row.n % 10 == 0 else None
        lines.append("| " + " | ".join(cells(row, smaller)) + " |")
    lines += [
        "",
        cpu_line(rows),
        "",
        f"Start-up (median of {startup.runs}): `star-anki --version` "
        f"{startup.star_seconds:.3f} s vs `python -c 'import click'` "
        f"{startup.click_seconds:.3f} s ({startup.star_seconds / startup.click_seconds:.1f}x)",
        "",
        f"Machine: {machine()}",
    ]
    return "\n".join(lines) + "\n"
