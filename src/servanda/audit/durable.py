"""Audit entries that must outlast the transaction they arise in: reads of marked records, and denials.

A denied write raises, and its transaction rolls back; a read may happen in a session that never commits.
Either way the entry must be kept. `append_durable` therefore writes it
- at once, in a transaction of its own, when the session only reads (the data is not returned until it is);
- otherwise when the session's transaction commits, inside it;
- or, when that transaction rolls back or is closed without committing, in a transaction of its own just after.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, SessionTransaction

from servanda.audit.chain import append
from servanda.store.engine import reads_only, transaction, writing

_OUTBOX = "servanda_audit_outbox"  # entries waiting for the transaction to end
_PENDING = "servanda_audit_pending"  # entries flushed into a transaction that has not committed yet


def append_durable(session: Session, **entry: Any) -> None:
    """Record `entry` (the keyword arguments of `append`) whatever becomes of the session's transaction."""
    if reads_only(session):
        _append_alone(session.get_bind(), [entry])
    else:
        session.connection()  # begins the session's transaction, if need be, so that its end is seen
        session.info.setdefault(_OUTBOX, []).append(entry)


def _append_alone(bind: Engine | Connection, entries: list[dict[str, Any]]) -> None:
    engine = bind.engine if isinstance(bind, Connection) else bind
    with transaction(writing(engine)) as own:
        for entry in entries:
            append(own, **entry)


@event.listens_for(Session, "before_commit")
def _append_before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    entries = session.info.pop(_OUTBOX, [])
    if entries:
        session.info.setdefault(_PENDING, []).extend(entries)
        for entry in entries:
            append(session, **entry)


@event.listens_for(Session, "after_commit")
def _forget_committed(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_transaction_end")
def _append_after_rollback(session: Session, ended: SessionTransaction) -> None:
    if ended.parent is not None or ended.nested:
        return
    entries = session.info.pop(_PENDING, []) + session.info.pop(_OUTBOX, [])
    if entries:
        _append_alone(session.get_bind(), entries)
