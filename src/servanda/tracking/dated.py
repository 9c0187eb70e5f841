"""What meetings of a mechanism and stages of an agreement share: a date at its stated precision, an optional
document that evidences it, a marking at least that document's, and no write down onto the mechanism or
agreement they belong to (unless its marking is raised to cover them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from servanda import audit
from servanda.access import PUBLIC, Marking, Person, highest
from servanda.store.attach import permit_attach, raise_record
from servanda.store.decisions import require
from servanda.store.due import due_by, first_day
from servanda.store.markings import check_marking
from servanda.store.models import Agreement, Document, Mechanism
from servanda.store.visibility import Visibility
from servanda.tracking.errors import TrackingError
from servanda.tracking.lookup import iso_date, marking_of, visible


@dataclass(frozen=True, slots=True)
class CheckedDated:
    when: str
    document: Document | None
    marking: Marking
    current: Marking  # the mechanism's or agreement's marking now
    raised: Marking | None  # what it must be raised to first, if anything


def check_dated(
    session: Session,
    seen: Visibility,
    entity: Mechanism | Agreement,
    when: str,
    *,
    document_id: int | None,
    marking: Marking = PUBLIC,
    raise_marking: bool,
    refuse: str,
) -> CheckedDated:
    """Check a dated record for `entity` without writing it (only a refusal's audit entry is written)."""
    current = marking_of(session, seen, entity)
    require(
        session,
        seen.viewer,
        "attach",
        current,
        audited="attach",
        record_type=entity.__tablename__,
        record_id=entity.id,
        refuse=refuse,
    )
    check_marking(marking)
    day = iso_date(when, refuse)
    if day is None:
        raise TrackingError(f"{refuse}: a date is needed")
    document = None
    content = highest(marking)
    if document_id is not None:
        document = visible(session, seen, Document, document_id, noun="document")
        if document.date is not None and first_day(day) > due_by(document.date):
            raise TrackingError(f"{refuse}: document {document.id}, dated {document.date}, cannot show {day}")
        content = highest(marking_of(session, seen, document), marking)
    raised = permit_attach(session, seen.viewer, entity, current, content, raise_marking=raise_marking, refuse=refuse)
    return CheckedDated(day, document, content, current, raised)


def apply_raise(session: Session, actor: Person, entity: Mechanism | Agreement, checked: CheckedDated) -> None:
    """Raise the entity's marking when the check said it must be, before writing the record."""
    if checked.raised is not None:
        raise_record(
            session,
            actor,
            entity,
            checked.current,
            checked.raised,
            reason=f"raised to carry a record marked {checked.marking.banner}",
        )


def audit_update(
    session: Session, actor: Person, entity: Mechanism | Agreement, marking: Marking, changes: dict[str, tuple]
) -> None:
    """The audit entry of an analyst's edit of a mechanism or agreement: its fields before and after, which is
    where the history of such edits is kept."""
    audit.append(
        session,
        actor=actor,
        action="update",
        record_type=entity.__tablename__,
        record_id=entity.id,
        marking=marking,
        decision="allow",
        reason=f"{actor.username} edited {entity.__tablename__} {entity.id}",
        detail={"from": {k: old for k, (old, _) in changes.items()}, "to": {k: new for k, (_, new) in changes.items()}},
    )


Named = TypeVar("Named", Mechanism, Agreement)


def open_to_edit(
    session: Session, seen: Visibility, actor: Person, model: type[Named], record_id: int
) -> tuple[Named, Marking, str]:
    """The mechanism or agreement an analyst edits, its marking, and how a refusal of the edit begins; NotFound for
    one the actor may not read, AccessDenied (audited) for one they may read but not update."""
    noun = model.__tablename__
    entity = visible(session, seen, model, record_id, noun=noun)
    marking = marking_of(session, seen, entity)
    refuse = f"cannot edit {noun} {record_id}"
    require(session, actor, "update", marking, audited="update", record_type=noun, record_id=record_id, refuse=refuse)
    return entity, marking, refuse


def new_name(entity: Mechanism | Agreement, name: str, refuse: str) -> tuple[str, str]:
    """The name change an edit asks for, as (before, after) with whitespace collapsed; a blank name is refused."""
    if not name.strip():
        raise TrackingError(f"{refuse}: a name needs words")
    return entity.name, " ".join(name.split())


def apply_edit(
    session: Session, actor: Person, entity: Mechanism | Agreement, marking: Marking, changes: dict[str, tuple]
) -> None:
    """Set the fields an edit changes (those whose value differs) and audit them; nothing when none differs."""
    changes = {k: v for k, v in changes.items() if v[0] != v[1]}
    if changes:
        for field, (_, new) in changes.items():
            setattr(entity, field, new)
        session.flush()
        audit_update(session, actor, entity, marking, changes)
