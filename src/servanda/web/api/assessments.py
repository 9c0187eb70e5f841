"""Assessments: recording one against the commitment's current ETag, and reading one back."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from servanda.access import Person
from servanda.store.models import Assessment
from servanda.store.visibility import audit_read, visibility
from servanda.tracking.assess import assess, assessment_value
from servanda.tracking.lookup import visible
from servanda.web.api.commitments import commitment_detail
from servanda.web.api.common import IfMatch, read, write
from servanda.web.auth import Viewer
from servanda.web.database import Db
from servanda.web.etags import check_if_match, json_bytes, represent
from servanda.web.markings import Banners
from servanda.web.schemas.assessments import AssessmentCreate, AssessmentPublic, assessment_public

router = APIRouter(tags=["assessments"])


@router.post("/commitments/{commitment_id}/assessments", response_model=AssessmentPublic, **write(412, 428))
def create_assessment(
    commitment_id: int, body: AssessmentCreate, request: Request, viewer: Viewer, db: Db, if_match: IfMatch = None
) -> Response:
    """Record an assessment of a commitment. `If-Match` must carry the ETag of GET /commitments/ID: when the
    commitment changed meanwhile (another assessment, new evidence), the answer is 412 and nothing is written."""
    with db.writing() as session:
        check_if_match(if_match, json_bytes(commitment_detail(session, commitment_id, viewer)), required=True)
        created = assess(session, body.value(commitment_id, viewer), actor=viewer, raise_marking=body.raise_marking)
        out = assessment_public(created, Banners(session, viewer))
    return represent(request, out, status=201, headers={"Location": f"/api/v1/assessments/{created.id}"})


def _assessment(session: Session, assessment_id: int, viewer: Person) -> AssessmentPublic:
    seen = visibility(session, viewer)
    row = visible(session, seen, Assessment, assessment_id, noun="assessment")
    value = assessment_value(row, seen)
    evidence = [link.evidence for link in row.evidence_links if link.evidence is not None]
    audit_read(session, seen, "assessment", [row], related={"evidence": evidence})
    return assessment_public(value, Banners(session, viewer))


@router.get("/assessments/{assessment_id}", response_model=AssessmentPublic, **read(404))
def get_assessment(assessment_id: int, request: Request, viewer: Viewer, db: Db) -> Response:
    """One assessment, with the evidence it rests on that the viewer may read."""
    with db.reading() as session:
        return represent(request, _assessment(session, assessment_id, viewer))
