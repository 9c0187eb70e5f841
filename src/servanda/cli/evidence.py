"""`servanda evidence suggest|accept|reject|list|add`: the evidence proposals Servanda computes when a statement is
stored, a person's decision on each, and evidence attached by hand."""

from __future__ import annotations

from typing import Annotated

import typer

from servanda.cli import options
from servanda.cli import tracking_options as tracking
from servanda.cli.database import document_id, reading
from servanda.cli.markings import MarkingsShown
from servanda.cli.options import TableOrJson
from servanda.cli.output import line, write_json
from servanda.cli.writing import writing

evidence_app = typer.Typer(
    name="evidence", no_args_is_help=True, help="Evidence proposals, decisions on them, and evidence by hand."
)

ProposalId = Annotated[int, typer.Argument(metavar="PROPOSAL", help="The proposal's id.", show_default=False)]
CommitmentId = Annotated[int, typer.Argument(metavar="ID", help="The commitment's id.", show_default=False)]
Format = Annotated[TableOrJson, typer.Option("--format", help="Output format.")]


@evidence_app.command("suggest")
def suggest(
    document: Annotated[
        str | None,
        typer.Argument(
            metavar="[DOCUMENT]",
            help="A stored document (id or SHA-256 prefix) to compute proposals for. Default: list pending ones.",
            show_default=False,
        ),
    ] = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Propose the earlier commitments a document bears on; without DOCUMENT, list the pending proposals."""
    from servanda.tracking.suggest import list_proposals
    from servanda.tracking.suggest import suggest as propose

    if document is None:
        with reading(db, acting) as (session, person):
            proposals = list_proposals(session, viewer=person, state="pending")
    else:
        with writing(db, acting) as (session, person):
            proposals = propose(session, document_id(session, document, viewer=person), actor=person)
    shown = MarkingsShown(person)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(proposals, shown))
        return
    if not proposals:
        line("no pending proposals" if document is None else f"document {document} bears on no earlier commitment")
        return
    from servanda.cli.tracking_views import proposals_view
    from servanda.cli.views import display

    display(proposals_view(proposals, shown))
    line("accept with: servanda evidence accept PROPOSAL [--status ... --score ... --note ...]; or reject PROPOSAL")


@evidence_app.command("accept")
def accept(
    proposal_id: ProposalId,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="STATUS", help="Also record an assessment with this status."),
    ] = None,
    score: tracking.Scores = None,
    note: tracking.Note = None,
    as_of: tracking.AsOf = None,
    raise_marking: tracking.RaiseMarking = False,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Accept a proposal: attach its passage as evidence and, with --status, assess the commitment on it."""
    from servanda.tracking.suggest import accept_proposal

    with writing(db, acting) as (session, actor):
        accepted = accept_proposal(
            session,
            proposal_id,
            actor=actor,
            status=status.strip() if status is not None else None,
            scores=tracking.parse_scores(score),
            rationale=note,
            as_of=as_of,
            raise_marking=raise_marking,
        )
    shown = MarkingsShown(actor)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(accepted, shown))
        return
    proposal = accepted.proposal
    target = (
        f"commitment {proposal.commitment_id}" if proposal.commitment_id else f"achievement {proposal.achievement_id}"
    )
    line(f"accepted proposal {proposal.id}: evidence {accepted.evidence.id} on {target}")
    if accepted.assessment is not None:
        from servanda.cli.tracking_views import assessment_line

        line(assessment_line(accepted.assessment, shown))


@evidence_app.command("reject")
def reject(
    proposal_id: ProposalId,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT", help="Why it does not bear on it.")] = None,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Reject a proposal: it is kept, marked rejected, and not proposed again."""
    from servanda.tracking.suggest import reject_proposal

    with writing(db, acting) as (session, actor):
        rejected = reject_proposal(session, proposal_id, actor=actor, reason=reason)
    line(f"rejected proposal {rejected.id}")


@evidence_app.command("list")
def list_(
    commitment_id: CommitmentId,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """List the evidence attached to a commitment, oldest first."""
    from servanda.tracking.evidence import list_evidence

    with reading(db, acting) as (session, viewer):
        items = list_evidence(session, commitment_id, viewer=viewer)
    shown = MarkingsShown(viewer)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(items, shown))
        return
    if not items:
        line(f"no evidence on commitment {commitment_id}")
        return
    from servanda.cli.tracking_views import evidence_view
    from servanda.cli.views import display

    display(evidence_view(items, shown))


@evidence_app.command("add")
def add(
    commitment_id: CommitmentId,
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="An external reference's address.")] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The reference's title.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="The reference's date: YYYY-MM-DD, YYYY-MM or YYYY.")
    ] = None,
    passage: Annotated[
        str | None, typer.Option("--passage", metavar="TEXT", help="The passage of the reference that shows it.")
    ] = None,
    document: tracking.DocumentRef = None,
    span: tracking.Span = None,
    marking: tracking.EvidenceMarking = None,
    raise_marking: tracking.RaiseMarking = False,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Attach evidence to a commitment: an external reference, or a span of a stored document."""
    from servanda.tracking.evidence import EvidenceCreate, attach_evidence

    if (url is None) == (document is None):
        raise typer.BadParameter("give either --url (with --title) or --document (with --span)")
    if document is not None and span is None:
        raise typer.BadParameter("a document's evidence is a span of it: give --span START-END", param_hint="'--span'")
    if document is not None and (title or date or passage):
        raise typer.BadParameter("--title, --date and --passage describe a --url", param_hint="'--document'")
    with writing(db, acting) as (session, actor):
        given = tracking.evidence_marking(marking, actor)
        if document is None:
            evidence = EvidenceCreate.reference(url or "", title or "", date=date, passage=passage, marking=given)
        else:
            start, end = tracking.span_of(span or "") or (0, 0)
            evidence = EvidenceCreate.span(document_id(session, document, viewer=actor), start, end, marking=given)
        stored = attach_evidence(session, commitment_id, evidence, actor=actor, raise_marking=raise_marking)
    shown = MarkingsShown(actor).label_of(stored.marking)
    line(f"evidence {stored.id} on commitment {commitment_id}: {stored.source}; marked {shown}")
    line(f"cite it: servanda assess {commitment_id} --evidence {stored.id} --status ... --note ...")
