"""`servanda due` and `servanda calendar`: what is overdue and what falls due soon, as of any day, and the same as
an RFC 5545 calendar; both only over what the reader may read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli import tracking_options as tracking
from servanda.cli.database import reading
from servanda.cli.markings import MarkingsShown
from servanda.cli.options import TableOrJson
from servanda.cli.output import line, plural, write_json
from servanda.cli.writing import save_bytes


def due(
    as_of: tracking.AsOf = None,
    within: tracking.Within = None,
    format: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List open commitments overdue or due soon, and mechanisms' expected meetings, as of a day."""
    from servanda.tracking.due_items import DEFAULT_WINDOW, due_items

    with reading(db, acting) as (session, viewer):
        items = due_items(session, viewer=viewer, as_of=as_of, within=within or DEFAULT_WINDOW)
    shown = MarkingsShown(viewer)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(items, shown))
        return
    from servanda.cli.record_views import due_view
    from servanda.cli.views import display

    display(due_view(items, shown))


def calendar(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write to FILE, replacing it only once complete. Default: stdout.",
        ),
    ] = None,
    as_of: tracking.AsOf = None,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Write an RFC 5545 calendar of open deadlines and mechanisms' expected meetings."""
    from servanda.tracking.due_items import calendar_ics

    with reading(db, acting) as (session, viewer):
        data = calendar_ics(session, viewer=viewer, as_of=as_of)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    save_bytes(output, data)
    from icalendar import Calendar

    written = Calendar.from_ical(data)
    events = len(written.walk("VEVENT"))
    line(f"wrote {plural(events, 'event')} to {output}: {written.get('x-wr-calname')}", err=True)
