"""Checking the audit log: every hash, every link, consecutive ids, and every signed checkpoint."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servanda.audit.chain import GENESIS, entry_hash
from servanda.audit.checkpoint import checkpoint_key, key_id, sign
from servanda.audit.models import AuditCheckpoint, AuditEntry


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """What `verify` found: the first broken entry and what is wrong with it, or nothing."""

    entries: int
    checkpoints: int
    broken_id: int | None = None
    # edited | deleted-before | reordered | unlinked | truncated | checkpoint-mismatch | checkpoint-signature
    # | checkpoint-key
    problem: str | None = None
    message: str = "the audit log is intact"

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify(session: Session, *, key: bytes | None = None, batch_size: int = 1000) -> VerifyResult:
    """Walk the log in id order, then check each checkpoint against it (`key`: default `checkpoint_key()`)."""
    key = checkpoint_key() if key is None else key
    entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    checkpoints = session.scalar(select(func.count()).select_from(AuditCheckpoint)) or 0
    counts = {"entries": entries, "checkpoints": checkpoints}
    expected_id, expected_prev = 1, GENESIS
    ordered = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=batch_size)
    for entry in session.scalars(ordered):
        if entry.id != expected_id:
            return VerifyResult(
                **counts,
                broken_id=entry.id,
                problem="deleted-before",
                message=f"entries {expected_id}–{entry.id - 1} are missing before entry {entry.id}",
            )
        if entry_hash(entry) != entry.hash:
            moved_from = _original_position(session, entry)
            if moved_from is not None:
                return VerifyResult(
                    **counts,
                    broken_id=entry.id,
                    problem="reordered",
                    message=f"entry {entry.id} holds what was entry {moved_from}",
                )
            return VerifyResult(
                **counts,
                broken_id=entry.id,
                problem="edited",
                message=f"entry {entry.id} was changed after it was written: its hash does not match its fields",
            )
        if entry.prev_hash != expected_prev:
            return VerifyResult(
                **counts,
                broken_id=entry.id,
                problem="unlinked",
                message=f"entry {entry.id} does not follow entry {entry.id - 1}: an entry before it was rewritten, "
                "or entries were removed and the rest renumbered",
            )
        expected_id, expected_prev = entry.id + 1, entry.hash
        session.expunge(entry)
    last_id = expected_id - 1
    for point in session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)):
        problem = _checkpoint_problem(session, point, key=key, last_id=last_id)
        if problem is not None:
            return VerifyResult(**counts, broken_id=point.last_entry_id, problem=problem[0], message=problem[1])
    return VerifyResult(**counts)


def _original_position(session: Session, entry: AuditEntry) -> int | None:
    """The id under which `entry`'s fields hash to its stored hash, when that is another id than its own."""
    highest = session.scalar(select(func.max(AuditEntry.id))) or 0
    for candidate in range(1, highest + 1):
        if candidate != entry.id and entry_hash(entry, entry_id=candidate) == entry.hash:
            return candidate
    return None


def _checkpoint_problem(
    session: Session, point: AuditCheckpoint, *, key: bytes, last_id: int
) -> tuple[str, str] | None:
    name = f"checkpoint {point.id}"
    if not hmac.compare_digest(point.key_id, key_id(key)):
        return "checkpoint-key", f"{name} was signed with another key ({point.key_id}); it cannot be checked"
    expected = sign(key, point.last_entry_id, point.last_hash, point.at)
    if not hmac.compare_digest(point.signature, expected):
        return "checkpoint-signature", f"{name}'s signature is not valid: the checkpoint was forged or altered"
    if point.last_entry_id > last_id:
        return "truncated", (
            f"{name} covers entries up to {point.last_entry_id}, but the log ends at entry {last_id}: "
            "entries were removed from its end"
        )
    recorded = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == point.last_entry_id))
    if recorded != point.last_hash:
        return "checkpoint-mismatch", (
            f"entry {point.last_entry_id} no longer has the hash {name} recorded: entries up to it were rewritten"
        )
    return None
