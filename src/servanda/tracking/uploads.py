"""Statements uploaded through the web app, queued to be read and extracted outside the request: to be stored at
once (`queue_ingest`), or kept as a draft its uploader corrects first (`tracking.drafts.queue_draft`). What can be
refused cheaply (size, emptiness, a date given, the format) is refused before anything is queued; reading and
extracting are the job's (`tracking.background`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from servanda.access import Marking, Person
from servanda.ingest.read import check_bytes
from servanda.store.decisions import require
from servanda.store.documents import get_document
from servanda.store.jobs import enqueue

PREVIEW = "preview"  # an `extract` job's mode that keeps the extraction as a draft instead of storing it
STORE = "store"  # an `extract` job's mode that stores the statement with what was extracted
READING_STEPS = 3  # reading, extracting, then storing or preparing the preview


@dataclass(frozen=True, slots=True)
class Upload:
    """A statement's bytes as uploaded, with its file name and what the uploader says of it (None: read it from
    the statement)."""

    data: bytes
    filename: str
    title: str | None = None
    date: str | None = None
    issuers: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class Queued:
    """What asking to store an upload did: queued the job that stores it, or found the same bytes stored already
    as a document the person may read (and queued nothing)."""

    job_id: int | None
    stored_already: int | None


def queue_ingest(session: Session, upload: Upload, *, marking: Marking, actor: Person) -> Queued:
    """Queue the job that reads, extracts and stores an upload marked `marking`, in the caller's transaction,
    unless the same bytes are stored already as a document `actor` may read. `actor` must be allowed to create
    records so marked (AccessDenied otherwise); InputError for an upload refused at once."""
    check_upload(upload)
    existing = get_document(session, upload.sha256, viewer=actor)
    if existing is None:
        return Queued(queue_upload(session, upload, STORE, marking=marking, actor=actor), None)
    require(
        session,
        actor,
        "create",
        marking,
        audited="create",
        record_type="document",
        refuse=f"cannot store {upload.filename}",
        detail={"sha256": upload.sha256},
    )
    return Queued(None, existing.id)


def queue_upload(session: Session, upload: Upload, mode: str, *, marking: Marking, actor: Person) -> int:
    """Queue an `extract` job in `mode` (STORE or PREVIEW) for an upload, in the caller's transaction; its id."""
    check_upload(upload)
    payload = {
        "mode": mode,
        "filename": upload.filename,
        "label": upload.filename,
        "origin": f"upload:{upload.filename}",
        "title": upload.title,
        "date": upload.date,
        "issuers": upload.issuers,
    }
    return enqueue(
        session, "extract", actor=actor, marking=marking, payload=payload, data=upload.data, total=READING_STEPS
    )


def check_upload(upload: Upload) -> None:
    """Refuse (InputError) an upload that cannot be a statement, without reading it through."""
    check_bytes(upload.data, name=upload.filename, origin=upload.filename, date=upload.date)
