"""`servanda extract`: one statement's commitments as JSON or a table, without a database.

This is the command the reference scorer is run against, so it imports neither the store nor Rich for JSON.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli.ingest import read_source
from servanda.cli.output import extraction_record, write_json
from servanda.cli.sources import STDIN, Source


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


def extract(
    path: Annotated[str, typer.Argument(metavar="PATH", help="A statement file, or - for stdin.")],
    format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = ExtractFormat.json,
    date: options.StatementDate = None,
    issuers: options.Issuers = None,
    title: options.Title = None,
) -> None:
    """Print the commitments, achievements, mechanisms and agreements of one statement."""
    from pathlib import Path

    from servanda.extract import extract as extract_commitments

    source = Source("<stdin>") if path == STDIN else Source(str(Path(path)), Path(path))
    document = read_source(source, title=title, date=date, issuers=issuers)
    extraction = extract_commitments(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
    if format is ExtractFormat.json:
        write_json(extraction_record(document, extraction))
        return
    from servanda.cli.views import display, extraction_view

    display(extraction_view(document, extraction))
