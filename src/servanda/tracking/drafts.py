"""Extraction drafts: a statement uploaded to be checked before it is stored. A background job reads and extracts
it into a draft (`create_draft`); its owner corrects the commitments and saves it (`save_draft`), which stores the
statement with the corrected commitments, records its meetings and stages and queues its tracking, in the caller's
transaction. The draft keeps what was proposed and what was saved: `gold_files` turns them into gold files.

A draft is its uploader's alone, and carries the marking given at upload: anyone else, and its owner once no longer
cleared for that marking, finds it exactly as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from servanda.access import Marking, Person
from servanda.extract.model import Extraction
from servanda.extract.records import extraction_from_record, extraction_record
from servanda.ingest.dates import parse_iso_date
from servanda.ingest.model import IngestedDocument, Metadata
from servanda.store.accounts import PersonRecord
from servanda.store.decisions import require
from servanda.store.draft_models import ExtractionDraft
from servanda.store.jobs import enqueue
from servanda.store.markings import intern_marking, marking_by_id
from servanda.store.models import utc_now
from servanda.store.save import save_document
from servanda.store.visibility import Visibility, audit_read, has_id, visibility
from servanda.tracking.agreements import record_stages
from servanda.tracking.corrections import (
    CommitmentCorrection,
    CorrectionError,
    Problem,
    apply_corrections,
    corrected_extraction,
    gold_name,
    gold_record,
    read_actors,
)
from servanda.tracking.errors import Conflict, NotFound
from servanda.tracking.mechanisms import record_meetings
from servanda.tracking.uploads import PREVIEW, Upload, queue_upload


@dataclass(frozen=True, slots=True)
class Reading:
    """What a statement was read as: its title, date and issuers, and what was extracted from it."""

    title: str | None
    date: str | None
    issuers: tuple[str, ...]
    extraction: Extraction


@dataclass(frozen=True, slots=True)
class DraftCreate:
    """A statement read and extracted, to keep as a draft marked `marking` (by the job that read it, if any)."""

    document: IngestedDocument
    extraction: Extraction
    marking: Marking
    job_id: int | None = None


@dataclass(frozen=True, slots=True)
class DraftUpdate:
    """What the owner saves: the commitments as they should be stored (None: as proposed), and the statement's
    title, date (ISO 8601) and issuers where they correct what was read (None: as read)."""

    commitments: Sequence[CommitmentCorrection] | None = None
    title: str | None = None
    date: str | None = None
    issuers: Sequence[str] | str | None = None


@dataclass(frozen=True, slots=True)
class DraftPublic:
    """A draft as its owner sees it."""

    id: int
    state: str  # draft | saved
    origin: str
    format: str
    sha256: str
    text: str
    source: str | None
    marking: Marking
    marking_id: int
    created_at: datetime
    saved_at: datetime | None
    document_id: int | None
    job_id: int | None
    proposed: Reading
    corrected: Reading | None

    @property
    def current(self) -> Reading:
        """What was saved, or else what was proposed."""
        return self.corrected or self.proposed


@dataclass(frozen=True, slots=True)
class DraftSaved:
    """A draft saved: the statement stored, and its follow-up."""

    draft: DraftPublic
    document_id: int
    meetings: int
    stages: int
    track_job: int


@dataclass(frozen=True, slots=True)
class GoldFile:
    """One saved statement as a gold file: its name, the JSON record, and the text its quotes come from."""

    draft_id: int
    name: str
    record: dict[str, Any]
    text: str


def queue_draft(session: Session, upload: Upload, *, marking: Marking, actor: Person) -> int:
    """Queue the job that reads and extracts an upload into a draft marked `marking`, in the caller's transaction;
    `actor` must be allowed to create records so marked (AccessDenied otherwise), and an upload that cannot be a
    statement is refused at once (InputError). Returns the job's id."""
    return queue_upload(session, upload, PREVIEW, marking=marking, actor=actor)


