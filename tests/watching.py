"""What the watch tests share: a save made in one event, copies of the seed, a watching build."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from .conftest import SEED

# Generous: these wait for events, they do not measure speed (benchmarks/bench.py does).
PATIENCE = 20.0


def add(path: Path, text: str) -> None:
    """Write ``path`` aside, then rename it in: one event, which a busy machine cannot split."""
    aside = path.with_name(f".{path.name}.swp")
    aside.write_text(text, encoding="utf-8")
    os.replace(aside, path)


def story(number: int) -> str:
    """The seed scenario under an id of its own."""
    return SEED.read_text(encoding="utf-8").replace(
        "id: built-something-from-scratch", f"id: story-{number}", 1
    )


class Session:
    """``star-anki build --watch`` in a subprocess, its output lines read as they come."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "star_anki", "build", "--watch", *args],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, pattern: str) -> list[str]:
        """The lines up to and including the first that matches ``pattern``."""
        seen: list[str] = []
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if re.fullmatch(pattern, line):
                return seen
        raise AssertionError(f"no line matching {pattern!r} in {seen}")


def deck_notes(deck: Path) -> dict[str, bool]:
    """The key of every note in the deck, and whether it is retired."""
    from star_anki.previous import open_previous

    with open_previous(deck) as previous:
        assert previous is not None
        return {known.key: known.retired for known in previous.notes.values()}


def built(scenarios: int) -> str:
    """The pattern of the line of a build of that many copies of the seed scenario.

    Each copy has its 22 notes; the copies share principles, so 15 Which Story notes.
    """
    noun = "scenario" if scenarios == 1 else "scenarios"
    return rf"Wrote deck\.apkg: {22 * scenarios + 15} notes from {scenarios} {noun}"
