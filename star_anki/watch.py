"""Watching scenario files: each save, creation or deletion is reported once it settles."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .load import SCENARIO_SUFFIXES, load_file
from .model import Scenario

# Changes are gathered until the files are quiet this long; editors write in bursts.
QUIET_MS = 50
# The first wait is this short, so the caller learns soon that the watch has begun.
READY_MS = 200


def _watched(paths: Sequence[Path]) -> tuple[list[Path], Callable[[object, str], bool]]:
    """The folders to watch and a filter for the scenario files under ``paths``.

    A file is watched through its folder: editors often save by replacing the file,
    which a watch on the file itself would lose.
    """
    folders = [p.resolve() for p in paths if p.is_dir()]
    files = {p.resolve() for p in paths if not p.is_dir()}

    def wanted(change: object, name: str) -> bool:
        path = Path(name)
        if path in files:
            return True
        return path.suffix in SCENARIO_SUFFIXES and any(f in path.parents for f in folders)

    roots = dict.fromkeys([*folders, *(f.parent for f in sorted(files))])
    return list(roots), wanted


def changed_files(
    paths: Sequence[Path], stop: threading.Event | None = None
) -> Iterator[list[Path]]:
    """An empty batch once the watch has begun, then each batch of changed scenario files.

    Ends when ``stop`` is set or Ctrl+C is pressed.
    """
    import watchfiles

    # watchfiles warns of Ctrl+C on stderr; the command says it stopped in its own words.
    logging.getLogger("watchfiles").setLevel(logging.ERROR)
    roots, wanted = _watched(paths)
    started = False
    for batch in watchfiles.watch(
        *roots, watch_filter=wanted, step=QUIET_MS, stop_event=stop, raise_interrupt=False,
        yield_on_timeout=True, rust_timeout=READY_MS,
    ):  # fmt: skip
        if batch or not started:
            started = True
            yield sorted({Path(name) for _, name in batch})


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
