"""Signed checkpoints of the audit log's head: HMAC-SHA256 (RFC 2104) with a key kept outside the database.

Someone able to rewrite the database can rebuild a hash chain end to end; they cannot sign its new head.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servanda.access import PUBLIC, Person
from servanda.audit.chain import append, instant, lock_chain
from servanda.audit.models import AuditCheckpoint
from servanda.store.decisions import require
from servanda.store.models import utc_now

# Domain-separation labels: the settings' secret key also serves other purposes, each under its own derived key.
_CHECKPOINT_PURPOSE = b"servanda audit checkpoint v1"
_KEY_ID_PURPOSE = b"servanda key id v1"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    id: int
    at: datetime
    last_entry_id: int
    last_hash: str
    signature: str
    key_id: str


def checkpoint_key(secret: str | None = None) -> bytes:
    """The checkpoint signing key, derived from `secret` (default: the settings' SERVANDA_SECRET_KEY)."""
    if secret is None:
        from servanda.settings import get_settings

        secret = get_settings().secret_key.get_secret_value()
    return hmac.new(secret.encode(), _CHECKPOINT_PURPOSE, hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """A short name for `key` that does not reveal it, recorded so a checkpoint says which key signed it."""
    return hmac.new(key, _KEY_ID_PURPOSE, hashlib.sha256).hexdigest()[:16]


def sign(key: bytes, last_entry_id: int, last_hash: str, at: datetime) -> str:
    """HMAC-SHA256 over `last_entry_id|last_hash|at`, hex."""
    message = f"{last_entry_id}|{last_hash}|{instant(at)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint(session: Session, *, key: bytes, actor: Person) -> Checkpoint:
    """Sign the log's head as it is once this checkpoint's own entry is appended; an admin's action."""
    decision = require(
        session,
        actor,
        "administer",
        PUBLIC,
        audited="checkpoint",
        record_type="audit_checkpoint",
        refuse="cannot checkpoint the audit log",
        marked=False,
    )
    lock_chain(session)
    next_id = (session.scalar(select(func.max(AuditCheckpoint.id))) or 0) + 1
    entry = append(
        session,
        actor=actor,
        action="checkpoint",
        record_type="audit_checkpoint",
        record_id=next_id,
        marking=None,
        decision="allow",
        reason=decision.reason,
    )
    at = utc_now()
    row = AuditCheckpoint(
        id=next_id,
        at=at,
        last_entry_id=entry.id,
        last_hash=entry.hash,
        signature=sign(key, entry.id, entry.hash, at),
        key_id=key_id(key),
    )
    session.add(row)
    session.flush()
    return Checkpoint(row.id, row.at, row.last_entry_id, row.last_hash, row.signature, row.key_id)
