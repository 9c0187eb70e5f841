"""`/commitments`: filtered lists, one commitment with its status, its history of assessments and its lineage."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from servanda import store
from servanda.access import Person
from servanda.extract.model import STRENGTHS
from servanda.store.visibility import visibility
from servanda.tracking.assess import history, latest_statuses
from servanda.tracking.evidence import list_evidence
from servanda.tracking.links import lineage
from servanda.tracking.lookup import today
from servanda.tracking.status import STATUSES
from servanda.web.api.common import read
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.errors import Missing
from servanda.web.etags import represent
from servanda.web.markings import Banners
from servanda.web.pagination import Paged, links
from servanda.web.schemas.assessments import AssessmentPage, assessment_public
from servanda.web.schemas.commitments import (
    CommitmentDetail,
    CommitmentPage,
    LineagePage,
    commitment_public,
    lineage_step_public,
)

router = APIRouter(tags=["commitments"])

Strength = Literal[STRENGTHS]  # type: ignore[valid-type]
Status = Literal[tuple(STATUSES)]  # type: ignore[valid-type]


@router.get("/commitments", response_model=CommitmentPage, **read(listing=True))
def list_commitments(
    request: Request,
    viewer: Viewer,
    db: Db,
    paging: Paged,
    area: Annotated[str | None, Query(description="e.g. defence, cyber, partnership")] = None,
    strength: Annotated[Strength | None, Query()] = None,
    actor: Annotated[str | None, Query(description="a party code among its actors")] = None,
    status: Annotated[Status | None, Query(description="its status as of today")] = None,
    due_after: Annotated[date | None, Query(description="its due period ends after this day")] = None,
    due_before: Annotated[date | None, Query(description="its due period ends before this day")] = None,
    document_id: Annotated[int | None, Query(description="only this statement's")] = None,
) -> Response:
    """Commitments the viewer may read, oldest statement first and in statement order, filtered; the total counts
    only what the viewer may read."""
    filters: store.CommitmentFilters = {
        "area": area,
        "strength": strength,
        "actor": actor,
        "status": status,
        "due_after": due_after,
        "due_before": due_before,
        "document_id": document_id,
    }
    with db.reading() as session:
        total = store.count_commitments(session, viewer=viewer, **filters)
        found = store.list_commitments(session, viewer=viewer, limit=paging.limit, offset=paging.offset, **filters)
        statuses = latest_statuses(session, visibility(session, viewer), [c.id for c in found], as_of=today())
        banners = Banners(session, viewer)
        page = CommitmentPage(
            items=[commitment_public(c, statuses[c.id].status, banners) for c in found],
            total=total,
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(banners.marking(c.marking_id) for c in found),
        )
    return represent(request, page, headers=links(request, paging, total))


def commitment_detail(session: Session, commitment_id: int, viewer: Person) -> CommitmentDetail:
    """The representation GET /commitments/ID sends, whose ETag writes to the commitment must name."""
    found = store.get_commitment(session, commitment_id, viewer=viewer)
    if found is None:
        raise Missing(f"no commitment {commitment_id}")
    assessments = history(session, commitment_id, viewer=viewer)
    current = [a for a in assessments if a.as_of <= today()]  # oldest first, as the status is chosen
    evidence = list_evidence(session, commitment_id, viewer=viewer)
    public = commitment_public(found, current[-1].status if current else "not-assessed", Banners(session, viewer))
    return CommitmentDetail(
        **public.model_dump(),
        assessment_id=current[-1].id if current else None,
        assessments=len(assessments),
        evidence=len(evidence),
    )


@router.get("/commitments/{commitment_id}", response_model=CommitmentDetail, **read(404))
def get_commitment(commitment_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    """One commitment, with its status and how many assessments and pieces of evidence the viewer may read."""
    with db.reading() as session:
        return represent(request, commitment_detail(session, commitment_id, viewer))


@router.get("/commitments/{commitment_id}/history", response_model=AssessmentPage, **read(404, listing=True))
def get_history(commitment_id: int, request: Request, viewer: Viewer, db: Db, paging: Paged) -> Response:
    """The commitment's assessments the viewer may read, oldest first (by the day each speaks for)."""
    with db.reading() as session:
        assessments = history(session, commitment_id, viewer=viewer)
        banners = Banners(session, viewer)
        shown = paging.cut(assessments)
        page = AssessmentPage(
            items=[assessment_public(a, banners) for a in shown],
            total=len(assessments),
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(a.marking for a in shown),
        )
    return represent(request, page, headers=links(request, paging, len(assessments)))


@router.get("/commitments/{commitment_id}/lineage", response_model=LineagePage, **read(404, listing=True))
def get_lineage(commitment_id: int, request: Request, viewer: Viewer, db: Db, paging: Paged) -> Response:
    """The commitment's chain of restatements and replacements, first statement first, through the links the
    viewer may read that no one rejected."""
    with db.reading() as session:
        steps = lineage(session, commitment_id, viewer=viewer)
        banners = Banners(session, viewer)
        shown = paging.cut(steps)
        page = LineagePage(
            items=[lineage_step_public(step, banners) for step in shown],
            total=len(steps),
            limit=paging.limit,
            offset=paging.offset,
            marking=banners.highest(step.marking for step in shown),
        )
    return represent(request, page, headers=links(request, paging, len(steps)))
