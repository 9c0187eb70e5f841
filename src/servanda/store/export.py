"""Writing stored commitments out as JSON, JSON Lines or CSV, one record at a time."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, Literal, TextIO, Unpack

from sqlalchemy.orm import Session

from servanda.access import Person
from servanda.store.commitments import CommitmentFilters, iter_commitments
from servanda.store.models import Commitment

ExportFormat = Literal["json", "jsonl", "csv"]
EXPORT_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv")

FIELDS: tuple[str, ...] = (
    "id",
    "document_id",
    "document_title",
    "document_date",
    "document_sha256",
    "quote",
    "start",
    "end",
    "strength",
    "actors",
    "area",
    "due",
    "recurrence",
    "section",
    "mechanisms",
    "agreements",
    "marking",
)

# CSV has no lists: list fields are joined with this separator.
CSV_LIST_SEPARATOR = ";"


def commitment_record(commitment: Commitment) -> dict[str, Any]:
    """A commitment as one flat export record, keyed by FIELDS."""
    document = commitment.document
    return {
        "id": commitment.id,
        "document_id": commitment.document_id,
        "document_title": document.title,
        "document_date": document.date,
        "document_sha256": document.sha256,
        "quote": commitment.quote,
        "start": commitment.start,
        "end": commitment.end,
        "strength": commitment.strength,
        "actors": list(commitment.parties),
        "area": commitment.area,
        "due": commitment.due,
        "recurrence": commitment.recurrence,
        "section": commitment.section,
        "mechanisms": list(commitment.mechanism_names),
        "agreements": list(commitment.agreement_names),
        "marking": commitment.marking.banner,
    }


def export_commitments(
    session: Session, fmt: ExportFormat, out: TextIO, *, viewer: Person, **filters: Unpack[CommitmentFilters]
) -> int:
    """Write the matching commitments `viewer` may read to `out` in `fmt`, streaming; return how many were
    written. Each record carries its marking banner."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    records = (commitment_record(c) for c in iter_commitments(session, viewer=viewer, **filters))
    write = {"json": _write_json, "jsonl": _write_jsonl, "csv": _write_csv}[fmt]
    return write(records, out)


def _write_json(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    out.write("[")
    for count, record in enumerate(records, start=1):
        out.write("\n" if count == 1 else ",\n")
        out.write(json.dumps(record, ensure_ascii=False))
    out.write("\n]\n" if count else "]\n")
    return count


def _write_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({key: _csv_value(value) for key, value in record.items()})
        count += 1
    return count


def _csv_value(value: Any) -> Any:
    return CSV_LIST_SEPARATOR.join(value) if isinstance(value, list) else value
