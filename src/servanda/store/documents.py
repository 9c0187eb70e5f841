"""Reading stored documents back: one by id or SHA-256 prefix, lists, and summaries.

Each takes the `viewer` it reads for, and sees only what the store's query filter lets them (visibility.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from servanda.access import Person
from servanda.errors import StoreError
from servanda.extract import model as extract
from servanda.store.models import (
    Achievement,
    AgreementMention,
    Commitment,
    Document,
    DocumentIssuer,
    MechanismMention,
)
from servanda.store.visibility import Visibility, audit_not_found, audit_read, has_id, visibility

_SHA_PREFIX = re.compile(r"[0-9a-f]{4,64}")


@dataclass(frozen=True, slots=True)
class DocumentListing:
    """A document with its number of commitments, for lists of documents."""

    document: Document
    commitments: int


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What a document amounts to: counts by strength and area, and the mechanisms and agreements it names."""

    document: Document
    commitments: int
    achievements: int
    by_strength: dict[str, int]
    by_area: dict[str, int]
    mechanisms: list[MechanismMention]
    agreements: list[AgreementMention]


def get_document(session: Session, ref: int | str, *, viewer: Person) -> Document | None:
    """Find a document `viewer` may read by id or by a SHA-256 prefix of 4 or more hex digits; None if there is
    none (a document they may not read is none)."""
    seen = visibility(session, viewer)
    found, asked = _find(session, seen, ref)
    if found is None:
        audit_not_found(session, seen, Document, asked, ref=str(ref).strip())
        return None
    audit_read(session, seen, "document", [found])
    return found


def list_documents(
    session: Session, *, viewer: Person, issuer: str | None = None, limit: int = 100, offset: int = 0
) -> list[DocumentListing]:
    """Documents `viewer` may read, oldest first (undated last), optionally only those `issuer` issued; each with
    the number of its commitments `viewer` may read."""
    seen = visibility(session, viewer)
    count = (
        select(func.count(Commitment.id))
        .where(Commitment.document_id == Document.id, seen.allows(Commitment))
        .scalar_subquery()
    )
    statement: Select = seen.filtered(select(Document, count).where(*_listed(seen, issuer)).options(*_loaded()))
    statement = statement.order_by(Document.date.asc().nulls_last(), Document.id).limit(limit).offset(offset)
    listings = [DocumentListing(document, commitments) for document, commitments in session.execute(statement)]
    audit_read(session, seen, "document", [listing.document for listing in listings])
    return listings


def count_documents(session: Session, *, viewer: Person, issuer: str | None = None) -> int:
    """How many documents `viewer` may read (of those `issuer` issued), for paging through `list_documents`."""
    seen = visibility(session, viewer)
    return session.scalar(select(func.count()).select_from(Document).where(*_listed(seen, issuer))) or 0


def document_summary(session: Session, document_id: int, *, viewer: Person) -> DocumentSummary | None:
    """Count a document's commitments by strength and by area, and list its mechanisms and agreements: only
    what `viewer` may read, and None for a document they may not read, as for one that is not stored."""
    seen = visibility(session, viewer)
    document = session.scalars(_by_id(seen, document_id)).one_or_none()
    if document is None:
        audit_not_found(session, seen, Document, has_id(Document, document_id), ref=str(document_id))
        return None
    strengths = dict(_counts(session, seen, Commitment.strength, document_id))
    areas = sorted(_counts(session, seen, Commitment.area, document_id), key=lambda pair: (-pair[1], pair[0]))
    achievements = session.scalar(
        select(func.count(Achievement.id)).where(Achievement.document_id == document_id, seen.allows(Achievement))
    )
    mechanisms = session.scalars(
        seen.filtered(
            select(MechanismMention)
            .where(MechanismMention.document_id == document_id)
            .order_by(MechanismMention.ordinal)
        )
    ).all()
    agreements = session.scalars(
        seen.filtered(
            select(AgreementMention)
            .where(AgreementMention.document_id == document_id)
            .order_by(AgreementMention.ordinal)
        )
    ).all()
    related = {"mechanism": [m.mechanism for m in mechanisms], "agreement": [a.agreement for a in agreements]}
    audit_read(session, seen, "document", [document], related=related)
    return DocumentSummary(
        document=document,
        commitments=sum(strengths.values()),
        achievements=achievements or 0,
        by_strength={s: strengths[s] for s in extract.STRENGTHS if s in strengths},
        by_area=dict(areas),
        mechanisms=list(mechanisms),
        agreements=list(agreements),
    )


def _find(session: Session, seen: Visibility, ref: int | str) -> tuple[Document | None, ColumnElement[bool]]:
    """The visible document `ref` names, and the condition that names it (to audit a look-up that failed)."""
    if isinstance(ref, int):
        return session.scalars(_by_id(seen, ref)).one_or_none(), has_id(Document, ref)
    ref = ref.strip().lower()
    # Digits name an id first; only when no document has that id are they read as a SHA-256 prefix.
    digits = ref.isdecimal()
    if digits and (found := session.scalars(_by_id(seen, int(ref))).one_or_none()) is not None:
        return found, has_id(Document, int(ref))
    if not _SHA_PREFIX.fullmatch(ref):
        if digits:
            return None, has_id(Document, int(ref))
        raise StoreError(f"not a document id or a SHA-256 prefix of 4 or more hex digits: {ref!r}")
    prefixed = Document.sha256.startswith(ref)
    statement = seen.filtered(select(Document).where(prefixed, seen.allows(Document)).options(*_loaded()).limit(2))
    matches = session.scalars(statement).all()
    if len(matches) > 1:
        raise StoreError(f"SHA-256 prefix {ref!r} matches several documents; give more digits")
    asked = or_(has_id(Document, int(ref)), prefixed) if digits else prefixed
    return (matches[0] if matches else None), asked


def _by_id(seen: Visibility, document_id: int) -> Select[tuple[Document]]:
    statement = select(Document).where(has_id(Document, document_id), seen.allows(Document))
    return seen.filtered(statement.options(*_loaded()))


def _loaded() -> list:
    return [selectinload(Document.issuers)]


def _listed(seen: Visibility, issuer: str | None) -> list[ColumnElement[bool]]:
    conditions = [seen.allows(Document)]
    if issuer is not None:
        conditions.append(
            select(DocumentIssuer.document_id)
            .where(DocumentIssuer.document_id == Document.id, DocumentIssuer.party == issuer)
            .exists()
        )
    return conditions


def _counts(
    session: Session, seen: Visibility, column: InstrumentedAttribute[str], document_id: int
) -> list[tuple[str, int]]:
    statement = (
        select(column, func.count())
        .where(Commitment.document_id == document_id, seen.allows(Commitment))
        .group_by(column)
    )
    return [(value, count) for value, count in session.execute(statement)]
