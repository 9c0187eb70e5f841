"""Evidence of progress on a commitment: a span of a stored document, or an external reference."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from servanda.access import Person
from servanda.tracking import evidence as library
from servanda.web.markings import Banners, MarkingPublic, read_banner
from servanda.web.schemas.common import Page


class EvidenceCreate(BaseModel):
    """A span of a stored document (`document_id`, `start`, `end`), or an external reference (`url`, `title`,
    optional `date` and `passage`). `marking` is the evidence's own banner (default UNCLASSIFIED); a span is never
    marked below its document."""

    document_id: int | None = None
    start: int | None = None
    end: int | None = None
    url: str | None = Field(default=None, examples=["https://www.international.gc.ca/news"])
    title: str | None = None
    date: str | None = Field(default=None, description="ISO 8601 year, month or day")
    passage: str | None = None
    marking: str | None = Field(default=None, examples=["UNCLASSIFIED"])

    def value(self, person: Person) -> library.EvidenceCreate:
        return library.EvidenceCreate(
            document_id=self.document_id,
            start=self.start,
            end=self.end,
            url=self.url,
            title=self.title,
            date=self.date,
            passage=self.passage,
            marking=read_banner(self.marking, nationality=person.nationality),
        )


class EvidenceAttach(EvidenceCreate):
    """Evidence attached to a commitment on its own, outside an assessment."""

    raise_marking: bool = Field(
        default=False, description="raise the commitment's marking to cover evidence marked above it"
    )


class EvidencePublic(BaseModel):
    id: int
    commitment_id: int | None
    achievement_id: int | None
    kind: Literal["document", "external"]
    document_id: int | None
    document_title: str | None
    document_date: str | None
    start: int | None
    end: int | None
    passage: str | None
    url: str | None
    title: str | None
    date: str | None
    source: str = Field(description="where it comes from, as a footnote names it")
    recorded_by: str
    at: datetime
    marking: MarkingPublic


class EvidencePage(Page[EvidencePublic]):
    pass


def evidence_public(value: library.EvidencePublic, banners: Banners) -> EvidencePublic:
    return EvidencePublic(
        id=value.id,
        commitment_id=value.commitment_id,
        achievement_id=value.achievement_id,
        kind=value.kind,  # type: ignore[arg-type]
        document_id=value.document_id,
        document_title=value.document_title,
        document_date=value.document_date,
        start=value.start,
        end=value.end,
        passage=value.passage,
        url=value.url,
        title=value.title,
        date=value.date,
        source=value.source,
        recorded_by=value.recorded_by,
        at=value.at,
        marking=banners.of(value.marking),
    )
