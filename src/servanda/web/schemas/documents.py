"""Documents: stored statements, with their metadata, counts and text."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from servanda.store import DocumentSummary
from servanda.store.models import Document
from servanda.web.markings import Banners, MarkingPublic
from servanda.web.schemas.common import Page


class DocumentPublic(BaseModel):
    id: int
    sha256: str
    title: str | None
    date: str | None
    issuers: list[str]
    source: str | None
    origin: str
    format: str
    ingested_at: datetime
    commitments: int
    marking: MarkingPublic


class MechanismMentionPublic(BaseModel):
    mechanism_id: int
    name: str
    recurrence: str | None
    held: str | None
    next: str | None
    status: str | None


class AgreementMentionPublic(BaseModel):
    agreement_id: int
    name: str
    kind: str
    stage: str | None
    date: str | None


class DocumentDetail(DocumentPublic):
    achievements: int
    by_strength: dict[str, int]
    by_area: dict[str, int]
    mechanisms: list[MechanismMentionPublic]
    agreements: list[AgreementMentionPublic]


class DocumentText(BaseModel):
    id: int
    title: str | None
    text: str
    marking: MarkingPublic


class DocumentPage(Page[DocumentPublic]):
    pass


def document_public(document: Document, commitments: int, banners: Banners) -> DocumentPublic:
    return DocumentPublic(
        id=document.id,
        sha256=document.sha256,
        title=document.title,
        date=document.date,
        issuers=list(document.parties),
        source=document.source,
        origin=document.origin,
        format=document.format,
        ingested_at=document.ingested_at,
        commitments=commitments,
        marking=banners.of_id(document.marking_id),
    )


def document_detail(summary: DocumentSummary, banners: Banners) -> DocumentDetail:
    return DocumentDetail(
        **document_public(summary.document, summary.commitments, banners).model_dump(),
        achievements=summary.achievements,
        by_strength=summary.by_strength,
        by_area=summary.by_area,
        mechanisms=[
            MechanismMentionPublic(
                mechanism_id=m.mechanism_id,
                name=m.mechanism.name,
                recurrence=m.recurrence,
                held=m.held,
                next=m.next,
                status=m.status,
            )
            for m in summary.mechanisms
        ],
        agreements=[
            AgreementMentionPublic(
                agreement_id=a.agreement_id, name=a.agreement.name, kind=a.agreement.kind, stage=a.stage, date=a.date
            )
            for a in summary.agreements
        ],
    )
