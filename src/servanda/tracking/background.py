"""Running queued jobs: extracting an uploaded statement (to store it, or in `preview` mode to keep it as a draft
its owner corrects before storing it), and tracking a stored one (continuity links and evidence proposals over the
whole store). Any app process, or `servanda work`, may run them; the queue (`store.jobs`) makes sure each job
runs once.

A job runs as the person who queued it, with what they may do when it runs. Its work and its completion commit
in one transaction; when the work fails, the job is failed with the reason and nothing of the work is kept.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from servanda.errors import ServandaError
from servanda.extract import Extraction, extract
from servanda.ingest import IngestedDocument, read_bytes
from servanda.store.engine import transaction
from servanda.store.jobs import ClaimedJob, claim, enqueue, fail, finish, report_progress
from servanda.tracking.intake import track_document
from servanda.tracking.uploads import PREVIEW

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class Ran:
    """A job this process ran, and how it ended."""

    id: int
    kind: str
    ok: bool
    error: str | None = None


def run_next(engine: Engine, *, worker: str | None = None) -> Ran | None:
    """Claim and run the oldest waiting job; None when there is nothing to do."""
    job = claim(engine, worker=worker)
    if job is None:
        return None
    if job.actor is None:
        fail(engine, job.id, "the account that queued it is disabled or gone")
        return Ran(job.id, job.kind, False, "account disabled")
    try:
        HANDLERS[job.kind](engine, job)
    except ServandaError as err:
        fail(engine, job.id, str(err))
        return Ran(job.id, job.kind, False, str(err))
    except Exception as err:  # a worker must outlive one bad job; the error is kept for its owner and the log
        log.exception("job %s (%s) failed", job.id, job.kind)
        fail(engine, job.id, f"unexpected {type(err).__name__}: {err}")
        return Ran(job.id, job.kind, False, str(err))
    return Ran(job.id, job.kind, True)


def run_all(engine: Engine, *, on_ran: Callable[[Ran], None] | None = None) -> list[Ran]:
    """Run jobs until none is waiting (for a command that drains the queue it filled)."""
    ran: list[Ran] = []
    while (outcome := run_next(engine)) is not None:
        ran.append(outcome)
        if on_ran is not None:
            on_ran(outcome)
    return ran


def work(engine: Engine, stop: threading.Event, *, poll: float = POLL_SECONDS) -> None:
    """Run jobs until `stop` is set, waiting `poll` seconds whenever the queue is empty. A database that is briefly
    unreachable is logged and tried again."""
    while not stop.is_set():
        try:
            ran = run_next(engine)
        except ServandaError as err:
            log.warning("background worker: %s", err)
            ran = None
        if ran is None:
            stop.wait(poll)


def start_worker_thread(engine: Engine, *, poll: float = POLL_SECONDS) -> tuple[threading.Thread, threading.Event]:
    """A daemon thread running `work` in this process; set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=work, args=(engine, stop), kwargs={"poll": poll}, name="servanda-jobs", daemon=True
    )
    thread.start()
    return thread, stop


def _track(engine: Engine, job: ClaimedJob) -> None:
    document_id = int(job.payload["document_id"])
    assert job.actor is not None
    with transaction(engine) as session:
        tracked = track_document(session, document_id, actor=job.actor)
        finish(
            session,
            job.id,
            {"document_id": document_id, "links": tracked.links, "proposals": tracked.proposals},
            message=f"{tracked.links} continuity links and {tracked.proposals} evidence proposals",
        )


def _extract(engine: Engine, job: ClaimedJob) -> None:
    """Read an uploaded statement and extract it; then, in `preview` mode, keep it as a draft for its owner to
    correct, or else store it with its meetings and stages and queue its tracking."""
    from servanda.store.save import save_document
    from servanda.tracking.agreements import record_stages
    from servanda.tracking.mechanisms import record_meetings

    assert job.actor is not None and job.data is not None
    payload = job.payload
    report_progress(engine, job.id, 1, total=3, message="reading")
    document = read_bytes(
        job.data,
        name=payload.get("filename"),
        origin=str(payload.get("origin") or payload.get("label") or "upload"),
        title=payload.get("title"),
        date=payload.get("date"),
        issuers=payload.get("issuers"),
    )
    report_progress(engine, job.id, 2, message="extracting commitments")
    extraction = extract(document.text, date=document.metadata.date, issuers=document.metadata.issuers)
    if payload.get("mode") == PREVIEW:
        _keep_draft(engine, job, document, extraction)
        return
    report_progress(engine, job.id, 3, message="storing")
    with transaction(engine) as session:
        saved = save_document(session, document, extraction, marking=job.marking, actor=job.actor)
        track = None
        if saved.created:
            record_meetings(session, saved.document_id, actor=job.actor)
            record_stages(session, saved.document_id, actor=job.actor)
            track = enqueue(
                session,
                "track",
                actor=job.actor,
                marking=job.marking,
                payload={"document_id": saved.document_id, "label": payload.get("label")},
            )
        finish(
            session,
            job.id,
            {
                "document_id": saved.document_id,
                "created": saved.created,
                "commitments": len(extraction.commitments),
                "track_job": track,
            },
            message=(
                f"stored with {len(extraction.commitments)} commitments"
                if saved.created
                else "this statement was stored already"
            ),
        )


def _keep_draft(engine: Engine, job: ClaimedJob, document: IngestedDocument, extraction: Extraction) -> None:
    from servanda.tracking.drafts import DraftCreate, create_draft

    assert job.actor is not None
    report_progress(engine, job.id, 3, message="preparing the preview")
    with transaction(engine) as session:
        draft_id = create_draft(session, DraftCreate(document, extraction, job.marking, job.id), actor=job.actor)
        finish(
            session,
            job.id,
            {"draft_id": draft_id, "commitments": len(extraction.commitments)},
            message=f"{len(extraction.commitments)} commitments to check",
        )


HANDLERS: dict[str, Callable[[Engine, ClaimedJob], None]] = {"extract": _extract, "track": _track}
