"""`servanda mechanisms`: the standing mechanisms (the 2+2, staff talks, dialogues) with their cadence, meetings and
next expected meeting; a meeting recorded by hand; a mechanism renamed or given a cadence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from servanda.cli import options
from servanda.cli import tracking_options as tracking
from servanda.cli.database import document_id, reading
from servanda.cli.markings import MarkingsShown
from servanda.cli.options import TableOrJson
from servanda.cli.output import line, write_json
from servanda.cli.record_group import record_app
from servanda.cli.writing import writing

if TYPE_CHECKING:
    from servanda.tracking.mechanisms import MechanismPublic

mechanisms_app = record_app(
    "mechanisms", "Mechanisms: cadence, meetings, next expected meeting. Alone it lists them; with an ID, shows one."
)

MechanismId = Annotated[int, typer.Argument(metavar="ID", help="The mechanism's id.", show_default=False)]
Format = Annotated[TableOrJson, typer.Option("--format", help="Output format.")]


@mechanisms_app.command("list")
def list_(
    as_of: tracking.AsOf = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List the mechanisms you may read, by name, as they stand on a day."""
    from servanda.tracking.mechanisms import list_mechanisms

    with reading(db, acting) as (session, viewer):
        mechanisms = list_mechanisms(session, viewer=viewer, as_of=as_of)
    shown = MarkingsShown(viewer)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(mechanisms, shown))
        return
    if not mechanisms:
        line("no mechanisms are stored")
        return
    from servanda.cli.record_views import mechanisms_table
    from servanda.cli.views import display

    display(mechanisms_table(mechanisms, shown))


@mechanisms_app.command("show")
def show(
    mechanism_id: MechanismId,
    as_of: tracking.AsOf = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Show one mechanism: its cadence, every meeting with its evidence, and the next one expected."""
    from servanda.tracking.mechanisms import get_mechanism

    with reading(db, acting) as (session, viewer):
        mechanism = get_mechanism(session, mechanism_id, viewer=viewer, as_of=as_of)
    _show(mechanism, MarkingsShown(viewer), format)


@mechanisms_app.command("meeting")
def meeting(
    mechanism_id: MechanismId,
    held: Annotated[
        str,
        typer.Option("--held", metavar="DATE", help="When it met: YYYY-MM-DD, YYYY-MM or YYYY.", show_default=False),
    ],
    document: tracking.DocumentRef = None,
    marking: tracking.EvidenceMarking = None,
    raise_marking: tracking.RaiseMarking = False,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Record that a mechanism met, evidenced by a stored document if there is one."""
    from servanda.tracking.mechanisms import add_meeting

    with writing(db, acting) as (session, actor):
        stored = add_meeting(
            session,
            mechanism_id,
            held.strip(),
            actor=actor,
            document_id=document_id(session, document, viewer=actor) if document is not None else None,
            marking=tracking.evidence_marking(marking, actor),
            raise_marking=raise_marking,
        )
    evidence = f", evidenced by document {stored.document_id}" if stored.document_id else ""
    shown = MarkingsShown(actor).label_of(stored.marking)
    line(f"meeting {stored.id} of mechanism {mechanism_id}: held {stored.held_on}{evidence}; marked {shown}")


@mechanisms_app.command("edit")
def edit(
    mechanism_id: MechanismId,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="Its new name.")] = None,
    recurrence: Annotated[
        str | None,
        typer.Option(
            "--recurrence", metavar="DURATION", help='Its cadence, ISO 8601 (P2Y: every two years); "" clears it.'
        ),
    ] = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Rename a mechanism or change its cadence; the audit log keeps the values before and after."""
    from servanda.tracking.mechanisms import edit_mechanism

    if name is None and recurrence is None:
        raise typer.BadParameter("give --name or --recurrence")
    with writing(db, acting) as (session, actor):
        mechanism = edit_mechanism(session, mechanism_id, actor=actor, name=name, recurrence=recurrence)
    _show(mechanism, MarkingsShown(actor), format)


def _show(mechanism: MechanismPublic, shown: MarkingsShown, format: TableOrJson) -> None:
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(mechanism, shown))
        return
    from servanda.cli.record_views import mechanism_view
    from servanda.cli.views import display

    display(mechanism_view(mechanism, shown))
