"""For random markings and random viewers, no read path returns a record `decide()` denies, and every count
equals the number of records the viewer may read."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from conftest import build_statement
from servanda.access import ROLES, Marking, Person, decide, may_read
from servanda.access.markings import build_marking
from servanda.access.schemes import catalogue
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
    load_marking,
    save_document,
)
from servanda.store.engine import session_factory, transaction
from servanda.store.migrate import open_database
from servanda.store.models import Commitment, Document, MarkingRecord

PARTIES = ("CAN", "KOR", "USA", "JPN")
COMPARTMENTS = ("SDCP", "NUC")
# Between them, these admins may store any marking: one per party, cleared to the top of its scheme (if it has
# one), holding every compartment.
STORERS = [
    Person(
        f"{party.lower()}_storer",
        party,
        scheme.levels[-1].name if (scheme := catalogue().schemes.get(party)) else "UNCLASSIFIED",
        "admin",
        frozenset(COMPARTMENTS),
    )
    for party in PARTIES
]


@st.composite
def markings(draw: st.DrawFn) -> Marking:
    """Any marking the schemes allow: public, or a level of one scheme, with releasability and compartments."""
    schemes = catalogue().schemes
    originator = draw(st.sampled_from([None, *sorted(schemes)]))
    compartments = draw(st.frozensets(st.sampled_from(COMPARTMENTS)))
    releasable = draw(st.none() | st.frozensets(st.sampled_from(PARTIES), min_size=1))
    if originator is None:
        return build_marking("UNCLASSIFIED", None, releasable, compartments)
    levels = [level.name for level in schemes[originator].levels if not level.clearance_only]
    return build_marking(draw(st.sampled_from(levels)), originator, releasable, compartments)


@st.composite
def viewers(draw: st.DrawFn) -> Person:
    """Any person: a nationality (with or without a scheme), a clearance of their scheme, a role, compartments."""
    nationality = draw(st.sampled_from(PARTIES))
    scheme = catalogue().schemes.get(nationality)
    clearance = draw(st.sampled_from([level.name for level in scheme.levels])) if scheme else "UNCLASSIFIED"
    return Person(
        "viewer",
        nationality,
        clearance,
        draw(st.sampled_from(ROLES)),
        draw(st.frozensets(st.sampled_from(COMPARTMENTS))),
        draw(st.booleans()),
    )


@pytest.fixture(scope="module")
def property_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One SQLite store for every example (the property does not depend on the backend's SQL)."""
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('properties') / 'servanda.db'}")
    yield engine
    engine.dispose()


_titles = itertools.count(1)


def _store(engine: Engine, marking: Marking) -> None:
    """Store a two-commitment statement marked `marking`, as someone allowed to."""
    n = next(_titles)
    statement = build_statement(
        {"quote": f"We will meet, {n}.", "mechanisms": (f"Talks {n}",)},
        {"quote": f"We will sign, {n}.", "strength": "aspirational"},
        title=f"Statement {n}",
    )
    storer = next(p for p in STORERS if decide(p, "create", marking))
    with transaction(engine) as session:
        save_document(session, *statement, marking=marking, actor=storer)


def _readable(engine: Engine, viewer: Person) -> tuple[set[int], set[int]]:
    """The document and commitment ids `viewer` may read, decided record by record outside the store's filter."""
    with session_factory(engine, readonly=True)() as session:
        stored = {row.id: load_marking(row) for row in session.scalars(select(MarkingRecord))}
        documents = session.execute(select(Document.id, Document.marking_id)).all()
        commitments = session.execute(select(Commitment.id, Commitment.marking_id)).all()
    return (
        {i for i, marking_id in documents if may_read(viewer, stored[marking_id])},
        {i for i, marking_id in commitments if may_read(viewer, stored[marking_id])},
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(new=st.lists(markings(), min_size=1, max_size=3), viewer=viewers())
def test_no_read_path_returns_what_decide_denies(property_engine: Engine, new: list[Marking], viewer: Person) -> None:
    engine = property_engine  # the store grows with every example: each viewer meets every marking so far
    for marking in new:
        _store(engine, marking)
    documents, commitments = _readable(engine, viewer)

    with session_factory(engine, readonly=True)() as session:

        def allowed(record) -> bool:
            return may_read(viewer, load_marking(session.get(MarkingRecord, record.marking_id)))

        listed = list_commitments(session, viewer=viewer, limit=10_000)
        assert all(allowed(c) and allowed(c.document) for c in listed)
        assert {c.id for c in listed} == commitments
        assert count_commitments(session, viewer=viewer) == len(commitments)
        assert count_commitments(session, viewer=viewer, strength="aspirational") == len(commitments) // 2
        assert [c.id for c in iter_commitments(session, viewer=viewer, batch_size=7)] == [c.id for c in listed]
        out = io.StringIO()
        assert export_commitments(session, "jsonl", out, viewer=viewer) == len(commitments)
        assert {json.loads(line)["id"] for line in out.getvalue().splitlines()} == commitments

        listings = list_documents(session, viewer=viewer, limit=10_000)
        assert {listing.document.id for listing in listings} == documents
        assert all(allowed(listing.document) for listing in listings)
        assert sum(listing.commitments for listing in listings) == len(commitments)
        assert count_documents(session, viewer=viewer) == len(documents)

        newest = max(documents | {0})
        for document_id in (newest, newest + 1, *sorted(documents)[:2]):
            found = get_document(session, document_id, viewer=viewer)
            assert (found is not None) is (document_id in documents)
            summary = document_summary(session, document_id, viewer=viewer)
            assert (summary is not None) is (document_id in documents)
            if summary is not None:
                assert all(allowed(m.mechanism) for m in summary.mechanisms)
        for commitment_id in (max(commitments | {0}), min(commitments | {1})):
            found = get_commitment(session, commitment_id, viewer=viewer)
            assert (found is not None) is (commitment_id in commitments)
            if found is not None:
                assert all(allowed(link.mechanism) for link in found.mechanism_links)
