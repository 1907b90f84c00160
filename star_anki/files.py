"""Writing output files atomically: a file is either complete or untouched."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError


@contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """A temporary file beside ``out`` to fill; moved into place when the block ends cleanly.

    Whether ``out`` can be written is checked on entry, before any work. On any
    failure the file already at ``out`` is left as it was and the temporary file
    is removed; an OSError is raised as OutputError.
    """
    if out.is_dir():
        raise OutputError(f"cannot write {out}: it is a folder")
    if out.parent.exists() and not out.parent.is_dir():
        raise OutputError(f"cannot write {out}: {out.parent} is a file, not a folder")
    if not out.parent.is_dir():
        raise OutputError(f"cannot write {out}: the folder {out.parent} does not exist")
    try:
        handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    except OSError as error:
        raise OutputError(f"cannot write {out}: {error.strerror}") from None
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.chmod(partial, 0o666 & ~_umask())
        os.replace(partial, out)
    except OSError as error:
        raise OutputError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)


def write_text_atomically(out: Path, text: str) -> None:
    """Write UTF-8 text to ``out`` atomically."""
    with atomic_file(out) as partial:
        partial.write_text(text, encoding="utf-8")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
