"""Watching scenario files: each save, creation or deletion is reported once it settles."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .load import SCENARIO_SUFFIXES, load_file
from .model import Scenario

# Changes are gathered until the files are quiet this long; editors write in bursts.
QUIET_MS = 50
# The first wait is this short, so the caller learns soon that the watch has begun; a
# watched folder that has gone is looked for this often too.
READY_MS = 200


def _filter(folders: Sequence[Path], files: Sequence[Path]) -> Callable[[object, str], bool]:
    """Whether a change matters: a named file, a scenario file, or a folder of them."""
    folders = [f.resolve() for f in folders]
    named = {f.resolve() for f in files}
    # Folders moved in, out or away carry their files with no event for each file.
    known = {d for f in folders for d in (f, *f.rglob("*")) if d.is_dir()}

    def wanted(change: object, name: str) -> bool:
        path = Path(name)
        if path in named:
            return True
        if not any(f == path or f in path.parents for f in folders):
            return False
        if path.is_dir():
            known.add(path)
            return True
        return path.suffix in SCENARIO_SUFFIXES or path in known

    return wanted


def _pause(stop: threading.Event | None) -> bool:
    """Wait a moment; whether the watch was told to stop meanwhile."""
    if stop is not None:
        return stop.wait(READY_MS / 1000)
    time.sleep(READY_MS / 1000)
    return False


def changed_files(
    paths: Sequence[Path], stop: threading.Event | None = None
) -> Iterator[list[Path]]:
    """An empty batch once the watch has begun, then each batch of changed scenario files.

    Files are watched through their folders: editors often save by replacing a file,
    which a watch on the file itself would lose. A watched folder that is deleted or
    moved away ends its batch; the watch waits for it to come back, then reports it as
    changed. Ends when ``stop`` is set or Ctrl+C is pressed (raised while waiting).
    """
    import watchfiles

    # watchfiles warns of Ctrl+C on stderr; the command says it stopped in its own words.
    logging.getLogger("watchfiles").setLevel(logging.ERROR)
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    roots = list(dict.fromkeys([*folders, *(f.parent for f in files)]))
    started = False
    back: set[Path] = set()  # folders that came back: reported once watched again
    while True:
        if not all(root.is_dir() for root in roots):
            while not all(root.is_dir() for root in roots):
                if _pause(stop):
                    return
            back = {root.resolve() for root in roots}
        for batch in watchfiles.watch(
            *roots, watch_filter=_filter(folders, files), step=QUIET_MS, stop_event=stop,
            raise_interrupt=False, yield_on_timeout=True, rust_timeout=READY_MS,
        ):  # fmt: skip
            if batch or back or not started:
                started = True
                yield sorted({Path(name) for _, name in batch} | back)
                back = set()
            if not all(root.is_dir() for root in roots):
                break  # watched again once it is back
        else:
            return


class FileCache:
    """Scenarios by file, read again only when the file's size or modification time changes.

    A rebuild after one save then parses one file, not all of them.
    """

    def __init__(self) -> None:
        self._known: dict[Path, tuple[tuple[int, int], Scenario]] = {}

    def read(self, path: Path) -> Scenario:
        """The scenario in ``path``, as ``load_file`` gives it."""
        try:
            stat = path.stat()
        except OSError:
            return load_file(path)  # which reports the file cannot be read
        key = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(path)
        if known is not None and known[0] == key:
            return known[1]
        scenario = load_file(path)  # a broken file raises and is not kept
        self._known[path] = (key, scenario)
        return scenario
