"""Storing a statement with everything extracted from it, as one unit that appears whole or not at all."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from servanda.errors import StoreError
from servanda.extract import model as extract
from servanda.ingest.model import IngestedDocument
from servanda.store.due import due_by
from servanda.store.engine import one_line
from servanda.store.keys import name_key
from servanda.store.models import (
    Achievement,
    AchievementActor,
    Agreement,
    AgreementMention,
    Commitment,
    CommitmentActor,
    CommitmentAgreement,
    CommitmentMechanism,
    Document,
    DocumentIssuer,
    Mechanism,
    MechanismMention,
)

Entity = TypeVar("Entity", Mechanism, Agreement)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """Which document holds a statement, and whether this call stored it."""

    document_id: int
    created: bool


def save_document(session: Session, doc: IngestedDocument, extraction: extract.Extraction) -> SaveResult:
    """Add a statement and its extraction within the session's transaction, unless its bytes are stored.

    Nothing is committed here: the caller's transaction makes the whole document appear at once or not at all.
    """
    existing = _document_id(session, doc.sha256)
    if existing is not None:
        return SaveResult(existing, created=False)
    _check_values(doc, extraction)
    document = Document(
        sha256=doc.sha256,
        title=doc.metadata.title,
        date=doc.metadata.date,
        source=doc.metadata.source,
        origin=doc.origin,
        format=doc.format,
        text=doc.text,
        extra=dict(doc.metadata.extra),
        issuers=[
            DocumentIssuer(party=party, position=i)
            for i, party in enumerate(_unique(doc.metadata.issuers or extraction.issuers))
        ],
    )
    try:
        # A concurrent writer may store the same bytes between the check above and this insert.
        with session.begin_nested():
            session.add(document)
    except IntegrityError as err:
        existing = _document_id(session, doc.sha256)
        if existing is None:
            raise StoreError(f"cannot store document {doc.sha256[:12]}: {one_line(err.orig)}") from err
        return SaveResult(existing, created=False)
    try:
        _add_extraction(session, document, extraction)
        session.flush()
    except DBAPIError as err:
        raise StoreError(f"cannot store document {doc.sha256[:12]}: {one_line(err.orig)}") from err
    return SaveResult(document.id, created=True)


def _document_id(session: Session, sha256: str) -> int | None:
    return session.scalar(select(Document.id).where(Document.sha256 == sha256))


def _check_values(doc: IngestedDocument, extraction: extract.Extraction) -> None:
    """Refuse malformed dates, wordless names and non-JSON metadata before writing, alike on every backend."""
    refuse = f"cannot store document {doc.sha256[:12]}"
    try:
        json.dumps(doc.metadata.extra, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise StoreError(f"{refuse}: metadata is not JSON: {err}") from None
    names = [m.name for m in extraction.mechanisms] + [a.name for a in extraction.agreements]
    names += [name for c in extraction.commitments for name in (*c.mechanisms, *c.agreements)]
    if blank := [name for name in names if not name_key(name)]:
        raise StoreError(f"{refuse}: a mechanism or agreement name has no words: {blank[0]!r}")
    dated: list[tuple[str, str | None]] = [("date", doc.metadata.date)]
    dated += [(f"commitment {i} due", c.due) for i, c in enumerate(extraction.commitments)]
    dated += [(f"achievement {i} date", a.date) for i, a in enumerate(extraction.achievements)]
    for i, m in enumerate(extraction.mechanisms):
        dated += [(f"mechanism {i} next", m.next), (f"mechanism {i} held", m.held)]
    dated += [(f"agreement {i} date", a.date) for i, a in enumerate(extraction.agreements)]
    for where, value in dated:
        try:
            due_by(value)
        except ValueError as err:
            raise StoreError(f"{refuse}: {where}: {err}") from None


def _add_extraction(session: Session, document: Document, extraction: extract.Extraction) -> None:
    mechanisms = _get_or_create(
        session,
        Mechanism,
        [(m.name, {"recurrence": m.recurrence}) for m in extraction.mechanisms]
        + [(name, {}) for c in extraction.commitments for name in c.mechanisms],
    )
    agreements = _get_or_create(
        session,
        Agreement,
        [(a.name, {"kind": a.kind}) for a in extraction.agreements]
        + [(name, {"kind": "agreement"}) for c in extraction.commitments for name in c.agreements],
    )
    for mention in extraction.mechanisms:
        mechanism = mechanisms[name_key(mention.name)]
        if mechanism.recurrence is None and mention.recurrence is not None:
            mechanism.recurrence = mention.recurrence
    document.commitments = [
        Commitment(
            ordinal=i,
            quote=c.quote,
            start=c.start,
            end=c.end,
            strength=c.strength,
            area=c.area,
            due=c.due,
            due_by=due_by(c.due),
            recurrence=c.recurrence,
            section=c.section,
            annex=c.annex,
            actors=[CommitmentActor(party=p, position=j) for j, p in enumerate(_unique(c.actors))],
            mechanism_links=[
                CommitmentMechanism(mechanism=mechanisms[key], position=j)
                for j, key in enumerate(_unique(name_key(n) for n in c.mechanisms))
            ],
            agreement_links=[
                CommitmentAgreement(agreement=agreements[key], position=j)
                for j, key in enumerate(_unique(name_key(n) for n in c.agreements))
            ],
        )
        for i, c in enumerate(extraction.commitments)
    ]
    document.achievements = [
        Achievement(
            ordinal=i,
            quote=a.quote,
            start=a.start,
            end=a.end,
            area=a.area,
            date=a.date,
            section=a.section,
            actors=[AchievementActor(party=p, position=j) for j, p in enumerate(_unique(a.actors))],
        )
        for i, a in enumerate(extraction.achievements)
    ]
    document.mechanism_mentions = [
        MechanismMention(
            mechanism=mechanisms[name_key(m.name)],
            ordinal=i,
            recurrence=m.recurrence,
            next=m.next,
            held=m.held,
            status=m.status,
            start=m.start,
            end=m.end,
        )
        for i, m in enumerate(extraction.mechanisms)
    ]
    document.agreement_mentions = [
        AgreementMention(
            agreement=agreements[name_key(a.name)],
            ordinal=i,
            stage=a.stage,
            date=a.date,
            start=a.start,
            end=a.end,
        )
        for i, a in enumerate(extraction.agreements)
    ]


def _get_or_create(
    session: Session, model: type[Entity], named: list[tuple[str, dict[str, str | None]]]
) -> dict[str, Entity]:
    """Find the shared rows these names refer to by key, creating the missing ones from their first naming."""
    first: dict[str, tuple[str, dict[str, str | None]]] = {}
    for name, fields in named:
        first.setdefault(name_key(name), (name, fields))
    if not first:
        return {}
    found = {row.key: row for row in session.scalars(select(model).where(model.key.in_(first)))}
    # Sorted, so two writers creating the same rows lock them in the same order and cannot deadlock.
    for key in sorted(first.keys() - found.keys()):
        name, fields = first[key]
        row = model(name=name, key=key, **fields)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            row = session.scalars(select(model).where(model.key == key)).one()
        found[key] = row
    return found


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
