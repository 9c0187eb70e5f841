"""Which statements the PATH arguments of `servanda ingest` name: files, folders, glob patterns or stdin."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"
# The formats ingest reads; other files in a folder are passed over, but a file named on its own is tried.
STATEMENT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Source:
    """One statement to read, or a PATH argument that names none (then `problem` says why)."""

    label: str  # as shown to the user: the path, or "<stdin>"
    path: Path | None = None  # None for stdin
    problem: str | None = None


def find_sources(arguments: Sequence[str]) -> list[Source]:
    """Expand the arguments into statements, in the order given; folders are walked in name order."""
    sources: list[Source] = []
    seen: set[str] = set()
    for argument in arguments:
        for source in _expand(argument):
            key = source.label if source.path is None else os.path.realpath(source.path)
            if source.problem is None and key in seen:
                continue
            seen.add(key)
            sources.append(source)
    return sources


def _expand(argument: str) -> Iterator[Source]:
    if argument == STDIN:
        yield Source("<stdin>")
        return
    path = Path(argument)
    if path.is_dir():
        yield from _walk(path)
        return
    if path.exists() or path.is_symlink() or not _GLOB_CHARACTERS & set(argument):
        # A missing or unreadable file is reported when it is read, with the reader's own words.
        yield Source(str(path), path)
        return
    matches = sorted(glob.glob(argument, recursive=True))
    if not matches:
        yield Source(argument, problem="no files match this pattern")
    for match in matches:
        found = Path(match)
        if found.is_dir():
            yield from _walk(found)
        elif found.suffix.lower() in STATEMENT_SUFFIXES:
            yield Source(str(found), found)


def _walk(folder: Path) -> Iterator[Source]:
    empty = True
    for source in _walk_files(folder):
        empty = False
        yield source
    if empty:
        yield Source(str(folder), problem=f"holds no statement files ({' '.join(STATEMENT_SUFFIXES)})")


def _walk_files(folder: Path) -> Iterator[Source]:
    problems: list[OSError] = []
    for root, directories, files in os.walk(folder, onerror=problems.append):
        # Hidden folders (.git, .cache) hold no statements; names are sorted so runs are repeatable.
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in STATEMENT_SUFFIXES:
                yield Source(str(Path(root, name)), Path(root, name))
        while problems:
            yield _unreadable(problems.pop(0), folder)
    for error in problems:
        yield _unreadable(error, folder)


def _unreadable(error: OSError, folder: Path) -> Source:
    where = error.filename or str(folder)
    reason = "permission denied" if isinstance(error, PermissionError) else (error.strerror or "unreadable")
    return Source(str(where), problem=f"folder cannot be read ({reason})")
