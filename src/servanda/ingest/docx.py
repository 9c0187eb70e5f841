"""Word (.docx) statements to plain text: headings and list items as lines, table cells included, in order."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from servanda.errors import InputError
from servanda.ingest.converted import Converted

# A .docx is a zip; refuse one that would inflate past this (a "zip bomb") before python-docx opens it.
_MAX_UNPACKED_BYTES = 256 * 1024 * 1024


def read_docx(data: bytes, *, origin: str) -> Converted:
    """Return the text of a Word document and the title in its core properties."""
    _check_package(data, origin=origin)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document)
        title = (document.core_properties.title or "").strip() or _title_paragraph(document)
    except Exception as error:  # python-docx and lxml raise many types for a damaged package
        raise InputError(f"{origin} is a damaged Word document ({type(error).__name__})") from None
    return Converted(text=_join(blocks), title=" ".join(title.split()) if title else None)


def _check_package(data: bytes, *, origin: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise InputError(f"{origin} is a damaged Word document (not a readable zip package)") from None
    if unpacked > _MAX_UNPACKED_BYTES:
        raise InputError(f"{origin} would unpack to {unpacked // 2**20} MiB; that is too large for a statement")


def _blocks(document: Document) -> list[tuple[str, bool]]:
    """Paragraphs in document order as (text, tight); a tight one follows the last after one line break."""
    blocks: list[tuple[str, bool]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = " ".join(item.text.replace("\t", " ").split())
            if not text:
                continue
            if _is_list_item(item):
                tight = bool(blocks) and blocks[-1][0].startswith("- ")
                blocks.append(("- " + text, tight))
            else:
                blocks.append((text, False))
        elif isinstance(item, Table):
            blocks.extend(_table_rows(item))
    return blocks


def _is_list_item(paragraph: Paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    properties = paragraph._p.pPr  # python-docx has no public accessor for list numbering
    return style.startswith("List") or (properties is not None and properties.numPr is not None)


def _table_rows(table: Table) -> list[tuple[str, bool]]:
    rows: list[tuple[str, bool]] = []
    for row in table.rows:
        seen: list[object] = []
        cells = []
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell is repeated once per grid column it spans
                continue
            seen.append(cell._tc)
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append((" | ".join(cells), bool(rows)))
    return rows


def _title_paragraph(document: Document) -> str:
    for paragraph in document.paragraphs[:5]:
        if paragraph.style is not None and paragraph.style.name == "Title" and paragraph.text.strip():
            return paragraph.text
    return ""


def _join(blocks: list[tuple[str, bool]]) -> str:
    return "".join(("\n" if tight else "\n\n") + text if i else text for i, (text, tight) in enumerate(blocks))
