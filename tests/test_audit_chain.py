"""The audit log is a hash chain that triggers keep append-only; `verify` names the first entry someone with raw
database access edited, deleted or moved, and signed checkpoints catch a rewritten or truncated chain."""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import DBAPIError

from conftest import WRITER
from servanda.access import Person, parse_marking
from servanda.audit import GENESIS, AuditCheckpoint, AuditEntry, append, checkpoint, verify
from servanda.audit.chain import entry_hash
from servanda.store import AccessDenied
from servanda.store.engine import session_factory, transaction

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
SECRET = parse_marking("CAN SECRET//REL TO CAN, KOR//SDCP")
LOG = AuditEntry.__table__
CHECKPOINTS = AuditCheckpoint.__table__


def _append(engine: Engine, count: int, *, start: int = 0) -> None:
    with transaction(engine) as session:
        for n in range(start, start + count):
            append(
                session,
                actor=WRITER if n % 2 else "system",
                action="read" if n % 3 else "create",
                record_type="commitment",
                record_id=n or None,
                marking=SECRET if n % 2 else None,
                decision="deny" if n % 5 == 4 else "allow",
                reason=f"reason {n}",
                detail={"ids": [n, n + 1], "note": "é"} if n % 2 else None,
            )


def _checkpoint(engine: Engine, key: bytes = KEY) -> int:
    with transaction(engine) as session:
        return checkpoint(session, key=key, actor=WRITER).last_entry_id


def _verify(engine: Engine, key: bytes = KEY):
    with session_factory(engine, readonly=True)() as session:
        return verify(session, key=key)


def _rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(select(LOG).order_by(LOG.c.id)).mappings()]


def _drop_triggers(engine: Engine) -> None:
    """What someone with raw access to the database can do first."""
    with engine.begin() as connection:
        for table in ("audit_log", "audit_checkpoint"):
            if engine.dialect.name == "postgresql":
                connection.execute(text(f"DROP TRIGGER {table}_append_only ON {table}"))
            else:
                connection.execute(text(f"DROP TRIGGER {table}_no_update"))
                connection.execute(text(f"DROP TRIGGER {table}_no_delete"))


def _set(engine: Engine, entry_id: int, **values: Any) -> None:
    with engine.begin() as connection:
        connection.execute(update(LOG).where(LOG.c.id == entry_id).values(**values))


def _rehash(engine: Engine, start: int) -> None:
    """Recompute every hash and link from entry `start` on, as someone covering their tracks would."""
    with session_factory(engine)() as session, session.begin():
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        previous = GENESIS
        for entry in entries:
            if entry.id >= start:
                fields = {"prev_hash": previous}
                fields["hash"] = entry_hash(_with(entry, **fields))
                session.execute(update(LOG).where(LOG.c.id == entry.id).values(**fields))
                previous = fields["hash"]
            else:
                previous = entry.hash


def _with(entry: AuditEntry, **fields: Any) -> AuditEntry:
    copy = AuditEntry(**{c.key: getattr(entry, c.key) for c in LOG.columns})
    for name, value in fields.items():
        setattr(copy, name, value)
    return copy


def test_entries_chain_from_zeros_by_the_sha256_of_their_canonical_json(engine: Engine) -> None:
    _append(engine, 6)
    rows = _rows(engine)
    assert [row["id"] for row in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0]["prev_hash"] == "0" * 64
    for before, row in itertools.pairwise(rows):
        assert row["prev_hash"] == before["hash"]
    for row in rows:
        fields = {k: v for k, v in row.items() if k != "hash"}
        fields["at"] = _utc(row["at"])
        canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert row["hash"] == hashlib.sha256(canonical.encode()).hexdigest()
    assert rows[1]["actor"] == "writer" and rows[0]["actor"] == "system"
    assert rows[1]["marking"] == SECRET.banner
    result = _verify(engine)
    assert (result.ok, result.entries, result.broken_id) == (True, 6, None)


def _utc(at: datetime) -> str:
    moment = at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite hands back naive UTC timestamps
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_an_empty_log_verifies(engine: Engine) -> None:
    assert _verify(engine).ok


