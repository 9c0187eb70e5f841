"""Reading one statement from a path or from bytes: size and format checks, conversion, cleaning, metadata."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from servanda.errors import InputError
from servanda.ingest.clean import clean_text
from servanda.ingest.converted import Converted
from servanda.ingest.detect import detect_format
from servanda.ingest.docx import read_docx
from servanda.ingest.frontmatter import split_front_matter
from servanda.ingest.html import read_html
from servanda.ingest.language import check_english
from servanda.ingest.markdown import markdown_to_text
from servanda.ingest.metadata import build_metadata, validate_date_override
from servanda.ingest.model import IngestedDocument
from servanda.ingest.pdf import read_pdf
from servanda.ingest.text import decode_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def read_path(
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    date: str | None = None,
    issuers: Sequence[str] | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestedDocument:
    """Read the statement in the file at `path`; any problem with the file is an InputError naming it."""
    origin = str(path)
    file = Path(path)
    try:
        status = file.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError(f"{origin} is a directory, not a statement file")
        if not stat.S_ISREG(status.st_mode):
            # A pipe or a device could block or never end; stdin goes through read_bytes instead.
            raise InputError(f"{origin} is not a regular file")
        size = status.st_size
        if size > max_bytes:
            raise InputError(f"{origin} is {_mib(size)}, over the {_mib(max_bytes)} limit for a statement")
        with file.open("rb") as handle:
            # One byte past the limit: a file that grows meanwhile, or one under /proc, can outrun stat().
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{origin} does not exist") from None
    except PermissionError:
        raise InputError(f"{origin} cannot be read (permission denied)") from None
    except OSError as error:
        raise InputError(f"{origin} cannot be read ({error.strerror or type(error).__name__})") from None
    return read_bytes(data, name=file.name, origin=origin, title=title, date=date, issuers=issuers, max_bytes=max_bytes)


def read_bytes(
    data: bytes,
    *,
    name: str | None = None,
    origin: str = "<stdin>",
    title: str | None = None,
    date: str | None = None,
    issuers: Sequence[str] | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestedDocument:
    """Read a statement from `data`; `name` hints at its format, `origin` names it in messages."""
    fmt = check_bytes(data, name=name, origin=origin, date=date, max_bytes=max_bytes)
    converted = _READERS[fmt](data, origin)
    text = clean_text(converted.text)
    if not text:
        raise InputError(f"{origin} has no statement text")
    check_english(text, origin=origin)
    metadata = build_metadata(text, converted, origin=origin, name=name, title=title, date=date, issuers=issuers)
    return IngestedDocument(
        sha256=hashlib.sha256(data).hexdigest(), text=text, metadata=metadata, format=fmt, origin=origin
    )


def check_bytes(
    data: bytes,
    *,
    name: str | None = None,
    origin: str = "<stdin>",
    date: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """The cheap checks `read_bytes` starts with (size, emptiness, a date given, the format), without converting
    anything: what a request can refuse at once before queuing the reading. Returns the format."""
    if date:
        validate_date_override(date, origin=origin)
    if len(data) > max_bytes:
        raise InputError(f"{origin} is {_mib(len(data))}, over the {_mib(max_bytes)} limit for a statement")
    if not data.strip():
        raise InputError(f"{origin} is empty")
    return detect_format(data, name=name, origin=origin)


def _read_text(data: bytes, origin: str) -> Converted:
    front, body = split_front_matter(_decode_lines(data, origin), origin=origin)
    return Converted(text=body, front_matter=front)


def _read_markdown(data: bytes, origin: str) -> Converted:
    front, body = split_front_matter(_decode_lines(data, origin), origin=origin)
    return Converted(text=markdown_to_text(body), front_matter=front)


def _decode_lines(data: bytes, origin: str) -> str:
    return decode_text(data, origin=origin).replace("\r\n", "\n").replace("\r", "\n")


_READERS: dict[str, Callable[[bytes, str], Converted]] = {
    "txt": _read_text,
    "md": _read_markdown,
    "html": lambda data, origin: read_html(data, origin=origin),
    "pdf": lambda data, origin: read_pdf(data, origin=origin),
    "docx": lambda data, origin: read_docx(data, origin=origin),
}


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"
