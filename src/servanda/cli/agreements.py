"""`servanda agreements`: agreements, plans and partnerships with their lifecycle, stage by stage; a stage recorded
by hand; an agreement renamed or given another kind."""

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
    from servanda.tracking.agreements import AgreementPublic

agreements_app = record_app(
    "agreements", "Agreements: lifecycle stages with dates and evidence. Alone it lists them; with an ID, shows one."
)

AgreementId = Annotated[int, typer.Argument(metavar="ID", help="The agreement's id.", show_default=False)]
Format = Annotated[TableOrJson, typer.Option("--format", help="Output format.")]


@agreements_app.command("list")
def list_(
    as_of: tracking.AsOf = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List the agreements you may read, by name, with the stage each had reached on a day."""
    from servanda.tracking.agreements import list_agreements

    with reading(db, acting) as (session, viewer):
        agreements = list_agreements(session, viewer=viewer, as_of=as_of)
    shown = MarkingsShown(viewer)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(agreements, shown))
        return
    if not agreements:
        line("no agreements are stored")
        return
    from servanda.cli.record_views import agreements_table
    from servanda.cli.views import display

    display(agreements_table(agreements, shown))


@agreements_app.command("show")
def show(
    agreement_id: AgreementId,
    as_of: tracking.AsOf = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Show one agreement: every stage it reached, with its date and evidence."""
    from servanda.tracking.agreements import get_agreement

    with reading(db, acting) as (session, viewer):
        agreement = get_agreement(session, agreement_id, viewer=viewer, as_of=as_of)
    _show(agreement, MarkingsShown(viewer), format)


@agreements_app.command("stage")
def stage(
    agreement_id: AgreementId,
    stage: Annotated[
        str,
        typer.Argument(
            metavar="STAGE",
            help="proposed, negotiating, launched, concluded, signed, in-force or terminated.",
            show_default=False,
        ),
    ],
    on: Annotated[
        str,
        typer.Option("--on", metavar="DATE", help="When: YYYY-MM-DD, YYYY-MM or YYYY.", show_default=False),
    ],
    document: tracking.DocumentRef = None,
    marking: tracking.EvidenceMarking = None,
    raise_marking: tracking.RaiseMarking = False,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Record that an agreement reached a stage on a day, evidenced by a stored document if there is one."""
    from servanda.tracking.agreements import set_stage

    with writing(db, acting) as (session, actor):
        stored = set_stage(
            session,
            agreement_id,
            stage.strip(),
            on.strip(),
            actor=actor,
            document_id=document_id(session, document, viewer=actor) if document is not None else None,
            marking=tracking.evidence_marking(marking, actor),
            raise_marking=raise_marking,
        )
    evidence = f", evidenced by document {stored.document_id}" if stored.document_id else ""
    shown = MarkingsShown(actor).label_of(stored.marking)
    line(f"agreement {agreement_id} {stored.stage} on {stored.date}{evidence} (stage {stored.id}); marked {shown}")


@agreements_app.command("edit")
def edit(
    agreement_id: AgreementId,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="Its new name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND", help="agreement, plan or partnership.")] = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Rename an agreement or change its kind; the audit log keeps the values before and after."""
    from servanda.tracking.agreements import edit_agreement

    if name is None and kind is None:
        raise typer.BadParameter("give --name or --kind")
    with writing(db, acting) as (session, actor):
        agreement = edit_agreement(session, agreement_id, actor=actor, name=name, kind=kind)
    _show(agreement, MarkingsShown(actor), format)


def _show(agreement: AgreementPublic, shown: MarkingsShown, format: TableOrJson) -> None:
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(agreement, shown))
        return
    from servanda.cli.record_views import agreement_view
    from servanda.cli.views import display

    display(agreement_view(agreement, shown))
