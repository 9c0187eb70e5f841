"""`servanda export`: stored commitments as JSON, JSON Lines or CSV, streamed to stdout or a file."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from servanda.cli import options
from servanda.cli.atomic import atomic_write
from servanda.cli.database import commitment_filters, reading
from servanda.cli.markings import MarkingsShown
from servanda.cli.output import commitment_json, line, plural

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from servanda.access import Person
    from servanda.store import CommitmentFilters


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.json,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write to FILE, replacing it only once the export is complete. Default: stdout.",
        ),
    ] = None,
    area: options.AreaFilter = None,
    strength: options.StrengthFilter = None,
    actor: options.ActorFilter = None,
    due_before: options.DueBeforeFilter = None,
    document: options.DocumentFilter = None,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Export the stored commitments you may read, optionally filtered as by `servanda list`."""
    with reading(db, acting) as (session, viewer):
        filters = commitment_filters(
            session,
            viewer=viewer,
            area=area.value if area else None,
            strength=strength.value if strength else None,
            actor=actor,
            due_before=due_before,
            document=document,
        )
        if output is None or str(output) == "-":
            _export(session, viewer, filters, format, sys.stdout)
            sys.stdout.flush()
            return
        # The csv module writes its own line endings (RFC 4180's CRLF); the file must not translate them.
        with atomic_write(output, newline="" if format is ExportFormat.csv else None) as handle:
            count = _export(session, viewer, filters, format, handle)
    line(f"exported {plural(count, 'commitment')} to {output}", err=True)


def _export(session: Session, viewer: Person, filters: CommitmentFilters, fmt: ExportFormat, out: TextIO) -> int:
    """Stream the commitments `viewer` may read, each with its marking as the viewer's scheme writes it."""
    from servanda.store import iter_commitments

    shown = MarkingsShown(viewer)
    records = (commitment_json(c, shown) for c in iter_commitments(session, viewer=viewer, **filters))
    return write_records(records, fmt, out)


def write_records(records: Iterable[dict[str, Any]], fmt: ExportFormat, out: TextIO) -> int:
    """Write flat records as a JSON array, JSON Lines or CSV (lists joined with `;`); return how many."""
    from servanda.store.export import CSV_LIST_SEPARATOR, FIELDS

    table = csv.DictWriter(out, fieldnames=[*FIELDS, "marking_for_viewer"]) if fmt is ExportFormat.csv else None
    if table is not None:
        table.writeheader()
    elif fmt is ExportFormat.json:
        out.write("[")
    count = 0
    for count, record in enumerate(records, start=1):
        if table is not None:
            table.writerow({k: CSV_LIST_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in record.items()})
        elif fmt is ExportFormat.jsonl:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(("\n" if count == 1 else ",\n") + json.dumps(record, ensure_ascii=False))
    if fmt is ExportFormat.json:
        out.write("\n]\n" if count else "]\n")
    return count
