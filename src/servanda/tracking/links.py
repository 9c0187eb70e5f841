"""Continuity in the store: which earlier commitment each commitment of a stored statement restates, supersedes or
narrows (`tracking.continuity.link_statements`), kept as proposed links until a person confirms or rejects them;
a commitment's lineage; and the commitments a series of statements silently drops.

A link carries the highest marking of its two commitments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, selectinload

from servanda import audit
from servanda.access import Marking, Person, highest
from servanda.reference.parties import find_parties
from servanda.store.decisions import require
from servanda.store.markings import intern_marking, marking_by_id
from servanda.store.models import Commitment, CommitmentLink, Document, utc_now
from servanda.store.visibility import Visibility, audit_read, visibility
from servanda.tracking.continuity import Link, Stated, link_statements
from servanda.tracking.continuity import lineage as chain
from servanda.tracking.errors import Conflict
from servanda.tracking.lookup import marking_of, readable, visible


@dataclass(frozen=True, slots=True)
class LinkPublic:
    """A stored continuity link as a reader sees it."""

    id: int
    earlier_id: int
    later_id: int
    relation: str  # restates | supersedes | narrows
    score: float
    state: str  # proposed | confirmed | rejected
    decided_by: str | None
    decided_at: datetime | None
    marking: Marking


@dataclass(frozen=True, slots=True)
class LineageStep:
    """One commitment in a lineage, with the statement that made it and how it continues the step before."""

    commitment_id: int
    quote: str
    document_id: int
    document_title: str | None
    document_date: str | None
    relation: str | None  # to the step before; None for the first
    link_id: int | None
    marking: Marking


def link_document(session: Session, document_id: int, *, actor: Person) -> list[LinkPublic]:
    """Link each commitment of a stored statement to the earlier commitment it continues, among those `actor` may
    read from statements dated before it whose actors the statement names; in the caller's transaction. A link
    already confirmed or rejected is left as it was decided."""
    seen = visibility(session, actor)
    document = visible(session, seen, Document, document_id, noun="document")
    refuse = f"cannot link the commitments of document {document_id}"
    require(
        session,
        actor,
        "create",
        marking_of(session, seen, document),
        audited="link",
        record_type="commitment_link",
        refuse=refuse,
    )
    later = [c for c in document.commitments if c.marking_id in seen.markings]
    earlier = _earlier(session, seen, document)
    by_id = {c.id: c for c in (*later, *earlier)}
    found = link_statements([_stated(c, document) for c in later], [_stated(c, c.document) for c in earlier])
    stored = {
        (row.earlier_id, row.later_id): row
        for row in session.scalars(select(CommitmentLink).where(CommitmentLink.later_id.in_([c.id for c in later])))
    }
    kept: list[CommitmentLink] = []
    for link in found:
        row = stored.get((link.earlier, link.later))
        if row is None or row.state == "proposed":
            earlier, later = by_id[link.earlier], by_id[link.later]
            marking_id = intern_marking(
                session, highest(marking_of(session, seen, earlier), marking_of(session, seen, later))
            )
            if row is None:
                row = CommitmentLink(earlier_id=link.earlier, later_id=link.later)
                session.add(row)
            row.relation, row.score, row.marking_id = link.relation, link.score, marking_id
        kept.append(row)
    session.flush()
    if kept:
        audit.append(
            session,
            actor=actor,
            action="link",
            record_type="document",
            record_id=document_id,
            marking=highest(*(marking_by_id(session, row.marking_id) for row in kept)),
            decision="allow",
            reason=f"{actor.username} linked the commitments of document {document_id} to earlier ones",
            detail={"link_ids": [row.id for row in kept]},
        )
    seen = visibility(session, actor)  # the links may carry markings stored just now
    return _values(session, seen, CommitmentLink.id.in_([row.id for row in kept]))


def list_links(
    session: Session, *, viewer: Person, commitment_id: int | None = None, state: str | None = None
) -> list[LinkPublic]:
    """The links `viewer` may read (to or from a commitment, in a state), oldest first."""
    seen = visibility(session, viewer)
    conditions: list[ColumnElement[bool]] = []
    if commitment_id is not None:
        conditions.append(or_(CommitmentLink.earlier_id == commitment_id, CommitmentLink.later_id == commitment_id))
    if state is not None:
        conditions.append(CommitmentLink.state == state)
    return _values(session, seen, *conditions)


def confirm_link(session: Session, link_id: int, *, actor: Person) -> LinkPublic:
    """Confirm a proposed link: a person agrees the later commitment continues the earlier one."""
    return _decide(session, link_id, "confirmed", actor=actor)


def reject_link(session: Session, link_id: int, *, actor: Person) -> LinkPublic:
    """Reject a proposed link: it stays stored, marked rejected, and no longer counts in a lineage."""
    return _decide(session, link_id, "rejected", actor=actor)


def lineage(session: Session, commitment_id: int, *, viewer: Person) -> list[LineageStep]:
    """A commitment's chain of restatements and replacements from its first statement to its last, through the
    links `viewer` may read that no one rejected; NotFound for a commitment they may not read."""
    seen = visibility(session, viewer)
    visible(session, seen, Commitment, commitment_id, noun="commitment")
    rows = _rows(session, seen, CommitmentLink.state != "rejected")
    ids = chain(commitment_id, [Link(row.earlier_id, row.later_id, row.relation, row.score) for row in rows])
    commitments = {
        c.id: c
        for c in session.scalars(
            seen.filtered(select(Commitment).where(Commitment.id.in_(ids), *readable(seen, Commitment)))
        )
    }
    by_later = {row.later_id: row for row in rows}
    steps = []
    for cid in ids:
        commitment, link = commitments[cid], by_later.get(cid) if steps else None
        steps.append(
            LineageStep(
                commitment_id=cid,
                quote=commitment.quote,
                document_id=commitment.document_id,
                document_title=commitment.document.title,
                document_date=commitment.document.date,
                relation=link.relation if link is not None else None,
                link_id=link.id if link is not None else None,
                marking=seen.markings[commitment.marking_id],
            )
        )
    shown = [row for row in rows if row.later_id in ids and row.earlier_id in ids]
    related = {"commitment": list(commitments.values()), "document": [c.document for c in commitments.values()]}
    audit_read(session, seen, "commitment_link", shown, related=related)
    return steps


def continued(session: Session, seen: Visibility, later_documents: list[int]) -> set[int]:
    """The commitments that readable, unrejected links continue in any of `later_documents`."""
    later = select(Commitment.id).where(Commitment.document_id.in_(later_documents))
    rows = _rows(session, seen, CommitmentLink.state != "rejected", CommitmentLink.later_id.in_(later))
    return {row.earlier_id for row in rows}


def _decide(session: Session, link_id: int, state: str, *, actor: Person) -> LinkPublic:
    seen = visibility(session, actor)
    row = visible(session, seen, CommitmentLink, link_id, noun="link")
    verb = "confirm" if state == "confirmed" else "reject"
    marking = seen.markings[row.marking_id]
    refuse = f"cannot {verb} link {link_id}"
    require(
        session, actor, "update", marking, audited=verb, record_type="commitment_link", record_id=link_id, refuse=refuse
    )
    if row.state != "proposed":
        raise Conflict(f"{refuse}: {row.decided_by} {row.state} it already")
    row.state, row.decided_by, row.decided_at = state, actor.username, utc_now()
    session.flush()
    audit.append(
        session,
        actor=actor,
        action=verb,
        record_type="commitment_link",
        record_id=link_id,
        marking=marking,
        decision="allow",
        reason=f"{actor.username} {state} the link",
        detail={"earlier_id": row.earlier_id, "later_id": row.later_id, "relation": row.relation},
    )
    return _value(row, seen)


def _earlier(session: Session, seen: Visibility, document: Document) -> list[Commitment]:
    """Readable commitments of statements dated before `document`, by parties it issued or names."""
    if not document.date:
        return []
    present = set(document.parties) | {m.code for m in find_parties(document.text)}
    statement = seen.filtered(
        select(Commitment)
        .join(Commitment.document)
        .where(Document.date < document.date, *readable(seen, Commitment))
        .order_by(Document.date, Document.id, Commitment.ordinal)
        .options(
            selectinload(Commitment.actors),
            selectinload(Commitment.mechanism_links),
            selectinload(Commitment.agreement_links),
        )
    )
    return [c for c in session.scalars(statement) if set(c.parties) <= present]


def _stated(commitment: Commitment, document: Document) -> Stated:
    return Stated(
        commitment.id,
        commitment.quote,
        document.date,
        commitment.strength,
        commitment.due,
        commitment.recurrence,
        commitment.names_as_written,
    )


def _rows(session: Session, seen: Visibility, *conditions: ColumnElement[bool]) -> list[CommitmentLink]:
    statement = select(CommitmentLink).where(*conditions, *readable(seen, CommitmentLink)).order_by(CommitmentLink.id)
    return list(session.scalars(statement))


def _values(session: Session, seen: Visibility, *conditions: ColumnElement[bool]) -> list[LinkPublic]:
    rows = _rows(session, seen, *conditions)
    audit_read(session, seen, "commitment_link", rows)
    return [_value(row, seen) for row in rows]


def _value(row: CommitmentLink, seen: Visibility) -> LinkPublic:
    return LinkPublic(
        id=row.id,
        earlier_id=row.earlier_id,
        later_id=row.later_id,
        relation=row.relation,
        score=row.score,
        state=row.state,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        marking=seen.markings[row.marking_id],
    )
