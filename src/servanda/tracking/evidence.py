"""Evidence of progress on a commitment: a span of a stored document (a later statement, readout or news release),
or an external reference (URL, title, date, quoted passage).

A span carries at least its document's marking. Evidence is never attached to a commitment marked lower than it
(no write down) unless the caller asks for the commitment's marking to be raised to cover it; only the commitment
is raised, never its statement, and the audit log records the raise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, joinedload

from servanda import audit
from servanda.access import PUBLIC, Marking, Person, highest
from servanda.store.attach import permit_attach, raise_record
from servanda.store.decisions import require
from servanda.store.markings import check_marking, intern_marking
from servanda.store.models import Achievement, Commitment, Document, Evidence
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.errors import TrackingError
from servanda.tracking.lookup import iso_date, marking_of, readable, visible


@dataclass(frozen=True, slots=True)
class EvidenceCreate:
    """New evidence: a span of a stored document, or an external reference. `marking` is what the evidence itself
    is marked (a span is never marked below its document); build it with `span()` or `reference()`."""

    document_id: int | None = None
    start: int | None = None
    end: int | None = None
    url: str | None = None
    title: str | None = None
    date: str | None = None
    passage: str | None = None
    marking: Marking = PUBLIC

    @classmethod
    def span(cls, document_id: int, start: int, end: int, *, marking: Marking = PUBLIC) -> EvidenceCreate:
        return cls(document_id=document_id, start=start, end=end, marking=marking)

    @classmethod
    def reference(
        cls,
        url: str,
        title: str,
        *,
        date: str | None = None,
        passage: str | None = None,
        marking: Marking = PUBLIC,
    ) -> EvidenceCreate:
        return cls(url=url, title=title, date=date, passage=passage, marking=marking)


@dataclass(frozen=True, slots=True)
class EvidencePublic:
    """Stored evidence as a reader sees it."""

    id: int
    commitment_id: int | None
    achievement_id: int | None
    kind: str  # document | external
    document_id: int | None
    document_title: str | None
    document_date: str | None
    start: int | None
    end: int | None
    passage: str | None
    url: str | None
    title: str | None
    date: str | None
    marking: Marking
    recorded_by: str
    at: datetime

    @property
    def source(self) -> str:
        """Where it comes from, as a footnote names it: the document's title and date, or the reference's."""
        if self.kind == "document":
            title = self.document_title or f"document {self.document_id}"
            return f"{title} ({self.document_date})" if self.document_date else title
        dated = f" ({self.date})" if self.date else ""
        return f"{self.title}{dated}, {self.url}"

    @property
    def reference(self) -> str:
        """The short form CSV files use: the URL, or `document:ID:START-END`."""
        return self.url if self.kind == "external" else f"document:{self.document_id}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Prepared:
    """Evidence checked and ready to write, with the marking it will carry."""

    row: Evidence
    marking: Marking


def attach_evidence(
    session: Session,
    commitment_id: int,
    evidence: EvidenceCreate,
    *,
    actor: Person,
    raise_marking: bool = False,
) -> EvidencePublic:
    """Attach `evidence` to commitment `commitment_id`, in the caller's transaction. Evidence marked above the
    commitment is refused (AccessDenied) unless `raise_marking`, which raises the commitment's marking first."""
    seen = visibility(session, actor)
    commitment = visible(session, seen, Commitment, commitment_id, noun="commitment")
    refuse = f"cannot attach evidence to commitment {commitment_id}"
    current = marking_of(session, seen, commitment)
    require(
        session,
        actor,
        "attach",
        current,
        audited="attach",
        record_type="commitment",
        record_id=commitment_id,
        refuse=refuse,
    )
    prepared = prepare_evidence(session, seen, evidence, refuse=refuse)
    raised = permit_attach(
        session, actor, commitment, current, prepared.marking, raise_marking=raise_marking, refuse=refuse
    )
    row = write_evidence(session, actor, commitment, prepared, current=current, raised=raised)
    return evidence_value(row, prepared.marking)


def list_evidence(session: Session, commitment_id: int, *, viewer: Person) -> list[EvidencePublic]:
    """The evidence attached to a commitment that `viewer` may read, oldest first; NotFound for a commitment they
    may not read."""
    seen = visibility(session, viewer)
    visible(session, seen, Commitment, commitment_id, noun="commitment")
    return read_evidence(session, seen, Evidence.commitment_id == commitment_id)


