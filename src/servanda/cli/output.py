"""Plain output: single lines, JSON records, and the small text helpers the Rich views share."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servanda.cli.markings import MarkingsShown
    from servanda.extract import Extraction
    from servanda.ingest import IngestedDocument
    from servanda.store import DocumentSummary
    from servanda.store.models import Commitment, Document

QUOTE_WIDTH = 90  # characters of a quote shown in lists
NONE = "—"


def line(message: str, *, err: bool = False) -> None:
    """Write one plain line, never wrapped or styled, to stdout or stderr."""
    stream = sys.stderr if err else sys.stdout
    stream.write(message + "\n")
    stream.flush()


def json_text(value: Any) -> str:
    """`value` as indented JSON, non-ASCII characters kept as they are, ending in a newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_json(value: Any) -> None:
    """Write `value` to stdout as JSON."""
    sys.stdout.write(json_text(value))
    sys.stdout.flush()


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def shorten(text: str, width: int = QUOTE_WIDTH) -> str:
    """`text` on one line, cut at a word boundary to at most `width` characters."""
    return textwrap.shorten(text, width=width, placeholder=" …") or text[:width]


def joined(values: Iterable[str]) -> str:
    return ", ".join(values) or NONE


def extraction_record(document: IngestedDocument, extraction: Extraction) -> dict[str, Any]:
    """The JSON of `servanda extract`: the statement's metadata block, then everything extracted from it."""
    metadata = document.metadata
    return {
        "document": {
            "title": metadata.title,
            "date": metadata.date,
            "issuers": list(metadata.issuers or extraction.issuers),
            "sha256": document.sha256,
        },
        **extraction.to_json(),
    }


def commitment_json(commitment: Commitment, shown: MarkingsShown) -> dict[str, Any]:
    """A commitment as `export` writes it, with its marking as the viewer's scheme writes it."""
    from servanda.store.export import commitment_record

    return {**commitment_record(commitment), **shown.fields(commitment)}


def summary_record(summary: DocumentSummary, shown: MarkingsShown) -> dict[str, Any]:
    """A document summary as JSON."""
    d = summary.document
    return {
        **document_record(d, shown),
        "achievements": summary.achievements,
        "commitments": summary.commitments,
        "by_strength": summary.by_strength,
        "by_area": summary.by_area,
        "mechanisms": [
            {
                "name": m.mechanism.name,
                "recurrence": m.recurrence,
                "held": m.held,
                "next": m.next,
                "status": m.status,
            }
            for m in summary.mechanisms
        ],
        "agreements": [
            {"name": a.agreement.name, "kind": a.agreement.kind, "stage": a.stage, "date": a.date}
            for a in summary.agreements
        ],
    }


def document_record(d: Document, shown: MarkingsShown) -> dict[str, Any]:
    """A document's metadata and marking as JSON."""
    return {
        "id": d.id,
        "sha256": d.sha256,
        "title": d.title,
        "date": d.date,
        "issuers": list(d.parties),
        "source": d.source,
        "origin": d.origin,
        "format": d.format,
        "ingested_at": d.ingested_at.isoformat(),
        **shown.fields(d),
    }
