"""Writes ask `access.decide` through `require`: a denial is audited, whatever happens to the transaction, and
raised as AccessDenied before anything is written."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from servanda import audit
from servanda.access import Action, Decision, Marking, Person, decide
from servanda.store.errors import AccessDenied


def require(
    session: Session,
    actor: Person,
    action: str | Action,
    marking: Marking,
    *,
    audited: str,
    record_type: str,
    record_id: int | None = None,
    refuse: str,
    detail: dict[str, Any] | None = None,
    marked: bool = True,
) -> Decision:
    """The decision allowing `actor` to do `action` to a record marked `marking`; AccessDenied otherwise, with a
    message starting `refuse` ("cannot ...") and an audit entry for the action named `audited` (with the marking's
    banner when the record is `marked`, not for people, tokens and the like)."""
    decision = decide(actor, action, marking)
    if not decision:
        audit.append_durable(
            session,
            actor=actor,
            action=audited,
            record_type=record_type,
            record_id=record_id,
            marking=marking if marked else None,
            decision="deny",
            reason=decision.reason,
            detail=detail,
        )
        raise AccessDenied(f"{refuse}: {decision.reason}")
    return decision
