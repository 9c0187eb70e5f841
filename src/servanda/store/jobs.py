"""The job queue, kept in the store itself: enqueue, claim exactly once, report progress, finish or fail.

Claiming is one short transaction. On PostgreSQL it selects the oldest waiting job `FOR UPDATE SKIP LOCKED`, so
app processes claiming at once each get a different job and none waits for another; on SQLite the transaction
takes the write lock when it begins (BEGIN IMMEDIATE), which serialises claims. A handler marks its job done in
the same transaction as the job's work (`finish`), so the work and its completion land together: a worker that
dies mid-job leaves nothing half-written, and once its lease has passed another worker takes the job again.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select, update
from sqlalchemy.orm import Session

from servanda.access import Marking, Person
from servanda.store.accounts import PersonRecord
from servanda.store.decisions import require
from servanda.store.engine import transaction
from servanda.store.job_models import JOB_KINDS, Job
from servanda.store.markings import intern_marking, marking_by_id
from servanda.store.models import utc_now
from servanda.store.people import person_value
from servanda.store.visibility import visibility

LEASE = timedelta(minutes=10)  # how long a claimed job may go without a sign of life before it is taken again
MAX_ATTEMPTS = 3  # claims of one job before it is failed for good


class JobError(Exception):
    """A job that cannot be enqueued or found."""


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    """A job a worker has claimed: what to do, as whom, and with what."""

    id: int
    kind: str
    actor: Person | None  # None when the account is gone or disabled: the job fails
    payload: dict[str, Any]
    data: bytes | None
    marking: Marking
    attempts: int


@dataclass(frozen=True, slots=True)
class JobPublic:
    """A job as its owner sees it."""

    id: int
    kind: str
    state: str
    progress: int
    total: int | None
    message: str | None
    result: dict[str, Any] | None
    error: str | None
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    label: str  # what it works on, e.g. the uploaded file's name
    marking_id: int

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def worker_name() -> str:
    """This process, as recorded on the jobs it claims."""
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(
    session: Session,
    kind: str,
    *,
    actor: Person,
    marking: Marking,
    payload: dict[str, Any],
    data: bytes | None = None,
    total: int | None = None,
) -> int:
    """Queue a job for `actor`, who must be allowed to create records marked `marking`; in the caller's
    transaction, so the job appears when (and only if) what asked for it commits. Returns its id."""
    if kind not in JOB_KINDS:
        raise JobError(f"unknown job kind {kind!r}: expected one of {', '.join(JOB_KINDS)}")
    require(session, actor, "create", marking, audited="enqueue", record_type="job", refuse=f"cannot queue {kind}")
    owner = session.scalar(select(PersonRecord.id).where(PersonRecord.username == actor.username))
    if owner is None:
        raise JobError(f"cannot queue {kind}: no account {actor.username!r} in this store")
    job = Job(
        kind=kind,
        person_id=owner,
        payload=dict(payload),
        data=data,
        total=total,
        marking_id=intern_marking(session, marking),
    )
    session.add(job)
    session.flush()
    return job.id


def claim(engine: Engine, *, worker: str | None = None, kinds: Iterable[str] = JOB_KINDS) -> ClaimedJob | None:
    """Take the oldest waiting job (or one whose worker stopped) for this worker, or None when there is none.
    Each job is claimed by exactly one worker at a time."""
    worker = worker or worker_name()
    kinds = tuple(kinds)
    with transaction(engine) as session:
        now = utc_now()
        _fail_abandoned(session, now)
        query = (
            select(Job)
            .where(Job.kind.in_(kinds), or_(Job.state == "queued", and_(Job.state == "running", Job.lease_until < now)))
            .order_by(Job.id)
            .limit(1)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job = session.scalar(query)
        if job is None:
            return None
        job.state, job.worker, job.attempts = "running", worker, job.attempts + 1
        job.started_at, job.lease_until = now, now + LEASE
        owner = session.get(PersonRecord, job.person_id)
        actor = person_value(owner) if owner is not None and not owner.disabled else None
        return ClaimedJob(
            job.id, job.kind, actor, dict(job.payload), job.data, marking_by_id(session, job.marking_id), job.attempts
        )


def _fail_abandoned(session: Session, now: datetime) -> None:
    """Jobs whose workers stopped MAX_ATTEMPTS times are not tried again."""
    session.execute(
        update(Job)
        .where(Job.state == "running", Job.lease_until < now, Job.attempts >= MAX_ATTEMPTS)
        .values(
            state="failed",
            finished_at=now,
            lease_until=None,
            data=None,
            error=f"stopped without finishing {MAX_ATTEMPTS} times",
        )
    )


def report_progress(engine: Engine, job_id: int, progress: int, *, total: int | None = None, message: str = "") -> None:
    """Record how far a running job has got, in its own short transaction; this also renews the job's lease."""
    values: dict[str, Any] = {"progress": progress, "lease_until": utc_now() + LEASE}
    if total is not None:
        values["total"] = total
    if message:
        values["message"] = message
    with transaction(engine) as session:
        session.execute(update(Job).where(Job.id == job_id, Job.state == "running").values(**values))


def finish(session: Session, job_id: int, result: dict[str, Any], *, message: str | None = None) -> None:
    """Mark a job done, in the transaction that did its work; its upload's bytes are no longer kept."""
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(
            state="done",
            result=result,
            message=message,
            data=None,
            finished_at=utc_now(),
            lease_until=None,
            progress=func.coalesce(Job.total, Job.progress),
        )
    )


def fail(engine: Engine, job_id: int, error: str) -> None:
    """Mark a job failed for good, with the reason its owner will read."""
    with transaction(engine) as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(state="failed", error=error, data=None, finished_at=utc_now(), lease_until=None)
        )


def get_job(session: Session, job_id: int, *, viewer: Person) -> JobPublic | None:
    """A job of `viewer`'s that they may still read, or None (a job of someone else's answers the same)."""
    rows = _owned(session, viewer, Job.id == job_id)
    return rows[0] if rows else None


def list_jobs(session: Session, *, viewer: Person, limit: int = 50) -> list[JobPublic]:
    """`viewer`'s jobs they may still read, newest first."""
    return _owned(session, viewer, limit=limit)


def pending_jobs(session: Session) -> int:
    """How many jobs wait or run, of anyone's (a count only, for a worker deciding whether to keep polling)."""
    return session.scalar(select(func.count()).select_from(Job).where(Job.state.in_(("queued", "running")))) or 0


def _owned(session: Session, viewer: Person, *conditions, limit: int = 1) -> list[JobPublic]:
    seen = visibility(session, viewer)
    rows = session.scalars(
        select(Job)
        .join(PersonRecord, PersonRecord.id == Job.person_id)
        .where(PersonRecord.username == viewer.username, seen.allows(Job), *conditions)
        .order_by(Job.id.desc())
        .limit(limit)
    )
    return [_value(row) for row in rows]


def _value(row: Job) -> JobPublic:
    return JobPublic(
        id=row.id,
        kind=row.kind,
        state=row.state,
        progress=row.progress,
        total=row.total,
        message=row.message,
        result=row.result,
        error=row.error,
        attempts=row.attempts,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        label=str(row.payload.get("label") or f"{row.kind} job {row.id}"),
        marking_id=row.marking_id,
    )
