"""Ingest: a statement uploaded as a file or pasted as text, read, extracted and stored in one request."""

from __future__ import annotations

from pydantic import BaseModel, Field

from servanda.web.schemas.documents import DocumentPublic

MAX_TEXT = 10 * 1024 * 1024


class IngestText(BaseModel):
    """A statement pasted as text, and what to store it as. `date` and `issuers` override what is read from it."""

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    title: str | None = Field(default=None, max_length=1000)
    date: str | None = Field(default=None, description="ISO 8601 year, month or day", max_length=10)
    issuers: str | None = Field(default=None, description="party codes, comma-separated", examples=["CAN,KOR"])
    marking: str | None = Field(default=None, description="the statement's banner; UNCLASSIFIED when left out")


class IngestResult(BaseModel):
    """The stored statement, and what storing and tracking it did (nothing when the same bytes were stored)."""

    created: bool
    document: DocumentPublic
    commitments: int = Field(description="commitments extracted")
    achievements: int
    meetings: int = Field(description="meetings of mechanisms it records")
    stages: int = Field(description="stages of agreements it records")
    links: int = Field(description="earlier commitments it restates, supersedes or narrows")
    proposals: int = Field(description="earlier commitments it is proposed as evidence for")
