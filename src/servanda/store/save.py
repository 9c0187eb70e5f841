"""Storing a statement with everything extracted from it, as one unit that appears whole or not at all.

The statement carries a marking; what is derived from it (commitments, achievements) inherits the highest
marking of its sources, and a shared mechanism or agreement it names is raised to cover it, never lowered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from servanda import audit
from servanda.access import PUBLIC, Marking, Person, decide, highest
from servanda.errors import StoreError
from servanda.extract import model as extract
from servanda.ingest.model import IngestedDocument
from servanda.store.decisions import require
from servanda.store.due import due_by
from servanda.store.engine import one_line
from servanda.store.errors import AccessDenied
from servanda.store.keys import name_key
from servanda.store.markings import check_marking, intern_marking, marking_by_id
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


@dataclass(frozen=True, slots=True)
class _Raised:
    """A shared record whose marking was raised to cover the document that names it."""

    record: Mechanism | Agreement
    before: Marking
    after: Marking


def save_document(
    session: Session,
    doc: IngestedDocument,
    extraction: extract.Extraction,
    *,
    marking: Marking = PUBLIC,
    actor: Person,
) -> SaveResult:
    """Add a statement marked `marking`, and its extraction, within the session's transaction, unless its bytes
    are stored already. `actor` must be allowed to create records so marked, else AccessDenied and nothing is
    written. Nothing is committed here: the caller's transaction makes the whole document appear at once or
    not at all, with its audit entry.
    """
    refuse = f"cannot store document {doc.sha256[:12]}"
    check_marking(marking)
    decision = require(
        session,
        actor,
        "create",
        marking,
        audited="create",
        record_type="document",
        refuse=refuse,
        detail={"sha256": doc.sha256},
    )
    existing = _document_id(session, doc.sha256)
    if existing is not None:
        return _already_stored(session, existing, actor, refuse, doc)
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
        marking_id=intern_marking(session, marking),
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
            raise StoreError(f"{refuse}: {one_line(err.orig)}") from err
        return _already_stored(session, existing, actor, refuse, doc)
    try:
        raised = _add_extraction(session, document, extraction, marking)
        session.flush()
    except DBAPIError as err:
        raise StoreError(f"{refuse}: {one_line(err.orig)}") from err
    _audit_saved(session, actor, document, marking, decision.reason, extraction, raised)
    return SaveResult(document.id, created=True)


def _already_stored(
    session: Session, document_id: int, actor: Person, refuse: str, doc: IngestedDocument
) -> SaveResult:
    """The stored copy, when `actor` may read it; refused otherwise, without saying how it is marked."""
    marking_id = session.scalar(select(Document.marking_id).where(Document.id == document_id))
    assert marking_id is not None, "the document was found a moment ago, in the same transaction"
    stored = marking_by_id(session, marking_id)
    decision = decide(actor, "read", stored)
    if not decision:
        audit.append_durable(
            session,
            actor=actor,
            action="create",
            record_type="document",
            record_id=document_id,
            marking=stored,
            decision="deny",
            reason=f"already stored, and {decision.reason}",
            detail={"sha256": doc.sha256},
        )
        raise AccessDenied(f"{refuse}: the same bytes are stored already, under a marking you may not read")
    return SaveResult(document_id, created=False)


def _audit_saved(
    session: Session,
    actor: Person,
    document: Document,
    marking: Marking,
    reason: str,
    extraction: extract.Extraction,
    raised: list[_Raised],
) -> None:
    # Appended last, so the chain is held (on PostgreSQL) only while the transaction commits.
    audit.append(
        session,
        actor=actor,
        action="create",
        record_type="document",
        record_id=document.id,
        marking=marking,
        decision="allow",
        reason=reason,
        detail={
            "sha256": document.sha256,
            "commitments": len(extraction.commitments),
            "achievements": len(extraction.achievements),
            "mechanisms": len(extraction.mechanisms),
            "agreements": len(extraction.agreements),
        },
    )
    for change in raised:
        audit.append(
            session,
            actor=actor,
            action="raise-marking",
            record_type=type(change.record).__tablename__,
            record_id=change.record.id,
            marking=change.after,
            decision="allow",
            reason=f"raised to cover document {document.id}: a record named by marked content carries its marking",
            detail={"from": change.before.banner, "document_id": document.id},
        )


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


def _add_extraction(
    session: Session, document: Document, extraction: extract.Extraction, marking: Marking
) -> list[_Raised]:
    """Add what the document says; return the shared records whose marking had to be raised to cover it."""
    derived = intern_marking(session, highest(marking))  # derived records inherit the highest of their sources
    issuers = [row.party for row in document.issuers]

    def key(name: str) -> str:
        return name_key(name, issuers)

    mechanisms, raised = _get_or_create(
        session,
        key,
        Mechanism,
        [(m.name, {"recurrence": m.recurrence}) for m in extraction.mechanisms]
        + [(name, {}) for c in extraction.commitments for name in c.mechanisms],
        marking,
    )
    agreements, raised_too = _get_or_create(
        session,
        key,
        Agreement,
        [(a.name, {"kind": a.kind}) for a in extraction.agreements]
        + [(name, {"kind": "agreement"}) for c in extraction.commitments for name in c.agreements],
        marking,
    )
    for mention in extraction.mechanisms:
        mechanism = mechanisms[key(mention.name)]
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
            marking_id=derived,
            actors=[CommitmentActor(party=p, position=j) for j, p in enumerate(_unique(c.actors))],
            mechanism_links=[
                CommitmentMechanism(mechanism=mechanisms[named], position=j, written=written)
                for j, (named, written) in enumerate(_first_written(key, c.mechanisms))
            ],
            agreement_links=[
                CommitmentAgreement(agreement=agreements[named], position=j, written=written)
                for j, (named, written) in enumerate(_first_written(key, c.agreements))
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
            marking_id=derived,
            actors=[AchievementActor(party=p, position=j) for j, p in enumerate(_unique(a.actors))],
        )
        for i, a in enumerate(extraction.achievements)
    ]
    document.mechanism_mentions = [
        MechanismMention(
            mechanism=mechanisms[key(m.name)],
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
            agreement=agreements[key(a.name)],
            ordinal=i,
            stage=a.stage,
            date=a.date,
            start=a.start,
            end=a.end,
        )
        for i, a in enumerate(extraction.agreements)
    ]
    return raised + raised_too


def _get_or_create(
    session: Session,
    key_of: Callable[[str], str],
    model: type[Entity],
    named: list[tuple[str, dict[str, str | None]]],
    marking: Marking,
) -> tuple[dict[str, Entity], list[_Raised]]:
    """Find the shared rows these names refer to by key, creating the missing ones from their first naming, and
    raise the marking of those that already existed to cover `marking` (never lowering it)."""
    first: dict[str, tuple[str, dict[str, str | None]]] = {}
    for name, fields in named:
        first.setdefault(key_of(name), (name, fields))
    if not first:
        return {}, []
    # Locked in key order, so two writers raising the same rows' markings neither lose an update nor deadlock.
    locked = select(model).order_by(model.key).with_for_update().execution_options(populate_existing=True)
    found = {row.key: row for row in session.scalars(locked.where(model.key.in_(first)))}
    created: set[str] = set()
    for key in sorted(first.keys() - found.keys()):
        name, fields = first[key]
        row = model(name=name, key=key, marking_id=intern_marking(session, marking), **fields)
        try:
            with session.begin_nested():
                session.add(row)
            created.add(key)
        except IntegrityError:
            row = session.scalars(locked.where(model.key == key)).one()
        found[key] = row
    raised = []
    for key in sorted(found.keys() - created):
        row = found[key]
        before = marking_by_id(session, row.marking_id)
        after = highest(before, marking)
        if after != before:
            row.marking_id = intern_marking(session, after)
            raised.append(_Raised(row, before, after))
    return found, raised


def _first_written(key_of: Callable[[str], str], names: Iterable[str]) -> list[tuple[str, str]]:
    """Each record's key with the first of `names` that refers to it, in order."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(key_of(name), name)
    return list(first.items())


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
