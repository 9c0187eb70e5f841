"""`servanda assess` and `servanda history`: record a dated judgement of a commitment, with scores and evidence,
and read back every judgement made of it, its status in G7 Research Group and OGP terms, and its lineage."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from servanda.cli import options
from servanda.cli import tracking_options as tracking
from servanda.cli.database import reading
from servanda.cli.markings import MarkingsShown
from servanda.cli.options import TableOrJson
from servanda.cli.output import line, write_json
from servanda.cli.writing import writing

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from servanda.access import Marking, Person
    from servanda.tracking.evidence import EvidenceCreate

CommitmentId = Annotated[int, typer.Argument(metavar="ID", help="The commitment's id.", show_default=False)]
Format = Annotated[TableOrJson, typer.Option("--format", help="Output format.")]


class View(StrEnum):
    g7 = "g7"
    ogp = "ogp"


def assess(
    commitment_id: CommitmentId,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="not-started, in-progress, delivered, delivered-late, stalled, abandoned or superseded.",
            show_default=False,
        ),
    ],
    score: tracking.Scores = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar="EVIDENCE",
            help="A URL, DOC:START-END (a span of a stored document), the id of evidence already on the commitment, "
            "or a statement file to store and cite; repeat for several.",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The title of the URLs given. Default: the URL.")
    ] = None,
    note: tracking.Note = None,
    as_of: tracking.AsOf = None,
    corrects: Annotated[
        int | None,
        typer.Option("--corrects", metavar="ASSESSMENT", help="The earlier assessment of this commitment it corrects."),
    ] = None,
    marking: tracking.EvidenceMarking = None,
    raise_marking: tracking.RaiseMarking = False,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Assess a commitment: its status as of a day, a score per party, the rationale and the evidence."""
    from servanda.tracking.assess import AssessmentCreate
    from servanda.tracking.assess import assess as record

    with writing(db, acting) as (session, actor):
        given = tracking.evidence_marking(marking, actor)
        items = [_evidence(session, actor, commitment_id, text, title=title, marking=given) for text in evidence or ()]
        request = AssessmentCreate(
            commitment_id,
            status.strip(),
            note or "",
            items,
            tracking.parse_scores(score),
            as_of=as_of,
            corrects=corrects,
        )
        stored = record(session, request, actor=actor, raise_marking=raise_marking)
    shown = MarkingsShown(actor)
    if format is TableOrJson.json:
        from servanda.cli.tracking_json import as_json

        write_json(as_json(stored, shown))
        return
    from servanda.cli.tracking_views import assessment_line

    line(assessment_line(stored, shown))


def history(
    commitment_id: CommitmentId,
    view: Annotated[View, typer.Option("--view", help="Show statuses in G7 Research Group or OGP terms.")] = View.g7,
    as_of: tracking.AsOf = None,
    format: Format = TableOrJson.table,
    acting: options.ActingAs = None,
    db: options.Database = None,
) -> None:
    """Show a commitment's assessments with scores, evidence, who and when; its status now; and its lineage."""
    from servanda.store import get_commitment
    from servanda.tracking.assess import current_status
    from servanda.tracking.assess import history as assessments_of
    from servanda.tracking.links import lineage

    with reading(db, acting) as (session, viewer):
        shown = MarkingsShown(viewer)
        assessments = assessments_of(session, commitment_id, viewer=viewer)  # NotFound: missing or forbidden alike
        commitment = get_commitment(session, commitment_id, viewer=viewer)
        assert commitment is not None, "the commitment was found a moment ago, in the same transaction"
        status = current_status(session, commitment_id, viewer=viewer, as_of=as_of)
        steps = lineage(session, commitment_id, viewer=viewer)
        if format is TableOrJson.json:
            from servanda.cli.output import commitment_json
            from servanda.cli.tracking_json import as_json

            latest = status.assessment
            write_json(
                {
                    "commitment": commitment_json(commitment, shown),
                    "status": status.status,
                    "ogp": status.ogp,
                    "scores": as_json(latest.scores, shown) if latest else {p: None for p in commitment.parties},
                    "assessments": as_json(assessments, shown),
                    "lineage": as_json(steps, shown),
                }
            )
            return
        from servanda.cli.tracking_views import history_view
        from servanda.cli.views import display

        display(history_view(commitment, status, assessments, steps, shown, view=view.value))


def _evidence(
    session: Session, actor: Person, commitment_id: int, text: str, *, title: str | None, marking: Marking
) -> EvidenceCreate | int:
    """The evidence `--evidence TEXT` names: a URL, a span of a stored document, evidence already on the
    commitment (by id), or a statement file stored now, in the assessment's transaction."""
    from servanda.cli.errors import CommandError
    from servanda.tracking.evidence import EvidenceCreate

    value = text.strip()
    if "://" in value:
        return EvidenceCreate.reference(value, title or value, marking=marking)
    span = tracking.document_span(value)
    if span is not None:
        return EvidenceCreate.span(*span, marking=marking)
    if value.isdigit():
        return int(value)
    path = Path(value)
    if not path.is_file():
        raise CommandError(f"evidence {value!r} is not a URL, DOC:START-END, the id of evidence or a file that exists")
    return _evidence_file(session, actor, commitment_id, path, marking=marking)


def _evidence_file(
    session: Session, actor: Person, commitment_id: int, path: Path, *, marking: Marking
) -> EvidenceCreate:
    """Store a statement file as `ingest` does (marked `marking`) and cite the passage Servanda proposes from it
    for the commitment, or else its whole text."""
    from servanda.cli.errors import CommandError
    from servanda.errors import InputError
    from servanda.extract import extract
    from servanda.ingest import read_path
    from servanda.store import get_commitment
    from servanda.tracking.errors import NotFound
    from servanda.tracking.evidence import EvidenceCreate
    from servanda.tracking.intake import save_and_track
    from servanda.tracking.suggest import list_proposals

    if get_commitment(session, commitment_id, viewer=actor) is None:
        raise NotFound(f"no commitment {commitment_id}")  # before the file is read: the same answer as always
    try:
        document = read_path(path)
    except InputError as err:
        raise CommandError(f"evidence file {path} cannot be stored ({err}); nothing was written") from None
    extraction = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
    tracked = save_and_track(session, document, extraction, marking=marking, actor=actor)
    proposals = list_proposals(session, viewer=actor, document_id=tracked.document_id, commitment_id=commitment_id)
    if proposals:
        best = max(proposals, key=lambda p: p.score)
        return EvidenceCreate.span(tracked.document_id, best.start, best.end, marking=marking)
    return EvidenceCreate.span(tracked.document_id, 0, len(document.text), marking=marking)
