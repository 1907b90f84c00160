"""Writing output files atomically: a file is either complete or untouched."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError


def write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Have ``write`` fill a temporary file beside ``out``, then move it into place.

    On any failure the file already at ``out`` is left as it was and the
    temporary file is removed; the error is raised as OutputError.
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
        write(partial)
        os.chmod(partial, 0o666 & ~_umask())
        os.replace(partial, out)
    except OSError as error:
        raise OutputError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)


def write_text_atomically(out: Path, text: str) -> None:
    """Write UTF-8 text to ``out`` atomically."""

    def write(partial: Path) -> None:
        partial.write_text(text, encoding="utf-8")

    write_atomically(out, write)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
