"""Which format a statement's bytes are in: by content signature first, then by the file name's extension."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from servanda.errors import InputError

FORMATS: tuple[str, ...] = ("txt", "md", "html", "pdf", "docx")

_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}

# Signatures of files that are never text, named in the error a user sees.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document; save it as .docx"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"MZ", "Windows executable"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 media"),
    (b"\x00\x00\x00\x20ftyp", "MP4 media"),
    (b"RIFF", "RIFF media"),
)
_SNIFF_BYTES = 8192
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def binary_kind(data: bytes) -> str | None:
    """Name the kind of binary file `data` is ("PNG image"), "binary data" if unnamed, or None for text."""
    head = data[:_SNIFF_BYTES]
    for magic, kind in _MAGIC:
        # "MZ" and "RIFF" can begin an English sentence; only call them binary when control bytes agree.
        if head.startswith(magic) and (len(magic) > 2 or b"\x00" in head):
            return kind
    if b"\x00" in head:
        return "binary data"
    if head and sum(head.count(bytes([b])) for b in _CONTROL_BYTES) > len(head) // 20:
        return "binary data"
    return None


def detect_format(data: bytes, *, name: str | None, origin: str) -> str:
    """Return one of FORMATS for `data`, using `name`'s extension where the content leaves it open."""
    extension = PurePath(name).suffix.lower() if name else ""
    claimed = _EXTENSIONS.get(extension)
    # The PDF standard lets the header sit anywhere in the first 1,024 bytes; a text file must start with it.
    if data.lstrip()[:5] == b"%PDF-" or (claimed not in {"txt", "md", "html"} and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_format(data, origin=origin)
    if claimed == "pdf":
        raise InputError(f"{origin} is not a PDF: it has no %PDF- header")
    if claimed == "docx":
        raise InputError(f"{origin} is not a Word document: it is not a zip package")
    if data.lstrip()[:6] == b"{\\rtf1":
        raise InputError(f"{origin} is an RTF file; save it as .docx, .txt or .pdf")
    if _HTML_START.match(data[:_SNIFF_BYTES]) or (claimed is None and _looks_like_html(data)):
        return "html"
    if claimed in {"txt", "md", "html"}:
        return claimed
    if _has_front_matter(data):
        return "md"
    return "txt"


def _zip_format(data: bytes, *, origin: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise InputError(f"{origin} is a damaged zip file (truncated or corrupt Word document?)") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise InputError(f"{origin} is an OpenDocument file; save it as .docx")
    raise InputError(f"{origin} is a zip archive, not a Word document; unpack it and read the statement inside")


def _looks_like_html(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES].lower()
    return b"<body" in head or (b"<head" in head and b"</" in head)


def _has_front_matter(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf")[:_SNIFF_BYTES]
    return head.startswith((b"---\n", b"---\r\n")) and re.search(rb"\n(?:---|\.\.\.)\s*(?:\n|$)", head) is not None