def create_draft(session: Session, draft: DraftCreate, *, actor: Person) -> int:
    """Keep a statement and its extraction as `actor`'s draft, in the caller's transaction. `actor` must be allowed
    to create records so marked (AccessDenied otherwise). Returns its id."""
    document = draft.document
    require(
        session,
        actor,
        "create",
        draft.marking,
        audited="create",
        record_type="extraction_draft",
        refuse=f"cannot keep a draft of {document.origin}",
        detail={"sha256": document.sha256},
    )
    owner = session.scalar(select(PersonRecord.id).where(PersonRecord.username == actor.username))
    if owner is None:
        raise NotFound(f"no account {actor.username!r} in this store")
    proposed = Reading(
        document.metadata.title,
        document.metadata.date,
        tuple(document.metadata.issuers or draft.extraction.issuers),
        draft.extraction,
    )
    row = ExtractionDraft(
        person_id=owner,
        job_id=draft.job_id,
        sha256=document.sha256,
        origin=document.origin,
        format=document.format,
        title=document.metadata.title,
        source=document.metadata.source,
        extra=dict(document.metadata.extra),
        text=document.text,
        proposed=reading_record(proposed),
        marking_id=intern_marking(session, draft.marking),
    )
    session.add(row)
    session.flush()
    return row.id


def get_draft(session: Session, draft_id: int, *, viewer: Person) -> DraftPublic:
    """One of `viewer`'s drafts they may read; NotFound for any other, alike whether it exists or not."""
    seen = visibility(session, viewer)
    row = session.scalar(_owned(seen, has_id(ExtractionDraft, draft_id)))
    if row is None:
        raise NotFound(f"no draft {draft_id}")
    audit_read(session, seen, "extraction_draft", [row])
    return _value(session, row, seen)


def list_drafts(
    session: Session, *, viewer: Person, state: str | None = None, limit: int = 50, offset: int = 0
) -> list[DraftPublic]:
    """`viewer`'s drafts they may read, newest first; `state` keeps drafts (`draft`) or saved ones (`saved`)."""
    seen = visibility(session, viewer)
    rows = list(
        session.scalars(_owned(seen, *_state(state)).order_by(ExtractionDraft.id.desc()).limit(limit).offset(offset))
    )
    audit_read(session, seen, "extraction_draft", rows)
    return [_value(session, row, seen) for row in rows]


def count_drafts(session: Session, *, viewer: Person, state: str | None = None) -> int:
    """How many drafts `list_drafts` could list."""
    seen = visibility(session, viewer)
    counted = _owned(seen, *_state(state)).with_only_columns(func.count(ExtractionDraft.id)).order_by(None)
    return session.scalar(counted) or 0


def save_draft(session: Session, draft_id: int, update: DraftUpdate, *, actor: Person) -> DraftSaved:
    """Store the statement of one of `actor`'s drafts with the corrections of `update`, record the meetings and
    stages it reports, and queue its tracking, in the caller's transaction. CorrectionError lists every problem
    with the corrections; Conflict when the draft is saved already or its statement is stored already; nothing is
    written then."""
    seen = visibility(session, actor)
    row = session.scalar(_owned(seen, has_id(ExtractionDraft, draft_id)).with_for_update(of=ExtractionDraft))
    if row is None:
        raise NotFound(f"no draft {draft_id}")
    if row.state == "saved":
        raise Conflict(f"draft {draft_id} is saved already, as document {row.document_id}")
    proposed = reading_from_record(row.proposed)
    reading = _corrected(row.text, proposed, update)
    marking = marking_by_id(session, row.marking_id)
    document = IngestedDocument(
        sha256=row.sha256,
        text=row.text,
        metadata=Metadata(reading.title, reading.date, reading.issuers, row.source, dict(row.extra)),
        format=row.format,
        origin=row.origin,
    )
    saved = save_document(session, document, reading.extraction, marking=marking, actor=actor)
    if not saved.created:
        raise Conflict(
            f"this statement is stored already, as document {saved.document_id}: corrections cannot change it"
        )
    meetings = record_meetings(session, saved.document_id, actor=actor)
    stages = record_stages(session, saved.document_id, actor=actor)
    track = enqueue(
        session, "track", actor=actor, marking=marking, payload={"document_id": saved.document_id, "label": row.origin}
    )
    row.state, row.corrected, row.title = "saved", reading_record(reading), reading.title
    row.document_id, row.saved_at = saved.document_id, utc_now()
    session.flush()
    return DraftSaved(_value(session, row, seen), saved.document_id, len(meetings), len(stages), track)


