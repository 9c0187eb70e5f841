"""Saving a statement with its extraction, and reading documents back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from conftest import WRITER
from servanda.errors import StoreError
from servanda.extract import model as extract
from servanda.ingest.model import IngestedDocument, Metadata
from servanda.store.documents import document_summary, get_document, list_documents
from servanda.store.engine import session_factory, transaction
from servanda.store.models import (
    Agreement,
    Base,
    Commitment,
    Document,
    Mechanism,
)
from servanda.store.save import save_document

Statement = tuple[IngestedDocument, extract.Extraction]


def _save(engine: Engine, statement: Statement) -> int:
    with transaction(engine) as session:
        result = save_document(session, *statement, actor=WRITER)
    assert result.created
    return result.document_id


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }


def _nothing_stored(engine: Engine) -> bool:
    """Whether the database holds only what the migrations put there: the public marking."""
    return _row_counts(engine) == {name: int(name == "marking") for name in Base.metadata.tables}


def _read_back(session: Session, document_id: int) -> Statement:
    """Rebuild the values a document was saved from, using nothing but what the store holds."""
    document = session.get_one(Document, document_id)
    ingested = IngestedDocument(
        sha256=document.sha256,
        text=document.text,
        metadata=Metadata(
            title=document.title,
            date=document.date,
            issuers=document.parties,
            source=document.source,
            extra=document.extra,
        ),
        format=document.format,
        origin=document.origin,
    )
    extraction = extract.Extraction(
        commitments=tuple(
            extract.Commitment(
                quote=c.quote,
                start=c.start,
                end=c.end,
                strength=c.strength,
                actors=c.parties,
                area=c.area,
                due=c.due,
                recurrence=c.recurrence,
                section=c.section,
                mechanisms=c.mechanism_names,
                agreements=c.agreement_names,
                annex=c.annex,
            )
            for c in document.commitments
        ),
        achievements=tuple(
            extract.Achievement(a.quote, a.start, a.end, a.parties, a.area, date=a.date, section=a.section)
            for a in document.achievements
        ),
        mechanisms=tuple(
            extract.Mechanism(
                m.mechanism.name,
                recurrence=m.recurrence,
                next=m.next,
                held=m.held,
                status=m.status,
                start=m.start,
                end=m.end,
            )
            for m in document.mechanism_mentions
        ),
        agreements=tuple(
            extract.Agreement(
                a.agreement.name, kind=a.agreement.kind, stage=a.stage, date=a.date, start=a.start, end=a.end
            )
            for a in document.agreement_mentions
        ),
        issuers=document.parties,
    )
    return ingested, extraction


def test_a_saved_statement_reads_back_field_for_field(engine: Engine, two_plus_two: Statement) -> None:
    before = datetime.now(UTC)
    document_id = _save(engine, two_plus_two)
    with session_factory(engine)() as session:
        assert _read_back(session, document_id) == two_plus_two
        document = session.get_one(Document, document_id)
        assert before - timedelta(seconds=1) <= document.ingested_at <= datetime.now(UTC)
        assert document.ingested_at.tzinfo is UTC
        assert [c.ordinal for c in document.commitments] == list(range(8))
        assert [str(c.due_by) if c.due_by else None for c in document.commitments] == [
            None,
            None,
            None,
            "2026-12-31",
            "2026-03-31",
            None,
            "2028-12-31",
            "2026-12-31",
        ]
        assert all(document.text[c.start : c.end] == c.quote for c in document.commitments)
        meeting = session.scalars(select(Mechanism).where(Mechanism.recurrence.is_not(None))).one()
        assert (meeting.key, meeting.recurrence) == (
            "can kor 2+2 ministerial meeting",
            "P2Y",
        )


def test_saving_the_same_bytes_again_writes_nothing(engine: Engine, two_plus_two: Statement) -> None:
    document_id = _save(engine, two_plus_two)
    counts = _row_counts(engine)
    with transaction(engine) as session:
        result = save_document(session, *two_plus_two, actor=WRITER)
    assert (result.document_id, result.created) == (document_id, False)
    assert _row_counts(engine) == counts


def test_a_failure_midway_leaves_no_document_and_no_orphans(engine: Engine, two_plus_two: Statement) -> None:
    document, extraction = two_plus_two
    broken = replace(extraction.commitments[5], start=40, end=40)  # violates the span CHECK
    commitments = (*extraction.commitments[:5], broken, *extraction.commitments[6:])
    with (
        pytest.raises(StoreError, match=r"^cannot store document [0-9a-f]{12}: ") as caught,
        transaction(engine) as session,
    ):
        save_document(session, document, replace(extraction, commitments=commitments), actor=WRITER)
    assert "\n" not in str(caught.value)
    assert _nothing_stored(engine)


def test_an_error_after_saving_rolls_the_whole_document_back(engine: Engine, two_plus_two: Statement) -> None:
    with pytest.raises(RuntimeError), transaction(engine) as session:
        save_document(session, *two_plus_two, actor=WRITER)
        raise RuntimeError("the caller gave up")
    assert _nothing_stored(engine)


@pytest.mark.parametrize("due", ["2026-02-30", "March 2026", "2026-3"])
def test_a_malformed_due_date_is_refused_before_anything_is_written(
    engine: Engine, two_plus_two: Statement, due: str
) -> None:
    document, extraction = two_plus_two
    commitments = list(extraction.commitments)
    commitments[3] = replace(commitments[3], due=due)
    with pytest.raises(StoreError, match="commitment 3 due: not a"), transaction(engine) as session:
        save_document(session, document, replace(extraction, commitments=tuple(commitments)), actor=WRITER)
    assert _nothing_stored(engine)


def test_a_malformed_meeting_date_is_refused(engine: Engine, two_plus_two: Statement) -> None:
    document, extraction = two_plus_two
    mechanisms = (replace(extraction.mechanisms[0], next="in two years"), *extraction.mechanisms[1:])
    with pytest.raises(StoreError, match="mechanism 0 next: not a"), transaction(engine) as session:
        save_document(session, document, replace(extraction, mechanisms=mechanisms), actor=WRITER)


def test_metadata_that_is_not_json_is_refused_before_anything_is_written(
    engine: Engine, two_plus_two: Statement
) -> None:
    document, extraction = two_plus_two
    odd = replace(document, metadata=replace(document.metadata, extra={"ratio": float("nan")}))
    with pytest.raises(StoreError, match="metadata is not JSON"), transaction(engine) as session:
        save_document(session, odd, extraction, actor=WRITER)
    assert _nothing_stored(engine)


def test_a_mechanism_name_without_words_is_refused(engine: Engine, two_plus_two: Statement) -> None:
    document, extraction = two_plus_two
    odd = replace(extraction, mechanisms=(*extraction.mechanisms, extract.Mechanism(" (–) ")))
    with pytest.raises(StoreError, match="name has no words: ' \\(–\\) '"), transaction(engine) as session:
        save_document(session, document, odd, actor=WRITER)
    assert _nothing_stored(engine)


def test_mechanisms_and_agreements_are_shared_by_every_document_naming_them(
    engine: Engine, two_plus_two: Statement, make_statement
) -> None:
    first_id = _save(engine, two_plus_two)
    later = make_statement(
        {
            "quote": "We will hold the next 2+2 meeting in Seoul.",
            "mechanisms": ("Canada–ROK Foreign and Defence 2+2 ministerial meeting",),
        },
        {"quote": "We will bring the SDCP action plan into force.", "agreements": ("SDCP  Action  Plan",)},
        date="2028-05-01",
        mechanisms=(extract.Mechanism("Canada–ROK Foreign and Defence 2+2 ministerial meeting", held="2028-05-01"),),
    )
    later_id = _save(engine, later)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Mechanism)) == 4
        assert session.scalar(select(func.count()).select_from(Agreement)) == 4
        meeting = session.scalars(select(Mechanism).where(Mechanism.name.startswith("Canada-ROK"))).one()
        later_document = session.get_one(Document, later_id)
        assert [m.mechanism for m in later_document.mechanism_mentions] == [meeting]
        assert later_document.commitments[0].mechanism_names == (meeting.name,)
        assert later_document.commitments[0].names_as_written == (
            "Canada–ROK Foreign and Defence 2+2 ministerial meeting",
        )
        assert later_document.commitments[1].agreement_names == ("SDCP Action Plan",)
        first = session.get_one(Document, first_id)
        assert first.mechanism_mentions[0].mechanism is meeting


def test_a_name_without_parties_belongs_to_the_statements_issuers_and_variants_meet(
    engine: Engine, make_statement
) -> None:
    def statement(title: str, issuers: tuple[str, ...], *names: str) -> Statement:
        quote = f"We will meet again soon ({title})."
        return make_statement(
            {"quote": quote}, title=title, issuers=issuers, mechanisms=tuple(extract.Mechanism(n) for n in names)
        )

    _save(engine, statement("one", ("CAN", "KOR"), "Strategic Dialogue", "Canada-ROK Foreign and Defence Meeting"))
    _save(engine, statement("two", ("KOR", "CAN"), "Strategic  Dialogue", "ROK-Canada Foreign and Defense Meeting"))
    _save(engine, statement("three", ("JPN", "PHL"), "Strategic Dialogue"))
    with session_factory(engine)() as session:
        keys = sorted(session.scalars(select(Mechanism.key)))
    assert keys == ["can kor 2+2 meeting", "can kor strategic dialogue", "jpn phl strategic dialogue"]


def test_deleting_a_document_removes_what_it_said_but_keeps_shared_names(
    engine: Engine, two_plus_two: Statement
) -> None:
    _save(engine, two_plus_two)
    with transaction(engine) as session:
        session.execute(delete(Document))
    counts = _row_counts(engine)
    assert {name: n for name, n in counts.items() if n} == {
        "mechanism": 4,
        "agreement": 4,
        "marking": 1,
        "audit_log": 1,
    }


def test_get_document_by_id_digits_or_sha256_prefix(engine: Engine, two_plus_two: Statement) -> None:
    document_id = _save(engine, two_plus_two)
    sha = two_plus_two[0].sha256
    with session_factory(engine, readonly=True)() as session:
        for ref in (document_id, str(document_id), sha, sha[:4], sha[:12].upper(), f" {sha[:8]} "):
            found = get_document(session, ref, viewer=WRITER)
            assert found is not None and found.id == document_id, ref
            assert found.parties == ("CAN", "KOR")
        assert get_document(session, document_id + 1, viewer=WRITER) is None
        assert get_document(session, "99", viewer=WRITER) is None
        assert get_document(session, "0000" if not sha.startswith("0000") else "ffff", viewer=WRITER) is None
        with pytest.raises(StoreError, match="not a document id or a SHA-256 prefix"):
            get_document(session, "abc", viewer=WRITER)
        with pytest.raises(StoreError, match="not a document id or a SHA-256 prefix"):
            get_document(session, "2+2 statement", viewer=WRITER)


def test_an_ambiguous_sha256_prefix_is_refused(engine: Engine, make_statement) -> None:
    for n in range(2):
        document, extraction = make_statement({"quote": f"We will meet {n}."})
        _save(engine, (replace(document, sha256=f"abcd{n}" + "0" * 59), extraction))
    with session_factory(engine)() as session:
        with pytest.raises(StoreError, match="matches several documents"):
            get_document(session, "abcd", viewer=WRITER)
        assert get_document(session, "abcd1", viewer=WRITER).sha256.startswith("abcd1")


def test_list_documents_oldest_first_with_counts_and_issuer_filter(engine: Engine, make_statement) -> None:
    undated = _save(engine, make_statement({"quote": "We will act."}, title="Undated", date=None))
    newer = _save(
        engine,
        make_statement({"quote": "We will meet."}, {"quote": "We will talk."}, title="Newer", date="2026-02-25"),
    )
    older = _save(
        engine,
        make_statement({"quote": "We will see."}, title="Older", date="2023-05-17", issuers=("CAN", "JPN")),
    )
    with session_factory(engine)() as session:
        listed = list_documents(session, viewer=WRITER)
        assert [(row.document.id, row.commitments) for row in listed] == [
            (older, 1),
            (newer, 2),
            (undated, 1),
        ]
        assert [row.document.id for row in list_documents(session, viewer=WRITER, issuer="JPN")] == [older]
        assert [row.document.id for row in list_documents(session, viewer=WRITER, limit=1, offset=1)] == [newer]
        assert list_documents(session, viewer=WRITER, issuer="USA") == []


def test_document_summary_counts_by_strength_and_area(engine: Engine, two_plus_two: Statement) -> None:
    document_id = _save(engine, two_plus_two)
    with session_factory(engine)() as session:
        summary = document_summary(session, document_id, viewer=WRITER)
        assert summary is not None
        assert (summary.commitments, summary.achievements) == (8, 2)
        assert summary.by_strength == {"firm": 5, "reaffirmed": 2, "aspirational": 1}
        assert list(summary.by_area.items()) == [
            ("defence", 3),
            ("partnership", 3),
            ("cyber", 1),
            ("space", 1),
        ]
        assert [m.mechanism.name for m in summary.mechanisms][:2] == [
            "Canada-ROK Foreign and Defence (2+2) Ministerial Meeting",
            "Air Force Staff Talks",
        ]
        assert (summary.agreements[0].agreement.name, summary.agreements[0].stage) == (
            "Agreement on the Protection of Military and Defence Classified Information",
            "signed",
        )
        assert document_summary(session, document_id + 1, viewer=WRITER) is None


def test_commitments_keep_the_extraction_order_and_annex_flag(engine: Engine, two_plus_two: Statement) -> None:
    document_id = _save(engine, two_plus_two)
    with session_factory(engine)() as session:
        rows = session.scalars(
            select(Commitment).where(Commitment.document_id == document_id).order_by(Commitment.id)
        ).all()
        assert [row.quote for row in rows] == [c.quote for c in two_plus_two[1].commitments]
        assert [row.annex for row in rows] == [False] * 7 + [True]
