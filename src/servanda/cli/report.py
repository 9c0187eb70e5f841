"""`servanda report`: the compliance report an official takes to the next meeting, as Markdown, HTML or PDF, over
only what the reader may read; and snapshots of it, interim or final, to compare."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from servanda.cli import options
from servanda.cli import tracking_options as tracking
from servanda.cli.database import reading
from servanda.cli.errors import ServandaGroup
from servanda.cli.markings import MarkingsShown
from servanda.cli.options import TableOrJson
from servanda.cli.output import line, plural, write_json
from servanda.cli.writing import save_bytes, writing

if TYPE_CHECKING:
    from servanda.tracking.reporting import SnapshotPublic

report_app = typer.Typer(
    name="report",
    cls=ServandaGroup,
    invoke_without_command=True,
    no_args_is_help=False,
    help="The compliance report (md, html, pdf), and snapshots of it to compare.",
)

SnapshotId = Annotated[int, typer.Argument(metavar="SNAPSHOT", help="A snapshot's id.", show_default=False)]


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    json = "json"


@report_app.callback()
def report(
    ctx: typer.Context,
    as_of: tracking.AsOf = None,
    format: Annotated[ReportFormat, typer.Option("--format", help="Markdown, HTML, PDF or JSON.")] = ReportFormat.md,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write to FILE, replacing it only once complete. Default: stdout (not for PDF).",
        ),
    ] = None,
    snapshot: Annotated[
        int | None, typer.Option("--snapshot", metavar="SNAPSHOT", help="Render a stored snapshot instead.")
    ] = None,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Write the compliance report as of a day: totals, compliance per party, overdue items, mechanisms,
    agreements and charts, every claim footnoted to its evidence, under the highest marking it contains."""
    if ctx.invoked_subcommand is not None:
        given = [name for name, value in ctx.params.items() if value not in (None, ReportFormat.md)]
        if given:
            raise typer.BadParameter(
                f"the options of `servanda report` do not go before `{ctx.invoked_subcommand}`: put them after it"
            )
        return
    if format is ReportFormat.pdf and (output is None or str(output) == "-"):
        raise typer.BadParameter("a PDF goes to a file: give -o FILE", param_hint="'--format'")
    if snapshot is not None and as_of is not None:
        raise typer.BadParameter("a snapshot is of its own day: give --snapshot or --as-of", param_hint="'--as-of'")
    from servanda.tracking.reporting import get_snapshot, report_data, report_from_snapshot

    with reading(db, acting) as (session, viewer):
        if snapshot is None:
            data = report_data(session, viewer=viewer, as_of=as_of)
        else:
            data = report_from_snapshot(get_snapshot(session, snapshot, viewer=viewer))
    if format is ReportFormat.json:
        import json

        content = (json.dumps(data.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        from servanda.tracking.render import render

        content = render(data, format.value)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    save_bytes(output, content)
    line(
        f"wrote the report as of {data.as_of.isoformat()} ({format.value}, {plural(len(data.items), 'commitment')}) "
        f"to {output}; marked {data.marking}",
        err=True,
    )


@report_app.command("snapshot")
def snapshot(
    label: Annotated[str, typer.Argument(metavar="LABEL", help="Its label, e.g. 'interim 2027'.", show_default=False)],
    as_of: tracking.AsOf = None,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Store the report as it stands for you on a day, to render or compare later."""
    from servanda.tracking.reporting import take_snapshot

    with writing(db, acting) as (session, actor):
        taken = take_snapshot(session, label, actor=actor, as_of=as_of)
    shown = MarkingsShown(actor).label_of(taken.marking)
    count = plural(len(taken.data["items"]), "commitment")
    line(f"snapshot {taken.id} {taken.label!r} as of {taken.as_of.isoformat()}: {count}; marked {shown}")


@report_app.command("snapshots")
def snapshots(
    format: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List the snapshots you may read, oldest first."""
    from servanda.tracking.reporting import list_snapshots

    with reading(db, acting) as (session, viewer):
        found = list_snapshots(session, viewer=viewer)
    shown = MarkingsShown(viewer)
    if format is TableOrJson.json:
        write_json([_snapshot_record(s, shown) for s in found])
        return
    if not found:
        line("no snapshots: take one with servanda report snapshot LABEL")
        return
    from servanda.cli.record_views import snapshots_table
    from servanda.cli.views import display

    display(snapshots_table(found, shown))


@report_app.command("compare")
def compare(
    before: SnapshotId,
    after: SnapshotId,
    format: Annotated[TableOrJson, typer.Option("--format", help="Output format.")] = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List what changed between two snapshots: statuses, scores, commitments added or removed."""
    from servanda.tracking.reporting import compare_snapshots, get_snapshot

    with reading(db, acting) as (session, viewer):
        changes = compare_snapshots(session, before, after, viewer=viewer)
        first, second = get_snapshot(session, before, viewer=viewer), get_snapshot(session, after, viewer=viewer)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(changes, MarkingsShown(viewer)))
        return
    from servanda.cli.record_views import changes_table
    from servanda.cli.views import display

    title = f"{first.label!r} ({first.as_of.isoformat()}) → {second.label!r} ({second.as_of.isoformat()})"
    display(changes_table(changes, title=title))


def _snapshot_record(snapshot: SnapshotPublic, shown: MarkingsShown) -> dict[str, object]:
    """A snapshot as `report snapshots --format json` lists it: without its data, which `report --snapshot` renders."""
    banner, equivalent = shown.banners_of(snapshot.marking)
    return {
        "id": snapshot.id,
        "label": snapshot.label,
        "as_of": snapshot.as_of.isoformat(),
        "taken_by": snapshot.taken_by,
        "at": snapshot.at.isoformat(),
        "commitments": len(snapshot.data["items"]),
        "marking": banner,
        "marking_for_viewer": equivalent,
    }
