"""Writing output files atomically (a file is complete or untouched), making folders as needed."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError


@contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """A temporary file beside ``out`` to fill; moved into place when the block ends cleanly.

    Whether ``out`` can be written is checked on entry, before any work, and the
    folders missing above it are made then. On any failure the file already at
    ``out`` is left as it was, and the temporary file and the folders made are
    removed; an OSError is raised as OutputError.
    """
    if out.is_dir():
        raise OutputError(f"cannot write {out}: it is a folder")
    try:
        made = make_folders(out.parent)
    except NotADirectoryError as error:
        raise OutputError(f"cannot write {out}: {error.filename} is a file, not a folder") from None
    except OSError as error:
        raise OutputError(f"cannot write {out}: {error.strerror}") from None
    try:
        handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    except OSError as error:
        _remove(made)
        raise OutputError(f"cannot write {out}: {error.strerror}") from None
    os.close(handle)
    partial = Path(name)
    done = False
    try:
        yield partial
        os.chmod(partial, 0o666 & ~_umask())
        os.replace(partial, out)
        done = True
    except OSError as error:
        raise OutputError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
        if not done:  # a failed write leaves nothing behind, not even the folders it made
            _remove(made)


def write_text_atomically(out: Path, text: str) -> None:
    """Write UTF-8 text to ``out`` atomically."""
    with atomic_file(out) as partial:
        partial.write_text(text, encoding="utf-8")


def make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; returns the ones made, innermost first.

    A file where a folder should be raises NotADirectoryError naming it (``filename``)
    before anything is made; a folder that cannot be made undoes the ones made before it.
    """
    missing: list[Path] = []
    for path in (folder, *folder.parents):
        if path.is_dir():
            break
        if path.exists():
            raise NotADirectoryError(errno.ENOTDIR, "a file, not a folder", str(path))
        missing.append(path)
    made: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError:
            _remove(made)
            raise
        made.insert(0, path)
    return made


def _remove(folders: list[Path]) -> None:
    """Remove folders this module made, innermost first, as long as they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:  # something else put a file there meanwhile: it stays
            return


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
