"""Statements for the store-backed tracking tests, written by hand (the extractor is tested on its own): the 2+2
excerpt of conftest, a readout of the first Cyber Policy Consultations that delivers one of its commitments, and
helpers to store them as the tracker does."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, func, select

from conftest import WRITER, span
from servanda.access import PUBLIC, Marking, Person
from servanda.extract.model import Achievement, Commitment, Extraction, Mechanism
from servanda.ingest.model import IngestedDocument, Metadata
from servanda.store.engine import session_factory, transaction
from servanda.store.models import Commitment as StoredCommitment
from servanda.tracking.intake import Tracked, save_and_track

CONSULTATIONS = "Canada-Korea Cyber Policy Consultations"
HELD = f"officials of Canada and the Republic of Korea held the first {CONSULTATIONS} in Ottawa"
NEXT = f"The two sides agreed to hold the next {CONSULTATIONS} in Seoul in 2027."
READOUT_TEXT = f"""\
Readout: first {CONSULTATIONS}

Ottawa, March 18, 2026 - Today, {HELD}. They discussed cyber resilience and threat information sharing. {NEXT}
"""


def readout() -> tuple[IngestedDocument, Extraction]:
    """A readout dated 2026-03-18 reporting that the first consultations were held, and when the next will be."""
    text = READOUT_TEXT
    document = IngestedDocument(
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        metadata=Metadata(title=f"Readout: first {CONSULTATIONS}", date="2026-03-18", issuers=("CAN", "KOR")),
        format="txt",
        origin="readout.txt",
    )
    extraction = Extraction(
        (
            Commitment(
                NEXT,
                *span(text, NEXT),
                strength="firm",
                actors=("CAN", "KOR"),
                area="cyber",
                due="2027",
                mechanisms=(CONSULTATIONS,),
            ),
        ),
        (Achievement(HELD, *span(text, HELD), actors=("CAN", "KOR"), area="cyber", date="2026-03-18"),),
        (Mechanism(CONSULTATIONS, next="2027", held="2026-03-18", start=0, end=0),),
        (),
        issuers=("CAN", "KOR"),
    )
    return document, extraction


def store(
    engine: Engine,
    statement: tuple[IngestedDocument, Extraction],
    *,
    marking: Marking = PUBLIC,
    actor: Person = WRITER,
) -> Tracked:
    """Save a statement and track it, as `servanda ingest` does, in a transaction of its own."""
    with transaction(engine) as session:
        return save_and_track(session, *statement, marking=marking, actor=actor)


def commitment_id(engine: Engine, quote: str) -> int:
    """The id of the stored commitment whose quote is `quote` (the first, if several are)."""
    with session_factory(engine)() as session:
        found = session.scalar(select(func.min(StoredCommitment.id)).where(StoredCommitment.quote == quote))
    assert found is not None, quote
    return found


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
