"""Assessments: a person's dated judgement of a commitment, with a score per party and the evidence it rests on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from servanda.access import Person
from servanda.tracking import assess as library
from servanda.tracking.status import ASSESSED_STATUSES
from servanda.web.markings import Banners, MarkingPublic
from servanda.web.schemas.common import Page
from servanda.web.schemas.evidence import EvidenceCreate, EvidencePublic, evidence_public

AssessedStatus = Literal[ASSESSED_STATUSES]  # type: ignore[valid-type]
Score = int | str | None


class AssessmentCreate(BaseModel):
    """A new assessment of the commitment the URL names. `evidence` lists new evidence, or the ids of evidence
    attached to the commitment already; `scores` maps actors to +1, 0, -1 or null (not yet assessed)."""

    status: AssessedStatus
    rationale: str = Field(min_length=1, max_length=20_000)
    evidence: list[EvidenceCreate | int] = Field(min_length=1, max_length=50)
    scores: dict[str, Score] = Field(default_factory=dict, examples=[{"CAN": 1, "KOR": 0}])
    as_of: date | None = Field(default=None, description="the day it speaks for; today when left out")
    corrects: int | None = Field(default=None, description="an earlier assessment of the same commitment")
    raise_marking: bool = Field(
        default=False, description="raise the commitment's marking to cover evidence marked above it"
    )

    def value(self, commitment_id: int, person: Person) -> library.AssessmentCreate:
        return library.AssessmentCreate(
            commitment_id=commitment_id,
            status=self.status,
            rationale=self.rationale,
            evidence=[item if isinstance(item, int) else item.value(person) for item in self.evidence],
            scores=self.scores,
            as_of=self.as_of,
            corrects=self.corrects,
        )


class AssessmentPublic(BaseModel):
    id: int
    commitment_id: int
    assessor: str
    at: datetime
    as_of: date
    status: str
    ogp: str = Field(description="the status in the Open Government Partnership's completion terms")
    rationale: str
    corrects: int | None
    scores: dict[str, int | None]
    evidence: list[EvidencePublic] = Field(description="the evidence it rests on that the viewer may read")
    marking: MarkingPublic


class AssessmentPage(Page[AssessmentPublic]):
    pass


def assessment_public(value: library.AssessmentPublic, banners: Banners) -> AssessmentPublic:
    return AssessmentPublic(
        id=value.id,
        commitment_id=value.commitment_id,
        assessor=value.assessor,
        at=value.at,
        as_of=value.as_of,
        status=value.status,
        ogp=value.ogp,
        rationale=value.rationale,
        corrects=value.corrects,
        scores=value.scores,
        evidence=[evidence_public(e, banners) for e in value.evidence],
        marking=banners.of(value.marking),
    )
