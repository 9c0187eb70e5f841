"""Files that appear whole or not at all: written to a temporary file beside the target, then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from servanda.cli.errors import CommandError


@contextmanager
def atomic_write(path: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """Yield a UTF-8 text file that replaces `path` only when the block ends without an error.

    The temporary file sits in the target's folder, so the final rename never crosses file systems
    and so is atomic (POSIX rename(2)); readers see the old file or the new one, never a part.
    """
    folder = path.parent
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as err:
        raise CommandError(f"cannot write to {folder or '.'} ({err.strerror or type(err).__name__})") from None
    try:
        # mkstemp makes the file private; the result gets the mode a plain new file (or the old one) has.
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
