"""Deciding on proposed evidence from a commitment's page: accept a passage as evidence (and, with a status, as an
assessment resting on it), or reject it. Each answers by going back to the page the proposal was decided on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse

from servanda.tracking.suggest import ProposalPublic, accept_proposal, reject_proposal
from servanda.web.auth import Viewer
from servanda.web.database import Db

router = APIRouter()


@router.post("/proposals/{proposal_id}/accept", name="accept_proposal")
def accept(
    proposal_id: int,
    viewer: Viewer,
    db: Db,
    status: Annotated[str, Form(max_length=32)] = "",
    rationale: Annotated[str, Form(max_length=20_000)] = "",
) -> RedirectResponse:
    with db.writing() as session:
        accepted = accept_proposal(
            session, proposal_id, actor=viewer, status=status or None, rationale=rationale.strip() or None
        )
    return RedirectResponse(_back(accepted.proposal), status_code=303)


@router.post("/proposals/{proposal_id}/reject", name="reject_proposal")
def reject(
    proposal_id: int, viewer: Viewer, db: Db, reason: Annotated[str, Form(max_length=2000)] = ""
) -> RedirectResponse:
    with db.writing() as session:
        rejected = reject_proposal(session, proposal_id, actor=viewer, reason=reason.strip() or None)
    return RedirectResponse(_back(rejected), status_code=303)


def _back(proposal: ProposalPublic) -> str:
    if proposal.commitment_id is not None:
        return f"/commitments/{proposal.commitment_id}#proposal-{proposal.id}"
    return f"/documents/{proposal.document_id}"
