"""PDF statements to plain text: page text from pypdf, lines unwrapped into paragraphs, page furniture cut."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from servanda.errors import InputError
from servanda.ingest.converted import Converted

_PAGE_NUMBER = re.compile(r"(?i)(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?")
_BULLET = re.compile(r"^(?:[•▪◦·●■□➢►-]|\*)\s+")
_NUMBERED = re.compile(r"^(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|\([ivx]{1,5}\))\s+")
_SENTENCE_END = re.compile(r"""[.!?:;]["'”’)\]]?$""")
_JUNK_TITLE = re.compile(r"(?i)^(?:untitled|document\d*|title|slide \d+|microsoft word)$|\.(?:docx?|pdf|indd|rtf)$")
_EDGE_LINES = 2  # running headers and footers sit within this many lines of a page's top or bottom
_TAIL_BYTES = 4096  # %%EOF must sit this near the end; further in means the file was cut


def read_pdf(data: bytes, *, origin: str) -> Converted:
    """Return a PDF statement's text and metadata title; refuse encrypted, damaged or scanned files."""
    if b"%%EOF" not in data[-_TAIL_BYTES:]:
        raise InputError(f"{origin} is a truncated PDF (no %%EOF marker at its end)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _decrypts_with_empty_password(reader):
            raise InputError(f"{origin} is an encrypted PDF; decrypt it first")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except InputError:
        raise
    except Exception as error:  # pypdf raises a dozen types (struct, zlib, KeyError...) for a damaged file
        raise InputError(f"{origin} is a damaged PDF ({type(error).__name__})") from None
    if not any(page.strip() for page in pages):
        raise InputError(f"{origin} has no extractable text (a scanned PDF?); run OCR on it first")
    return Converted(text=pages_to_text(pages), title=_usable_title(title))


def _decrypts_with_empty_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except (DependencyError, FileNotDecryptedError, NotImplementedError):
        return False  # AES needs the optional `cryptography` package; treat as locked


def pages_to_text(pages: Sequence[str]) -> str:
    """Join the text of PDF pages into paragraphs, dropping page numbers and running headers or footers."""
    page_lines = [[line.strip() for line in page.split("\n") if line.strip()] for page in pages]
    furniture = _running_lines(page_lines)
    lines: list[str] = []
    for page in page_lines:
        last = len(page) - 1
        for i, line in enumerate(page):
            at_edge = i < _EDGE_LINES or i > last - _EDGE_LINES
            if at_edge and (_PAGE_NUMBER.fullmatch(line) or _shape(line) in furniture):
                continue
            lines.append(line)
    return _unwrap(lines)


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _running_lines(pages: Sequence[Sequence[str]]) -> set[str]:
    """Lines (digits folded) that recur at the top or bottom of most pages: headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(line) for line in [*page[:_EDGE_LINES], *page[-_EDGE_LINES:]]})
    return {shape for shape, count in counts.items() if count >= 0.6 * len(pages)}


def _unwrap(lines: Sequence[str]) -> str:
    lengths = sorted(len(line) for line in lines if " " in line)
    width = lengths[(len(lengths) * 9) // 10] if lengths else 0
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        is_item = bool(_BULLET.match(line) or _NUMBERED.match(line))
        if is_item:
            line = _BULLET.sub("- ", line)
        if current and not is_item and not _ends_paragraph(current, width):
            if re.search(r"[A-Za-z]-$", current) and line[:1].islower():
                current = current[:-1] + line  # "co-" + "operate": a word hyphenated at the line end
            elif re.search(r"\w-$", current) and line[:1].isalpha():
                current += line  # "Indo-" + "Pacific": a compound broken after its hyphen
            else:
                current += " " + line
            continue
        if current:
            paragraphs.append(current)
        current = line
    if current:
        paragraphs.append(current)
    out: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        tight = i > 0 and paragraph.startswith("- ") and paragraphs[i - 1].startswith("- ")
        out.append(("\n" if tight else "\n\n") + paragraph if i else paragraph)
    return "".join(out)


def _ends_paragraph(line: str, width: int) -> bool:
    """Whether a PDF line closes its paragraph: short, or a sentence end well short of the full width."""
    if len(line) < 0.6 * width:
        return True
    return bool(_SENTENCE_END.search(line)) and len(line) < 0.85 * width


def _usable_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(str(title).split())
    title = re.sub(r"(?i)^microsoft (?:word|powerpoint) - ", "", title)
    return None if len(title) < 3 or _JUNK_TITLE.search(title) else title
