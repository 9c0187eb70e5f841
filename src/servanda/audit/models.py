"""The audit tables: an append-only, hash-chained log of decisions, and signed checkpoints of its head.

Database triggers (migration 0002) refuse UPDATE and DELETE on both tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from servanda.store.models import Base


class AuditEntry(Base):
    """Who did what to which record, when, whether it was allowed and why; linked to the entry before it."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("decision IN ('allow', 'deny')", name="decision"),
        Index("ix_audit_log_record", "record_type", "record_id"),
    )

    # Assigned by `append` (previous id + 1) rather than by the database, so it can be part of the hash.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(Text, index=True)  # a username, or "system"
    action: Mapped[str] = mapped_column(Text)
    record_type: Mapped[str] = mapped_column(Text)
    record_id: Mapped[int | None] = mapped_column(Integer)
    marking: Mapped[str | None] = mapped_column(Text)  # the record's marking banner
    decision: Mapped[str] = mapped_column(String(5))
    reason: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """The head of the log at one moment, signed with a key the database does not hold."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    last_entry_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256, hex
    key_id: Mapped[str] = mapped_column(String(16))