@pytest.mark.parametrize("table", ["audit_log", "audit_checkpoint"])
def test_the_database_refuses_to_update_or_delete_audit_rows(engine: Engine, table: str) -> None:
    _append(engine, 2)
    _checkpoint(engine)
    for statement in (f"UPDATE {table} SET at = at", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {table}"))
    assert _verify(engine).ok


def test_an_edited_entry_is_named(engine: Engine) -> None:
    _append(engine, 6)
    _drop_triggers(engine)
    _set(engine, 3, reason="nothing to see")
    result = _verify(engine)
    assert (result.broken_id, result.problem) == (3, "edited")
    assert "entry 3" in result.message


def test_an_edited_detail_is_named(engine: Engine) -> None:
    _append(engine, 6)
    _drop_triggers(engine)
    _set(engine, 4, detail={"ids": [1]})
    assert (_verify(engine).broken_id, _verify(engine).problem) == (4, "edited")


@pytest.mark.parametrize(("deleted", "named"), [(3, 4), (1, 2)])
def test_a_deleted_entry_is_named_by_the_one_after_it(engine: Engine, deleted: int, named: int) -> None:
    _append(engine, 6)
    _drop_triggers(engine)
    with engine.begin() as connection:
        connection.execute(delete(LOG).where(LOG.c.id == deleted))
    result = _verify(engine)
    assert (result.broken_id, result.problem) == (named, "deleted-before")


def test_swapped_entries_are_named_as_reordered(engine: Engine) -> None:
    _append(engine, 6)
    _drop_triggers(engine)
    rows = {row["id"]: row for row in _rows(engine)}
    for here, there in ((2, 5), (5, 2)):
        _set(engine, here, **{k: v for k, v in rows[there].items() if k != "id"})
    result = _verify(engine)
    assert (result.broken_id, result.problem) == (2, "reordered")
    assert result.message == "entry 2 holds what was entry 5"


def test_an_entry_edited_and_rehashed_breaks_the_next_link(engine: Engine) -> None:
    _append(engine, 6)
    _drop_triggers(engine)
    with session_factory(engine)() as session:
        entry = session.get(AuditEntry, 3)
        forged = entry_hash(_with(entry, reason="nothing to see"))
    _set(engine, 3, reason="nothing to see", hash=forged)
    result = _verify(engine)
    assert (result.broken_id, result.problem) == (4, "unlinked")


def test_a_rewritten_chain_is_caught_by_a_checkpoint(engine: Engine) -> None:
    _append(engine, 6)
    covered = _checkpoint(engine)
    _append(engine, 2, start=6)
    _drop_triggers(engine)
    _set(engine, 2, actor="someone else")
    _rehash(engine, 2)
    result = _verify(engine)
    assert (result.broken_id, result.problem) == (covered, "checkpoint-mismatch")


def test_truncating_the_tail_after_a_checkpoint_is_caught(engine: Engine) -> None:
    _append(engine, 4)
    covered = _checkpoint(engine)
    _append(engine, 3, start=4)
    _drop_triggers(engine)
    with engine.begin() as connection:
        connection.execute(delete(LOG).where(LOG.c.id >= covered - 1))
    result = _verify(engine)
    assert (result.broken_id, result.problem) == (covered, "truncated")


def test_a_forged_checkpoint_signature_is_caught(engine: Engine) -> None:
    _append(engine, 3)
    covered = _checkpoint(engine)
    _drop_triggers(engine)
    with engine.begin() as connection:
        connection.execute(update(CHECKPOINTS).values(signature="0" * 64))
    result = _verify(engine)
    assert (result.broken_id, result.problem) == (covered, "checkpoint-signature")


def test_a_checkpoint_signed_with_another_key_cannot_be_checked(engine: Engine) -> None:
    _append(engine, 3)
    _checkpoint(engine, OTHER_KEY)
    assert _verify(engine, KEY).problem == "checkpoint-key"
    assert _verify(engine, OTHER_KEY).ok


def test_a_checkpoint_covers_its_own_entry_and_is_an_admins_action(engine: Engine) -> None:
    _append(engine, 2)
    with transaction(engine) as session:
        made = checkpoint(session, key=KEY, actor=WRITER)
    assert (made.id, made.last_entry_id) == (1, 3)
    reader = Person("reader", "CAN", "SECRET", "reader")
    refused = r"^cannot checkpoint the audit log: a reader may not administer"
    with pytest.raises(AccessDenied, match=refused), transaction(engine) as session:
        checkpoint(session, key=KEY, actor=reader)
    rows = _rows(engine)
    assert [(r["actor"], r["action"], r["decision"]) for r in rows[-2:]] == [
        ("writer", "checkpoint", "allow"),
        ("reader", "checkpoint", "deny"),
    ]
    assert _verify(engine).ok


def test_concurrent_writers_leave_one_chain(engine: Engine) -> None:
    writers, each = 4, 8
    barrier = threading.Barrier(writers, timeout=20)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(each):
                with transaction(engine) as session:
                    append(
                        session,
                        actor=f"writer{n}",
                        action="create",
                        record_type="document",
                        record_id=i,
                        marking=None,
                        decision="allow",
                        reason="concurrent",
                    )
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    result = _verify(engine)
    assert (result.ok, result.entries) == (True, writers * each)
