"""Commitments: what a statement undertakes, with its current status, and the chain of statements it runs
through."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from servanda.store.models import Commitment
from servanda.tracking.links import LineageStep
from servanda.web.markings import Banners, MarkingPublic
from servanda.web.schemas.common import Page


class CommitmentPublic(BaseModel):
    id: int
    document_id: int
    document_title: str | None
    document_date: str | None
    ordinal: int = Field(description="0-based place in its statement")
    quote: str
    start: int = Field(description="offset of the quote in its document's text")
    end: int
    strength: str
    area: str
    actors: list[str]
    due: str | None = Field(description="ISO 8601 at the precision stated")
    due_by: date | None = Field(description="the last day `due` covers")
    recurrence: str | None
    section: str | None
    annex: bool
    mechanisms: list[str]
    agreements: list[str]
    status: str = Field(description="as of today, from the latest assessment the viewer may read")
    marking: MarkingPublic


class CommitmentDetail(CommitmentPublic):
    """One commitment; its ETag changes with every assessment and piece of evidence the viewer may read."""

    assessment_id: int | None = Field(description="the assessment its status comes from")
    assessments: int
    evidence: int


class CommitmentPage(Page[CommitmentPublic]):
    pass


class LineageStepPublic(BaseModel):
    commitment_id: int
    quote: str
    document_id: int
    document_title: str | None
    document_date: str | None
    relation: str | None = Field(description="restates, supersedes or narrows the step before; null for the first")
    link_id: int | None
    marking: MarkingPublic


class LineagePage(Page[LineageStepPublic]):
    pass


def commitment_public(commitment: Commitment, status: str, banners: Banners) -> CommitmentPublic:
    document = commitment.document
    return CommitmentPublic(
        id=commitment.id,
        document_id=commitment.document_id,
        document_title=document.title,
        document_date=document.date,
        ordinal=commitment.ordinal,
        quote=commitment.quote,
        start=commitment.start,
        end=commitment.end,
        strength=commitment.strength,
        area=commitment.area,
        actors=list(commitment.parties),
        due=commitment.due,
        due_by=commitment.due_by,
        recurrence=commitment.recurrence,
        section=commitment.section,
        annex=commitment.annex,
        mechanisms=list(commitment.mechanism_names),
        agreements=list(commitment.agreement_names),
        status=status,
        marking=banners.of_id(commitment.marking_id),
    )


def lineage_step_public(step: LineageStep, banners: Banners) -> LineageStepPublic:
    return LineageStepPublic(
        commitment_id=step.commitment_id,
        quote=step.quote,
        document_id=step.document_id,
        document_title=step.document_title,
        document_date=step.document_date,
        relation=step.relation,
        link_id=step.link_id,
        marking=banners.of(step.marking),
    )
