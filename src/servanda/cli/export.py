"""`servanda export`: stored commitments as JSON, JSON Lines or CSV, streamed to stdout or a file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.atomic import atomic_write
from servanda.cli.database import acting_person, commitment_filters, reading
from servanda.cli.output import line, plural


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
    db: options.Database = None,
) -> None:
    """Export stored commitments, optionally filtered as by `servanda list`."""
    from servanda.store import export_commitments

    with reading(db) as session:
        filters = commitment_filters(
            session,
            area=area.value if area else None,
            strength=strength.value if strength else None,
            actor=actor,
            due_before=due_before,
            document=document,
        )
        if output is None or str(output) == "-":
            export_commitments(session, format.value, sys.stdout, viewer=acting_person(), **filters)
            sys.stdout.flush()
            return
        # The csv module writes its own line endings (RFC 4180's CRLF); the file must not translate them.
        with atomic_write(output, newline="" if format is ExportFormat.csv else None) as handle:
            count = export_commitments(session, format.value, handle, viewer=acting_person(), **filters)
    line(f"exported {plural(count, 'commitment')} to {output}", err=True)
