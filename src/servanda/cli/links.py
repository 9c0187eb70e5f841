"""`servanda links` and `servanda review`: continuity between statements (a commitment restated, superseded or
narrowed by a later one), a person's decision on each proposed link, and the commitments a series dropped."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli import tracking_options as tracking
from servanda.cli.database import reading
from servanda.cli.markings import MarkingsShown
from servanda.cli.options import TableOrJson
from servanda.cli.output import line, plural, write_json
from servanda.cli.record_group import record_app
from servanda.cli.writing import writing

links_app = record_app(
    "links",
    "Continuity links between commitments of successive statements. Alone it lists them; with an ID, those of "
    "that commitment.",
    by_id="list",
)

LinkId = Annotated[int, typer.Argument(metavar="LINK", help="The link's id.", show_default=False)]
Format = Annotated[TableOrJson, typer.Option("--format", help="Output format.")]


class LinkState(StrEnum):
    proposed = "proposed"
    confirmed = "confirmed"
    rejected = "rejected"


@links_app.command("list")
def list_(
    commitment_id: Annotated[
        int | None,
        typer.Argument(metavar="[ID]", help="Only the links to or from this commitment.", show_default=False),
    ] = None,
    state: Annotated[LinkState | None, typer.Option("--state", help="Only links in this state.")] = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List the continuity links you may read, oldest first; with ID, those to or from that commitment."""
    from servanda.tracking.links import lineage, list_links

    with reading(db, acting) as (session, viewer):
        if commitment_id is not None:
            lineage(session, commitment_id, viewer=viewer)  # NotFound, as for every record one may not read
        links = list_links(
            session, viewer=viewer, commitment_id=commitment_id, state=state.value if state is not None else None
        )
    shown = MarkingsShown(viewer)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(links, shown))
        return
    if not links:
        line("no links" + (f" to or from commitment {commitment_id}" if commitment_id is not None else ""))
        return
    from servanda.cli.tracking_views import links_table
    from servanda.cli.views import display

    display(links_table(links, shown))
    pending = sum(link.state == "proposed" for link in links)
    if pending:
        line(f"{plural(pending, 'link')} proposed: servanda links confirm LINK, or servanda links reject LINK")


@links_app.command("confirm")
def confirm(link_id: LinkId, acting: options.ActingAs = None, db: options.Database = None) -> None:
    """Confirm a proposed link: the later commitment continues the earlier one."""
    from servanda.tracking.links import confirm_link

    with writing(db, acting) as (session, actor):
        link = confirm_link(session, link_id, actor=actor)
    line(f"confirmed link {link.id}: commitment {link.later_id} {link.relation} commitment {link.earlier_id}")


@links_app.command("reject")
def reject(link_id: LinkId, acting: options.ActingAs = None, db: options.Database = None) -> None:
    """Reject a proposed link: it is kept, marked rejected, and leaves the lineage."""
    from servanda.tracking.links import reject_link

    with writing(db, acting) as (session, actor):
        link = reject_link(session, link_id, actor=actor)
    line(f"rejected link {link.id}: commitment {link.later_id} does not continue commitment {link.earlier_id}")


def review(
    as_of: tracking.AsOf = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List the commitments a later statement of the same series dropped, flagged for review."""
    from servanda.tracking.review import review_flags

    with reading(db, acting) as (session, viewer):
        flags = review_flags(session, viewer=viewer, as_of=as_of)
    shown = MarkingsShown(viewer)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(flags, shown))
        return
    if not flags:
        line("no commitment was dropped by a later statement of its series")
        return
    from servanda.cli.tracking_views import flags_view
    from servanda.cli.views import display

    display(flags_view(flags, shown))
    line("review each: servanda history ID, then servanda assess ID --status ... --evidence ... --note ...")
