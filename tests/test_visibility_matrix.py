"""Every read path returns exactly what the golden authorisation matrix lets each persona read, and a forbidden
record answers exactly like a missing one."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select

from authorisation_matrix import expectations, markings, personas
from conftest import WRITER, build_statement
from servanda.access import Person
from servanda.extract.model import Agreement, Mechanism
from servanda.store import (
    count_commitments,
    count_documents,
    document_summary,
    export_commitments,
    get_commitment,
    get_document,
    iter_commitments,
    list_commitments,
    list_documents,
    save_document,
    visible_marking_ids,
)
from servanda.store.engine import session_factory, transaction
from servanda.store.models import Commitment, MarkingRecord

MARKINGS = markings()
PERSONAS = personas()
READABLE = {
    persona: {marking for p, marking, code in expectations("read") if p == persona and code == "ok"}
    for persona in PERSONAS
}
MISSING_ID = 10_000


@dataclass(frozen=True)
class Stored:
    """One document per marking of the matrix, each with two commitments, a mechanism and an agreement."""

    documents: dict[str, int]  # marking name -> document id
    shas: dict[str, str]
    commitments: dict[str, list[int]]
    marking_ids: dict[str, int]


@pytest.fixture
def engine(module_engine: Engine) -> Engine:
    """These tests only read, so they share one database per backend."""
    return module_engine


@pytest.fixture(scope="module")
def stored(module_engine: Engine) -> Stored:
    engine = module_engine
    documents, shas = {}, {}
    with transaction(engine) as session:
        for name, marking in sorted(MARKINGS.items()):
            statement = build_statement(
                {"quote": f"We will meet about {name}.", "mechanisms": (f"{name} talks",)},
                {"quote": f"We will write the {name} plan.", "agreements": (f"{name} plan",)},
                title=name,
                mechanisms=(Mechanism(f"{name} talks", status="proposed"),),
                agreements=(Agreement(f"{name} plan", kind="plan"),),
            )
            documents[name] = save_document(session, *statement, marking=marking, actor=WRITER).document_id
            shas[name] = statement[0].sha256
    with session_factory(engine)() as session:
        rows = session.execute(select(Commitment.document_id, Commitment.id).order_by(Commitment.id)).all()
        names = {document_id: name for name, document_id in documents.items()}
        commitments: dict[str, list[int]] = {name: [] for name in documents}
        for document_id, commitment_id in rows:
            commitments[names[document_id]].append(commitment_id)
        banners = {row.banner: row.id for row in session.scalars(select(MarkingRecord))}
    return Stored(documents, shas, commitments, {name: banners[m.banner] for name, m in MARKINGS.items()})


@pytest.fixture(params=sorted(PERSONAS))
def persona(request: pytest.FixtureRequest) -> str:
    return request.param


def test_the_query_filter_admits_exactly_the_markings_the_matrix_allows(engine: Engine, stored, persona) -> None:
    with session_factory(engine, readonly=True)() as session:
        visible = set(visible_marking_ids(session, PERSONAS[persona]))
    assert visible == {stored.marking_ids[name] for name in READABLE[persona]}


def test_lists_counts_and_exports_hold_exactly_what_the_persona_may_read(engine: Engine, stored, persona) -> None:
    viewer, readable = PERSONAS[persona], READABLE[persona]
    with session_factory(engine, readonly=True)() as session:
        listed = list_commitments(session, viewer=viewer, limit=1000)
        assert {c.document.title for c in listed} == readable
        assert sorted(c.id for c in listed) == sorted(i for name in readable for i in stored.commitments[name])
        assert count_commitments(session, viewer=viewer) == len(listed)
        assert [c.id for c in iter_commitments(session, viewer=viewer, batch_size=3)] == [c.id for c in listed]

        out = io.StringIO()
        assert export_commitments(session, "jsonl", out, viewer=viewer) == len(listed)
        exported = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [record["id"] for record in exported] == [c.id for c in listed]
        assert {record["marking"] for record in exported} == {MARKINGS[name].banner for name in readable}

        documents = list_documents(session, viewer=viewer)
        assert {listing.document.title for listing in documents} == readable
        assert all(listing.commitments == 2 for listing in documents)
        assert count_documents(session, viewer=viewer) == len(documents)
        assert count_documents(session, viewer=viewer, issuer="CAN") == len(documents)


def test_records_by_id_are_found_exactly_when_the_persona_may_read_them(engine: Engine, stored, persona) -> None:
    viewer, readable = PERSONAS[persona], READABLE[persona]
    with session_factory(engine, readonly=True)() as session:
        for name, document_id in stored.documents.items():
            allowed = name in readable
            assert (get_document(session, document_id, viewer=viewer) is not None) is allowed, name
            assert (get_document(session, stored.shas[name][:10], viewer=viewer) is not None) is allowed, name
            assert (get_document(session, str(document_id), viewer=viewer) is not None) is allowed, name
            for commitment_id in stored.commitments[name]:
                assert (get_commitment(session, commitment_id, viewer=viewer) is not None) is allowed, name
            summary = document_summary(session, document_id, viewer=viewer)
            assert (summary is not None) is allowed, name
            if summary is not None:
                assert (summary.commitments, summary.by_strength) == (2, {"firm": 2})
                assert [m.mechanism.name for m in summary.mechanisms] == [f"{name} talks"]
                assert [a.agreement.name for a in summary.agreements] == [f"{name} plan"]


def _answers(session, viewer: Person, document_id: int, commitment_id: int, sha: str) -> tuple:
    """Everything each read path says about one document and one of its commitments."""
    return (
        get_document(session, document_id, viewer=viewer),
        get_document(session, str(document_id), viewer=viewer),
        get_document(session, sha, viewer=viewer),
        get_commitment(session, commitment_id, viewer=viewer),
        document_summary(session, document_id, viewer=viewer),
        list_commitments(session, viewer=viewer, document_id=document_id),
        count_commitments(session, viewer=viewer, document_id=document_id),
    )


def test_a_forbidden_record_answers_like_a_missing_one(engine: Engine, stored, persona) -> None:
    viewer = PERSONAS[persona]
    forbidden = sorted(set(stored.documents) - READABLE[persona])
    if not forbidden:
        pytest.skip(f"{persona} may read every marking of the matrix")
    missing = _answers_for_missing(engine, viewer)
    with session_factory(engine, readonly=True)() as session:
        for name in forbidden:
            answers = _answers(
                session, viewer, stored.documents[name], stored.commitments[name][0], stored.shas[name][:12]
            )
            assert answers == missing, name


def _answers_for_missing(engine: Engine, viewer: Person) -> tuple:
    with session_factory(engine, readonly=True)() as session:
        return _answers(session, viewer, MISSING_ID, MISSING_ID, "0123456789ab")
