"""Ingest: a statement uploaded as a file or pasted as text, queued to be read, extracted and stored."""

from __future__ import annotations

from pydantic import BaseModel, Field

from servanda.web.schemas.documents import DocumentPublic
from servanda.web.schemas.jobs import JobPublic

MAX_TEXT = 10 * 1024 * 1024


class IngestText(BaseModel):
    """A statement pasted as text, and what to store it as. `date` and `issuers` override what is read from it."""

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    title: str | None = Field(default=None, max_length=1000)
    date: str | None = Field(default=None, description="ISO 8601 year, month or day", max_length=10)
    issuers: str | None = Field(default=None, description="party codes, comma-separated", examples=["CAN,KOR"])
    marking: str | None = Field(default=None, description="the statement's banner; UNCLASSIFIED when left out")


class IngestQueued(BaseModel):
    """An upload accepted: the job that reads, extracts and stores it outside the request. Poll `GET /jobs/{id}`
    (the answer's Location) until its `state` is done (its `document_id` is the stored statement) or failed."""

    job: JobPublic


class IngestStoredAlready(BaseModel):
    """The same bytes were stored already, as a document the person may read: nothing was queued."""

    created: bool = Field(default=False, description="always false: nothing was stored")
    document: DocumentPublic
