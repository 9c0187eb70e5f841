"""The job queue in the store, and the background runner: each job runs once, as its owner, whole or not at all."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, update

from conftest import WRITER
from servanda.access import PUBLIC, Person, parse_marking
from servanda.store import add_person, disable_person, make_engine, transaction
from servanda.store.job_models import Job
from servanda.store.jobs import MAX_ATTEMPTS, claim, enqueue, get_job, list_jobs
from servanda.store.models import Document, EvidenceProposal, utc_now
from servanda.store.people import person_value
from servanda.tracking.background import run_all, run_next
from tracking_scenario import READOUT_TEXT, store

OTHER = Person("other", nationality="CAN", clearance="TOP SECRET", role="analyst")


def _people(engine: Engine) -> None:
    with transaction(engine) as session:
        add_person(
            session,
            username=WRITER.username,
            display_name="Writer",
            nationality="CAN",
            clearance="TOP SECRET",
            role="admin",
            compartments=WRITER.compartments,
            actor=None,
        )
        add_person(
            session, username="other", display_name="Other", nationality="CAN", clearance="TOP SECRET",
            role="analyst", actor=WRITER,
        )  # fmt: skip


@pytest.fixture
def queue(engine: Engine) -> Engine:
    _people(engine)
    return engine


def _enqueue(engine: Engine, n: int, *, kind: str = "track", actor: Person = WRITER, **payload) -> list[int]:
    with transaction(engine) as session:
        return [
            enqueue(
                session, kind, actor=actor, marking=PUBLIC, payload={"document_id": 1, "label": f"job {i}", **payload}
            )
            for i in range(n)
        ]


def test_a_job_is_claimed_once_and_only_its_owner_sees_it(queue: Engine) -> None:
    (job_id,) = _enqueue(queue, 1)
    claimed = claim(queue, worker="a")
    assert claimed is not None and claimed.id == job_id and claimed.actor == WRITER and claimed.attempts == 1
    assert claim(queue, worker="b") is None
    with transaction(queue) as session:
        mine = get_job(session, job_id, viewer=WRITER)
        assert mine is not None and mine.state == "running" and mine.label == "job 0"
        assert get_job(session, job_id, viewer=OTHER) is None
        assert list_jobs(session, viewer=OTHER) == []


def test_a_job_for_a_marking_its_owner_may_not_create_is_refused(queue: Engine) -> None:
    from servanda.store import AccessDenied

    secret = parse_marking("CAN SECRET//REL TO CAN//NUC")
    with pytest.raises(AccessDenied), transaction(queue) as session:
        enqueue(session, "track", actor=OTHER, marking=secret, payload={"document_id": 1})
    with transaction(queue) as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 0


def _claim_until_empty(url: str, worker: str) -> list[int]:
    engine = make_engine(url)
    claimed = []
    try:
        while (job := claim(engine, worker=worker)) is not None:
            claimed.append(job.id)
    finally:
        engine.dispose()
    return claimed


def test_workers_in_several_processes_each_claim_different_jobs(queue: Engine) -> None:
    ids = _enqueue(queue, 60)
    url = queue.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(4, mp_context=context) as pool:
        claimed = list(pool.map(_claim_until_empty, [url] * 4, [f"w{i}" for i in range(4)]))
    everything = [job for batch in claimed for job in batch]
    assert sorted(everything) == sorted(ids)  # every job claimed, none twice
    with transaction(queue) as session:
        assert session.scalar(select(func.count()).select_from(Job).where(Job.attempts != 1)) == 0


def test_a_job_whose_worker_stopped_is_taken_again_then_failed_for_good(queue: Engine) -> None:
    (job_id,) = _enqueue(queue, 1)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = claim(queue, worker=f"w{attempt}")
        assert claimed is not None and claimed.attempts == attempt
        assert claim(queue) is None  # its lease still holds
        with transaction(queue) as session:  # the worker dies: its lease runs out
            session.execute(update(Job).values(lease_until=utc_now() - timedelta(seconds=1)))
    assert claim(queue) is None
    with transaction(queue) as session:
        job = get_job(session, job_id, viewer=WRITER)
    assert job is not None and job.state == "failed" and "3 times" in (job.error or "")


def test_a_job_of_a_disabled_account_fails_without_running(queue: Engine) -> None:
    (job_id,) = _enqueue(queue, 1, actor=OTHER)
    with transaction(queue) as session:
        disable_person(session, "other", actor=WRITER)
    ran = run_next(queue)
    assert ran is not None and not ran.ok
    with transaction(queue) as session:
        row = session.get(Job, job_id)
        assert row is not None and row.state == "failed" and "disabled" in (row.error or "")


def test_a_track_job_proposes_evidence_and_finishes_in_one_transaction(queue: Engine, two_plus_two) -> None:
    store(queue, two_plus_two)
    from tracking_scenario import readout

    with transaction(queue) as session:
        from servanda.store.save import save_document

        saved = save_document(session, *readout(), actor=WRITER)
        enqueue(session, "track", actor=WRITER, marking=PUBLIC, payload={"document_id": saved.document_id})
    ran = run_all(queue)
    assert [r.ok for r in ran] == [True]
    with transaction(queue) as session:
        job = list_jobs(session, viewer=WRITER)[0]
        proposals = session.scalar(
            select(func.count()).select_from(EvidenceProposal).where(EvidenceProposal.document_id == saved.document_id)
        )
    assert job.state == "done" and job.result is not None
    assert job.result["document_id"] == saved.document_id and job.result["proposals"] == proposals
    assert proposals > 0


def test_an_upload_is_extracted_stored_and_its_tracking_queued(queue: Engine) -> None:
    data = READOUT_TEXT.encode()
    _enqueue(queue, 1, kind="extract", filename="readout.txt", label="readout.txt")
    with transaction(queue) as session:
        session.execute(update(Job).values(data=data))
    first = run_next(queue)
    assert first is not None and first.ok, first
    with transaction(queue) as session:
        job = get_job(session, first.id, viewer=WRITER)
        assert job is not None and job.state == "done" and job.result is not None
        assert job.result["created"] and job.result["commitments"] >= 1
        assert session.get(Job, first.id).data is None  # the upload's bytes are not kept
        assert session.scalar(select(func.count()).select_from(Document)) == 1
    second = run_next(queue)
    assert second is not None and second.kind == "track" and second.ok
    assert run_next(queue) is None


def test_an_unreadable_upload_fails_with_its_reason_and_stores_nothing(queue: Engine) -> None:
    _enqueue(queue, 1, kind="extract", filename="empty.txt", label="empty.txt")
    with transaction(queue) as session:
        session.execute(update(Job).values(data=b"   \n"))
    ran = run_next(queue)
    assert ran is not None and not ran.ok
    with transaction(queue) as session:
        row = session.scalars(select(Job)).one()
        assert row.state == "failed" and row.error and row.data is None
        assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_person_value_round_trips_the_owner(queue: Engine) -> None:
    with transaction(queue) as session:
        from servanda.store import get_person

        assert person_value(get_person(session, "other")) == OTHER


def test_the_served_app_runs_queued_jobs_in_a_thread(queue: Engine, two_plus_two) -> None:
    import time

    from fastapi.testclient import TestClient

    from servanda.settings import Settings
    from servanda.web import create_app

    store(queue, two_plus_two)
    with transaction(queue) as session:
        from servanda.store.save import save_document
        from tracking_scenario import readout

        saved = save_document(session, *readout(), actor=WRITER)
        enqueue(session, "track", actor=WRITER, marking=PUBLIC, payload={"document_id": saved.document_id})
    settings = Settings(database_url=str(queue.url), environment="development")
    with TestClient(create_app(settings, engine=queue, run_jobs=True)):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with transaction(queue) as session:
                state = session.scalars(select(Job.state)).one()
            if state == "done":
                break
            time.sleep(0.2)
    assert state == "done"