def read_evidence(session: Session, seen: Visibility, *where: ColumnElement[bool]) -> list[EvidencePublic]:
    """Evidence `seen.viewer` may read that matches `where`, oldest first; the read is audited."""
    statement = seen.filtered(
        select(Evidence).where(*where, *readable(seen, Evidence)).options(joinedload(Evidence.document))
    )
    rows = list(session.scalars(statement.order_by(Evidence.at, Evidence.id)))
    documents = [row.document for row in rows if row.document is not None]
    audit_read(session, seen, "evidence", rows, related={"document": documents})
    return [evidence_value(row, seen.markings[row.marking_id]) for row in rows]


def prepare_evidence(session: Session, seen: Visibility, evidence: EvidenceCreate, *, refuse: str) -> Prepared:
    """Check `evidence` (its document readable, its span inside the text, its URL absolute, its date ISO 8601) and
    work out its marking, writing nothing; TrackingError or NotFound otherwise."""
    check_marking(evidence.marking)
    if evidence.document_id is not None:
        if evidence.url is not None:
            raise TrackingError(f"{refuse}: evidence is a document span or an external reference, not both")
        document = visible(session, seen, Document, evidence.document_id, noun="document")
        start, end = evidence.start, evidence.end
        if start is None or end is None or not 0 <= start < end <= len(document.text):
            raise TrackingError(
                f"{refuse}: {start}–{end} is not a span of document {document.id}, whose text has "
                f"{len(document.text)} characters"
            )
        passage = document.text[start:end]
        if evidence.passage is not None and " ".join(evidence.passage.split()) != " ".join(passage.split()):
            raise TrackingError(
                f"{refuse}: the passage given is not the text of document {document.id} at {start}–{end}"
            )
        marking = highest(marking_of(session, seen, document), evidence.marking)
        row = Evidence(kind="document", document_id=document.id, start=start, end=end, passage=passage)
        row.document = document
        return Prepared(row, marking)
    url, title = (evidence.url or "").strip(), (evidence.title or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TrackingError(f"{refuse}: evidence needs a document span or an http(s) URL, not {url!r}")
    if not title:
        raise TrackingError(f"{refuse}: an external reference needs a title")
    date = iso_date(evidence.date, f"{refuse}: the reference's date")
    passage = (evidence.passage or "").strip() or None
    row = Evidence(kind="external", url=url, title=title, date=date, passage=passage)
    return Prepared(row, highest(evidence.marking))


def write_evidence(
    session: Session,
    actor: Person,
    target: Commitment | Achievement,
    prepared: Prepared,
    *,
    current: Marking,
    raised: Marking | None,
    audited: bool = True,
) -> Evidence:
    """Store checked evidence on `target`, raising the target's marking first when `raised` says to. Audited
    unless `audited` is false, when the caller appends `audit_evidence` itself (last, so the audit chain is held
    only while the transaction ends)."""
    if raised is not None:
        raise_record(
            session,
            actor,
            target,
            current,
            raised,
            reason=f"raised to carry evidence marked {prepared.marking.banner}",
        )
    row = prepared.row
    if isinstance(target, Commitment):
        row.commitment_id = target.id
    else:
        row.achievement_id = target.id
    row.recorded_by = actor.username
    row.marking_id = intern_marking(session, prepared.marking)
    session.add(row)
    session.flush()
    if audited:
        audit_evidence(session, actor, target, row, prepared.marking)
    return row


def audit_evidence(
    session: Session, actor: Person, target: Commitment | Achievement, row: Evidence, marking: Marking
) -> None:
    audit.append(
        session,
        actor=actor,
        action="attach",
        record_type="evidence",
        record_id=row.id,
        marking=marking,
        decision="allow",
        reason=f"{actor.username} attached evidence to {target.__tablename__} {target.id}",
        detail={f"{target.__tablename__}_id": target.id, "kind": row.kind, "source": row.url or row.document_id},
    )


def evidence_value(row: Evidence, marking: Marking) -> EvidencePublic:
    document = row.document
    return EvidencePublic(
        id=row.id,
        commitment_id=row.commitment_id,
        achievement_id=row.achievement_id,
        kind=row.kind,
        document_id=row.document_id,
        document_title=document.title if document is not None else None,
        document_date=document.date if document is not None else None,
        start=row.start,
        end=row.end,
        passage=row.passage,
        url=row.url,
        title=row.title,
        date=row.date,
        marking=marking,
        recorded_by=row.recorded_by,
        at=row.at,
    )
