"""Several processes assessing at once on one database lose no write, and the audit chain stays one chain:
SQLite through WAL and its busy timeout, PostgreSQL through its row locks and the chain's advisory lock."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import date

from sqlalchemy import Engine, func, select

from conftest import BIENNIAL, CYBER, WRITER
from servanda.audit import verify
from servanda.store import make_engine, transaction
from servanda.store.models import Assessment
from servanda.tracking.assess import AssessmentCreate, assess
from servanda.tracking.evidence import EvidenceCreate
from tracking_scenario import commitment_id, store

WRITERS = 4
EACH = 12


def _assess_many(url: str, writer: int, commitments: tuple[int, int]) -> int:
    engine = make_engine(url)
    done = 0
    try:
        for i in range(EACH):
            with transaction(engine) as session:
                assess(
                    session,
                    AssessmentCreate(
                        commitments[i % 2],
                        "in-progress",
                        f"Writer {writer}, assessment {i}.",
                        evidence=[EvidenceCreate.reference(f"https://example.org/{writer}/{i}", "A readout (example)")],
                        scores={"CAN": "0", "KOR": "0"},
                        as_of=date(2026, 3, 1 + i),
                    ),
                    actor=WRITER,
                )
            done += 1
    finally:
        engine.dispose()
    return done


def test_concurrent_assessments_all_land_and_the_audit_chain_holds(engine: Engine, two_plus_two) -> None:
    store(engine, two_plus_two)
    commitments = (commitment_id(engine, CYBER), commitment_id(engine, BIENNIAL))
    url = engine.url.render_as_string(hide_password=False)
    with ProcessPoolExecutor(WRITERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = list(pool.map(_assess_many, [url] * WRITERS, range(WRITERS), [commitments] * WRITERS))
    assert done == [EACH] * WRITERS
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Assessment)) == WRITERS * EACH
        checked = verify(session)
        assert checked.ok, checked
