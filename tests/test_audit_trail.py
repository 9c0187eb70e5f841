"""What goes into the audit log: every write, every read of a marked record, and every look-up by id that finds
nothing the reader may see; and entries that outlast a rolled-back or read-only transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from conftest import WRITER
from servanda.access import Person, parse_marking
from servanda.audit import AuditEntry, append_durable, verify
from servanda.store import (
    AccessDenied,
    document_summary,
    get_commitment,
    get_document,
    iter_commitments,
    list_commitments,
    list_documents,
    save_document,
)
from servanda.store.engine import session_factory, transaction

SECRET = parse_marking("CAN SECRET//REL TO CAN, KOR")
UNCLEARED = Person("uncleared", "CAN", "UNCLASSIFIED", "reader")
CLEARED = Person("cleared", "CAN", "SECRET", "reader")


def _entries(engine: Engine, **where: str) -> list[AuditEntry]:
    with session_factory(engine)() as session:
        statement = select(AuditEntry).order_by(AuditEntry.id)
        for column, value in where.items():
            statement = statement.where(getattr(AuditEntry, column) == value)
        return list(session.scalars(statement))


@pytest.fixture
def stored(engine: Engine, make_statement) -> dict[str, list[int]]:
    """A public and a SECRET statement, two commitments each: their commitment ids by title."""
    ids: dict[str, list[int]] = {}
    with transaction(engine) as session:
        for title, marking in (("Public", None), ("Secret", SECRET)):
            statement = make_statement({"quote": f"{title} one."}, {"quote": f"{title} two."}, title=title)
            save_document(session, *statement, actor=WRITER, **({"marking": marking} if marking else {}))
    with session_factory(engine)() as session:
        for commitment in list_commitments(session, viewer=WRITER):
            ids.setdefault(commitment.document.title, []).append(commitment.id)
    return ids


def test_storing_a_statement_is_audited_with_its_counts(engine: Engine, two_plus_two) -> None:
    with transaction(engine) as session:
        document_id = save_document(session, *two_plus_two, marking=SECRET, actor=WRITER).document_id
    (entry,) = _entries(engine)
    assert (entry.actor, entry.action, entry.record_type, entry.record_id, entry.decision) == (
        "writer",
        "create",
        "document",
        document_id,
        "allow",
    )
    assert entry.marking == SECRET.banner
    assert entry.detail == {
        "sha256": two_plus_two[0].sha256,
        "commitments": 8,
        "achievements": 2,
        "mechanisms": 4,
        "agreements": 4,
    }


def test_a_read_of_marked_records_is_one_entry_naming_them(engine: Engine, stored) -> None:
    before = len(_entries(engine))
    with session_factory(engine, readonly=True)() as session:
        assert len(list_commitments(session, viewer=CLEARED)) == 4
    reads = _entries(engine)[before:]
    assert len(reads) == 1
    assert (reads[0].actor, reads[0].action, reads[0].decision, reads[0].marking) == (
        "cleared",
        "read",
        "allow",
        SECRET.banner,
    )
    assert reads[0].detail["ids"] == stored["Secret"]


def test_reads_of_public_records_are_not_audited(engine: Engine, stored) -> None:
    before = len(_entries(engine))
    with session_factory(engine, readonly=True)() as session:
        assert len(list_commitments(session, viewer=UNCLEARED)) == 2
        assert len(list_documents(session, viewer=UNCLEARED)) == 1
        assert get_commitment(session, stored["Public"][0], viewer=UNCLEARED) is not None
    assert len(_entries(engine)) == before


def test_a_stream_is_audited_batch_by_batch_before_each_is_handed_out(engine: Engine, stored) -> None:
    before = len(_entries(engine))
    with session_factory(engine, readonly=True)() as session:
        stream = iter_commitments(session, viewer=CLEARED, batch_size=3)
        first = [next(stream) for _ in range(3)]
        assert [e.detail["ids"] for e in _entries(engine)[before:]] == [stored["Secret"][:1]]
        rest = list(stream)
    assert len(first + rest) == 4
    assert [e.detail["ids"] for e in _entries(engine)[before:]] == [stored["Secret"][:1], stored["Secret"][1:]]


def test_asking_for_a_forbidden_or_missing_record_by_id_is_a_denial_either_way(engine: Engine, stored) -> None:
    before = len(_entries(engine))
    forbidden = stored["Secret"][0]
    with session_factory(engine, readonly=True)() as session:
        assert get_commitment(session, forbidden, viewer=UNCLEARED) is None
        assert get_commitment(session, 10_000, viewer=UNCLEARED) is None
        assert document_summary(session, 2, viewer=UNCLEARED) is None
    denials = _entries(engine)[before:]
    assert [(e.record_type, e.record_id, e.decision) for e in denials] == [
        ("commitment", forbidden, "deny"),
        ("commitment", None, "deny"),
        ("document", 2, "deny"),
    ]
    assert denials[0].reason == "CAN SECRET//REL TO CAN, KOR needs SECRET; uncleared holds UNCLASSIFIED"
    assert denials[1].reason == "no commitment 10000 is stored"
    assert [e.detail for e in denials] == [{"ref": str(forbidden)}, {"ref": "10000"}, {"ref": "2"}]


def test_a_read_only_session_writes_its_entries_before_it_returns(engine: Engine, stored) -> None:
    before = len(_entries(engine))
    with session_factory(engine, readonly=True)() as session:
        get_document(session, 2, viewer=CLEARED)
        assert len(_entries(engine)) == before + 1  # seen from another connection, the session still open


def test_a_denied_write_is_recorded_although_its_transaction_rolls_back(engine: Engine, make_statement) -> None:
    with pytest.raises(AccessDenied), transaction(engine) as session:
        save_document(session, *make_statement({"quote": "We will."}), marking=SECRET, actor=UNCLEARED)
    assert [(e.actor, e.decision) for e in _entries(engine)] == [("uncleared", "deny")]


def test_reads_in_a_write_session_are_recorded_at_commit_or_after_a_rollback(engine: Engine, stored) -> None:
    before = len(_entries(engine))
    with transaction(engine) as session:
        list_commitments(session, viewer=CLEARED)
        assert len(_entries_in(session)) == before  # not yet: it joins the transaction as it commits
    assert len(_entries(engine)) == before + 1
    with pytest.raises(RuntimeError), transaction(engine) as session:
        get_document(session, 2, viewer=CLEARED)
        raise RuntimeError("the caller gave up")
    assert len(_entries(engine)) == before + 2
    with session_factory(engine)() as session:
        get_document(session, 2, viewer=CLEARED)  # a session closed without committing
    assert len(_entries(engine)) == before + 3
    with session_factory(engine, readonly=True)() as session:
        assert verify(session).ok


def _entries_in(session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry)))


def test_durable_entries_need_no_commit_from_the_caller(engine: Engine) -> None:
    with session_factory(engine)() as session:
        append_durable(
            session,
            actor="system",
            action="note",
            record_type="document",
            record_id=None,
            marking=None,
            decision="allow",
            reason="a session that is simply closed",
        )
    assert [e.action for e in _entries(engine)] == ["note"]
