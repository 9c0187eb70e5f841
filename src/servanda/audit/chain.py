"""Appending to the audit log: each entry's SHA-256 covers its fields and the hash of the entry before it.

Appends serialise, so two writers never fork the chain: on SQLite a writing transaction holds the database's
write lock from BEGIN IMMEDIATE; on PostgreSQL `lock_chain` takes a transaction-scoped advisory lock.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from servanda.access import Marking, Person
from servanda.audit.models import AuditEntry
from servanda.errors import StoreError
from servanda.store.engine import reads_only
from servanda.store.models import utc_now

GENESIS = "0" * 64  # the prev_hash of the first entry
SYSTEM = "system"  # the actor of entries no person caused
DECISIONS = ("allow", "deny")
MAX_DETAIL_BYTES = 32_768

# Any constant will do, as long as every Servanda process uses the same one (the migration lock is another).
_PG_CHAIN_LOCK = 0x5E_4A_2D_A1


def actor_name(actor: Person | str) -> str:
    """The name an entry records for `actor`: a person's username, or the given name ("system")."""
    return actor.username if isinstance(actor, Person) else actor


def lock_chain(session: Session) -> None:
    """Hold the chain until the session's transaction ends, so no other writer appends meanwhile."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CHAIN_LOCK})


def chain_head(session: Session) -> tuple[int, str]:
    """The id and hash of the newest entry; (0, GENESIS) for an empty log."""
    row = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return (row.id, row.hash) if row is not None else (0, GENESIS)


def append(
    session: Session,
    *,
    actor: Person | str,
    action: str,
    record_type: str,
    record_id: int | None,
    marking: Marking | str | None,
    decision: str,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry at the head of the chain, in the caller's transaction: it is kept exactly when that is."""
    if decision not in DECISIONS:
        raise ValueError(f"an audit decision is 'allow' or 'deny', not {decision!r}")
    if reads_only(session):
        raise StoreError("cannot append to the audit log in a read-only session")
    encoded = _canonical(detail)
    if len(encoded.encode()) > MAX_DETAIL_BYTES:
        raise ValueError(f"audit detail is larger than {MAX_DETAIL_BYTES} bytes")
    lock_chain(session)
    last_id, last_hash = chain_head(session)
    entry = AuditEntry(
        id=last_id + 1,
        at=utc_now(),
        actor=actor_name(actor),
        action=action,
        record_type=record_type,
        record_id=record_id,
        marking=marking.banner if isinstance(marking, Marking) else marking,
        decision=decision,
        reason=reason,
        detail=detail,
        prev_hash=last_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def entry_hash(entry: AuditEntry, *, entry_id: int | None = None) -> str:
    """SHA-256 of the entry's canonical JSON: every field but the hash itself, the previous hash included.

    `entry_id` computes it as if the entry stood at another position (how `verify` recognises a moved entry).
    """
    fields = {
        "id": entry.id if entry_id is None else entry_id,
        "at": instant(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "marking": entry.marking,
        "decision": entry.decision,
        "reason": entry.reason,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    return hashlib.sha256(_canonical(fields).encode()).hexdigest()


def instant(at: datetime) -> str:
    """A timestamp as hashed and signed: UTC, to the microsecond, as both databases keep it."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical(value: Any) -> str:
    # Sorted keys and no spaces: PostgreSQL's JSONB reorders keys, and the hash must not depend on it.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
