"""Proposals: a passage of a later statement that seems to bear on an earlier commitment or achievement, until a
person accepts it (as evidence, and optionally an assessment) or rejects it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from servanda.tracking import suggest as library
from servanda.web.markings import Banners, MarkingPublic
from servanda.web.schemas.assessments import AssessedStatus, AssessmentPublic, Score, assessment_public
from servanda.web.schemas.common import Page
from servanda.web.schemas.evidence import EvidencePublic, evidence_public


class ProposalPublic(BaseModel):
    id: int
    document_id: int
    document_title: str | None
    document_date: str | None
    commitment_id: int | None
    achievement_id: int | None
    target_quote: str
    score: float
    start: int
    end: int
    passage: str
    relation: Literal["delivers", "restates", "progresses"]
    state: Literal["pending", "accepted", "rejected"]
    decided_by: str | None
    decided_at: datetime | None
    evidence_id: int | None
    marking: MarkingPublic


class ProposalPage(Page[ProposalPublic]):
    pass


class ProposalAccept(BaseModel):
    """Accepting attaches the passage as evidence; with a `status`, it also records an assessment resting on it."""

    status: AssessedStatus | None = None
    scores: dict[str, Score] | None = None
    rationale: str | None = None
    as_of: date | None = None
    raise_marking: bool = False


class ProposalReject(BaseModel):
    reason: str | None = None


class AcceptedPublic(BaseModel):
    """What accepting wrote: the evidence, and the assessment when a status was given."""

    proposal: ProposalPublic
    evidence: EvidencePublic
    assessment: AssessmentPublic | None


def proposal_public(value: library.ProposalPublic, banners: Banners) -> ProposalPublic:
    fields = {name: getattr(value, name) for name in ProposalPublic.model_fields if name != "marking"}
    return ProposalPublic(**fields, marking=banners.of(value.marking))


def accepted_public(value: library.Accepted, banners: Banners) -> AcceptedPublic:
    return AcceptedPublic(
        proposal=proposal_public(value.proposal, banners),
        evidence=evidence_public(value.evidence, banners),
        assessment=assessment_public(value.assessment, banners) if value.assessment is not None else None,
    )