def gold_files(session: Session, *, viewer: Person) -> Iterator[GoldFile]:
    """A gold file for each of `viewer`'s saved drafts they may read, oldest first."""
    seen = visibility(session, viewer)
    rows = list(session.scalars(_owned(seen, *_state("saved")).order_by(ExtractionDraft.id)))
    audit_read(session, seen, "extraction_draft", rows)
    for row in rows:
        yield gold_file(_value(session, row, seen))


def gold_file(draft: DraftPublic) -> GoldFile:
    """The gold file of a saved draft; Conflict while it is not saved."""
    if draft.corrected is None:
        raise Conflict(f"draft {draft.id} is not saved yet: its gold file is what its owner saves")
    saved = draft.corrected
    name = gold_name(draft.id, saved.title, saved.date)
    record = gold_record(
        name=name,
        title=saved.title,
        date=saved.date,
        issuers=saved.issuers,
        source=draft.source,
        saved=saved.extraction,
    )
    return GoldFile(draft.id, name, record, draft.text)


def reading_record(reading: Reading) -> dict[str, Any]:
    """A reading as the JSON a draft keeps."""
    return {
        "title": reading.title,
        "date": reading.date,
        "issuers": list(reading.issuers),
        **extraction_record(reading.extraction),
    }


def reading_from_record(record: dict[str, Any]) -> Reading:
    return Reading(record["title"], record["date"], tuple(record["issuers"]), extraction_from_record(record))


def _corrected(text: str, proposed: Reading, update: DraftUpdate) -> Reading:
    problems: list[Problem] = []
    title = " ".join(update.title.split()) if update.title is not None else proposed.title
    date = proposed.date
    if update.date is not None:
        date = parse_iso_date(update.date) if update.date.strip() else None
        if update.date.strip() and date is None:
            problems.append(Problem(None, "date", "write a year, month or day: 2026, 2026-03 or 2026-03-15"))
    issuers = proposed.issuers
    if update.issuers is not None:
        issuers, unknown = read_actors(update.issuers)
        if unknown:
            problems.append(Problem(None, "issuers", f"no known party {', '.join(unknown)}"))
    commitments = proposed.extraction.commitments
    if update.commitments is not None:
        try:
            commitments = apply_corrections(text, proposed.extraction, update.commitments)
        except CorrectionError as err:
            problems += err.problems
    if problems:
        raise CorrectionError(problems)
    return Reading(title or None, date, issuers, corrected_extraction(proposed.extraction, commitments))


def _owned(seen: Visibility, *conditions: ColumnElement[bool]):
    return (
        select(ExtractionDraft)
        .join(PersonRecord, PersonRecord.id == ExtractionDraft.person_id)
        .where(PersonRecord.username == seen.viewer.username, seen.allows(ExtractionDraft), *conditions)
    )


def _state(state: str | None) -> list[ColumnElement[bool]]:
    return [] if state is None else [ExtractionDraft.state == state]


def _value(session: Session, row: ExtractionDraft, seen: Visibility) -> DraftPublic:
    return DraftPublic(
        id=row.id,
        state=row.state,
        origin=row.origin,
        format=row.format,
        sha256=row.sha256,
        text=row.text,
        source=row.source,
        marking=seen.markings.get(row.marking_id) or marking_by_id(session, row.marking_id),
        marking_id=row.marking_id,
        created_at=row.created_at,
        saved_at=row.saved_at,
        document_id=row.document_id,
        job_id=row.job_id,
        proposed=reading_from_record(row.proposed),
        corrected=reading_from_record(row.corrected) if row.corrected is not None else None,
    )
