"""The table of extraction drafts: a statement read and extracted for its uploader to check before it is stored.

A draft keeps what the extractor proposed and, once its owner saves it, what they saved instead: together they are
the corrections that gold files for the extractor are made from. A draft belongs to the person who uploaded the
statement and carries the marking given at upload, so only its owner, while cleared for that, sees it.
`proposed` and `corrected` hold a reading of the statement (`tracking.drafts.Reading`) as JSON: title, date,
issuers and the extraction with its offsets into `text`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from servanda.store.models import Base, Marked, utc_now

DRAFT_STATES = ("draft", "saved")


class ExtractionDraft(Marked, Base):
    """One uploaded statement awaiting (or past) its owner's check: its clean text, the extraction proposed, and
    the corrected one it was stored with."""

    __tablename__ = "extraction_draft"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'saved')", name="state"),
        Index("ix_extraction_draft_person_id_id", "person_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))  # the job that read it
    state: Mapped[str] = mapped_column(String(16), default="draft")
    sha256: Mapped[str] = mapped_column(String(64))  # of the bytes uploaded
    origin: Mapped[str] = mapped_column(Text)  # the uploaded file's name, or "pasted text"
    format: Mapped[str] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(Text)  # as proposed, then as saved
    source: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)  # other front-matter fields, kept verbatim
    text: Mapped[str] = mapped_column(Text)
    proposed: Mapped[dict[str, Any]]
    corrected: Mapped[dict[str, Any] | None]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    saved_at: Mapped[datetime | None]
