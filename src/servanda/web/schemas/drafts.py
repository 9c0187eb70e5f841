"""Ingest drafts and jobs: a statement queued to be read and extracted, the job's progress, the draft it makes, the
corrections its owner saves, and the gold file those make."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from servanda.extract.model import Commitment, Extraction
from servanda.tracking.corrections import CommitmentCorrection
from servanda.tracking.drafts import DraftPublic as Draft
from servanda.tracking.drafts import DraftUpdate, GoldFile, Reading
from servanda.web.markings import Banners, MarkingPublic
from servanda.web.schemas.common import Page
from servanda.web.schemas.jobs import JobPublic

MAX_QUOTE = 20_000
MAX_COMMITMENTS = 2_000


class DraftQueued(BaseModel):
    """An upload accepted: the job that reads and extracts it into a draft; follow it at `/jobs/{id}`."""

    job: JobPublic


class CommitmentDraft(BaseModel):
    """A commitment of a draft, with its span of the draft's `text`."""

    quote: str
    start: int
    end: int
    strength: str
    actors: list[str]
    area: str
    due: str | None
    recurrence: str | None
    section: str | None
    mechanisms: list[str]
    agreements: list[str]


class ReadingPublic(BaseModel):
    """What the statement was read as: by the extractor (`proposed`), or by its owner (`corrected`)."""

    title: str | None
    date: str | None
    issuers: list[str]
    commitments: list[CommitmentDraft]
    achievements: int = Field(description="achievements extracted: stored as extracted")
    mechanisms: list[str]
    agreements: list[str]


class DraftSummary(BaseModel):
    id: int
    state: str = Field(description="draft, or saved")
    title: str | None
    origin: str = Field(description="the uploaded file's name")
    created_at: datetime
    saved_at: datetime | None
    document_id: int | None = Field(description="the statement stored when it was saved")
    proposed: int = Field(description="commitments the extractor proposed")
    saved: int | None = Field(description="commitments saved")
    marking: MarkingPublic


class DraftPublic(DraftSummary):
    """A draft: the statement's clean text, which offsets point into, and both readings of it."""

    job_id: int | None
    format: str
    sha256: str
    text: str
    proposed_reading: ReadingPublic
    corrected_reading: ReadingPublic | None


class DraftPage(Page[DraftSummary]):
    pass


class CommitmentCorrectionIn(BaseModel):
    """A commitment as it should be stored. `source` names the proposed commitment it corrects (its index in
    `proposed_reading.commitments`), or is null for one the extractor missed. `quote` must be words of the text:
    it is found nearest `start` when given, else nearest the commitment it corrects."""

    quote: str = Field(min_length=1, max_length=MAX_QUOTE)
    strength: str = Field(examples=["firm"])
    actors: list[str] = Field(max_length=100, examples=[["CAN", "KOR"]])
    area: str = Field(examples=["defence"])
    due: str | None = Field(default=None, max_length=10, examples=["2026-03"])
    recurrence: str | None = Field(default=None, max_length=20, examples=["P1Y"])
    source: int | None = Field(default=None, ge=0, le=MAX_COMMITMENTS)
    start: int | None = Field(default=None, ge=0, le=2**31 - 1)


class DraftUpdateIn(BaseModel):
    """What to save: the commitments as they should be stored (left out: as proposed), and the statement's title,
    date and issuers where they correct what was read."""

    commitments: list[CommitmentCorrectionIn] | None = Field(default=None, max_length=MAX_COMMITMENTS)
    title: str | None = Field(default=None, max_length=1000)
    date: str | None = Field(default=None, max_length=10, description="ISO 8601 year, month or day")
    issuers: list[str] | None = Field(default=None, max_length=100, examples=[["CAN", "KOR"]])


class DraftSavedPublic(BaseModel):
    """A draft saved: the statement stored with the corrected commitments, and the job tracking it."""

    draft: DraftPublic
    document_id: int
    meetings: int
    stages: int
    track_job: int


class GoldCommitment(BaseModel):
    quote: str
    strength: str
    actors: list[str]
    area: str
    due: str | None
    recurrence: str | None


class GoldFilePublic(BaseModel):
    """A saved draft as a gold file of ../shared/eval: its statement's text goes in the file `text` names."""

    text: str = Field(description="the name of the statement's text file, beside the gold file")
    title: str | None
    date: str | None
    source: str | None = None
    issuers: list[str]
    commitments: list[GoldCommitment]


def draft_summary(draft: Draft, banners: Banners) -> DraftSummary:
    return DraftSummary(**_summary(draft, banners))


def draft_public(draft: Draft, banners: Banners) -> DraftPublic:
    return DraftPublic(
        **_summary(draft, banners),
        job_id=draft.job_id,
        format=draft.format,
        sha256=draft.sha256,
        text=draft.text,
        proposed_reading=reading_public(draft.proposed),
        corrected_reading=reading_public(draft.corrected) if draft.corrected else None,
    )


def _summary(draft: Draft, banners: Banners) -> dict[str, Any]:
    return {
        "id": draft.id,
        "state": draft.state,
        "title": draft.current.title,
        "origin": draft.origin,
        "created_at": draft.created_at,
        "saved_at": draft.saved_at,
        "document_id": draft.document_id,
        "proposed": len(draft.proposed.extraction.commitments),
        "saved": len(draft.corrected.extraction.commitments) if draft.corrected else None,
        "marking": banners.of(draft.marking),
    }


def reading_public(reading: Reading) -> ReadingPublic:
    extraction: Extraction = reading.extraction
    return ReadingPublic(
        title=reading.title,
        date=reading.date,
        issuers=list(reading.issuers),
        commitments=[commitment_draft(c) for c in extraction.commitments],
        achievements=len(extraction.achievements),
        mechanisms=[m.name for m in extraction.mechanisms],
        agreements=[a.name for a in extraction.agreements],
    )


def commitment_draft(c: Commitment) -> CommitmentDraft:
    return CommitmentDraft(
        quote=c.quote,
        start=c.start,
        end=c.end,
        strength=c.strength,
        actors=list(c.actors),
        area=c.area,
        due=c.due,
        recurrence=c.recurrence,
        section=c.section,
        mechanisms=list(c.mechanisms),
        agreements=list(c.agreements),
    )


def draft_update(body: DraftUpdateIn) -> DraftUpdate:
    """The library's update from the API's body."""
    commitments = None
    if body.commitments is not None:
        commitments = [
            CommitmentCorrection(
                quote=c.quote,
                strength=c.strength,
                actors=tuple(c.actors),
                area=c.area,
                due=c.due or None,
                recurrence=c.recurrence or None,
                source=c.source,
                start=c.start,
            )
            for c in body.commitments
        ]
    return DraftUpdate(commitments, title=body.title, date=body.date, issuers=body.issuers)


def gold_file_public(gold: GoldFile) -> GoldFilePublic:
    return GoldFilePublic.model_validate(gold.record)
