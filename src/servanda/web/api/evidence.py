"""Evidence on a commitment, and the proposals of evidence later statements bring: list, accept, reject."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from servanda.tracking.evidence import attach_evidence, list_evidence
from servanda.tracking.suggest import accept_proposal, list_proposals, reject_proposal
from servanda.web.api.commitments import commitment_detail
from servanda.web.api.common import IfMatch, read, write
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.etags import check_if_match, json_bytes, represent
from servanda.web.markings import Banners
from servanda.web.pagination import Paged, links
from servanda.web.schemas.evidence import EvidenceAttach, EvidencePage, EvidencePublic, evidence_public
from servanda.web.schemas.proposals import (
    AcceptedPublic,
    ProposalAccept,
    ProposalPage,
    ProposalPublic,
    ProposalReject,
    accepted_public,
    proposal_public,
)

router = APIRouter(tags=["evidence"])


@router.get("/commitments/{commitment_id}/evidence", response_model=EvidencePage, **read(404, listing=True))
def get_evidence(commitment_id: int, request: Request, viewer: Viewer, db: Db, paging: Paged) -> Response:
    """The evidence attached to a commitment that the viewer may read, oldest first."""
    with db.reading() as session:
        evidence = list_evidence(session, commitment_id, viewer=viewer)
        banners = Banners(session, viewer)
        shown = paging.cut(evidence)
        page = EvidencePage(
            items=[evidence_public(e, banners) for e in shown],
            total=len(evidence),
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(e.marking for e in shown),
        )
    return represent(request, page, headers=links(request, paging, len(evidence)))


@router.post("/commitments/{commitment_id}/evidence", response_model=EvidencePublic, **write(412))
def add_evidence(
    commitment_id: int, body: EvidenceAttach, request: Request, viewer: Viewer, db: Db, if_match: IfMatch = None
) -> Response:
    """Attach evidence to a commitment: a span of a stored document or an external reference. With If-Match (the
    commitment's ETag), nothing is written when the commitment changed meanwhile."""
    with db.writing() as session:
        check_if_match(if_match, json_bytes(commitment_detail(session, commitment_id, viewer)), required=False)
        stored = attach_evidence(
            session, commitment_id, body.value(viewer), actor=viewer, raise_marking=body.raise_marking
        )
        out = evidence_public(stored, Banners(session, viewer))
    return represent(request, out, status=201)


@router.get("/proposals", response_model=ProposalPage, **read(listing=True))
def get_proposals(
    request: Request,
    viewer: Viewer,
    db: Db,
    paging: Paged,
    document_id: Annotated[int | None, Query(description="proposals from this statement")] = None,
    commitment_id: Annotated[int | None, Query(description="proposals for this commitment")] = None,
    state: Annotated[Literal["pending", "accepted", "rejected"] | None, Query()] = None,
) -> Response:
    """Proposals the viewer may read, best first for each statement."""
    with db.reading() as session:
        proposals = list_proposals(
            session, viewer=viewer, document_id=document_id, commitment_id=commitment_id, state=state
        )
        banners = Banners(session, viewer)
        shown = paging.cut(proposals)
        page = ProposalPage(
            items=[proposal_public(p, banners) for p in shown],
            total=len(proposals),
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(p.marking for p in shown),
        )
    return represent(request, page, headers=links(request, paging, len(proposals)))


@router.post("/proposals/{proposal_id}/accept", response_model=AcceptedPublic, **write(409, created=False))
def accept(proposal_id: int, body: ProposalAccept, request: Request, viewer: Viewer, db: Db) -> Response:
    """Accept a pending proposal: its passage becomes evidence, and with a `status` an assessment rests on it."""
    with db.writing() as session:
        accepted = accept_proposal(
            session,
            proposal_id,
            actor=viewer,
            status=body.status,
            scores=body.scores,
            rationale=body.rationale,
            as_of=body.as_of,
            raise_marking=body.raise_marking,
        )
        out = accepted_public(accepted, Banners(session, viewer))
    return represent(request, out)


@router.post("/proposals/{proposal_id}/reject", response_model=ProposalPublic, **write(409, created=False))
def reject(proposal_id: int, body: ProposalReject, request: Request, viewer: Viewer, db: Db) -> Response:
    """Reject a pending proposal: it stays stored, marked rejected, and is not proposed again."""
    with db.writing() as session:
        rejected = reject_proposal(session, proposal_id, actor=viewer, reason=body.reason)
        out = proposal_public(rejected, Banners(session, viewer))
    return represent(request, out)
