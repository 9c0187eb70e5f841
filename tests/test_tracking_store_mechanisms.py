"""Mechanisms and agreements as records: meetings and stages from statements and from analysts, the next meeting
and its overdue flag, edits kept in the audit log, no write down, and a history that is never rewritten."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError

from conftest import CLASSIFIED, MEETING
from servanda.access import Person, parse_marking
from servanda.audit import AuditEntry
from servanda.store import AccessDenied
from servanda.store.engine import session_factory, transaction
from servanda.store.models import Mechanism
from servanda.tracking.agreements import edit_agreement, get_agreement, list_agreements, set_stage
from servanda.tracking.errors import TrackingError
from servanda.tracking.mechanisms import add_meeting, edit_mechanism, get_mechanism, list_mechanisms
from tracking_scenario import CONSULTATIONS, count, readout, store

ANALYST = Person("ann", "CAN", "SECRET", "analyst")
READER = Person("rita", "CAN", "SECRET", "reader")
SECRET = parse_marking("CAN SECRET//REL TO CAN, KOR")


def _mechanisms(engine: Engine, day: date) -> dict:
    with session_factory(engine, readonly=True)() as session:
        return {m.name: m for m in list_mechanisms(session, viewer=ANALYST, as_of=day)}


def _agreements(engine: Engine, day: date) -> dict:
    with session_factory(engine, readonly=True)() as session:
        return {a.name: a for a in list_agreements(session, viewer=ANALYST, as_of=day)}


def test_meetings_come_from_statements_and_the_next_one_is_expected(engine: Engine, two_plus_two) -> None:
    first = store(engine, two_plus_two).document_id
    mechanisms = _mechanisms(engine, date(2026, 4, 15))
    two_plus_two_meeting, cyber = mechanisms[MEETING], mechanisms[CONSULTATIONS]
    assert [(m.held_on, m.document_id) for m in two_plus_two_meeting.meetings] == [("2026-02-25", first)]
    assert (two_plus_two_meeting.stated_next, two_plus_two_meeting.next.basis) == ("2028", "stated")
    assert not two_plus_two_meeting.next.overdue
    assert _mechanisms(engine, date(2029, 1, 2))[MEETING].next.overdue  # 2028 passed with no meeting evidenced
    assert (cyber.meetings, cyber.next.expected, cyber.next.overdue) == ((), "2026-03", True)

    store(engine, readout())
    cyber = _mechanisms(engine, date(2026, 4, 15))[CONSULTATIONS]
    assert [m.held_on for m in cyber.meetings] == ["2026-03-18"]
    assert (cyber.next.expected, cyber.next.overdue) == ("2027", False)  # the readout names the next one
    assert _mechanisms(engine, date(2028, 1, 2))[CONSULTATIONS].next.overdue
    assert _mechanisms(engine, date(2026, 3, 1))[CONSULTATIONS].meetings == ()  # as of a day before it was held


def test_an_analyst_adds_meetings_and_edits_name_and_cadence(engine: Engine, two_plus_two) -> None:
    store(engine, two_plus_two)
    talks = _mechanisms(engine, date(2026, 3, 1))["Air Force Staff Talks"]
    with transaction(engine) as session:
        meeting = add_meeting(session, talks.id, "2026-05", actor=ANALYST)
        edited = edit_mechanism(
            session, talks.id, actor=ANALYST, name="ROK-Canada Air Force Staff Talks", recurrence="p1y"
        )
    assert (meeting.held_on, meeting.document_id, meeting.recorded_by) == ("2026-05", None, "ann")
    assert (edited.name, edited.recurrence) == ("ROK-Canada Air Force Staff Talks", "P1Y")
    with session_factory(engine, readonly=True)() as session:
        now = get_mechanism(session, talks.id, viewer=READER, as_of=date(2027, 6, 2))
        key = session.get(Mechanism, talks.id).key
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
    assert (now.last_held, now.next.expected, now.next.basis, now.next.overdue) == (
        "2026-05",
        "2027-05",
        "cadence",
        True,
    )
    assert key == "can kor air force staff talks"  # later statements still find it by its first name
    assert entry.detail == {
        "from": {"name": "Air Force Staff Talks", "recurrence": None},
        "to": {"name": "ROK-Canada Air Force Staff Talks", "recurrence": "P1Y"},
    }
    for change, message in (
        ({"recurrence": "every year"}, "is not an ISO 8601 duration"),
        ({"name": " "}, "a name needs words"),
    ):
        with pytest.raises(TrackingError, match=message), transaction(engine) as session:
            edit_mechanism(session, talks.id, actor=ANALYST, **change)
    with pytest.raises(TrackingError, match="not an ISO 8601"), transaction(engine) as session:
        add_meeting(session, talks.id, "May 2026", actor=ANALYST)
    with pytest.raises(AccessDenied, match="a reader may not update"), transaction(engine) as session:
        edit_mechanism(session, talks.id, actor=READER, recurrence="P2Y")


def test_agreement_stages_come_from_statements_and_analysts_in_lifecycle_order(engine: Engine, two_plus_two) -> None:
    document_id = store(engine, two_plus_two).document_id
    agreements = _agreements(engine, date(2026, 3, 1))
    classified = agreements[CLASSIFIED]
    assert [(s.stage, s.date, s.document_id) for s in classified.stages] == [("signed", "2026-02-25", document_id)]
    assert agreements["Security and Defence Cooperation Partnership"].current.stage == "concluded"
    assert agreements["Comprehensive Strategic Partnership Action Plan"].current is None
    with transaction(engine) as session:
        set_stage(session, classified.id, "in-force", "2026-06", actor=ANALYST)
        renamed = edit_agreement(session, classified.id, actor=ANALYST, name="GSOMIA", kind="agreement")
    assert renamed.name == "GSOMIA"
    with session_factory(engine, readonly=True)() as session:
        later = get_agreement(session, classified.id, viewer=READER, as_of=date(2026, 12, 31))
        earlier = get_agreement(session, classified.id, viewer=READER, as_of=date(2026, 5, 1))
    assert [s.stage for s in later.stages] == ["signed", "in-force"]
    assert (later.current.stage, earlier.current.stage) == ("in-force", "signed")
    for args, message in (
        (("ratified", "2026-07"), "'ratified' is not a stage"),
        (("terminated", "2027-01", document_id), "dated 2026-02-25, cannot show 2027-01"),
    ):
        stage, day, *evidence = args
        with pytest.raises(TrackingError, match=message), transaction(engine) as session:
            set_stage(session, classified.id, stage, day, actor=ANALYST, document_id=evidence[0] if evidence else None)
    with pytest.raises(TrackingError, match="'treaty' is not a kind"), transaction(engine) as session:
        edit_agreement(session, classified.id, actor=ANALYST, kind="treaty")


def test_a_meeting_evidenced_above_its_mechanism_needs_the_mechanism_raised(engine: Engine, make_statement) -> None:
    store(engine, make_statement({"quote": "We will hold the Space Talks.", "mechanisms": ("Space Talks",)}))
    secret = store(engine, make_statement({"quote": "Secret: the Space Talks met."}, title="Secret"), marking=SECRET)
    talks = _mechanisms(engine, date(2026, 3, 1))["Space Talks"]
    with pytest.raises(AccessDenied, match="raise the record to CAN SECRET"), transaction(engine) as session:
        add_meeting(session, talks.id, "2026-02-20", actor=ANALYST, document_id=secret.document_id)
    assert count(engine, "mechanism_meeting") == 0
    with transaction(engine) as session:
        meeting = add_meeting(
            session, talks.id, "2026-02-20", actor=ANALYST, document_id=secret.document_id, raise_marking=True
        )
    assert meeting.marking == SECRET
    with session_factory(engine, readonly=True)() as session:
        assert get_mechanism(session, talks.id, viewer=ANALYST).marking == SECRET
        raised = session.scalars(select(AuditEntry).where(AuditEntry.action == "raise-marking")).all()
    assert [(e.record_type, e.record_id, e.detail["from"]) for e in raised] == [("mechanism", talks.id, "UNCLASSIFIED")]


def test_meetings_and_stages_are_append_only(engine: Engine, two_plus_two) -> None:
    store(engine, two_plus_two)
    for table in ("mechanism_meeting", "agreement_stage"):
        assert count(engine, table) >= 1
        for change in (f"UPDATE {table} SET recorded_by = 'someone else'", f"DELETE FROM {table}"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
                connection.exec_driver_sql(change)
