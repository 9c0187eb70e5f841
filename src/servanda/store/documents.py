"""Reading stored documents back: one by id or SHA-256 prefix, lists, and summaries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

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


def get_document(session: Session, ref: int | str) -> Document | None:
    """Find a document by id or by a SHA-256 prefix of 4 or more hex digits; None if there is none."""
    loaded = [selectinload(Document.issuers)]
    if isinstance(ref, int):
        return session.get(Document, ref, options=loaded)
    ref = ref.strip().lower()
    # Digits name an id first; only when no document has that id are they read as a SHA-256 prefix.
    if ref.isdecimal() and (found := session.get(Document, int(ref), options=loaded)) is not None:
        return found
    if not _SHA_PREFIX.fullmatch(ref):
        if ref.isdecimal():
            return None
        raise StoreError(f"not a document id or a SHA-256 prefix of 4 or more hex digits: {ref!r}")
    matches = session.scalars(select(Document).where(Document.sha256.startswith(ref)).options(*loaded).limit(2)).all()
    if len(matches) > 1:
        raise StoreError(f"SHA-256 prefix {ref!r} matches several documents; give more digits")
    return matches[0] if matches else None


def list_documents(
    session: Session, *, issuer: str | None = None, limit: int = 100, offset: int = 0
) -> list[DocumentListing]:
    """Documents oldest first (undated last), optionally only those `issuer` issued."""
    count = select(func.count(Commitment.id)).where(Commitment.document_id == Document.id).scalar_subquery()
    statement: Select = select(Document, count).options(selectinload(Document.issuers))
    if issuer is not None:
        statement = statement.where(
            select(DocumentIssuer.document_id)
            .where(DocumentIssuer.document_id == Document.id, DocumentIssuer.party == issuer)
            .exists()
        )
    statement = statement.order_by(Document.date.asc().nulls_last(), Document.id).limit(limit).offset(offset)
    return [DocumentListing(document, commitments) for document, commitments in session.execute(statement)]


def document_summary(session: Session, document_id: int) -> DocumentSummary | None:
    """Count a document's commitments by strength and by area, and list its mechanisms and agreements."""
    document = session.get(Document, document_id, options=[selectinload(Document.issuers)])
    if document is None:
        return None
    strengths = dict(_counts(session, Commitment.strength, document_id))
    areas = sorted(_counts(session, Commitment.area, document_id), key=lambda pair: (-pair[1], pair[0]))
    achievements = session.scalar(select(func.count(Achievement.id)).where(Achievement.document_id == document_id))
    mechanisms = session.scalars(
        select(MechanismMention).where(MechanismMention.document_id == document_id).order_by(MechanismMention.ordinal)
    ).all()
    agreements = session.scalars(
        select(AgreementMention).where(AgreementMention.document_id == document_id).order_by(AgreementMention.ordinal)
    ).all()
    return DocumentSummary(
        document=document,
        commitments=sum(strengths.values()),
        achievements=achievements or 0,
        by_strength={s: strengths[s] for s in extract.STRENGTHS if s in strengths},
        by_area=dict(areas),
        mechanisms=list(mechanisms),
        agreements=list(agreements),
    )


def _counts(session: Session, column: InstrumentedAttribute[str], document_id: int) -> list[tuple[str, int]]:
    statement = select(column, func.count()).where(Commitment.document_id == document_id).group_by(column)
    return [(value, count) for value, count in session.execute(statement)]
