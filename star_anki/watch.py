"""Watching scenario files: each save, creation or deletion is reported once it settles."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR

from .load import SCENARIO_SUFFIXES
from .previous import Remembered
from .stream import MadeCache

# Changes are gathered until the files are quiet this long; editors write in bursts.
QUIET_MS = 50
# The first wait is this short, so the caller learns soon that the watch has begun; a
# watched folder that has gone is looked for this often too.
READY_MS = 200


def _filter(
    folders: Sequence[Path], files: Sequence[Path], roots: Sequence[Path]
) -> Callable[[object, str], bool]:
    """Whether a change matters: a named file, a scenario file, a folder of them, or a root."""
    folders = [f.resolve() for f in folders]
    named = {f.resolve() for f in files} | set(roots)
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


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at ``folder`` now (device and inode), or None when none is."""
    try:
        found = folder.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if S_ISDIR(found.st_mode) else None


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
    which a watch on the file itself would lose. A watched folder that is deleted,
    moved away or replaced is watched afresh once it is there, then reported as changed;
    while it is gone, the batch that says so names it. Ends when ``stop`` is set or
    Ctrl+C is pressed (raised while waiting).
    """
    import watchfiles

    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    roots = list(dict.fromkeys([*folders, *(f.parent for f in files)]))
    started = False
    unsaid: set[Path] = set()  # changes to report once the watch is set up again
    while True:
        # Taken before the watch is set up: a folder replaced meanwhile then looks replaced.
        while None in (before := [_identity(root) for root in roots]):
            if _pause(stop):
                return
        resolved = [root.resolve() for root in roots]
        try:
            with closing(watchfiles.watch(
                *resolved, watch_filter=_filter(folders, files, resolved), step=QUIET_MS,
                stop_event=stop, raise_interrupt=False, yield_on_timeout=True,
                rust_timeout=READY_MS,
            )) as batches:  # fmt: skip
                for batch in batches:
                    names = {Path(name) for _, name in batch}
                    now = [_identity(root) for root in roots]
                    # A folder made again can get the old one's inode; its own event tells.
                    if now == before and names.isdisjoint(resolved):
                        if names or unsaid or not started:
                            started = True
                            yield sorted(names | unsaid)
                            unsaid = set()
                        continue
                    unsaid |= names
                    break  # the watch may be on a folder no longer there: set it up again
                else:
                    return
        except OSError as error:
            now = [_identity(root) for root in roots]
            # A folder, or one inside, went as the watch was set up: a race, not a fault.
            if now == before and not isinstance(error, FileNotFoundError):
                raise
            if _pause(stop):
                return
        unsaid |= set(resolved)
        if None in now:  # gone: say so now, and again once it is back and watched
            started = True
            yield sorted(unsaid)
            unsaid = set(resolved)


@dataclass(frozen=True)
class Turn:
    """One turn of a watch: the files that changed (none at first), and the watched paths gone."""

    changed: list[Path]
    gone: list[Path]
    first: bool

    @property
    def rebuild(self) -> bool:
        """Whether to build now: always, unless a watched path is gone (its deck is kept)."""
        return not self.gone


def turns(paths: Sequence[Path], stop: threading.Event | None = None) -> Iterator[Turn]:
    """The turns of a watch on ``paths``: one once the watch has begun, then one per change.

    The first build runs only once the watch is set up, so no save made during it is
    missed.
    """
    first = True
    for changed in changed_files(paths, stop):
        yield Turn(changed, [p for p in paths if not p.exists()], first)
        first = False


@dataclass
class Watched:
    """What a watch keeps between builds: what each file made, and the deck it wrote last."""

    cache: MadeCache = field(default_factory=MadeCache)
    remembered: Remembered = field(default_factory=Remembered)
