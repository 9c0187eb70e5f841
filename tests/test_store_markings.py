"""Markings in the store: interned rows, inheritance by derived records, shared records raised never lowered,
writes that `decide` refuses, and releasability widened only with recorded consent."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text

from authorisation_matrix import expectations, markings, personas
from conftest import WRITER
from servanda.access import PUBLIC, Marking, MarkingError, Person, parse_marking
from servanda.audit import AuditEntry
from servanda.store import (
    AccessDenied,
    get_document,
    intern_marking,
    load_marking,
    save_document,
    widen_releasability,
)
from servanda.store.engine import session_factory, transaction
from servanda.store.markings import marking_by_id
from servanda.store.migrate import downgrade, upgrade
from servanda.store.models import (
    Commitment,
    Consent,
    Document,
    MarkingRecord,
    Mechanism,
)

SECRET_SDCP = parse_marking("CAN SECRET//REL TO CAN, KOR//SDCP")
CONFIDENTIAL = parse_marking("CAN CONFIDENTIAL//REL TO CAN, KOR")
KOREAN_III = parse_marking("KOR 군사Ⅲ급비밀//REL TO CAN, KOR")
EYES_ONLY = parse_marking("CAN SECRET//CAN EYES ONLY")
MATRIX_MARKINGS = markings()


def _marking_of(engine: Engine, model: type, record_id: int) -> Marking:
    with session_factory(engine)() as session:
        row = session.get(model, record_id)
        return marking_by_id(session, row.marking_id)


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_the_public_marking_is_row_one(engine: Engine) -> None:
    with transaction(engine) as session:
        assert intern_marking(session, PUBLIC) == 1
        assert load_marking(session.get(MarkingRecord, 1)) == PUBLIC


@pytest.mark.parametrize("name", sorted(MATRIX_MARKINGS))
def test_markings_round_trip_through_the_marking_table(engine: Engine, name: str) -> None:
    marking = MATRIX_MARKINGS[name]
    governed = Marking(
        marking.classification, marking.originator, marking.releasable_to, marking.compartments, "CAN-KOR-2026"
    )
    with transaction(engine) as session:
        ids = [intern_marking(session, m) for m in (marking, governed, marking, governed)]
    assert ids[0] == ids[2] and ids[1] == ids[3]
    assert (ids[0] == ids[1]) is (marking == governed)
    with session_factory(engine)() as session:
        assert load_marking(session.get(MarkingRecord, ids[0])) == marking
        assert load_marking(session.get(MarkingRecord, ids[1])) == governed
        assert session.get(MarkingRecord, ids[0]).banner == marking.banner


def test_a_marking_that_does_not_read_back_as_itself_is_refused(engine: Engine) -> None:
    unreleasable = Marking("SECRET", "CAN")  # classified, yet releasable to all: not what its banner says
    with pytest.raises(MarkingError, match="reads back as 'CAN SECRET//CAN EYES ONLY'"), transaction(engine) as s:
        intern_marking(s, unreleasable)


def test_a_document_and_what_is_derived_from_it_carry_its_marking(engine: Engine, two_plus_two) -> None:
    with transaction(engine) as session:
        document_id = save_document(session, *two_plus_two, marking=SECRET_SDCP, actor=WRITER).document_id
    with session_factory(engine)() as session:
        document = session.get(Document, document_id)
        derived = [*document.commitments, *document.achievements]
        assert len(derived) == 10
        assert {marking_by_id(session, r.marking_id) for r in [document, *derived]} == {SECRET_SDCP}
        shared = session.scalars(select(Mechanism)).all()
        assert {marking_by_id(session, m.marking_id) for m in shared} == {SECRET_SDCP}


def test_a_shared_mechanism_is_raised_to_cover_marked_mentions_and_never_lowered(
    engine: Engine, make_statement
) -> None:
    def naming(title: str) -> tuple:
        quote = {
            "quote": f"{title}: we will convene the Strategic Policy Talks.",
            "mechanisms": ("Strategic Policy Talks",),
        }
        return make_statement(quote, title=title)

    steps = [
        ("Public", PUBLIC, PUBLIC),
        ("Confidential", CONFIDENTIAL, CONFIDENTIAL),
        ("Secret", SECRET_SDCP, SECRET_SDCP),
    ]
    steps += [("Public again", PUBLIC, SECRET_SDCP), ("Confidential again", CONFIDENTIAL, SECRET_SDCP)]
    for title, marking, expected in steps:
        with transaction(engine) as session:
            save_document(session, *naming(title), marking=marking, actor=WRITER)
        with session_factory(engine)() as session:
            mechanism = session.scalars(select(Mechanism)).one()
        assert _marking_of(engine, Mechanism, mechanism.id) == expected, title
    with session_factory(engine)() as session:
        raised = session.scalars(select(AuditEntry).where(AuditEntry.action == "raise-marking")).all()
    assert [(e.record_type, e.detail["from"], e.marking) for e in raised] == [
        ("mechanism", "UNCLASSIFIED", CONFIDENTIAL.banner),
        ("mechanism", CONFIDENTIAL.banner, SECRET_SDCP.banner),
    ]


def test_raising_a_shared_record_keeps_what_both_markings_require(engine: Engine, make_statement) -> None:
    named = {"mechanisms": ("Joint Committee",)}
    with transaction(engine) as session:
        save_document(session, *make_statement({"quote": "One.", **named}, title="A"), marking=KOREAN_III, actor=WRITER)
        save_document(session, *make_statement({"quote": "Two.", **named}, title="B"), marking=EYES_ONLY, actor=WRITER)
    with session_factory(engine)() as session:
        mechanism = session.scalars(select(Mechanism)).one()
    # SECRET outranks Ⅲ급; releasable only where both are; the originator's own nationals always.
    assert _marking_of(engine, Mechanism, mechanism.id) == parse_marking("CAN SECRET//CAN EYES ONLY")


def test_a_write_decide_refuses_stores_nothing_and_is_audited(engine: Engine, two_plus_two) -> None:
    analyst = personas()["kor_analyst_iii"]
    before = {table: _count(engine, model) for table, model in (("document", Document), ("marking", MarkingRecord))}
    with pytest.raises(AccessDenied) as caught, transaction(engine) as session:
        save_document(session, *two_plus_two, marking=SECRET_SDCP, actor=analyst)
    assert str(caught.value).startswith(f"cannot store document {two_plus_two[0].sha256[:12]}: ")
    assert "\n" not in str(caught.value)
    assert {t: _count(engine, m) for t, m in (("document", Document), ("marking", MarkingRecord))} == before
    assert _count(engine, Commitment) == _count(engine, Mechanism) == 0
    with session_factory(engine)() as session:
        denial = session.scalars(select(AuditEntry)).one()
    assert (denial.actor, denial.action, denial.decision, denial.marking) == (
        "kor_analyst_iii",
        "create",
        "deny",
        SECRET_SDCP.banner,
    )


def test_writes_are_allowed_exactly_where_the_matrix_says(engine: Engine, make_statement) -> None:
    people = personas()
    outcomes = {}
    for n, (persona, marking_name, _code) in enumerate(expectations("create")):
        statement = make_statement({"quote": f"We will act, {n}."}, title=f"{persona} {marking_name}")
        try:
            with transaction(engine) as session:
                save_document(session, *statement, marking=MATRIX_MARKINGS[marking_name], actor=people[persona])
            outcomes[(persona, marking_name)] = "ok"
        except AccessDenied:
            outcomes[(persona, marking_name)] = "denied"
    expected = {(p, m): "ok" if code == "ok" else "denied" for p, m, code in expectations("create")}
    assert outcomes == expected
    assert _count(engine, Document) == list(expected.values()).count("ok")


def test_the_same_bytes_under_a_marking_the_actor_may_not_read_are_refused(engine: Engine, two_plus_two) -> None:
    with transaction(engine) as session:
        save_document(session, *two_plus_two, marking=SECRET_SDCP, actor=WRITER)
    no_sdcp = personas()["no_sdcp"]
    refused = r"stored already, under a marking you may not read$"
    with pytest.raises(AccessDenied, match=refused), transaction(engine) as session:
        save_document(session, *two_plus_two, actor=no_sdcp)
    assert _count(engine, Document) == 1


def test_releasability_widens_only_with_recorded_consent(engine: Engine, make_statement) -> None:
    analyst = Person("can_analyst", "CAN", "SECRET", "analyst", frozenset({"SDCP"}))
    with transaction(engine) as session:
        saved = save_document(session, *make_statement({"quote": "We will."}), marking=SECRET_SDCP, actor=WRITER)
    with pytest.raises(AccessDenied, match="needs the recorded consent of CAN"), transaction(engine) as session:
        document = get_document(session, saved.document_id, viewer=analyst)
        widen_releasability(session, document, ["USA"], actor=analyst, consent_reference=None)
    assert _marking_of(engine, Document, saved.document_id) == SECRET_SDCP

    with transaction(engine) as session:
        document = get_document(session, saved.document_id, viewer=analyst)
        widened = widen_releasability(session, document, ["USA"], actor=analyst, consent_reference="CAN note 2026-17")
    assert widened == parse_marking("CAN SECRET//REL TO CAN, KOR, USA//SDCP")
    assert _marking_of(engine, Document, saved.document_id) == widened
    with session_factory(engine)() as session:
        consent = session.scalars(select(Consent)).one()
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "widen")).all()
    assert (consent.record_type, consent.record_id, consent.party, consent.reference, consent.recorded_by) == (
        "document",
        saved.document_id,
        "USA",
        "CAN note 2026-17",
        "can_analyst",
    )
    assert [(e.decision, e.marking) for e in entries] == [("deny", SECRET_SDCP.banner), ("allow", widened.banner)]


def test_upgrading_gives_existing_records_the_public_marking(database_url: str) -> None:
    from servanda.store.engine import make_engine

    engine = make_engine(database_url)
    try:
        upgrade(engine, "0001")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO document (sha256, origin, format, text, extra, ingested_at) "
                    "VALUES ('ab', 'o', 'txt', 't', '{}', CURRENT_TIMESTAMP)"
                )
            )
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT marking_id FROM document")) == 1
            assert connection.scalar(text("SELECT banner FROM marking WHERE id = 1")) == "UNCLASSIFIED"
        downgrade(engine, "0001")
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM document")) == 1
    finally:
        engine.dispose()
