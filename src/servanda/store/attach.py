"""Attaching marked content to a marked record: evidence to a commitment, a meeting to a mechanism, a stage to an
agreement. No write down (docs/security.md, rule 6): content marked above the record is refused, unless the
caller asks for the record's marking to be raised to cover it first; then only that record is raised, and the
audit log says so.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from servanda import audit
from servanda.access import Action, Marking, Person, decide, highest
from servanda.store.decisions import require
from servanda.store.markings import intern_marking
from servanda.store.models import Marked


def permit_attach(
    session: Session,
    actor: Person,
    record: Marked,
    current: Marking,
    content: Marking,
    *,
    raise_marking: bool,
    refuse: str,
) -> Marking | None:
    """Check that `actor` may attach content marked `content` to `record` (marked `current`). Return the marking
    the record must be raised to first, or None when it covers the content already; AccessDenied (audited)
    otherwise. Writes nothing but a denial's audit entry."""
    record_type = record.__tablename__
    decision = decide(actor, Action("attach", source=content), current)
    if decision.allow:
        return None
    if decision.code == "write-down" and raise_marking:
        raised = highest(current, content)
        require(
            session,
            actor,
            "update",
            raised,
            audited="raise-marking",
            record_type=record_type,
            record_id=record.id,
            refuse=refuse,
        )
        return raised
    require(
        session,
        actor,
        Action("attach", source=content),
        current,
        audited="attach",
        record_type=record_type,
        record_id=record.id,
        refuse=refuse,
    )
    raise AssertionError("require raises when decide refuses")  # pragma: no cover


def raise_record(
    session: Session,
    actor: Person,
    record: Marked,
    before: Marking,
    after: Marking,
    *,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Raise `record`'s marking from `before` to `after`, in the caller's transaction, and audit it."""
    record.marking_id = intern_marking(session, after)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="raise-marking",
        record_type=record.__tablename__,
        record_id=record.id,
        marking=after,
        decision="allow",
        reason=reason,
        detail={"from": before.banner, **(detail or {})},
    )
